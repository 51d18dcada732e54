import type { Context } from '../context';
import { nowOf } from '../context';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { authorize, ForbiddenError } from '../policy/policy';
import { ANONYMOUS } from '../policy/actor';
import { audit } from '../audit/service';
import { inTransaction } from '../db/transaction';
import { cooperationAccess, type CooperationAccess } from '../cooperations/service';
import { charterInForce } from '../charters/queries';
import { formatEuros } from '../charters/content';
import { auditPersonReads, personAccess, personViews, reveal } from '../pathways/access';
import { seal } from '../crypto/fields';
import { notify } from '../notifications/service';
import { parisDay } from '../jobs/clock';
import * as repo from './repository';
import type { ApproverSnapshot } from './schema';
import { requestDetail, requestSummaries, type AdvanceDetail, type AdvanceSummary } from './view';
import type {
	AdvanceRequestInput,
	AnswerInput,
	PaymentInput,
	RepaymentInput,
	RequestFilterInput,
	WriteOffInput
} from './validation';

/**
 * The advance fund of a cooperation (issue 11 §6): a professional of a party asks for an advance for a person
 * they see; the approvers the charter in force names answer (quorum, justification on refusal); the payment,
 * the repayments or the write-off are recorded. Ceilings per request and per calendar year (Europe/Paris) come
 * from the charter in force. Every use case is one transaction with its audit entry.
 */

export { FUND_SEALED_COLUMNS } from './schema';
export type { AdvanceDetail, AdvanceSummary } from './view';

const cents = (v: string) => BigInt(v.replace('.', ''));
const fromCents = (c: bigint) => {
	const neg = c < 0n;
	const s = (neg ? -c : c).toString().padStart(3, '0');
	return `${neg ? '-' : ''}${s.slice(0, -2)}.${s.slice(-2)}`;
};
export const parisYear = (at: Date) => Number(parisDay(at).slice(0, 4));
const requestUrl = (cooperationId: string, id: string) => `/cooperations/${cooperationId}/fonds/${id}`;

/** The cooperation as stored, after the policy check (parties' professionals, coordinators for reading). */
export async function fundAccess(
	ctx: Context,
	cooperationId: string,
	action: 'read' | 'create' | 'update' = 'read'
): Promise<CooperationAccess> {
	const access = await cooperationAccess(ctx, cooperationId);
	authorize(ctx.actor, action, 'advanceRequest', access.target);
	return access;
}

/** Approver entries of the snapshot the acting user may answer for (a named user, or any authorised member). */
export function entriesOf(ctx: Context, access: CooperationAccess, approvers: ApproverSnapshot[]): number[] {
	const userId = ctx.actor.user?.id;
	if (!userId) return [];
	return approvers.flatMap((a, i) =>
		access.signatoryFor.includes(a.organisationId) && (a.userId === null || a.userId === userId) ? [i] : []
	);
}

function requireUser(ctx: Context): string {
	const id = ctx.actor.user?.id;
	if (!id) throw new ForbiddenError('create', 'advanceRequest', false);
	return id;
}

async function loadRequest(ctx: Context, cooperationId: string, id: string, lock = false) {
	const row = lock
		? await repo.lockRequest(ctx.db, cooperationId, id)
		: await repo.findRequest(ctx.db, cooperationId, id);
	if (!row) throw new NotFoundError('advanceRequest', id);
	return row;
}

