import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { actorWith } from '../testing/actors';
import { rows } from '../db/client';
import { ForbiddenError } from '../policy/policy';
import { ValidationError } from '../errors';
import type { Context } from '../context';
import type { Actor, Role } from '../policy/actor';
import { createUser } from '../auth/service';
import { insertOrganisation, upsertMembership } from '../organisations/repository';
import { createCooperation, getCooperation, searchCooperations } from './service';
import {
	cooperationHistory,
	putParty,
	removeParty,
	resolveSignatoryEmails,
	updateCooperation
} from './changes';
import type { CooperationInput } from './validation';

let t: TestDatabase;
const org: Record<string, string> = {};
const user: Record<string, string> = {};

const ctxOf = (actor: Actor): Context => ({ db: t.db, actor });
const anonymous: Actor = { user: null, memberships: [], coordinations: [] };

/** Every profile the brief names, as a request would resolve it. */
const profiles = () => ({
	anonymous,
	account: actorWith([], { id: user.account }),
	pilotReader: actorWith([{ organisationId: org.departement!, role: 'reader' }], { id: user.reader }),
	pilotMember: actorWith([{ organisationId: org.departement!, role: 'member' }], { id: user.member }),
	pilotAdmin: actorWith([{ organisationId: org.departement!, role: 'admin' }], { id: user.admin }),
	facilitatorMember: actorWith([{ organisationId: org.ecoute!, role: 'member' }], { id: user.ecoute }),
	contributorAdmin: actorWith([{ organisationId: org.caf!, role: 'admin' }], { id: user.caf }),
	nonPartyMember: actorWith([{ organisationId: org.gers!, role: 'admin' }], { id: user.gers }),
	coordinatorHere: actorWith([], {
		id: user.coordLot,
		coordinations: [{ type: 'departement', code: '46' }]
	}),
	coordinatorElsewhere: actorWith([], {
		id: user.coordGers,
		coordinations: [{ type: 'departement', code: '32' }]
	}),
	instanceAdmin: actorWith([], { id: user.root, instanceAdmin: true })
});

const outcome = (p: Promise<unknown>) =>
	p.then(
		() => 'ok',
		(e) => (e instanceof ForbiddenError ? e.status : e instanceof ValidationError ? 400 : String(e))
	);
const issuesOf = (p: Promise<unknown>) =>
	p.then(
		() => [],
		(e: ValidationError) => e.issues
	);

const baseInput = (): CooperationInput => ({
	name: 'Réseau violences intrafamiliales du Lot',
	description: 'Coordonner l’accueil des victimes.',
	themes: ['famille--surmonter-conflits-separation-violence'],
	territoryType: 'departement',
	territoryCode: '46',
	parties: [
		{ organisationId: org.departement!, role: 'pilote', signatoryUserIds: [user.admin!] },
		{ organisationId: org.ecoute!, role: 'facilitateur', signatoryUserIds: [] },
		{ organisationId: org.caf!, role: 'contributeur', signatoryUserIds: [user.caf!] }
	]
});

const auditOf = (action: string, id: string) =>
	rows<{ details: Record<string, unknown> }>(
		t.db,
		sql`select details from audit_events where action = ${action} and object_id = ${id} order by id`
	);

