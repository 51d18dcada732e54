import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { rows } from '../db/client';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { ForbiddenError } from '../policy/policy';
import { pathwaysFixture, seedPerson, P, type PathwaysFixture } from './fixture.test-support';
import {
	abandon,
	accept,
	complete,
	createReferral,
	getReferral,
	listReferrals,
	putReferralSettings,
	referralSettings,
	refuse,
	start
} from './referrals';
import { runReferralDeadlines } from './referral-jobs';

let t: TestDatabase;
let f: PathwaysFixture;
let consenting: string;
let noConsent: string;

/** Monday 7 December 2026, 10:00 in Paris */
const MONDAY = new Date('2026-12-07T09:00:00Z');
const at = (d: Date) => () => d;

beforeAll(async () => {
	t = await createTestDatabase();
	f = await pathwaysFixture(t.db);
	const person = (firstName: string, consents: Parameters<typeof seedPerson>[1]['consents']) =>
		seedPerson(t.db, {
			holder: f.ccas,
			createdBy: P.ccasPro,
			firstName,
			lastName: 'Delmas (fictive)',
			consents
		}).then((p) => p.id);
	consenting = await person('Maëlle', [
		{ organisationIds: [f.asso, f.caf], categories: ['identity', 'contact', 'needs'] }
	]);
	noConsent = await person('Yvette', [{ organisationIds: [f.caf], categories: ['identity'] }]);
});
afterAll(() => t?.close());

const events = (id: string) =>
	rows<{ from_status: string | null; to_status: string; automatic: string | null }>(
		t.db,
		sql`select from_status, to_status, automatic from referral_events where referral_id = ${id} order by at, id`
	);
const auditCount = async (action: string, objectId: string) =>
	(
		await rows<{ n: number }>(
			t.db,
			sql`select count(*)::int as n from audit_events
			    where action = ${action} and (object_id = ${objectId} or details->>'referralId' = ${objectId})`
		)
	)[0]!.n;
const notices = (kind: string) =>
	rows<{ title: string; text: string; url: string; recipients: string[] }>(
		t.db,
		sql`select e.title, e.text, e.url, array_agg(r.user_id::text order by r.user_id) as recipients
		    from notification_events e join notification_recipients r on r.event_id = e.id
		    where e.kind = ${kind} group by e.id order by e.created_at, e.id`
	);

describe('creating a referral', () => {
	it('needs a live consent covering the receiving organisation, with a French message naming the person field', async () => {
		const error = await createReferral(f.ctx('ccasPro'), {
			personId: noConsent,
			serviceId: f.assoServiceId
		}).catch((e) => e);
		expect(error).toBeInstanceOf(ValidationError);
		expect((error as ValidationError).issues).toEqual([
			{ field: 'personId', message: 'referrals.consentMissing' }
		]);
	});

	it('is refused (404) to someone who does not see the person', async () => {
		await expect(
			createReferral(f.ctx('gendPro'), { personId: consenting, serviceId: f.assoServiceId })
		).rejects.toBeInstanceOf(NotFoundError);
		await expect(
			createReferral(f.ctx('ccasReader'), { personId: consenting, serviceId: f.assoServiceId })
		).rejects.toBeInstanceOf(NotFoundError);
	});

	it('stores the receiving organisation from the directory, the deadline in working days, an event, an audit entry and a notice without person data', async () => {
		const r = await createReferral(f.ctx('ccasPro', at(MONDAY)), {
			personId: consenting,
			serviceId: f.assoServiceId,
			message: 'Besoin d’un accompagnement rapide.'
		});
		expect(r.toOrganisationId).toBe(f.asso);
		expect(r.fromOrganisationId).toBe(f.ccas);
		expect(r.cooperationId).toBe(f.cooperationId);
		expect(r.status).toBe('sent');
		expect(r.respondBy).toBe('2026-12-14');
		expect(r.messageSealed).not.toContain('accompagnement');
		expect(await events(r.id)).toEqual([{ from_status: null, to_status: 'sent', automatic: null }]);
		expect(await auditCount('referral.create', r.id)).toBe(1);
		const [notice] = await notices('referrals.new');
		expect(notice!.title).toBe('Une orientation vous attend');
		expect(notice!.url).toBe(`/orientations/${r.id}`);
		expect(notice!.recipients.sort()).toEqual([P.assoPro, P.assoPro2].sort());
		expect(JSON.stringify(notice)).not.toMatch(/Maëlle|Delmas/);
	});
});