/** A new request: person seen by the requester, ceilings of the charter in force, approvers snapshotted. */
export async function createRequest(
	ctx: Context,
	cooperationId: string,
	input: AdvanceRequestInput
): Promise<AdvanceDetail> {
	return inTransaction(ctx, async (tx) => {
		const access = await fundAccess(tx, cooperationId, 'create');
		const userId = requireUser(tx);
		const partyIds = new Set(access.parties.map((p) => p.organisationId));
		const mine = tx.actor.memberships
			.filter((m) => m.role !== 'reader' && partyIds.has(m.organisationId))
			.map((m) => m.organisationId);
		const organisationId = input.organisationId ?? mine[0];
		if (!organisationId || !mine.includes(organisationId))
			throw new ValidationError([{ field: 'organisationId', message: 'fund.organisation' }]);
		// a person the requester does not see is, for them, a person that does not exist
		try {
			await personAccess(tx, input.personId);
		} catch (e) {
			if (e instanceof NotFoundError)
				throw new ValidationError([{ field: 'personId', message: 'fund.person' }]);
			throw e;
		}
		const charter = await charterInForce(tx, cooperationId);
		if (!charter) throw new ConflictError('fund.noCharter');
		if (!charter.fund.approvers.length) throw new ConflictError('fund.noApprovers');
		const { ceilingPerRequest, ceilingPerYear } = charter.fund;
		if (cents(input.amount) > cents(ceilingPerRequest))
			throw new ValidationError([
				{ field: 'amount', message: `fund.ceilingPerRequest:${formatEuros(ceilingPerRequest)}` }
			]);
		const year = parisYear(nowOf(tx));
		const remaining = cents(ceilingPerYear) - cents(await repo.committedInYear(tx.db, cooperationId, year));
		if (cents(input.amount) > remaining)
			throw new ValidationError([
				{
					field: 'amount',
					message: `fund.ceilingPerYear:${formatEuros(fromCents(remaining > 0n ? remaining : 0n))}`
				}
			]);
		const row = await repo.insertRequest(tx.db, {
			cooperationId,
			personId: input.personId,
			requesterUserId: userId,
			requesterOrganisationId: organisationId,
			amount: input.amount,
			purposeSealed: seal(input.purpose, input.personId),
			urgency: input.urgency,
			year,
			charterVersionId: charter.versionId,
			approvers: charter.fund.approvers,
			quorum: Math.min(charter.fund.quorum, charter.fund.approvers.length)
		});
		await audit(tx, {
			action: 'advanceRequest.create',
			objectType: 'advanceRequest',
			objectId: row.id,
			organisationId,
			details: { cooperationId, personId: row.personId, amount: row.amount, urgency: row.urgency }
		});
		await notifyApprovers(tx, access, row, `fund.request:${row.id}`);
		return requestDetail(tx, access, row, 'create');
	});
}

/** Tells the approvers who have not answered (never any person data: an amount is not said either). */
async function notifyApprovers(
	ctx: Context,
	access: CooperationAccess,
	row: repo.RequestRow,
	dedupeKey: string
) {
	const answered = new Set((await repo.answersOf(ctx.db, [row.id])).map((a) => a.approverIndex));
	const recipients = row.approvers.flatMap((a, i) => {
		if (answered.has(i)) return [];
		const party = access.parties.find((p) => p.organisationId === a.organisationId);
		const users = a.userId ? [a.userId] : (party?.signatories.map((s) => s.userId) ?? []);
		return users.filter((u) => u !== row.requesterUserId);
	});
	if (!recipients.length) return false;
	return notify(ctx, {
		kind: 'fund.request.pending',
		title: 'Une demande d’avance attend votre réponse',
		text: `Coopération «\u00a0${access.cooperation.name}\u00a0».`,
		url: requestUrl(row.cooperationId, row.id),
		cooperationId: row.cooperationId,
		recipients,
		dedupeKey
	});
}

export async function listRequests(
	ctx: Context,
	cooperationId: string,
	filter: RequestFilterInput
): Promise<AdvanceSummary[]> {
	return inTransaction(ctx, async (tx) => {
		const access = await fundAccess(tx, cooperationId);
		const rows = await repo.listRequests(tx.db, cooperationId, filter);
		return requestSummaries(tx, access, rows);
	});
}

export async function getRequest(ctx: Context, cooperationId: string, id: string): Promise<AdvanceDetail> {
	return inTransaction(ctx, async (tx) => {
		const access = await fundAccess(tx, cooperationId);
		return requestDetail(tx, access, await loadRequest(tx, cooperationId, id), 'read');
	});
}

