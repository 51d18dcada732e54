import { and, desc, eq, isNull, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { needs } from './schema';
import type { NeedsQuery } from './validation';

export type NeedRow = typeof needs.$inferSelect;
export type NewNeed = typeof needs.$inferInsert;

/** Inserts a need; a second one for the same referral does nothing (returns undefined). */
export async function insertNeed(db: Db, row: NewNeed): Promise<NeedRow | undefined> {
	const [inserted] = await db.insert(needs).values(row).onConflictDoNothing().returning();
	return inserted;
}

export async function needOfReferral(db: Db, referralId: string): Promise<NeedRow | undefined> {
	const [row] = await db.select().from(needs).where(eq(needs.referralId, referralId));
	return row;
}

export async function listNeeds(db: Db, query: NeedsQuery): Promise<NeedRow[]> {
	const where: SQL[] = [isNull(needs.mergedIntoId)];
	if (query.territoryType) where.push(eq(needs.territoryType, query.territoryType));
	if (query.territoryCode) where.push(eq(needs.territoryCode, query.territoryCode));
	if (query.source) where.push(eq(needs.source, query.source));
	if (query.status) where.push(eq(needs.status, query.status));
	return db
		.select()
		.from(needs)
		.where(and(...where))
		.orderBy(desc(needs.reportedAt))
		.limit(query.limit);
}