describe('the closed loop', () => {
	it('the receiving organisation opens (received), accepts, starts and completes; the sender and référent see the outcome', async () => {
		const r = await createReferral(f.ctx('cafPro'), { personId: consenting, serviceId: f.assoServiceId });
		// the CAF is the sender here; the CCAS referent (ccasPro) is told of outcomes
		const opened = await getReferral(f.ctx('assoPro'), r.id);
		expect(opened.referral.status).toBe('received');
		expect(opened.person).toEqual({
			visible: true,
			value: { firstName: 'Maëlle', lastName: 'Delmas (fictive)' }
		});
		expect(opened.can).toMatchObject({ accept: true, refuse: true, abandon: false });
		expect(await auditCount('person.read', r.id)).toBe(1);
		await accept(f.ctx('assoPro'), r.id);
		await start(f.ctx('assoPro'), r.id);
		await complete(f.ctx('assoPro'), r.id, { text: 'Accompagnement mis en place.' });
		const seen = await getReferral(f.ctx('cafPro'), r.id);
		expect(seen.referral.status).toBe('completed');
		expect(seen.acceptedByName).toBe('Pro assoPro');
		expect(seen.outcome).toEqual({ visible: true, value: 'Accompagnement mis en place.' });
		expect((await events(r.id)).map((e) => e.to_status)).toEqual([
			'sent',
			'received',
			'accepted',
			'in_progress',
			'completed'
		]);
		const outcomes = (await notices('referrals.outcome')).filter((n) => n.url === `/orientations/${r.id}`);
		expect(outcomes.map((n) => n.text)).toEqual([
			'Orientation vers «\u202fAccompagnement des victimes\u202f»\u202f: acceptée.',
			'Orientation vers «\u202fAccompagnement des victimes\u202f»\u202f: terminée.'
		]);
		expect(outcomes[0]!.recipients.sort()).toEqual([P.cafPro, P.ccasPro].sort());
	});

	it('only the receiving organisation answers; the sender may withdraw before acceptance only', async () => {
		const r = await createReferral(f.ctx('ccasPro'), { personId: consenting, serviceId: f.assoServiceId });
		await expect(accept(f.ctx('ccasPro'), r.id)).rejects.toBeInstanceOf(ForbiddenError);
		await expect(accept(f.ctx('gendPro'), r.id)).rejects.toBeInstanceOf(NotFoundError);
		await expect(getReferral(f.ctx('instanceAdmin'), r.id)).rejects.toBeInstanceOf(NotFoundError);
		await expect(getReferral(f.ctx('ccasReader'), r.id)).rejects.toBeInstanceOf(NotFoundError);
		const withdrawn = await abandon(f.ctx('ccasPro'), r.id);
		expect(withdrawn.status).toBe('abandoned');
		expect(withdrawn.closedAt).not.toBeNull();
		await expect(accept(f.ctx('assoPro'), r.id)).rejects.toBeInstanceOf(ConflictError);
	});

	it('a refusal needs a reason, and a text for « other »; the reason category reaches the sender', async () => {
		const r = await createReferral(f.ctx('ccasPro'), { personId: consenting, serviceId: f.assoServiceId });
		const refused = await refuse(f.ctx('assoPro'), r.id, { reason: 'no_capacity' });
		expect(refused.refusalReason).toBe('no_capacity');
		const seen = await getReferral(f.ctx('ccasPro'), r.id);
		expect(seen.referral.status).toBe('refused');
		expect(seen.referral.refusalReason).toBe('no_capacity');
	});
});

describe('two professionals accept at once', () => {
	it('one wins; the other gets a 409 naming who accepted', async () => {
		const r = await createReferral(f.ctx('ccasPro'), { personId: consenting, serviceId: f.assoServiceId });
		const results = await Promise.allSettled([
			accept(f.ctx('assoPro'), r.id),
			accept(f.ctx('assoPro2'), r.id)
		]);
		const won = results.filter((x) => x.status === 'fulfilled');
		const lost = results.filter((x): x is PromiseRejectedResult => x.status === 'rejected');
		expect(won).toHaveLength(1);
		expect(lost).toHaveLength(1);
		expect(lost[0]!.reason).toBeInstanceOf(ConflictError);
		const winner = (won[0] as PromiseFulfilledResult<{ acceptedBy: string | null }>).value.acceptedBy;
		expect((lost[0]!.reason as ConflictError).message).toBe('referrals.alreadyAccepted');
		expect((lost[0]!.reason as ConflictError).values).toEqual({
			name: winner === P.assoPro ? 'Pro assoPro' : 'Pro assoPro2'
		});
		expect((await events(r.id)).filter((e) => e.to_status === 'accepted')).toHaveLength(1);
	});

	it('a stale version loses even when the status still allows it', async () => {
		const r = await createReferral(f.ctx('ccasPro'), { personId: consenting, serviceId: f.assoServiceId });
		await accept(f.ctx('assoPro'), r.id);
		// assoPro2's page was loaded before the acceptance (version 1): completing from it is a conflict
		await expect(complete(f.ctx('assoPro2'), r.id, { version: 1 })).rejects.toBeInstanceOf(ConflictError);
		expect((await complete(f.ctx('assoPro2'), r.id, { version: 2 })).status).toBe('completed');
	});
});

