import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { rows } from '../db/client';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { ForbiddenError } from '../policy/policy';
import {
	P,
	pathwaysFixture,
	seedPerson,
	setCharterFund,
	type PathwaysFixture
} from '../pathways/fixture.test-support';
import {
	anonymiseFundRequestsOf,
	answerRequest,
	createRequest,
	fundBalance,
	getRequest,
	listRequests,
	payRequest,
	remindApprovers,
	repayRequest,
	writeOffRequest
} from './service';
import { advanceRequestInputSchema, answerInputSchema, paymentInputSchema } from './validation';

let t: TestDatabase;
let f: PathwaysFixture;
let personId: string;
const NOW = new Date('2026-12-07T10:00:00Z');
const now = () => NOW;

const input = (amount: string, extra: Record<string, unknown> = {}) =>
	advanceRequestInputSchema.parse({
		personId,
		amount,
		purpose: 'Nuitées d’hôtel pour la mise à l’abri ce soir',
		urgency: 'immediate',
		...extra
	});
const yes = answerInputSchema.parse({ decision: 'approved' });
const no = (why: string) => answerInputSchema.parse({ decision: 'refused', justification: why });

const setFund = (fund: Record<string, unknown>) => setCharterFund(t.db, f.cooperationId, fund);
const FUND = {
	// the CCAS's named signatory, any authorised member of the CAF, any of the association: two of three
	approvers: [] as { organisationId: string; userId: string | null }[],
	ceilingPerRequest: '500.00',
	ceilingPerYear: '5000.00',
	quorum: 2
};

beforeAll(async () => {
	t = await createTestDatabase();
	f = await pathwaysFixture(t.db);
	FUND.approvers = [
		{ organisationId: f.ccas, userId: P.ccasAdmin },
		{ organisationId: f.caf, userId: null },
		{ organisationId: f.asso, userId: null }
	];
	await setFund(FUND);
	personId = (
		await seedPerson(t.db, {
			holder: f.ccas,
			firstName: 'Maëlys',
			lastName: 'Quercynet (fictive)',
			consents: [{ organisationIds: [f.caf], categories: ['identity', 'finances'] }]
		})
	).id;
});
afterAll(() => t?.close());

const ctx = (who: Parameters<PathwaysFixture['ctx']>[0]) => f.ctx(who, now);

