import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { rows } from '../db/client';
import { ConflictError, NotFoundError } from '../errors';
import { ForbiddenError } from '../policy/policy';
import { inTransaction } from '../db/transaction';
import { listNeeds } from '../needs/service';
import { afterReferralChange } from './ping-pong';
import { handleFlag, listFlags, updatePathwaySettings } from './ping-pong-flags';
import { needFromRefusedReferral } from './referral-need';
import { pathwaysFixture, P, seedPerson, type PathwaysFixture } from './fixture.test-support';

let t: TestDatabase;
let f: PathwaysFixture;
const NOW = new Date('2026-06-30T10:00:00Z');
const now = () => NOW;
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);

beforeAll(async () => {
	t = await createTestDatabase();
	f = await pathwaysFixture(t.db);
	// the fixture's coordinator acts through an in-memory actor: record the grant the notices look up
	await t.db.execute(
		sql`insert into territory_coordinations (user_id, territory_type, territory_code)
		    values (${P.coordinator}, 'departement', '46'), (${P.gersPro}, 'departement', '32')`
	);
});
afterAll(() => t?.close());

async function person(firstName = 'Yasmina', lastName = 'Bontemps-Ardoise') {
	return (
		await seedPerson(t.db, {
			holder: f.ccas,
			createdBy: P.ccasPro,
			firstName,
			lastName,
			consents: [{ organisationKinds: ['association', 'caf'], categories: ['identity', 'contact', 'needs'] }]
		})
	).id;
}

interface Ref {
	personId: string;
	service?: 'asso' | 'caf';
	status: string;
	created: number;
	closed?: number | null;
	reason?: string | null;
	cooperationId?: string | null;
}
/** Writes a referral directly (the referrals area's service is not needed to test the rule's facts). */
async function referral(r: Ref): Promise<string> {
	const service = r.service ?? 'asso';
	const [row] = await rows<{ id: string }>(
		t.db,
		sql`insert into referrals (person_id, from_organisation_id, from_user_id, service_id, to_organisation_id,
		      cooperation_id, status, refusal_reason, respond_by, created_at, updated_at, closed_at)
		    values (${r.personId}, ${f.ccas}, ${P.ccasPro}, ${service === 'asso' ? f.assoServiceId : f.cafServiceId},
		      ${service === 'asso' ? f.asso : f.caf}, ${r.cooperationId === undefined ? f.cooperationId : r.cooperationId},
		      ${r.status}, ${r.status === 'refused' ? (r.reason ?? 'no_capacity') : null}, '2026-12-31',
		      ${daysAgo(r.created)}, ${daysAgo(r.closed ?? r.created)},
		      ${r.closed === undefined || r.closed === null ? null : daysAgo(r.closed)})
		    returning id`
	);
	return row!.id;
}

const changed = (id: string) => inTransaction(f.ctx('ccasPro', now), (tx) => afterReferralChange(tx, id));
const flagsOf = (personId: string) =>
	rows<{ id: string; trigger: string; chain: string[]; status: string; handling_sealed: string | null }>(
		t.db,
		sql`select id, trigger, chain, status, handling_sealed from ping_pong_flags where person_id = ${personId}`
	);
const recipientsOf = (kind: string, flagId: string) =>
	rows<{ user_id: string }>(
		t.db,
		sql`select r.user_id from notification_recipients r join notification_events e on e.id = r.event_id
		    where e.kind = ${kind} and e.dedupe_key like ${`%${flagId}%`}`
	).then((r) => r.map((x) => x.user_id).sort());

