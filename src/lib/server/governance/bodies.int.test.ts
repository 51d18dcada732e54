import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { rows } from '../db/client';
import { ValidationError } from '../errors';
import { ForbiddenError } from '../policy/policy';
import { failInsertsAfter } from '../testing/failures';
import { governanceFixture, type GovernanceFixture } from './test-fixture';
import { cooperationAccess } from '../cooperations/service';
import { insertMeeting } from './repository';
import {
	addMember,
	bodiesSummary,
	createAction,
	createBody,
	memberLeaves,
	territoryBodies,
	updateBody
} from './service';

let t: TestDatabase;
let f: GovernanceFixture;
const NOW = new Date('2026-12-07T10:00:00Z');

beforeAll(async () => {
	t = await createTestDatabase();
	f = await governanceFixture(t.db, NOW);
});
afterAll(() => t.drop());

const fieldsOf = async (p: Promise<unknown>) => {
	const error = await p.then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(ValidationError);
	return Object.fromEntries((error as ValidationError).issues.map((i) => [i.field, i.message]));
};
const count = async (table: string, where = sql`true`) =>
	(
		await rows<{ n: number }>(
			t.db,
			sql`select count(*)::int as n from ${sql.identifier(table)} where ${where}`
		)
	)[0]!.n;

describe('bodies', () => {
	it('managers create a body whose scope defaults to the cooperation’s; contributors and outsiders cannot', async () => {
		const body = await createBody(f.ctx(f.actor('cheffe')), f.cooperationId, {
			kind: 'pilotage',
			name: 'Comité de pilotage VIF',
			description: ''
		});
		expect(body.territoryType).toBe('departement');
		expect(body.territoryCode).toBe('46');
		expect(body.themes).toEqual(['famille--surmonter-conflits-separation-violence']);
		for (const who of ['travailleuse', 'lecteur', 'etranger'] as const)
			await expect(
				createBody(f.ctx(f.actor(who)), f.cooperationId, {
					kind: 'technique',
					name: 'Comité',
					description: ''
				})
			).rejects.toBeInstanceOf(ForbiddenError);
		const byCoordinator = await createBody(f.ctx(f.coordinator), f.cooperationId, {
			kind: 'technique',
			name: 'Comité technique de Cahors',
			description: '',
			territoryType: 'commune',
			territoryCode: '46042'
		});
		expect(byCoordinator.territoryCode).toBe('46042');
	});

	it('refuses an unknown scope with a field message and changes only the fields sent', async () => {
		expect(
			await fieldsOf(
				createBody(f.ctx(f.actor('cheffe')), f.cooperationId, {
					kind: 'technique',
					name: 'Comité',
					description: '',
					territoryType: 'commune',
					territoryCode: '99999'
				})
			)
		).toEqual({ territoryCode: 'territory.unknown' });
		const body = await createBody(f.ctx(f.actor('cheffe')), f.cooperationId, {
			kind: 'technique',
			name: 'Comité technique',
			description: 'Suivi opérationnel'
		});
		const updated = await updateBody(f.ctx(f.actor('cheffe')), body.id, { name: 'Comité technique VIF' });
		expect(updated.name).toBe('Comité technique VIF');
		expect(updated.description).toBe('Suivi opérationnel');
		expect(updated.themes).toEqual(body.themes);
	});
});

