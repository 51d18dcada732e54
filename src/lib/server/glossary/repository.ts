import { and, asc, desc, eq, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { users } from '../auth/schema';
import { glossaryEntries, glossaryHistory } from './schema';

export type GlossaryRow = typeof glossaryEntries.$inferSelect;
export type GlossaryRowInput = Omit<typeof glossaryEntries.$inferInsert, 'id' | 'createdAt'>;

/** The rows of these territories ([type, code] pairs), in no particular order. */
export async function rowsOf(db: Db, territories: [string, string][]): Promise<GlossaryRow[]> {
	if (!territories.length) return [];
	return db
		.select()
		.from(glossaryEntries)
		.where(
			or(
				...territories.map(([type, code]) =>
					and(eq(glossaryEntries.territoryType, type), eq(glossaryEntries.territoryCode, code))
				)
			)
		)
		.orderBy(asc(glossaryEntries.key));
}

export async function findRow(db: Db, type: string, code: string, key: string) {
	const [row] = await db
		.select()
		.from(glossaryEntries)
		.where(
			and(
				eq(glossaryEntries.territoryType, type),
				eq(glossaryEntries.territoryCode, code),
				eq(glossaryEntries.key, key)
			)
		)
		.for('update');
	return row;
}

export async function upsertRow(db: Db, row: GlossaryRowInput): Promise<GlossaryRow> {
	const [saved] = await db
		.insert(glossaryEntries)
		.values(row)
		.onConflictDoUpdate({
			target: [glossaryEntries.territoryType, glossaryEntries.territoryCode, glossaryEntries.key],
			set: { ...row, updatedAt: sql`excluded.updated_at` }
		})
		.returning();
	return saved!;
}

export async function deleteRow(db: Db, id: string) {
	await db.delete(glossaryEntries).where(eq(glossaryEntries.id, id));
}

export async function insertHistory(db: Db, entry: typeof glossaryHistory.$inferInsert) {
	await db.insert(glossaryHistory).values(entry);
}

export async function historyOf(db: Db, type: string, code: string, key: string) {
	return db
		.select({
			id: glossaryHistory.id,
			change: glossaryHistory.change,
			before: glossaryHistory.before,
			after: glossaryHistory.after,
			changedAt: glossaryHistory.changedAt,
			changedByName: users.displayName
		})
		.from(glossaryHistory)
		.leftJoin(users, eq(users.id, glossaryHistory.changedBy))
		.where(
			and(
				eq(glossaryHistory.territoryType, type),
				eq(glossaryHistory.territoryCode, code),
				eq(glossaryHistory.key, key)
			)
		)
		.orderBy(desc(glossaryHistory.seq))
		.limit(100);
}