describe('lists', () => {
	it('the inbox shows my organisation’s received referrals with names under the rule, and audits each person shown', async () => {
		const received = await listReferrals(f.ctx('assoPro'), { box: 'received', limit: 50, offset: 0 });
		expect(received.total).toBeGreaterThan(0);
		expect(received.items.every((i) => i.referral.toOrganisationId === f.asso)).toBe(true);
		const open = received.items.find((i) =>
			['sent', 'received', 'accepted', 'in_progress'].includes(i.referral.status)
		);
		expect(open?.person.visible).toBe(true);
		const sent = await listReferrals(f.ctx('assoPro'), { box: 'sent', limit: 50, offset: 0 });
		expect(sent.total).toBe(0);
		const gend = await listReferrals(f.ctx('gendPro'), { box: 'received', limit: 50, offset: 0 });
		expect(gend.total).toBe(0);
	});
});

describe('capacity and response days', () => {
	it('are set by the service’s organisation and read by any signed-in professional, without person data', async () => {
		await expect(
			putReferralSettings(f.ctx('ccasPro'), f.assoServiceId, { responseDays: 3, capacity: 'full' })
		).rejects.toBeInstanceOf(ForbiddenError);
		await putReferralSettings(f.ctx('assoPro'), f.cafServiceId, { responseDays: 3 }).catch((e) =>
			expect(e).toBeInstanceOf(ForbiddenError)
		);
		const saved = await putReferralSettings(f.ctx('assoPro'), f.assoServiceId, {
			responseDays: 3,
			capacity: 'limited'
		});
		expect(saved).toMatchObject({ responseDays: 3, capacity: 'limited', canReceive: true });
		expect(await referralSettings(f.ctx('gendPro'), f.assoServiceId)).toMatchObject({
			capacity: 'limited',
			organisationName: 'Écoute Violences Lot'
		});
		const r = await createReferral(f.ctx('ccasPro', at(MONDAY)), {
			personId: consenting,
			serviceId: f.assoServiceId
		});
		expect(r.respondBy).toBe('2026-12-10');
		await putReferralSettings(f.ctx('assoPro'), f.assoServiceId, { responseDays: 5, capacity: 'available' });
	});
});

describe('the deadline queue', () => {
	it('reminds at the deadline, escalates 2 working days later, expires 10 working days later, once each', async () => {
		await t.db.execute(
			sql`insert into territory_coordinations (user_id, territory_type, territory_code) values (${P.coordinator}, 'departement', '46')`
		);
		const r = await createReferral(f.ctx('ccasPro', at(MONDAY)), {
			personId: consenting,
			serviceId: f.assoServiceId
		});
		// respond by Monday 14 December
		const day = (d: string) => ({
			db: t.db,
			actor: f.actor('instanceAdmin'),
			now: () => new Date(`${d}T06:00:00Z`)
		});
		const stages = async () => (await events(r.id)).map((e) => e.automatic ?? e.to_status);
		await runReferralDeadlines(day('2026-12-11'));
		expect(await stages()).toEqual(['sent']);
		await runReferralDeadlines(day('2026-12-14'));
		await runReferralDeadlines(day('2026-12-14'));
		expect(await stages()).toEqual(['sent', 'reminder']);
		await runReferralDeadlines(day('2026-12-15'));
		expect(await stages()).toEqual(['sent', 'reminder']);
		await runReferralDeadlines(day('2026-12-16'));
		const escalation = (await notices('referrals.escalation')).find((n) => n.url.endsWith(f.assoServiceId));
		expect(escalation?.recipients).toEqual([P.coordinator]);
		// 10 working days after 14 December, with Christmas and New Year: 29 December
		await runReferralDeadlines(day('2026-12-28'));
		expect((await getReferral(f.ctx('ccasPro'), r.id)).referral.status).not.toBe('expired');
		await runReferralDeadlines(day('2026-12-29'));
		expect((await getReferral(f.ctx('ccasPro'), r.id)).referral.status).toBe('expired');
		expect(await stages()).toEqual(['sent', 'reminder', 'escalation', 'expiry']);
		await runReferralDeadlines(day('2026-12-30'));
		expect(await stages()).toEqual(['sent', 'reminder', 'escalation', 'expiry']);
	});
});