describe('members', () => {
	let bodyId: string;
	beforeAll(async () => {
		bodyId = (
			await createBody(f.ctx(f.actor('cheffe')), f.cooperationId, {
				kind: 'technique',
				name: 'Cellule technique',
				description: ''
			})
		).id;
	});

	it('seats a member of a party organisation, with a substitute of the same organisation, and tells the newcomer', async () => {
		const member = await addMember(f.ctx(f.actor('cheffe')), bodyId, {
			userId: f.users.travailleuse,
			organisationId: f.orgs.ccas,
			mandate: 'operationnel',
			substituteUserId: f.users.suppleant,
			startsOn: '2026-01-05',
			endsOn: null
		});
		expect(member.mandate).toBe('operationnel');
		const [event] = await rows<{ kind: string; n: number }>(
			t.db,
			sql`select e.kind, count(r.*)::int as n from notification_events e join notification_recipients r on r.event_id = e.id
				where e.dedupe_key = ${'governance.member.joined:' + member.id} group by e.kind`
		);
		expect(event).toEqual({ kind: 'governance.member.joined', n: 1 });
	});

	it('refuses unknown people, non-party organisations, outsiders, substitutes from elsewhere and dates out of order, naming each field', async () => {
		const ctx = f.ctx(f.actor('cheffe'));
		const base = {
			mandate: 'direction' as const,
			substituteUserId: null,
			startsOn: '2026-03-01',
			endsOn: null
		};
		expect(
			await fieldsOf(
				addMember(ctx, bodyId, {
					...base,
					userId: '00000000-0000-4000-8000-00000000dead',
					organisationId: f.orgs.departement
				})
			)
		).toEqual({ userId: 'governance.userUnknown' });
		expect(
			await fieldsOf(
				addMember(ctx, bodyId, { ...base, userId: f.users.etranger, organisationId: f.orgs.outsider })
			)
		).toEqual({ organisationId: 'governance.organisationNotParty' });
		expect(
			await fieldsOf(
				addMember(ctx, bodyId, { ...base, userId: f.users.benevole, organisationId: f.orgs.departement })
			)
		).toEqual({ userId: 'governance.userNotInOrganisation' });
		expect(
			await fieldsOf(
				addMember(ctx, bodyId, {
					...base,
					userId: f.users.directrice,
					organisationId: f.orgs.departement,
					substituteUserId: f.users.benevole
				})
			)
		).toEqual({ substituteUserId: 'governance.substituteNotInOrganisation' });
		expect(
			await fieldsOf(
				addMember(ctx, bodyId, {
					...base,
					userId: f.users.directrice,
					organisationId: f.orgs.departement,
					endsOn: '2026-02-01'
				})
			)
		).toEqual({ endsOn: 'governance.endBeforeStart' });
		expect(
			await fieldsOf(
				addMember(ctx, bodyId, { ...base, userId: f.users.travailleuse, organisationId: f.orgs.ccas })
			)
		).toEqual({ userId: 'governance.alreadyMember' });
		await expect(
			addMember(f.ctx(f.actor('travailleuse')), bodyId, {
				...base,
				userId: f.users.benevole,
				organisationId: f.orgs.ecoute
			})
		).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('a member who leaves hands their open actions of the body over to the successor, in one transaction', async () => {
		const ctx = f.ctx(f.actor('cheffe'));
		const leaving = await addMember(ctx, bodyId, {
			userId: f.users.benevole,
			organisationId: f.orgs.ecoute,
			mandate: 'operationnel',
			substituteUserId: null,
			startsOn: '2026-02-01',
			endsOn: null
		});
		const successor = await addMember(ctx, bodyId, {
			userId: f.users.directrice,
			organisationId: f.orgs.departement,
			mandate: 'direction',
			substituteUserId: null,
			startsOn: '2026-02-02',
			endsOn: null
		});
		const action = (title: string, status?: 'done') =>
			createAction(ctx, f.cooperationId, {
				title,
				description: '',
				ownerUserId: f.users.benevole,
				ownerOrganisationId: f.orgs.ecoute,
				dueOn: '2026-12-20',
				bodyId,
				meetingId: null,
				agendaItemId: null,
				decisionId: null
			}).then(async (a) =>
				status ? (await t.db.execute(sql`update actions set status = 'done' where id = ${a.id}`), a) : a
			);
		const open = await action('Recenser les places d’hébergement d’urgence');
		const done = await action('Diffuser la plaquette', 'done');
		// the hand-over fails half-way (the audit entry is refused): nothing of it remains
		const restore = await failInsertsAfter(t.db, 'audit_events', 0);
		await expect(
			memberLeaves(ctx, leaving.id, { endsOn: '2026-12-01', successorMemberId: successor.id })
		).rejects.toThrow();
		await restore();
		expect(
			(
				await rows<{ owner: string }>(
					t.db,
					sql`select owner_user_id as owner from actions where id = ${open.id}`
				)
			)[0]!.owner
		).toBe(f.users.benevole);
		expect(await count('action_history', sql`kind = 'handover'`)).toBe(0);
		expect(
			await fieldsOf(memberLeaves(ctx, leaving.id, { endsOn: '2026-01-01', successorMemberId: successor.id }))
		).toEqual({ endsOn: 'governance.endBeforeStart' });
		expect(
			await fieldsOf(memberLeaves(ctx, leaving.id, { endsOn: '2026-12-01', successorMemberId: leaving.id }))
		).toEqual({ successorMemberId: 'governance.successorInvalid' });

		const result = await memberLeaves(ctx, leaving.id, {
			endsOn: '2026-12-01',
			successorMemberId: successor.id
		});
		expect(result.handedOver).toEqual([open.id]);
		const owners = await rows<{ id: string; owner: string; org: string }>(
			t.db,
			sql`select id, owner_user_id as owner, owner_organisation_id as org from actions where id in (${open.id}, ${done.id})`
		);
		expect(owners.find((o) => o.id === open.id)).toMatchObject({
			owner: f.users.directrice,
			org: f.orgs.departement
		});
		expect(owners.find((o) => o.id === done.id)!.owner).toBe(f.users.benevole);
		expect(await count('action_history', sql`kind = 'handover' and action_id = ${open.id}`)).toBe(1);
		expect(await count('audit_events', sql`action = 'body.member.leave'`)).toBe(1);
		expect(
			await count(
				'notification_recipients',
				sql`user_id = ${f.users.directrice} and event_id in (select id from notification_events where kind = 'governance.handover')`
			)
		).toBe(1);
		// left on 1 December: no longer among the current members on the 7th
		const summary = await bodiesSummary(f.ctx(f.actor('travailleuse')), f.cooperationId);
		expect(summary.find((b) => b.id === bodyId)!.members).toBe(2);
	});
});

describe('territory view', () => {
	it('shows every body of the Lot with overlaps: a common theme on nested territories and shared members', async () => {
		const ctx = f.ctx(f.actor('cheffe'));
		const a = await createBody(ctx, f.cooperationId, {
			kind: 'pilotage',
			name: 'Copil départemental',
			description: ''
		});
		const b = await createBody(ctx, f.cooperationId, {
			kind: 'pilotage',
			name: 'Copil du Grand Cahors',
			description: '',
			territoryType: 'epci',
			territoryCode: '200023737'
		});
		for (const bodyId of [a.id, b.id])
			await addMember(ctx, bodyId, {
				userId: f.users.cheffe,
				organisationId: f.orgs.departement,
				mandate: 'encadrement',
				substituteUserId: null,
				startsOn: '2026-01-01',
				endsOn: null
			});
		const view = await territoryBodies(f.ctx(f.actor('travailleuse')), { type: 'departement', code: '46' });
		expect(view.bodies.map((x) => x.id)).toEqual(expect.arrayContaining([a.id, b.id]));
		const overlap = view.overlaps.find((o) => [o.a, o.b].sort().join() === [a.id, b.id].sort().join())!;
		expect(overlap).toMatchObject({
			sameKind: true,
			nestedTerritory: true,
			themes: ['famille--surmonter-conflits-separation-violence'],
			sharedMembers: 1,
			sharedNames: ['Sophie Delmas']
		});
		// someone from outside the cooperation sees the overlap, not who sits there
		const outside = await territoryBodies(f.ctx(f.actor('etranger')), { type: 'departement', code: '46' });
		expect(outside.overlaps.find((o) => o.a === overlap.a && o.b === overlap.b)!.sharedNames).toEqual([]);
		// a body of the Grand Cahors is not in the view of the Gers
		const gers = await territoryBodies(f.ctx(f.actor('travailleuse')), { type: 'departement', code: '32' });
		expect(gers.bodies).toEqual([]);
	});
});

describe('bodies summary (cooperation page)', () => {
	it('gives each body its next and last meetings, cancelled ones aside, for the cooperation loaded once', async () => {
		const ctx = f.ctx(f.actor('cheffe'));
		const technique = (name: string) =>
			createBody(ctx, f.cooperationId, { kind: 'technique', name, description: '' });
		const [body, quiet] = [await technique('Groupe technique'), await technique('Groupe muet')];
		const meeting = (title: string, day: string, status = 'planned') =>
			insertMeeting(t.db, {
				bodyId: body.id,
				title,
				startsAt: new Date(`${day}T09:00:00Z`),
				endsAt: new Date(`${day}T11:00:00Z`),
				status
			});
		await meeting('Novembre', '2026-11-02', 'held');
		await meeting('Novembre annulée', '2026-11-20', 'cancelled');
		await meeting('Décembre annulée', '2026-12-10', 'cancelled');
		await meeting('Janvier', '2027-01-12');
		await meeting('Décembre', '2026-12-21');
		const reader = f.ctx(f.actor('travailleuse'));
		const summary = await bodiesSummary(reader, await cooperationAccess(reader, f.cooperationId));
		const of = (id: string) => summary.find((b) => b.id === id)!;
		expect(of(body.id).lastMeeting?.title).toBe('Novembre');
		expect(of(body.id).nextMeeting?.title).toBe('Décembre');
		expect(of(quiet.id)).toMatchObject({ lastMeeting: null, nextMeeting: null });
		expect(await bodiesSummary(reader, f.cooperationId)).toEqual(summary);
		await expect(
			bodiesSummary(f.ctx(f.actor('etranger')), await cooperationAccess(reader, f.cooperationId))
		).rejects.toBeInstanceOf(ForbiddenError);
	});
});