describe('afterReferralChange: the threshold (3 within 60 days by default)', () => {
	it('two refusals raise nothing; the third raises one flag with the chain, told to the référent and coordinators', async () => {
		const p = await person();
		const a = await referral({ personId: p, status: 'refused', created: 40, closed: 39 });
		await changed(a);
		const b = await referral({ personId: p, service: 'caf', status: 'refused', created: 40, closed: 20 });
		await changed(b);
		expect(await flagsOf(p)).toEqual([]);
		const c = await referral({ personId: p, status: 'refused', created: 40, closed: 0 });
		await changed(c);
		const [flag, ...others] = await flagsOf(p);
		expect(others).toEqual([]);
		expect(flag).toMatchObject({ trigger: 'threshold', chain: [a, b, c], status: 'open' });
		expect(await recipientsOf('pathways.pingpong.referent', flag!.id)).toEqual([P.ccasPro]);
		// the pilot's and the facilitator's professionals and the Lot's coordinator; not the CAF (contributor)
		expect(await recipientsOf('pathways.pingpong.coordinator', flag!.id)).toEqual(
			[P.ccasAdmin, P.assoPro, P.coordinator, P.assoPro2].sort()
		);
		const [event] = await rows<{ title: string; text: string; url: string }>(
			t.db,
			sql`select title, text, url from notification_events where dedupe_key like ${`%${flag!.id}%`} limit 1`
		);
		expect(JSON.stringify(event)).not.toContain('Yasmina');
		expect(JSON.stringify(event)).not.toContain('Bontemps');
	});

	it('the same change seen twice keeps one flag; a new bounce extends its chain', async () => {
		const p = await person();
		const ids = [];
		for (const closed of [30, 20, 10])
			ids.push(await referral({ personId: p, status: 'expired', created: 40, closed }));
		await changed(ids[2]!);
		await changed(ids[2]!);
		expect(await flagsOf(p)).toHaveLength(1);
		const d = await referral({ personId: p, service: 'caf', status: 'refused', created: 5, closed: 1 });
		await changed(d);
		const flags = await flagsOf(p);
		expect(flags).toHaveLength(1);
		expect(flags[0]!.chain).toEqual([...ids, d]);
	});

	it('a bounce 61 days ago is out of the window; 60 days ago it counts', async () => {
		const out = await person();
		await referral({ personId: out, status: 'refused', created: 90, closed: 61 });
		await referral({ personId: out, service: 'caf', status: 'refused', created: 90, closed: 30 });
		await changed(await referral({ personId: out, status: 'expired', created: 90, closed: 2 }));
		expect(await flagsOf(out)).toEqual([]);
		const inside = await person();
		await referral({ personId: inside, status: 'refused', created: 90, closed: 60 });
		await referral({ personId: inside, service: 'caf', status: 'refused', created: 90, closed: 30 });
		await changed(await referral({ personId: inside, status: 'expired', created: 90, closed: 2 }));
		expect(await flagsOf(inside)).toHaveLength(1);
	});

	it('the cooperation’s own threshold and window apply (2 within 10 days)', async () => {
		await updatePathwaySettings(f.ctx('ccasAdmin'), f.cooperationId, {
			threshold: 2,
			windowDays: 10
		});
		try {
			const p = await person();
			await referral({ personId: p, status: 'refused', created: 20, closed: 11 });
			await changed(
				await referral({ personId: p, service: 'caf', status: 'refused', created: 20, closed: 3 })
			);
			expect(await flagsOf(p)).toEqual([]);
			const q = await person();
			await referral({ personId: q, status: 'refused', created: 20, closed: 9 });
			await changed(
				await referral({ personId: q, service: 'caf', status: 'refused', created: 20, closed: 3 })
			);
			expect(await flagsOf(q)).toHaveLength(1);
		} finally {
			await updatePathwaySettings(f.ctx('ccasAdmin'), f.cooperationId, { threshold: 3, windowDays: 60 });
		}
	});

	it('a new referral to the organisation that refused the person raises back_to_refuser', async () => {
		const p = await person();
		const a = await referral({ personId: p, status: 'refused', created: 20, closed: 15 });
		await changed(a);
		const other = await referral({ personId: p, service: 'caf', status: 'sent', created: 25 });
		await changed(other);
		expect(await flagsOf(p)).toEqual([]);
		const back = await referral({ personId: p, status: 'sent', created: 1 });
		await changed(back);
		expect(await flagsOf(p)).toMatchObject([{ trigger: 'back_to_refuser', chain: [a, back] }]);
	});
});