/**
 * An approver's answer. The request row is locked first: of two last approvals at once, the second waits, then
 * sees the first one's answer and the new status. Approved at `quorum` approvals; refused as soon as the entries
 * left cannot reach it.
 */
export async function answerRequest(
	ctx: Context,
	cooperationId: string,
	id: string,
	input: AnswerInput
): Promise<AdvanceDetail> {
	return inTransaction(ctx, async (tx) => {
		const access = await fundAccess(tx, cooperationId);
		const userId = requireUser(tx);
		const row = await loadRequest(tx, cooperationId, id, true);
		const mine = entriesOf(tx, access, row.approvers);
		if (!mine.length) throw new ForbiddenError('update', 'advanceRequest', true);
		if (row.requesterUserId === userId) throw new ConflictError('fund.selfApproval');
		if (row.status !== 'pending') throw new ConflictError('fund.notPending');
		const answers = await repo.answersOf(tx.db, [row.id]);
		if (answers.some((a) => a.userId === userId)) throw new ConflictError('fund.alreadyAnswered');
		const taken = new Set(answers.map((a) => a.approverIndex));
		const index = mine.find((i) => !taken.has(i));
		if (index === undefined) throw new ConflictError('fund.alreadyAnswered');
		const entry = row.approvers[index]!;
		await repo.insertAnswer(tx.db, {
			requestId: row.id,
			approverIndex: index,
			organisationId: entry.organisationId,
			userId,
			decision: input.decision,
			justificationSealed:
				input.justification && row.personId ? seal(input.justification, row.personId) : null
		});
		const all = [...answers.map((a) => a.decision), input.decision];
		const approvals = all.filter((d) => d === 'approved').length;
		const open = row.approvers.length - all.length;
		const next = approvals >= row.quorum ? 'approved' : approvals + open < row.quorum ? 'refused' : null;
		if (next === 'approved') {
			const charter = await charterInForce(tx, cooperationId);
			const ceiling = charter?.fund.ceilingPerYear;
			const committed = await repo.committedInYear(tx.db, cooperationId, row.year);
			if (ceiling && cents(committed) + cents(row.amount) > cents(ceiling))
				throw new ConflictError('fund.ceilingReached');
		}
		if (next) {
			const moved = await repo.transition(tx.db, row.id, ['pending'], { status: next, decidedAt: nowOf(tx) });
			if (!moved) throw new ConflictError('fund.notPending');
			if (row.requesterUserId)
				await notify(tx, {
					kind: `fund.request.${next}`,
					title:
						next === 'approved'
							? 'Une demande d’avance a été accordée'
							: 'Une demande d’avance a été refusée',
					url: requestUrl(cooperationId, row.id),
					cooperationId,
					recipients: [row.requesterUserId],
					dedupeKey: `fund.request.${next}:${row.id}`
				});
		}
		await audit(tx, {
			action: 'advanceRequest.answer',
			objectType: 'advanceRequest',
			objectId: row.id,
			organisationId: entry.organisationId,
			details: { cooperationId, decision: input.decision, approverIndex: index, status: next ?? 'pending' }
		});
		return requestDetail(tx, access, (await repo.findRequest(tx.db, cooperationId, id))!, 'answer');
	});
}

/** Who records money movements: the requesting organisation's professionals and the approvers. */
export function mayRecord(ctx: Context, access: CooperationAccess, row: repo.RequestRow): boolean {
	const inRequester = ctx.actor.memberships.some(
		(m) => m.organisationId === row.requesterOrganisationId && m.role !== 'reader'
	);
	return inRequester || entriesOf(ctx, access, row.approvers).length > 0;
}

