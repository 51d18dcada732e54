import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { rows } from '../db/client';
import { NotFoundError, ValidationError } from '../errors';
import { ForbiddenError } from '../policy/policy';
import { addEntry } from './entries';
import { setReferent } from './referent';
import { followedByMe } from './dashboard';
import { P, pathwaysFixture, seedPerson, type PathwaysFixture } from './fixture.test-support';

let t: TestDatabase;
let f: PathwaysFixture;
let personId: string;

beforeAll(async () => {
	t = await createTestDatabase();
	f = await pathwaysFixture(t.db);
	personId = (
		await seedPerson(t.db, {
			holder: f.ccas,
			createdBy: P.ccasPro,
			firstName: 'Soline',
			lastName: 'Vaylats (fictive)',
			consents: [
				{ organisationIds: [f.caf], categories: ['contact', 'finances'] },
				{ organisationKinds: ['association'], categories: ['identity', 'needs', 'violence'] }
			]
		})
	).id;
});
afterAll(() => t?.close());

const noticesOf = (userId: string) =>
	rows<{ kind: string; title: string; text: string; url: string }>(
		t.db,
		sql`select e.kind, e.title, e.text, e.url from notification_events e
		    join notification_recipients r on r.event_id = e.id where r.user_id = ${userId} order by e.created_at`
	);

describe('référent de parcours', () => {
	it('the holder’s professional hands over to a partner who sees the person; the former référent is told, without person data', async () => {
		const result = await setReferent(f.ctx('ccasAdmin'), personId, { userId: P.assoPro });
		expect(result).toMatchObject({ userId: P.assoPro, organisationId: f.asso });
		const notices = await noticesOf(P.ccasPro);
		expect(notices).toEqual([
			{
				kind: 'pathways.referent.replaced',
				title: 'Vous n’êtes plus référent d’un parcours',
				text: expect.any(String),
				url: '/mes-suivis'
			}
		]);
		expect(JSON.stringify(notices)).not.toMatch(/Soline|Vaylats|personnes/);
		expect((await noticesOf(P.assoPro)).map((n) => n.kind)).toEqual(['pathways.referent.appointed']);
		const history = await rows<{ user_id: string; until: Date | null }>(
			t.db,
			sql`select user_id, until from person_referents where person_id = ${personId} order by since`
		);
		expect(history.map((h) => [h.user_id, h.until === null])).toEqual([[P.assoPro, true]]);
	});

	it('the current référent may hand over; a partner who is not référent may not', async () => {
		await expect(setReferent(f.ctx('assoPro2'), personId, { userId: P.assoPro2 })).rejects.toBeInstanceOf(
			ForbiddenError
		);
		await setReferent(f.ctx('assoPro'), personId, { userId: P.assoPro2 });
		const history = await rows<{ user_id: string; until: Date | null }>(
			t.db,
			sql`select user_id, until from person_referents where person_id = ${personId} order by since`
		);
		expect(history.map((h) => [h.user_id, h.until === null])).toEqual([
			[P.assoPro, false],
			[P.assoPro2, true]
		]);
		// the former référent handed over himself: no notice to him, one to the new one
		expect((await noticesOf(P.assoPro)).map((n) => n.kind)).toEqual(['pathways.referent.appointed']);
		expect((await noticesOf(P.assoPro2)).map((n) => n.kind)).toEqual(['pathways.referent.appointed']);
		await setReferent(f.ctx('ccasPro'), personId, { userId: P.ccasPro });
		expect((await noticesOf(P.assoPro2)).map((n) => n.kind)).toEqual([
			'pathways.referent.appointed',
			'pathways.referent.replaced'
		]);
	});

	it('the new référent must be a professional who sees the person', async () => {
		for (const who of [
			P.gendPro,
			P.gersPro,
			P.ccasReader,
			P.coordinator,
			'00000000-0000-4000-8000-00000000ffff'
		]) {
			const error = await setReferent(f.ctx('ccasPro'), personId, { userId: who }).catch((e) => e);
			expect(error, who).toBeInstanceOf(ValidationError);
			expect((error as ValidationError).issues[0]!.field).toBe('userId');
		}
		await expect(setReferent(f.ctx('gendPro'), personId, { userId: P.gendPro })).rejects.toBeInstanceOf(
			NotFoundError
		);
	});
});

