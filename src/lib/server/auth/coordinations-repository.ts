import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { territoryCoordinations } from './coordinations-schema';

export type CoordinationRow = typeof territoryCoordinations.$inferSelect;

export async function activeCoordinationsOf(db: Db, userId: string): Promise<CoordinationRow[]> {
	return db
		.select()
		.from(territoryCoordinations)
		.where(and(eq(territoryCoordinations.userId, userId), isNull(territoryCoordinations.revokedAt)))
		.orderBy(asc(territoryCoordinations.grantedAt));
}

/** Every coordination in force, oldest first (a territory has a handful: the list is filtered in the service). */
export async function activeCoordinations(db: Db): Promise<CoordinationRow[]> {
	return db
		.select()
		.from(territoryCoordinations)
		.where(isNull(territoryCoordinations.revokedAt))
		.orderBy(asc(territoryCoordinations.grantedAt), asc(territoryCoordinations.id));
}

export async function findCoordination(db: Db, id: string): Promise<CoordinationRow | undefined> {
	const [row] = await db.select().from(territoryCoordinations).where(eq(territoryCoordinations.id, id));
	return row;
}

export async function findActiveCoordination(
	db: Db,
	userId: string,
	territoryType: string,
	territoryCode: string
): Promise<CoordinationRow | undefined> {
	const [row] = await db
		.select()
		.from(territoryCoordinations)
		.where(
			and(
				eq(territoryCoordinations.userId, userId),
				eq(territoryCoordinations.territoryType, territoryType),
				eq(territoryCoordinations.territoryCode, territoryCode),
				isNull(territoryCoordinations.revokedAt)
			)
		);
	return row;
}

export async function insertCoordination(db: Db, row: typeof territoryCoordinations.$inferInsert) {
	const [inserted] = await db.insert(territoryCoordinations).values(row).returning();
	return inserted!;
}

/** Revokes once: returns undefined when the grant was already revoked. */
export async function revokeCoordination(db: Db, id: string, revokedBy: string | null, at: Date) {
	const [row] = await db
		.update(territoryCoordinations)
		.set({ revokedAt: at, revokedBy })
		.where(and(eq(territoryCoordinations.id, id), isNull(territoryCoordinations.revokedAt)))
		.returning();
	return row;
}
