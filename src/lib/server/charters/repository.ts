import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { sharedCooperationsQuery } from '../cooperations/service';
import type { Db } from '../db/client';
import { users } from '../auth/schema';
import { charterApprovals, charterVersions } from './schema';
import type { CharterContent } from './content';

/** The cooperations' subquery `withSharingInForce` wraps. */
type SharedCooperations = ReturnType<typeof sharedCooperationsQuery>;

export type VersionRow = typeof charterVersions.$inferSelect;
export type ApprovalRow = typeof charterApprovals.$inferSelect & { userName: string | null };

export async function versionsOf(db: Db, cooperationId: string) {
	return db
		.select()
		.from(charterVersions)
		.where(eq(charterVersions.cooperationId, cooperationId))
		.orderBy(desc(charterVersions.number));
}

export async function findVersion(db: Db, cooperationId: string, number: number) {
	const [row] = await db
		.select()
		.from(charterVersions)
		.where(and(eq(charterVersions.cooperationId, cooperationId), eq(charterVersions.number, number)));
	return row;
}

/** The row locked for the rest of the transaction: two approvals at once see each other. */
export async function lockVersion(db: Db, id: string) {
	const [row] = await db.select().from(charterVersions).where(eq(charterVersions.id, id)).for('update');
	return row;
}

export async function findByStatus(db: Db, cooperationId: string, statuses: string[]) {
	const [row] = await db
		.select()
		.from(charterVersions)
		.where(and(eq(charterVersions.cooperationId, cooperationId), inArray(charterVersions.status, statuses)))
		.orderBy(desc(charterVersions.number))
		.limit(1);
	return row;
}

export async function nextNumber(db: Db, cooperationId: string) {
	const [row] = await db
		.select({ n: sql<number>`coalesce(max(${charterVersions.number}), 0)::int + 1` })
		.from(charterVersions)
		.where(eq(charterVersions.cooperationId, cooperationId));
	return row!.n;
}

export async function insertVersion(db: Db, row: typeof charterVersions.$inferInsert) {
	const [created] = await db.insert(charterVersions).values(row).returning();
	return created!;
}

export async function updateVersion(
	db: Db,
	id: string,
	changes: Partial<Pick<VersionRow, 'content' | 'status' | 'contentHash' | 'submittedAt' | 'frozenAt'>>,
	now: Date
) {
	const [row] = await db
		.update(charterVersions)
		.set({ ...changes, updatedAt: now })
		.where(eq(charterVersions.id, id))
		.returning();
	return row!;
}

export async function approvalsOf(db: Db, versionId: string): Promise<ApprovalRow[]> {
	const rows = await db
		.select({ approval: charterApprovals, userName: users.displayName })
		.from(charterApprovals)
		.leftJoin(users, eq(users.id, charterApprovals.userId))
		.where(eq(charterApprovals.versionId, versionId))
		.orderBy(asc(charterApprovals.createdAt), asc(charterApprovals.id));
	return rows.map((r) => ({ ...r.approval, userName: r.userName }));
}

export async function insertApproval(db: Db, row: typeof charterApprovals.$inferInsert) {
	const [created] = await db.insert(charterApprovals).values(row).returning();
	return created!;
}

/** An edit reopens the approval: every current answer is kept but marked invalidated. Returns how many. */
export async function invalidateApprovals(db: Db, versionId: string, now: Date) {
	const rows = await db
		.update(charterApprovals)
		.set({ invalidatedAt: now })
		.where(and(eq(charterApprovals.versionId, versionId), isNull(charterApprovals.invalidatedAt)))
		.returning({ id: charterApprovals.id });
	return rows.length;
}

/** A party's current answer is superseded by its new one (kept in history). */
export async function invalidatePartyApprovals(db: Db, versionId: string, organisationId: string, now: Date) {
	await db
		.update(charterApprovals)
		.set({ invalidatedAt: now })
		.where(
			and(
				eq(charterApprovals.versionId, versionId),
				eq(charterApprovals.organisationId, organisationId),
				isNull(charterApprovals.invalidatedAt)
			)
		);
}

export type { CharterContent };

/**
 * Each row of `shared` (cooperations shared by two organisations, from the cooperations domain) with the sharing
 * table of its charter in force, null when none is frozen. Only that part of the content is read.
 */
export async function withSharingInForce(db: Db, shared: SharedCooperations) {
	return db
		.select({
			holderOrganisationId: shared.holderOrganisationId,
			cooperationId: shared.cooperationId,
			organisationId: shared.organisationId,
			role: shared.role,
			sharing: sql<CharterContent['sharing'] | null>`(select cv.content -> 'sharing' from charter_versions cv
				where cv.cooperation_id = ${shared.cooperationId} and cv.status = 'frozen'
				order by cv.number desc limit 1)`
		})
		.from(shared);
}