describe('the référent’s dashboard', () => {
	it('lists the persons I follow with counters, names only when identity is visible, and audits each one', async () => {
		const other = await seedPerson(t.db, {
			holder: f.ccas,
			createdBy: P.ccasPro,
			firstName: 'Aurèle',
			lastName: 'Pradines (fictive)',
			consents: [{ organisationIds: [f.caf], categories: ['contact', 'needs'] }]
		});
		await setReferent(f.ctx('ccasPro'), other.id, { userId: P.cafPro });
		const now = () => new Date('2026-12-07T10:00:00Z');
		await addEntry(f.ctx('cafPro', now), other.id, {
			kind: 'appointment',
			category: 'needs',
			sharing: 'shared',
			occursAt: '2026-12-15T09:30:00+01:00',
			place: 'CAF, Cahors'
		});
		// an appointment the CAF may not see (CCAS only) does not show on its dashboard
		await addEntry(f.ctx('ccasPro', now), other.id, {
			kind: 'appointment',
			category: 'needs',
			sharing: 'organisation',
			occursAt: '2026-12-09T09:30:00+01:00'
		});
		await t.db.execute(
			sql`insert into referrals (person_id, from_organisation_id, service_id, to_organisation_id, status, respond_by)
			    values (${other.id}, ${f.caf}, ${f.assoServiceId}, ${f.asso}, 'sent', '2026-12-14'),
			           (${other.id}, ${f.caf}, ${f.assoServiceId}, ${f.asso}, 'refused', '2026-12-14')`
		);
		await t.db.execute(
			sql`insert into ping_pong_flags (person_id, trigger, chain) values (${other.id}, 'threshold', '{}')`
		);
		const board = await followedByMe(f.ctx('cafPro', now));
		expect(board.total).toBe(1);
		expect(board.items).toEqual([
			{
				personId: other.id,
				// identity not consented to the CAF: the name is hidden with its reason
				name: { visible: false, reason: 'categoryNotConsented' },
				lastActivityAt: expect.any(Date),
				nextAppointmentAt: new Date('2026-12-15T08:30:00Z'),
				openReferrals: 1,
				pingPong: true
			}
		]);
		expect(board.appointments).toEqual([
			{
				entryId: expect.any(String),
				personId: other.id,
				name: { visible: false, reason: 'categoryNotConsented' },
				occursAt: new Date('2026-12-15T08:30:00Z'),
				place: 'CAF, Cahors',
				with: null
			}
		]);
		const mine = await followedByMe(f.ctx('ccasPro', now));
		expect(mine.items.map((i) => i.name)).toContainEqual({
			visible: true,
			value: 'Soline Vaylats (fictive)'
		});
		expect(mine.items.find((i) => i.personId === other.id)).toBeUndefined();
		const audits = await rows<{ object_id: string; details: { what: string } }>(
			t.db,
			sql`select object_id, details from audit_events where action = 'person.read'
			    and actor_user_id = ${P.cafPro} and details->>'what' = 'followed'`
		);
		expect(audits.map((a) => a.object_id)).toEqual([other.id]);
	});

	it('readers follow nobody; anonymous is refused', async () => {
		expect(await followedByMe(f.ctx('ccasReader'))).toEqual({ items: [], total: 0, appointments: [] });
		await expect(
			followedByMe({ db: t.db, actor: { user: null, memberships: [], coordinations: [] } })
		).rejects.toBeInstanceOf(ForbiddenError);
	});
});