describe('advance requests: quorum, justification, self-approval', () => {
	it('approved at the second approval of three (quorum 2), with the « 2/3 » counter', async () => {
		const r = await createRequest(ctx('ccasPro'), f.cooperationId, input('250,50'));
		expect(r).toMatchObject({
			status: 'pending',
			amount: '250.50',
			answered: 0,
			approversCount: 3,
			quorum: 2
		});
		expect(r.purpose).toBe('Nuitées d’hôtel pour la mise à l’abri ce soir');
		const one = await answerRequest(ctx('cafPro'), f.cooperationId, r.id, yes);
		expect(one).toMatchObject({ status: 'pending', approvals: 1, answered: 1 });
		await expect(answerRequest(ctx('cafPro'), f.cooperationId, r.id, yes)).rejects.toThrow(ConflictError);
		const two = await answerRequest(ctx('assoPro'), f.cooperationId, r.id, yes);
		expect(two).toMatchObject({ status: 'approved', approvals: 2, answered: 2 });
		// the third approver can no longer answer
		await expect(answerRequest(ctx('ccasAdmin'), f.cooperationId, r.id, yes)).rejects.toThrow(
			'fund.notPending'
		);
		// the amount is stored exactly
		const [stored] = await rows<{ amount: string }>(
			t.db,
			sql`select amount::text from advance_requests where id = ${r.id}`
		);
		expect(stored!.amount).toBe('250.50');
	});

	it('refused once approval can no longer reach the quorum; a refusal needs a justification', async () => {
		expect(answerInputSchema.safeParse({ decision: 'refused' }).error?.issues[0]).toMatchObject({
			path: ['justification'],
			message: 'fund.justificationRequired'
		});
		expect(answerInputSchema.safeParse({ decision: 'refused', justification: '  ' }).success).toBe(false);
		const r = await createRequest(ctx('ccasPro'), f.cooperationId, input('80'));
		const one = await answerRequest(
			ctx('cafPro'),
			f.cooperationId,
			r.id,
			no('Relève de l’aide sociale légale')
		);
		expect(one.status).toBe('pending');
		const two = await answerRequest(
			ctx('assoPro'),
			f.cooperationId,
			r.id,
			no('Déjà pris en charge par le 115')
		);
		expect(two.status).toBe('refused');
		expect(two.approvers.map((a) => a.answer?.justification ?? null)).toEqual([
			null,
			'Relève de l’aide sociale légale',
			'Déjà pris en charge par le 115'
		]);
		// sealed in the database: the text never appears in clear
		const [raw] = await rows<{ j: string }>(
			t.db,
			sql`select string_agg(justification_sealed, ' ') as j from advance_answers where request_id = ${r.id}`
		);
		expect(raw!.j).not.toContain('115');
	});

	it('the requester cannot approve their own request; someone who is not an approver gets 403', async () => {
		const r = await createRequest(ctx('ccasAdmin'), f.cooperationId, input('40'));
		await expect(answerRequest(ctx('ccasAdmin'), f.cooperationId, r.id, yes)).rejects.toThrow(
			'fund.selfApproval'
		);
		await expect(answerRequest(ctx('ccasPro'), f.cooperationId, r.id, yes)).rejects.toThrow(ForbiddenError);
		expect((await getRequest(ctx('ccasPro'), f.cooperationId, r.id)).answered).toBe(0);
	});

	it('three approvals at once: one transition to approved, the late one is told it is decided', async () => {
		const r = await createRequest(ctx('ccasPro'), f.cooperationId, input('60'));
		const results = await Promise.allSettled([
			answerRequest(ctx('cafPro'), f.cooperationId, r.id, yes),
			answerRequest(ctx('assoPro'), f.cooperationId, r.id, yes),
			answerRequest(ctx('ccasAdmin'), f.cooperationId, r.id, yes)
		]);
		expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(2);
		const rejected = results.filter((x) => x.status === 'rejected');
		expect(rejected).toHaveLength(1);
		expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
		const [counts] = await rows<{ answers: number; approvals: number }>(
			t.db,
			sql`select (select count(*)::int from advance_answers where request_id = ${r.id}) as answers,
			           (select count(*)::int from audit_events where object_id = ${r.id}
			              and action = 'advanceRequest.answer' and details->>'status' = 'approved') as approvals`
		);
		expect(counts).toEqual({ answers: 2, approvals: 1 });
		expect((await getRequest(ctx('ccasPro'), f.cooperationId, r.id)).status).toBe('approved');
	});
});

describe('ceilings from the charter in force', () => {
	it('per request: the field « amount » says the ceiling', async () => {
		const err = await createRequest(ctx('ccasPro'), f.cooperationId, input('500,01')).catch((e) => e);
		expect(err).toBeInstanceOf(ValidationError);
		expect(err.issues).toEqual([{ field: 'amount', message: 'fund.ceilingPerRequest:500,00\u00a0€' }]);
	});

	it('per year: approved and paid requests of the Paris calendar year count; the message says what is left', async () => {
		const b = await fundBalance(ctx('ccasPro'), f.cooperationId);
		await setFund({ ...FUND, ceilingPerYear: '700.00' });
		try {
			// 250.50 + 60 approved this year → 389.50 left
			expect(b.approved).toBe('310.50');
			const err = await createRequest(ctx('ccasPro'), f.cooperationId, input('400')).catch((e) => e);
			expect(err).toBeInstanceOf(ValidationError);
			expect(err.issues).toEqual([{ field: 'amount', message: 'fund.ceilingPerYear:389,50\u00a0€' }]);
			await expect(createRequest(ctx('ccasPro'), f.cooperationId, input('389,50'))).resolves.toMatchObject({
				status: 'pending'
			});
		} finally {
			await setFund(FUND);
		}
	});

	it('a person the requester does not see is refused on the field « personId »', async () => {
		const other = await seedPerson(t.db, {
			holder: f.gend,
			firstName: 'Noé',
			lastName: 'Caussenard (fictif)'
		});
		const err = await createRequest(
			ctx('ccasPro'),
			f.cooperationId,
			input('10', { personId: other.id })
		).catch((e) => e);
		expect(err.issues).toEqual([{ field: 'personId', message: 'fund.person' }]);
	});
});