beforeAll(async () => {
	t = await createTestDatabase();
	const o = (name: string, slug: string, kind: string, code: string) =>
		insertOrganisation(t.db, { name, slug, kind, territoryType: 'departement', territoryCode: code }).then(
			(r) => r.id
		);
	org.departement = await o('Département du Lot', 'cd-46', 'departement', '46');
	org.ecoute = await o('Écoute Violences Lot', 'ecoute-violences', 'association', '46');
	org.caf = await o('CAF du Lot', 'caf-46', 'caf', '46');
	org.cpam = await o('CPAM du Lot', 'cpam-46', 'cpam', '46');
	org.gers = await o('Conseil départemental du Gers', 'cd-32', 'departement', '32');
	const u = async (key: string, email: string, name: string, orgId?: string, role: Role = 'member') => {
		user[key] = (await createUser(t.db, { email, displayName: name, password: 'Coopération-Lot-2026' })).id;
		if (orgId) await upsertMembership(t.db, user[key]!, orgId, role);
	};
	await u('account', 'sans.orga@exemple.fr', 'Sans Organisation');
	await u('reader', 'lecteur@lot.fr', 'Luc Lecteur', org.departement, 'reader');
	await u('member', 'membre@lot.fr', 'Maëlle Membre', org.departement, 'member');
	await u('admin', 'directrice@lot.fr', 'Hélène Directrice', org.departement, 'admin');
	await u('ecoute', 'coordinatrice@ecoute.fr', 'Inès Écoute', org.ecoute, 'member');
	await u('caf', 'responsable@caf46.fr', 'Chloé Caf', org.caf, 'admin');
	await u('cpam', 'cadre@cpam46.fr', 'Paul Cpam', org.cpam, 'admin');
	await u('gers', 'agent@gers.fr', 'Agent du Gers', org.gers, 'admin');
	await u('coordLot', 'coordination@lot.fr', 'Coordination Lot');
	await u('coordGers', 'coordination@gers.fr', 'Coordination Gers');
	await u('root', 'admin@maillage.fr', 'Administration');
});
afterAll(() => t.drop());

describe('creating a cooperation', () => {
	it('only coordinators of the territory (and instance admins) create it', async () => {
		const results: Record<string, unknown> = {};
		for (const [name, actor] of Object.entries(profiles()))
			results[name] = await outcome(
				createCooperation(ctxOf(actor), { ...baseInput(), name: `Réseau ${name}` })
			);
		expect(results).toEqual({
			anonymous: 401,
			account: 403,
			pilotReader: 403,
			pilotMember: 403,
			pilotAdmin: 403,
			facilitatorMember: 403,
			contributorAdmin: 403,
			nonPartyMember: 403,
			coordinatorHere: 'ok',
			coordinatorElsewhere: 403,
			instanceAdmin: 'ok'
		});
	});

	it('stores parties with their role and authorised members, audited', async () => {
		const ctx = ctxOf(profiles().coordinatorHere);
		const created = await createCooperation(ctx, baseInput());
		const access = await getCooperation(ctx, created.id);
		expect(
			access.parties.map((p) => [p.organisationName, p.role, p.signatories.map((s) => s.displayName)])
		).toEqual([
			['Département du Lot', 'pilote', ['Hélène Directrice']],
			['Écoute Violences Lot', 'facilitateur', []],
			['CAF du Lot', 'contributeur', ['Chloé Caf']]
		]);
		expect(await auditOf('cooperation.create', created.id)).toHaveLength(1);
	});

	it('names the field of each bad input and writes nothing', async () => {
		const ctx = ctxOf(profiles().coordinatorHere);
		const before = await searchCooperations(ctx, { limit: 100, offset: 0 });
		expect(
			await issuesOf(
				createCooperation(ctx, {
					...baseInput(),
					name: 'Réseau refusé',
					parties: [
						{ organisationId: org.caf!, role: 'contributeur', signatoryUserIds: [user.admin!] },
						{ organisationId: org.caf!, role: 'contributeur', signatoryUserIds: [] },
						{ organisationId: '00000000-0000-4000-8000-00000000dead', role: 'pilote', signatoryUserIds: [] }
					]
				})
			)
		).toEqual([
			{ field: 'parties.0.signatoryUserIds.0', message: 'cooperation.signatoryNotMember' },
			{ field: 'parties.1.organisationId', message: 'cooperation.partyTwice' },
			{ field: 'parties.2.organisationId', message: 'cooperation.partyUnknown' }
		]);
		expect(
			await issuesOf(
				createCooperation(ctx, {
					...baseInput(),
					parties: [{ organisationId: org.caf!, role: 'contributeur', signatoryUserIds: [] }]
				})
			)
		).toEqual([{ field: 'parties', message: 'cooperation.pilotRequired' }]);
		expect(await issuesOf(createCooperation(ctx, { ...baseInput(), territoryCode: '99' }))).toEqual([
			{ field: 'territoryCode', message: 'territory.unknown' }
		]);
		expect((await searchCooperations(ctx, { limit: 100, offset: 0 })).total).toBe(before.total);
	});
});