describe('coordinators: list, chain, handling, settings', () => {
	let flagId: string;
	let chain: string[];
	beforeAll(async () => {
		const p = await person('Honorine', 'Fictivelle');
		chain = [];
		for (const closed of [12, 8, 4])
			chain.push(await referral({ personId: p, status: 'refused', created: 14, closed }));
		await changed(chain[2]!);
		flagId = (await flagsOf(p))[0]!.id;
	});

	it('the territory coordinator sees the chain but not the name (no organisation sees it for them)', async () => {
		const { flags } = await listFlags(f.ctx('coordinator'), { status: 'open' });
		const flag = flags.find((x) => x.id === flagId)!;
		expect(flag.person.identified).toBe(false);
		expect(flag.person.label).toMatch(/^Personne n° [0-9a-f]{8}$/);
		expect(flag.chain.map((l) => l.referralId)).toEqual(chain);
		expect(flag.chain[0]).toMatchObject({
			from: 'CCAS de Cahors',
			to: 'Écoute Violences Lot',
			service: 'Accompagnement des victimes',
			status: 'refused',
			refusalReason: 'no_capacity'
		});
		expect(JSON.stringify(flags)).not.toContain('Honorine');
	});

	it('the pilot (holding organisation) sees the name, and that read is audited', async () => {
		const { flags } = await listFlags(f.ctx('ccasAdmin'));
		expect(flags.find((x) => x.id === flagId)!.person.label).toBe('Honorine Fictivelle');
		const audits = await rows<{ n: number }>(
			t.db,
			sql`select count(*)::int as n from audit_events where action = 'person.read'
			    and details->>'what' = 'pingPongFlag' and actor_user_id = ${P.ccasAdmin}`
		);
		expect(audits[0]!.n).toBeGreaterThan(0);
	});

	it('a contributor (the CAF) and another territory see no flag and get 404 on handling', async () => {
		expect((await listFlags(f.ctx('cafPro'))).flags).toEqual([]);
		expect((await listFlags(f.ctx('gersPro'))).flags).toEqual([]);
		await expect(handleFlag(f.ctx('cafPro'), flagId, { handling: 'Rien' })).rejects.toBeInstanceOf(
			NotFoundError
		);
	});

	it('the coordinator records what was done (sealed) and closes; a second handling is a conflict', async () => {
		const flag = await handleFlag(f.ctx('coordinator'), flagId, {
			handling: 'Réunion de la cellule : l’association reprend le suivi.'
		});
		expect(flag.status).toBe('handled');
		const [stored] = await rows<{ handling_sealed: string; status: string }>(
			t.db,
			sql`select handling_sealed, status from ping_pong_flags where id = ${flagId}`
		);
		expect(stored!.status).toBe('handled');
		expect(stored!.handling_sealed).not.toContain('cellule');
		await expect(handleFlag(f.ctx('coordinator'), flagId, { handling: 'Encore' })).rejects.toBeInstanceOf(
			ConflictError
		);
	});

	it('settings: the contributor may not change them', async () => {
		await expect(
			updatePathwaySettings(f.ctx('cafPro'), f.cooperationId, { threshold: 4, windowDays: 30 })
		).rejects.toBeInstanceOf(ForbiddenError);
	});
});

describe('a refused referral becomes a need in one action', () => {
	let refused: string;
	let open: string;
	beforeAll(async () => {
		const p = await person('Clotilde', 'Imaginaire');
		refused = await referral({
			personId: p,
			status: 'refused',
			created: 5,
			closed: 2,
			reason: 'no_capacity'
		});
		open = await referral({ personId: p, service: 'caf', status: 'sent', created: 1 });
	});

	it('the receiving organisation records it: theme, commune, reason; idempotent; no person data', async () => {
		const first = await needFromRefusedReferral(f.ctx('assoPro'), refused);
		expect(first.created).toBe(true);
		expect(first.need).toMatchObject({
			source: 'refused_referral',
			themes: ['famille--surmonter-conflits-separation-violence'],
			publics: ['femmes'],
			territoryType: 'commune',
			territoryCode: '46042',
			evidence: { refusalReason: 'no_capacity' },
			referralId: refused,
			status: 'to_qualify'
		});
		const again = await needFromRefusedReferral(f.ctx('ccasPro'), refused);
		expect(again).toMatchObject({ created: false, need: { id: first.need.id } });
		expect(JSON.stringify(first.need)).not.toContain('Clotilde');
		const { needs } = await listNeeds(f.ctx('coordinator'), { limit: 50, territoryCode: '46042' });
		expect(needs.map((n) => n.id)).toContain(first.need.id);
	});

	it('only the sending or receiving organisation (404 otherwise), only for a refused referral', async () => {
		await expect(needFromRefusedReferral(f.ctx('cafPro'), refused)).rejects.toBeInstanceOf(NotFoundError);
		await expect(needFromRefusedReferral(f.ctx('coordinator'), refused)).rejects.toBeInstanceOf(
			NotFoundError
		);
		await expect(needFromRefusedReferral(f.ctx('ccasPro'), open)).rejects.toBeInstanceOf(ConflictError);
	});

	it('the needs list needs an account', async () => {
		await expect(
			listNeeds(
				{ db: t.db, actor: { user: null, memberships: [], coordinations: [] } as never },
				{ limit: 5 }
			)
		).rejects.toBeInstanceOf(ForbiddenError);
	});
});