describe('payment, repayments, write-off and balance (exact decimals)', () => {
	it('paid, partially repaid, repaid; over-repayment refused; balance per year', async () => {
		const before = await fundBalance(ctx('ccasPro'), f.cooperationId);
		const r = await createRequest(ctx('ccasPro'), f.cooperationId, input('0,30'));
		await answerRequest(ctx('cafPro'), f.cooperationId, r.id, yes);
		await answerRequest(ctx('ccasAdmin'), f.cooperationId, r.id, yes);
		await expect(
			repayRequest(ctx('ccasPro'), f.cooperationId, r.id, { amount: '0.10', repaidOn: '2026-12-07' })
		).rejects.toThrow('fund.notPaid');
		const paid = await payRequest(ctx('ccasPro'), f.cooperationId, r.id, {
			paidOn: '2026-12-07',
			means: 'especes'
		});
		expect(paid).toMatchObject({
			status: 'paid',
			payment: { amount: '0.30', means: 'especes' },
			outstanding: '0.30'
		});
		const part = await repayRequest(ctx('ccasPro'), f.cooperationId, r.id, {
			amount: '0.10',
			repaidOn: '2026-12-07'
		});
		expect(part).toMatchObject({ status: 'partially_repaid', repaid: '0.10', outstanding: '0.20' });
		const err = await repayRequest(ctx('ccasPro'), f.cooperationId, r.id, {
			amount: '0.21',
			repaidOn: '2026-12-07'
		}).catch((e) => e);
		expect(err.issues).toEqual([{ field: 'amount', message: 'fund.repayTooMuch:0,20\u00a0€' }]);
		const done = await repayRequest(ctx('ccasPro'), f.cooperationId, r.id, {
			amount: '0.20',
			repaidOn: '2026-12-07'
		});
		expect(done).toMatchObject({
			status: 'repaid',
			repaid: '0.30',
			outstanding: '0.00',
			repayments: [{ amount: '0.10' }, { amount: '0.20' }]
		});
		// a second one written off after a partial repayment
		const w = await createRequest(ctx('ccasPro'), f.cooperationId, input('100'));
		await answerRequest(ctx('cafPro'), f.cooperationId, w.id, yes);
		await answerRequest(ctx('assoPro'), f.cooperationId, w.id, yes);
		await payRequest(
			ctx('cafPro'),
			f.cooperationId,
			w.id,
			paymentInputSchema.parse({ paidOn: '2026-12-06', means: 'virement', amount: '100,00' })
		);
		await repayRequest(ctx('ccasPro'), f.cooperationId, w.id, { amount: '25.00', repaidOn: '2026-12-07' });
		const off = await writeOffRequest(ctx('ccasPro'), f.cooperationId, w.id, {
			reason: 'Personne partie sans adresse'
		});
		expect(off).toMatchObject({
			status: 'written_off',
			writtenOff: '75.00',
			outstanding: '0.00',
			writeOffReason: 'Personne partie sans adresse'
		});
		const after = await fundBalance(ctx('ccasPro'), f.cooperationId);
		const plus = (a: string, b: string) => (Math.round(Number(a) * 100) + Math.round(Number(b) * 100)) / 100;
		expect(Number(after.approved)).toBe(plus(before.approved, '100.30'));
		expect(Number(after.paid)).toBe(plus(before.paid, '100.30'));
		expect(Number(after.repaid)).toBe(plus(before.repaid, '25.30'));
		expect(Number(after.writtenOff)).toBe(plus(before.writtenOff, '75.00'));
		expect(after.outstanding).toBe(before.outstanding);
		expect(after).toMatchObject({ year: 2026, ceilingPerYear: '5000.00' });
		expect(after.remaining).toBe((5000 - Number(after.approved)).toFixed(2));
	});

	it('the payment is the approved amount, never another one', async () => {
		const r = await createRequest(ctx('ccasPro'), f.cooperationId, input('12'));
		await answerRequest(ctx('cafPro'), f.cooperationId, r.id, yes);
		await answerRequest(ctx('assoPro'), f.cooperationId, r.id, yes);
		const err = await payRequest(ctx('ccasPro'), f.cooperationId, r.id, {
			paidOn: '2026-12-07',
			means: 'carte',
			amount: '13.00'
		}).catch((e) => e);
		expect(err.issues).toEqual([{ field: 'amount', message: 'fund.paidAmount:12,00\u00a0€' }]);
	});
});