describe('changing a cooperation', () => {
	let id: string;
	beforeAll(async () => {
		id = (
			await createCooperation(ctxOf(profiles().coordinatorHere), {
				...baseInput(),
				name: 'Coopération à modifier'
			})
		).id;
	});

	it('pilot and facilitator members, coordinators of its territory and instance admins manage it; nobody else', async () => {
		const results: Record<string, unknown> = {};
		for (const [name, actor] of Object.entries(profiles()))
			results[name] = await outcome(updateCooperation(ctxOf(actor), id, { description: `Par ${name}` }));
		expect(results).toEqual({
			anonymous: 401,
			account: 403,
			pilotReader: 403,
			pilotMember: 'ok',
			pilotAdmin: 'ok',
			facilitatorMember: 'ok',
			contributorAdmin: 403,
			nonPartyMember: 403,
			coordinatorHere: 'ok',
			coordinatorElsewhere: 403,
			instanceAdmin: 'ok'
		});
		const parties: Record<string, unknown> = {};
		for (const [name, actor] of Object.entries(profiles()))
			parties[name] = await outcome(
				putParty(ctxOf(actor), id, org.cpam!, { role: 'contributeur', signatoryUserIds: [] })
			);
		expect(parties).toEqual(results);
		// removing a party: refused to the same profiles (the allowed ones are exercised below)
		for (const [name, actor] of Object.entries(profiles()))
			if (results[name] !== 'ok')
				expect(await outcome(removeParty(ctxOf(actor), id, org.cpam!)), name).toBe(results[name]);
	});

	it('a PATCH changes only the fields sent, with history and audit', async () => {
		const ctx = ctxOf(profiles().pilotAdmin);
		const before = (await getCooperation(ctx, id)).cooperation;
		const after = await updateCooperation(ctx, id, {
			name: 'Réseau VIF du Lot',
			themes: ['famille--surmonter-conflits-separation-violence', 'sante--acces-aux-soins']
		});
		expect(after).toMatchObject({
			name: 'Réseau VIF du Lot',
			themes: ['famille--surmonter-conflits-separation-violence', 'sante--acces-aux-soins'],
			description: before.description,
			territoryCode: '46',
			status: 'active'
		});
		const history = await cooperationHistory(ctx, await getCooperation(ctx, id));
		expect(
			history
				.slice(0, 2)
				.map((h) => [h.field, h.before, h.after, h.changedBy])
				.sort()
		).toEqual([
			['name', 'Coopération à modifier', 'Réseau VIF du Lot', 'Hélène Directrice'],
			[
				'themes',
				'famille--surmonter-conflits-separation-violence',
				'famille--surmonter-conflits-separation-violence, sante--acces-aux-soins',
				'Hélène Directrice'
			]
		]);
		const audits = await auditOf('cooperation.update', id);
		expect(audits.at(-1)!.details).toEqual({
			changes: {
				name: { before: 'Coopération à modifier', after: 'Réseau VIF du Lot' },
				themes: {
					before: 'famille--surmonter-conflits-separation-violence',
					after: 'famille--surmonter-conflits-separation-violence, sante--acces-aux-soins'
				}
			}
		});
		// nothing sent, nothing changed, nothing written
		const n = (await auditOf('cooperation.update', id)).length;
		await updateCooperation(ctx, id, { name: 'Réseau VIF du Lot' });
		expect((await auditOf('cooperation.update', id)).length).toBe(n);
	});

	it('archives, and moves only where the actor may manage it', async () => {
		const here = ctxOf(profiles().coordinatorHere);
		expect((await updateCooperation(here, id, { status: 'archived' })).status).toBe('archived');
		expect(
			await outcome(updateCooperation(here, id, { territoryType: 'departement', territoryCode: '32' }))
		).toBe(403);
		expect(
			await issuesOf(updateCooperation(here, id, { territoryType: 'commune', territoryCode: '99999' }))
		).toEqual([{ field: 'territoryCode', message: 'territory.unknown' }]);
		const moved = await updateCooperation(here, id, {
			territoryType: 'commune',
			territoryCode: '46042',
			status: 'active'
		});
		expect(moved).toMatchObject({ territoryType: 'commune', territoryCode: '46042', status: 'active' });
	});

	it('parties: signatories must be members, the last pilot stays, removal is audited', async () => {
		const ctx = ctxOf(profiles().facilitatorMember);
		expect(
			await issuesOf(putParty(ctx, id, org.cpam!, { role: 'contributeur', signatoryUserIds: [user.caf!] }))
		).toEqual([{ field: 'signatoryUserIds.0', message: 'cooperation.signatoryNotMember' }]);
		await putParty(ctx, id, org.cpam!, { role: 'contributeur', signatoryUserIds: [user.cpam!] });
		let access = await getCooperation(ctx, id);
		expect(access.parties.find((p) => p.organisationId === org.cpam)!.signatories).toEqual([
			{ userId: user.cpam, displayName: 'Paul Cpam' }
		]);
		expect(
			await issuesOf(putParty(ctx, id, org.departement!, { role: 'contributeur', signatoryUserIds: [] }))
		).toEqual([{ field: 'role', message: 'cooperation.lastPilot' }]);
		expect(await issuesOf(removeParty(ctx, id, org.departement!))).toEqual([
			{ field: 'organisationId', message: 'cooperation.lastPilot' }
		]);
		// a second pilot first, then the first one may step down
		await putParty(ctx, id, org.caf!, { role: 'pilote', signatoryUserIds: [user.caf!] });
		await removeParty(ctx, id, org.departement!);
		access = await getCooperation(ctx, id);
		expect(access.parties.map((p) => [p.organisationName, p.role])).toEqual([
			['CAF du Lot', 'pilote'],
			['Écoute Violences Lot', 'facilitateur'],
			['CPAM du Lot', 'contributeur']
		]);
		expect(await auditOf('cooperation.party.remove', id)).toEqual([{ details: { role: 'pilote' } }]);
		// the removed party's authorised member no longer commits anything
		const removed = await getCooperation(ctxOf(profiles().pilotAdmin), id);
		expect(removed.signatoryFor).toEqual([]);
		expect(await issuesOf(removeParty(ctx, id, org.gers!))).toEqual([
			{ field: 'organisationId', message: 'cooperation.notAParty' }
		]);
	});

	it('resolves authorised members typed by e-mail among the organisation’s accounts', async () => {
		const ctx = ctxOf(profiles().coordinatorHere);
		expect(
			await resolveSignatoryEmails(
				ctx,
				org.caf!,
				['Responsable@CAF46.fr', 'cadre@cpam46.fr'],
				'parties.0.signatories'
			)
		).toEqual({
			userIds: [user.caf],
			issues: [{ field: 'parties.0.signatories', message: 'cooperation.signatoryEmail:cadre@cpam46.fr' }]
		});
	});
});

describe('listing', () => {
	it('searches names without accents or case, and « mine » keeps the actor’s parties', async () => {
		const coord = ctxOf(profiles().coordinatorHere);
		const found = await searchCooperations(coord, { limit: 10, offset: 0, q: 'reseau vif' });
		expect(found.items.map((c) => c.name)).toEqual(['Réseau VIF du Lot']);
		const gers = ctxOf(profiles().nonPartyMember);
		expect(await searchCooperations(gers, { limit: 10, offset: 0, mine: true })).toEqual({
			items: [],
			total: 0
		});
		const caf = ctxOf(profiles().contributorAdmin);
		const mine = await searchCooperations(caf, { limit: 2, offset: 0, mine: true });
		expect(mine.items).toHaveLength(2);
		expect(mine.total).toBeGreaterThan(2);
		expect(await outcome(searchCooperations(ctxOf(anonymous), { limit: 10, offset: 0 }))).toBe(401);
	});
});
