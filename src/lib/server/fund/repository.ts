import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { rows } from '../db/client';
import { persons } from '../pathways/schema';
import { users } from '../auth/schema';
import {
	advanceAnswers,
	advanceRepayments,
	advanceRequests,
	type AdvanceStatus,
	type AdvanceUrgency
} from './schema';

/** The only place the advance fund talks SQL. Sums are computed by PostgreSQL in numeric (exact). */
export type RequestRow = typeof advanceRequests.$inferSelect;
export type AnswerRow = typeof advanceAnswers.$inferSelect;
export type RepaymentRow = typeof advanceRepayments.$inferSelect;

/** Statuses whose amount counts against the yearly ceiling (approved and everything after it). */
export const COMMITTED: AdvanceStatus[] = ['approved', 'paid', 'partially_repaid', 'repaid', 'written_off'];

export async function insertRequest(db: Db, row: typeof advanceRequests.$inferInsert): Promise<RequestRow> {
	const [r] = await db.insert(advanceRequests).values(row).returning();
	return r!;
}

export async function findRequest(
	db: Db,
	cooperationId: string,
	id: string
): Promise<RequestRow | undefined> {
	const [r] = await db
		.select()
		.from(advanceRequests)
		.where(and(eq(advanceRequests.id, id), eq(advanceRequests.cooperationId, cooperationId)));
	return r;
}

/** The request, locked until the end of the transaction (two last approvals at once: one waits for the other). */
export async function lockRequest(
	db: Db,
	cooperationId: string,
	id: string
): Promise<RequestRow | undefined> {
	const [r] = await db
		.select()
		.from(advanceRequests)
		.where(and(eq(advanceRequests.id, id), eq(advanceRequests.cooperationId, cooperationId)))
		.for('update');
	return r;
}

export interface RequestFilter {
	status?: AdvanceStatus;
	year?: number;
	urgency?: AdvanceUrgency;
	limit: number;
	offset: number;
}

export async function listRequests(db: Db, cooperationId: string, f: RequestFilter): Promise<RequestRow[]> {
	return db
		.select()
		.from(advanceRequests)
		.where(
			and(
				eq(advanceRequests.cooperationId, cooperationId),
				f.status ? eq(advanceRequests.status, f.status) : undefined,
				f.year ? eq(advanceRequests.year, f.year) : undefined,
				f.urgency ? eq(advanceRequests.urgency, f.urgency) : undefined
			)
		)
		.orderBy(desc(advanceRequests.createdAt), desc(advanceRequests.id))
		.limit(f.limit)
		.offset(f.offset);
}

/** Sum of the amounts committed (approved and after) in a cooperation's year, plus pending ones when asked. */
export async function committedInYear(db: Db, cooperationId: string, year: number): Promise<string> {
	const [r] = await db
		.select({ total: sql<string>`coalesce(sum(${advanceRequests.amount}), 0)::numeric(14,2)::text` })
		.from(advanceRequests)
		.where(
			and(
				eq(advanceRequests.cooperationId, cooperationId),
				eq(advanceRequests.year, year),
				inArray(advanceRequests.status, COMMITTED)
			)
		);
	return r!.total;
}

export interface BalanceRow {
	approved: string;
	paid: string;
	repaid: string;
	writtenOff: string;
	outstanding: string;
	pending: string;
	requests: number;
}

/** The balance of one year, in exact decimals computed in SQL. */
export async function balanceOf(db: Db, cooperationId: string, year: number): Promise<BalanceRow> {
	const [r] = await rows<BalanceRow>(
		db,
		sql`select
		      coalesce(sum(amount) filter (where status in ('approved','paid','partially_repaid','repaid','written_off')), 0)::numeric(14,2)::text as approved,
		      coalesce(sum(paid_amount), 0)::numeric(14,2)::text as paid,
		      coalesce(sum(repaid_amount), 0)::numeric(14,2)::text as repaid,
		      coalesce(sum(written_off_amount), 0)::numeric(14,2)::text as "writtenOff",
		      coalesce(sum(coalesce(paid_amount, 0) - repaid_amount - written_off_amount), 0)::numeric(14,2)::text as outstanding,
		      coalesce(sum(amount) filter (where status = 'pending'), 0)::numeric(14,2)::text as pending,
		      count(*)::int as requests
		    from advance_requests where cooperation_id = ${cooperationId} and year = ${year}`
	);
	return r!;
}

