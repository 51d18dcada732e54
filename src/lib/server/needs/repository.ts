import { and, asc, count, desc, eq, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { needEvents, needs } from './schema';
import type { NeedsQuery } from './validation';

export type NeedRow = typeof needs.$inferSelect;
export type NewNeed = typeof needs.$inferInsert;
export type NeedEventRow = typeof needEvents.$inferSelect;
export type NewNeedEvent = typeof needEvents.$inferInsert;

/** Inserts a need; a second one for the same referral does nothing (returns undefined). */
export async function insertNeed(db: Db, row: NewNeed): Promise<NeedRow | undefined> {
	const [inserted] = await db.insert(needs).values(row).onConflictDoNothing().returning();
	return inserted;
}

export async function needOfReferral(db: Db, referralId: string): Promise<NeedRow | undefined> {
	const [row] = await db.select().from(needs).where(eq(needs.referralId, referralId));
	return row;
}

/** One need; `lock` takes its row lock (inside a transaction) so that two merges or edits do not interleave. */
export async function findNeed(db: Db, id: string, lock = false): Promise<NeedRow | undefined> {
	const query = db.select().from(needs).where(eq(needs.id, id));
	const [row] = await (lock ? query.for('update') : query);
	return row;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export type NeedsFilter = Partial<NeedsQuery> & { limit: number; offset: number };

/** Needs of the inventory (duplicates merged into another left out), newest first, and how many match. */
export async function listNeeds(db: Db, query: NeedsFilter): Promise<{ rows: NeedRow[]; total: number }> {
	const where: SQL[] = [isNull(needs.mergedIntoId)];
	if (query.territoryType) where.push(eq(needs.territoryType, query.territoryType));
	if (query.territoryCode) where.push(eq(needs.territoryCode, query.territoryCode));
	if (query.source) where.push(eq(needs.source, query.source));
	if (query.status) where.push(eq(needs.status, query.status));
	if (query.expertise) where.push(eq(needs.expertise, query.expertise));
	if (query.theme) where.push(sql`${needs.themes} @> array[${query.theme}]::text[]`);
	if (query.q) {
		const pattern = `%${escapeLike(query.q)}%`;
		where.push(or(ilike(needs.title, pattern), ilike(needs.description, pattern))!);
	}
	const rows = await db
		.select()
		.from(needs)
		.where(and(...where))
		.orderBy(desc(needs.reportedAt), desc(needs.id))
		.limit(query.limit)
		.offset(query.offset);
	const [counted] = await db
		.select({ n: count() })
		.from(needs)
		.where(and(...where));
	return { rows, total: counted?.n ?? 0 };
}

export async function updateNeed(db: Db, id: string, values: Partial<NewNeed>): Promise<NeedRow> {
	const [row] = await db.update(needs).set(values).where(eq(needs.id, id)).returning();
	return row!;
}

/** The duplicates merged into a need, oldest first. */
export async function duplicatesOf(db: Db, id: string): Promise<NeedRow[]> {
	return db.select().from(needs).where(eq(needs.mergedIntoId, id)).orderBy(asc(needs.reportedAt));
}

export async function insertEvents(db: Db, rows: NewNeedEvent[]): Promise<void> {
	if (rows.length) await db.insert(needEvents).values(rows);
}

export async function eventsOf(db: Db, needId: string): Promise<NeedEventRow[]> {
	return db.select().from(needEvents).where(eq(needEvents.needId, needId)).orderBy(asc(needEvents.seq));
}