describe('who sees what', () => {
	it('the person’s name follows the sharing rule; the purpose is for the requester’s organisation and the approvers', async () => {
		const r = await createRequest(ctx('ccasPro'), f.cooperationId, input('20'));
		// the CAF has the person's consent for identity
		const caf = await getRequest(ctx('cafPro'), f.cooperationId, r.id);
		expect(caf.personName).toEqual({ visible: true, value: 'Maëlys Quercynet (fictive)' });
		expect(caf.purpose).toBe('Nuitées d’hôtel pour la mise à l’abri ce soir');
		// the association has no consent: the name is hidden, the approver still reads the purpose
		const asso = await getRequest(ctx('assoPro'), f.cooperationId, r.id);
		expect(asso.personName).toEqual({ visible: false, reason: 'noConsent' });
		expect(asso.purpose).toBe('Nuitées d’hôtel pour la mise à l’abri ce soir');
		// a member of the association who is not its authorised member reads neither
		const member = await getRequest(ctx('assoPro2'), f.cooperationId, r.id);
		expect(member.purpose).toBeNull();
		// the coordinator reads the fund but never the person
		const coord = await getRequest(ctx('coordinator'), f.cooperationId, r.id);
		expect(coord.personName).toEqual({ visible: false, reason: 'noConsent' });
		expect(coord.purpose).toBeNull();
		// outside the cooperation's parties: no access
		await expect(getRequest(ctx('gendPro'), f.cooperationId, r.id)).rejects.toThrow(ForbiddenError);
		await expect(getRequest(ctx('ccasPro'), f.cooperationId, crypto.randomUUID())).rejects.toThrow(
			NotFoundError
		);
		const audits = await rows<{ actor: string; what: string }>(
			t.db,
			sql`select actor_user_id as actor, details->>'what' as what from audit_events
			    where action = 'person.read' and object_id = ${personId} and details->>'requestId' = ${r.id}`
		);
		expect(audits.map((a) => a.actor).sort()).toEqual([P.assoPro, P.cafPro, P.ccasPro].sort());
	});

	it('lists show and audit the names the viewer may see', async () => {
		const list = await listRequests(ctx('cafPro'), f.cooperationId, { limit: 50, offset: 0 });
		expect(list.length).toBeGreaterThan(3);
		expect(list.every((r) => r.personName?.visible)).toBe(true);
		const [n] = await rows<{ n: number }>(
			t.db,
			sql`select count(*)::int as n from audit_events where action = 'person.read' and actor_user_id = ${P.cafPro}
			    and details->>'what' = 'advanceRequests'`
		);
		expect(n!.n).toBe(1);
	});
});

describe('reminders and erasure', () => {
	it('approvers who have not answered a pending request are reminded, without person data', async () => {
		const sent = await remindApprovers({ db: t.db, now: () => new Date('2026-12-09T06:00:00Z') });
		expect(sent).toBeGreaterThan(0);
		const events = await rows<{ title: string; text: string; url: string }>(
			t.db,
			sql`select title, text, url from notification_events where kind = 'fund.request.pending'`
		);
		expect(events.length).toBeGreaterThan(0);
		for (const e of events) {
			expect(e.title).toBe('Une demande d’avance attend votre réponse');
			expect(`${e.title} ${e.text} ${e.url}`).not.toMatch(/Maëlys|Quercynet|Nuitées/);
		}
	});

	it('anonymiseFundRequestsOf erases the sealed texts and keeps amounts and dates', async () => {
		const n = await anonymiseFundRequestsOf(ctx('ccasPro'), personId);
		expect(n).toBeGreaterThan(0);
		const [left] = await rows<{ sealed: number; persons: number; amounts: string }>(
			t.db,
			sql`select count(*) filter (where purpose_sealed is not null or write_off_reason_sealed is not null)::int as sealed,
			           count(person_id)::int as persons, sum(amount)::text as amounts from advance_requests`
		);
		expect(left!.sealed).toBe(0);
		expect(left!.persons).toBe(0);
		expect(Number(left!.amounts)).toBeGreaterThan(0);
		const [j] = await rows<{ n: number }>(
			t.db,
			sql`select count(justification_sealed)::int as n from advance_answers`
		);
		expect(j!.n).toBe(0);
	});
});