export async function answersOf(db: Db, requestIds: readonly string[]): Promise<AnswerRow[]> {
	if (!requestIds.length) return [];
	return db
		.select()
		.from(advanceAnswers)
		.where(inArray(advanceAnswers.requestId, [...requestIds]))
		.orderBy(asc(advanceAnswers.answeredAt), asc(advanceAnswers.approverIndex));
}

export async function insertAnswer(db: Db, row: typeof advanceAnswers.$inferInsert): Promise<AnswerRow> {
	const [r] = await db.insert(advanceAnswers).values(row).returning();
	return r!;
}

export async function repaymentsOf(db: Db, requestId: string): Promise<RepaymentRow[]> {
	return db
		.select()
		.from(advanceRepayments)
		.where(eq(advanceRepayments.requestId, requestId))
		.orderBy(asc(advanceRepayments.repaidOn), asc(advanceRepayments.createdAt));
}

export async function insertRepayment(
	db: Db,
	row: typeof advanceRepayments.$inferInsert
): Promise<RepaymentRow> {
	const [r] = await db.insert(advanceRepayments).values(row).returning();
	return r!;
}

/**
 * Moves a request on, only from the status it was read in (a conditional update: with the row lock, two
 * concurrent transitions make one change). Returns the new row, or undefined when the status had changed.
 */
export async function transition(
	db: Db,
	id: string,
	from: AdvanceStatus[],
	set: Partial<typeof advanceRequests.$inferInsert>
): Promise<RequestRow | undefined> {
	const [r] = await db
		.update(advanceRequests)
		.set({ ...set, updatedAt: new Date() })
		.where(and(eq(advanceRequests.id, id), inArray(advanceRequests.status, from)))
		.returning();
	return r;
}

/** Adds a repayment to the running total, in SQL (exact), and sets the status from it. */
export async function addRepaid(db: Db, id: string, amount: string): Promise<RequestRow | undefined> {
	const [r] = await db
		.update(advanceRequests)
		.set({
			repaidAmount: sql`${advanceRequests.repaidAmount} + ${amount}::numeric`,
			status: sql`case when ${advanceRequests.repaidAmount} + ${amount}::numeric >= ${advanceRequests.paidAmount} then 'repaid' else 'partially_repaid' end`,
			updatedAt: new Date()
		})
		.where(
			and(
				eq(advanceRequests.id, id),
				inArray(advanceRequests.status, ['paid', 'partially_repaid']),
				sql`${advanceRequests.repaidAmount} + ${amount}::numeric <= ${advanceRequests.paidAmount}`
			)
		)
		.returning();
	return r;
}

/** Pending requests (for the reminders), oldest first. */
export async function pendingRequests(db: Db): Promise<RequestRow[]> {
	return db
		.select()
		.from(advanceRequests)
		.where(eq(advanceRequests.status, 'pending'))
		.orderBy(asc(advanceRequests.createdAt))
		.limit(5000);
}

/** Requests of a person (erasure). */
export async function requestsOfPerson(db: Db, personId: string): Promise<RequestRow[]> {
	return db.select().from(advanceRequests).where(eq(advanceRequests.personId, personId));
}

/** Erases the sealed texts of a person's requests and answers; amounts, dates and statuses stay. */
export async function anonymiseOfPerson(db: Db, personId: string): Promise<number> {
	const ids = (await requestsOfPerson(db, personId)).map((r) => r.id);
	if (!ids.length) return 0;
	await db
		.update(advanceAnswers)
		.set({ justificationSealed: null })
		.where(inArray(advanceAnswers.requestId, ids));
	await db
		.update(advanceRequests)
		.set({ purposeSealed: null, writeOffReasonSealed: null, personId: null, updatedAt: new Date() })
		.where(inArray(advanceRequests.id, ids));
	return ids.length;
}

/** Active persons held by these organisations (the new request's person list), newest first. */
export async function personsHeldBy(db: Db, organisationIds: readonly string[], limit = 300) {
	if (!organisationIds.length) return [];
	return db
		.select({ id: persons.id })
		.from(persons)
		.where(and(inArray(persons.organisationId, [...organisationIds]), eq(persons.status, 'active')))
		.orderBy(desc(persons.createdAt))
		.limit(limit);
}

/** Display names of professionals (requesters, approvers, who paid): names of users, never of persons followed. */
export async function userNames(db: Db, ids: readonly (string | null)[]): Promise<Map<string, string>> {
	const wanted = [...new Set(ids.filter((i): i is string => !!i))];
	if (!wanted.length) return new Map();
	const found = await db
		.select({ id: users.id, name: users.displayName })
		.from(users)
		.where(inArray(users.id, wanted));
	return new Map(found.map((u) => [u.id, u.name]));
}
