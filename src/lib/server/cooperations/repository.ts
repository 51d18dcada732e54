import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client';
import { organisations } from '../organisations/schema';
import { users } from '../auth/schema';
import { memberships } from '../organisations/schema';
import { cooperationHistory, cooperationParties, cooperations, partySignatories } from './schema';

export type CooperationRow = typeof cooperations.$inferSelect;

export async function insertCooperation(db: Db, row: typeof cooperations.$inferInsert) {
	const [created] = await db.insert(cooperations).values(row).returning();
	return created!;
}

export async function findCooperation(db: Db, id: string) {
	const [row] = await db.select().from(cooperations).where(eq(cooperations.id, id));
	return row;
}

export interface CooperationFilter {
	limit: number;
	offset: number;
	organisationIds?: string[];
	/** part of the name, accents and case ignored */
	q?: string;
}

function whereOf(db: Db, filter: Omit<CooperationFilter, 'limit' | 'offset'>): SQL | undefined {
	const parts: SQL[] = [];
	if (filter.organisationIds)
		parts.push(
			inArray(
				cooperations.id,
				db
					.select({ id: cooperationParties.cooperationId })
					.from(cooperationParties)
					.where(
						filter.organisationIds.length
							? inArray(cooperationParties.organisationId, filter.organisationIds)
							: sql`false`
					)
			)
		);
	// normalize_name drops accents, case and punctuation (and so any LIKE wildcard typed)
	if (filter.q)
		parts.push(sql`normalize_name(${cooperations.name}) like '%' || normalize_name(${filter.q}) || '%'`);
	return parts.length ? and(...parts) : undefined;
}

export async function listCooperations(db: Db, filter: CooperationFilter) {
	const where = whereOf(db, filter);
	return db
		.select()
		.from(cooperations)
		.where(where)
		.orderBy(desc(cooperations.updatedAt), asc(cooperations.name))
		.limit(filter.limit)
		.offset(filter.offset);
}

export async function countCooperations(db: Db, filter: Omit<CooperationFilter, 'limit' | 'offset'> = {}) {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(cooperations)
		.where(whereOf(db, filter));
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

export async function updateCooperation(
	db: Db,
	id: string,
	patch: Partial<
		Pick<CooperationRow, 'name' | 'description' | 'themes' | 'territoryType' | 'territoryCode' | 'status'>
	>
) {
	const [row] = await db
		.update(cooperations)
		.set({ ...patch, updatedAt: sql`now()` })
		.where(eq(cooperations.id, id))
		.returning();
	return row!;
}

export async function touchCooperation(db: Db, id: string) {
	await db
		.update(cooperations)
		.set({ updatedAt: sql`now()` })
		.where(eq(cooperations.id, id));
}

export async function setPartyRole(db: Db, cooperationId: string, organisationId: string, role: string) {
	await db
		.update(cooperationParties)
		.set({ role })
		.where(
			and(
				eq(cooperationParties.cooperationId, cooperationId),
				eq(cooperationParties.organisationId, organisationId)
			)
		);
}

export async function deleteParty(db: Db, cooperationId: string, organisationId: string) {
	await replaceSignatories(db, cooperationId, organisationId, []);
	await db
		.delete(cooperationParties)
		.where(
			and(
				eq(cooperationParties.cooperationId, cooperationId),
				eq(cooperationParties.organisationId, organisationId)
			)
		);
}

export async function insertHistory(db: Db, rows: (typeof cooperationHistory.$inferInsert)[]) {
	if (rows.length) await db.insert(cooperationHistory).values(rows);
}

export async function historyOf(db: Db, cooperationId: string, limit: number) {
	return db
		.select({
			field: cooperationHistory.field,
			before: cooperationHistory.before,
			after: cooperationHistory.after,
			changedAt: cooperationHistory.changedAt,
			changedBy: users.displayName
		})
		.from(cooperationHistory)
		.leftJoin(users, eq(users.id, cooperationHistory.changedBy))
		.where(eq(cooperationHistory.cooperationId, cooperationId))
		.orderBy(desc(cooperationHistory.changedAt), desc(cooperationHistory.id))
		.limit(limit);
}

/** Accounts of these organisations whose e-mail is one of these (signatories typed by address in the forms). */
export async function membersByEmail(db: Db, organisationId: string, emails: string[]) {
	if (!emails.length) return [];
	return db
		.select({ userId: users.id, email: users.email })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(
			and(
				eq(memberships.organisationId, organisationId),
				inArray(
					sql`lower(${users.email})`,
					emails.map((e) => e.toLowerCase())
				)
			)
		);
}

/** Signatories' e-mail addresses, for the edit form of whoever manages the cooperation. */
export async function signatoryEmails(db: Db, cooperationId: string) {
	return db
		.select({ organisationId: partySignatories.organisationId, email: users.email })
		.from(partySignatories)
		.innerJoin(users, eq(users.id, partySignatories.userId))
		.where(eq(partySignatories.cooperationId, cooperationId))
		.orderBy(asc(users.email));
}

/** Cooperations (active) where `holder` is a party together with one of `others`, and the role of that other party. */
export async function sharedWith(db: Db, holders: readonly string[], others: readonly string[]) {
	if (!holders.length || !others.length) return [];
	return sharedWithQuery(db, holders, others);
}

/** The same, as a query another domain may wrap in its own statement (never empty lists). */
export function sharedWithQuery(db: Db, holders: readonly string[], others: readonly string[]) {
	const mine = alias(cooperationParties, 'holder_party');
	return db
		.select({
			// named apart from the other party's column, so that the query can be wrapped as a subquery
			holderOrganisationId: sql<string>`${mine.organisationId}`.as('holder_organisation_id'),
			cooperationId: cooperationParties.cooperationId,
			organisationId: cooperationParties.organisationId,
			role: cooperationParties.role
		})
		.from(cooperationParties)
		.innerJoin(
			mine,
			and(
				eq(mine.cooperationId, cooperationParties.cooperationId),
				inArray(mine.organisationId, [...holders])
			)
		)
		.innerJoin(cooperations, eq(cooperations.id, cooperationParties.cooperationId))
		.where(and(inArray(cooperationParties.organisationId, [...others]), eq(cooperations.status, 'active')));
}