async function recordStep(
	ctx: Context,
	cooperationId: string,
	id: string,
	action: string,
	step: (tx: Context, row: repo.RequestRow, userId: string) => Promise<Record<string, unknown>>
): Promise<AdvanceDetail> {
	return inTransaction(ctx, async (tx) => {
		const access = await fundAccess(tx, cooperationId);
		const userId = requireUser(tx);
		const row = await loadRequest(tx, cooperationId, id, true);
		if (!mayRecord(tx, access, row)) throw new ForbiddenError('update', 'advanceRequest', true);
		const details = await step(tx, row, userId);
		await audit(tx, {
			action: `advanceRequest.${action}`,
			objectType: 'advanceRequest',
			objectId: row.id,
			organisationId: row.requesterOrganisationId,
			details: { cooperationId, ...details }
		});
		return requestDetail(tx, access, (await repo.findRequest(tx.db, cooperationId, id))!, action);
	});
}

/** The payment of an approved request: the approved amount, on a date, by a means. */
export async function payRequest(ctx: Context, cooperationId: string, id: string, input: PaymentInput) {
	return recordStep(ctx, cooperationId, id, 'pay', async (tx, row, userId) => {
		if (row.status !== 'approved') throw new ConflictError('fund.notApproved');
		if (input.amount !== undefined && cents(input.amount) !== cents(row.amount))
			throw new ValidationError([{ field: 'amount', message: `fund.paidAmount:${formatEuros(row.amount)}` }]);
		if (input.paidOn > parisDay(nowOf(tx)))
			throw new ValidationError([{ field: 'paidOn', message: 'fund.future' }]);
		const moved = await repo.transition(tx.db, row.id, ['approved'], {
			status: 'paid',
			paidOn: input.paidOn,
			paidAmount: row.amount,
			paymentMeans: input.means,
			paidBy: userId
		});
		if (!moved) throw new ConflictError('fund.notApproved');
		return { amount: row.amount, means: input.means, paidOn: input.paidOn };
	});
}

/** A repayment, partial or the last one; the total never exceeds what was paid. */
export async function repayRequest(ctx: Context, cooperationId: string, id: string, input: RepaymentInput) {
	return recordStep(ctx, cooperationId, id, 'repay', async (tx, row, userId) => {
		if (row.status !== 'paid' && row.status !== 'partially_repaid') throw new ConflictError('fund.notPaid');
		if (cents(input.amount) <= 0n) throw new ValidationError([{ field: 'amount', message: 'fund.amount' }]);
		const left = cents(row.paidAmount ?? '0') - cents(row.repaidAmount) - cents(row.writtenOffAmount);
		if (cents(input.amount) > left)
			throw new ValidationError([
				{ field: 'amount', message: `fund.repayTooMuch:${formatEuros(fromCents(left))}` }
			]);
		if (input.repaidOn > parisDay(nowOf(tx)))
			throw new ValidationError([{ field: 'repaidOn', message: 'fund.future' }]);
		await repo.insertRepayment(tx.db, {
			requestId: row.id,
			amount: input.amount,
			repaidOn: input.repaidOn,
			recordedBy: userId
		});
		const moved = await repo.addRepaid(tx.db, row.id, input.amount);
		if (!moved) throw new ConflictError('fund.notPaid');
		return { amount: input.amount, repaidOn: input.repaidOn, status: moved.status };
	});
}

/** Write-off of what is still owed, with a reason (sealed). */
export async function writeOffRequest(ctx: Context, cooperationId: string, id: string, input: WriteOffInput) {
	return recordStep(ctx, cooperationId, id, 'writeOff', async (tx, row, userId) => {
		if (row.status !== 'paid' && row.status !== 'partially_repaid') throw new ConflictError('fund.notPaid');
		const left = cents(row.paidAmount ?? '0') - cents(row.repaidAmount);
		const moved = await repo.transition(tx.db, row.id, ['paid', 'partially_repaid'], {
			status: 'written_off',
			writtenOffAmount: fromCents(left),
			writtenOffAt: nowOf(tx),
			writtenOffBy: userId,
			writeOffReasonSealed: row.personId ? seal(input.reason, row.personId) : null
		});
		if (!moved) throw new ConflictError('fund.notPaid');
		return { amount: fromCents(left) };
	});
}

