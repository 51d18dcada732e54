import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { organisations } from '../organisations/schema';
import { users } from '../auth/schema';
import { cooperationParties, cooperations, partySignatories } from './schema';

export type CooperationRow = typeof cooperations.$inferSelect;

export async function insertCooperation(db: Db, row: typeof cooperations.$inferInsert) {
	const [created] = await db.insert(cooperations).values(row).returning();
	return created!;
}

export async function findCooperation(db: Db, id: string) {
	const [row] = await db.select().from(cooperations).where(eq(cooperations.id, id));
	return row;
}

export async function listCooperations(
	db: Db,
	filter: { limit: number; offset: number; organisationIds?: string[] }
) {
	const where = filter.organisationIds
		? inArray(
				cooperations.id,
				db
					.select({ id: cooperationParties.cooperationId })
					.from(cooperationParties)
					.where(inArray(cooperationParties.organisationId, filter.organisationIds))
			)
		: undefined;
	return db
		.select()
		.from(cooperations)
		.where(where)
		.orderBy(desc(cooperations.updatedAt), asc(cooperations.name))
		.limit(filter.limit)
		.offset(filter.offset);
}

export async function countCooperations(db: Db) {
	const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(cooperations);
	return row!.n;
}

export async function partiesOf(db: Db, cooperationId: string) {
	return db
		.select({
			organisationId: cooperationParties.organisationId,
			organisationName: organisations.name,
			organisationKind: organisations.kind,
			role: cooperationParties.role,
			joinedAt: cooperationParties.joinedAt
		})
		.from(cooperationParties)
		.innerJoin(organisations, eq(organisations.id, cooperationParties.organisationId))
		.where(eq(cooperationParties.cooperationId, cooperationId))
		.orderBy(
			sql`array_position(array['pilote','co-pilote','facilitateur','contributeur'], ${cooperationParties.role})`,
			asc(organisations.name)
		);
}

export async function signatoriesOf(db: Db, cooperationId: string) {
	return db
		.select({
			organisationId: partySignatories.organisationId,
			userId: partySignatories.userId,
			displayName: users.displayName
		})
		.from(partySignatories)
		.innerJoin(users, eq(users.id, partySignatories.userId))
		.where(eq(partySignatories.cooperationId, cooperationId))
		.orderBy(asc(users.displayName));
}

export async function insertParty(db: Db, row: typeof cooperationParties.$inferInsert) {
	await db.insert(cooperationParties).values(row);
}

export async function replaceSignatories(
	db: Db,
	cooperationId: string,
	organisationId: string,
	userIds: string[]
) {
	await db
		.delete(partySignatories)
		.where(
			and(
				eq(partySignatories.cooperationId, cooperationId),
				eq(partySignatories.organisationId, organisationId)
			)
		);
	if (userIds.length)
		await db
			.insert(partySignatories)
			.values(userIds.map((userId) => ({ cooperationId, organisationId, userId })));
}
