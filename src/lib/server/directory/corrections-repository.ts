import { and, asc, desc, eq, gt, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { correctionRequests } from './schema';
import { users } from '../auth/schema';

export type CorrectionRequestRow = typeof correctionRequests.$inferSelect;
export type NewCorrectionRequest = typeof correctionRequests.$inferInsert;

export async function insertCorrectionRequest(db: Db, row: NewCorrectionRequest) {
	const [inserted] = await db.insert(correctionRequests).values(row).returning();
	return inserted!;
}

export async function findCorrectionRequest(db: Db, id: string) {
	const [row] = await db.select().from(correctionRequests).where(eq(correctionRequests.id, id));
	return row;
}

/** Requests sent from one (hashed) address since a moment: the rate limit. */
export async function countSentSince(db: Db, ipHash: string, since: Date) {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(correctionRequests)
		.where(and(eq(correctionRequests.ipHash, ipHash), gt(correctionRequests.createdAt, since)));
	return row?.n ?? 0;
}

const ofOrganisation = (organisationId: string, status?: string): SQL =>
	status
		? and(eq(correctionRequests.organisationId, organisationId), eq(correctionRequests.status, status))!
		: eq(correctionRequests.organisationId, organisationId);

/** An organisation's requests, open ones first, newest first within each state. */
export async function requestsOfOrganisation(
	db: Db,
	organisationId: string,
	options: { status?: string; limit: number; offset: number }
) {
	return db
		.select({ request: correctionRequests, handledByName: users.displayName })
		.from(correctionRequests)
		.leftJoin(users, eq(users.id, correctionRequests.handledBy))
		.where(ofOrganisation(organisationId, options.status))
		.orderBy(
			sql`case when ${correctionRequests.status} = 'open' then 0 else 1 end`,
			desc(correctionRequests.createdAt),
			asc(correctionRequests.id)
		)
		.limit(options.limit)
		.offset(options.offset);
}

export async function countOfOrganisation(db: Db, organisationId: string, status?: string) {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(correctionRequests)
		.where(ofOrganisation(organisationId, status));
	return row?.n ?? 0;
}

export async function handleRequest(
	db: Db,
	id: string,
	change: { status: string; response: string | null; handledBy: string | null; handledAt: Date }
) {
	const [row] = await db
		.update(correctionRequests)
		.set({ ...change, contact: null })
		.where(and(eq(correctionRequests.id, id), eq(correctionRequests.status, 'open')))
		.returning();
	return row;
}

/** Retention: contacts older than `contactsBefore` and address hashes older than `hashesBefore` are erased. */
export async function eraseExpired(db: Db, contactsBefore: Date, hashesBefore: Date) {
	await db
		.update(correctionRequests)
		.set({
			contact: sql`case when ${correctionRequests.createdAt} < ${contactsBefore.toISOString()} then null else ${correctionRequests.contact} end`,
			ipHash: sql`case when ${correctionRequests.createdAt} < ${hashesBefore.toISOString()} then null else ${correctionRequests.ipHash} end`
		})
		.where(
			or(
				and(isNotNull(correctionRequests.contact), lt(correctionRequests.createdAt, contactsBefore)),
				and(isNotNull(correctionRequests.ipHash), lt(correctionRequests.createdAt, hashesBefore))
			)
		);
}