export interface FundBalance extends repo.BalanceRow {
	year: number;
	ceilingPerYear: string | null;
	ceilingPerRequest: string | null;
	remaining: string | null;
}

/** The balance of a calendar year: approved, paid, repaid, written off, outstanding, left under the ceiling. */
export async function fundBalance(ctx: Context, cooperationId: string, year?: number): Promise<FundBalance> {
	await fundAccess(ctx, cooperationId);
	const y = year ?? parisYear(nowOf(ctx));
	const [balance, charter] = await Promise.all([
		repo.balanceOf(ctx.db, cooperationId, y),
		charterInForce(ctx, cooperationId)
	]);
	const ceiling = charter?.fund.ceilingPerYear ?? null;
	const left = ceiling ? cents(ceiling) - cents(balance.approved) : null;
	return {
		year: y,
		...balance,
		ceilingPerYear: ceiling,
		ceilingPerRequest: charter?.fund.ceilingPerRequest ?? null,
		remaining: left === null ? null : fromCents(left > 0n ? left : 0n)
	};
}

/**
 * Erasure hook (the rights area calls it inside its erasure transaction): the sealed texts of the person's
 * requests and answers are erased and the link to the person cut; amounts, dates and statuses stay. No access
 * check of its own: the erasure and the retention job (pathways/erasure.ts, wired in personal-data.ts) decide, and
 * the person is already anonymised when it runs.
 */
export async function anonymiseFundRequestsOf(ctx: Context, personId: string): Promise<number> {
	const count = await repo.anonymiseOfPerson(ctx.db, personId);
	if (count)
		await audit(ctx, {
			action: 'advanceRequest.anonymise',
			objectType: 'person',
			objectId: personId,
			details: { requests: count }
		});
	return count;
}

/**
 * Daily reminders to approvers who have not answered a pending request: immediate ones at every run, the others
 * once they are a day old; one notification per request and day (dedupe key).
 */
export async function remindApprovers(ctx: Pick<Context, 'db' | 'now'>): Promise<number> {
	const now = nowOf(ctx);
	const today = parisDay(now);
	let sent = 0;
	for (const row of await repo.pendingRequests(ctx.db)) {
		if (row.urgency !== 'immediate' && now.getTime() - row.createdAt.getTime() < 86_400_000) continue;
		const system: Context = { db: ctx.db, now: ctx.now, actor: ANONYMOUS };
		const access = await cooperationAccess(system, row.cooperationId);
		const key = row.urgency === 'immediate' ? `${today}:${now.getUTCHours()}` : today;
		if (
			await inTransaction(system, (tx) =>
				notifyApprovers(tx, access, row, `fund.request.reminder:${row.id}:${key}`)
			)
		)
			sent++;
	}
	return sent;
}

/**
 * The persons a new request may be for: those held by the requester's organisations that are parties (their
 * names are shown, so the read is audited), newest first.
 */
export async function personChoices(
	ctx: Context,
	cooperationId: string
): Promise<{ id: string; name: string }[]> {
	return inTransaction(ctx, async (tx) => {
		const access = await fundAccess(tx, cooperationId, 'create');
		const partyIds = new Set(access.parties.map((p) => p.organisationId));
		const mine = tx.actor.memberships
			.filter((m) => m.role !== 'reader' && partyIds.has(m.organisationId))
			.map((m) => m.organisationId);
		const ids = (await repo.personsHeldBy(tx.db, mine)).map((p) => p.id);
		const views = await personViews(tx, ids);
		const choices = views.flatMap((v) => {
			const shown = reveal<{ firstName: string; lastName: string; usualName?: string }>(
				v,
				'identity',
				v.person.identitySealed
			);
			return shown.visible && shown.value
				? [
						{
							id: v.person.id,
							name: `${shown.value.firstName} ${shown.value.usualName || shown.value.lastName}`
						}
					]
				: [];
		});
		if (views.length) await auditPersonReads(tx, views, 'advanceRequestChoices', { cooperationId });
		return choices.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
	});
}
