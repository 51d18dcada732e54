import { and, inArray, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { invitations, memberships, organisations } from './schema';
import { users } from '../auth/schema';
import type { Role } from '../policy/actor';

export type OrganisationRow = typeof organisations.$inferSelect;

export async function insertOrganisation(
	db: Db,
	org: typeof organisations.$inferInsert
): Promise<OrganisationRow> {
	const [row] = await db.insert(organisations).values(org).returning();
	return row!;
}

export async function findOrganisation(db: Db, id: string) {
	const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
	return row;
}

export async function findOrganisationBySlug(db: Db, slug: string) {
	const [row] = await db.select().from(organisations).where(eq(organisations.slug, slug));
	return row;
}

export async function listOrganisations(db: Db, limit: number, offset: number) {
	return db
		.select({
			id: organisations.id,
			name: organisations.name,
			slug: organisations.slug,
			kind: organisations.kind,
			territoryType: organisations.territoryType,
			territoryCode: organisations.territoryCode,
			isDemo: organisations.isDemo,
			memberCount: sql<number>`(select count(*)::int from memberships m where m.organisation_id = ${organisations.id})`
		})
		.from(organisations)
		.orderBy(asc(organisations.name), asc(organisations.id))
		.limit(limit)
		.offset(offset);
}

export async function countOrganisations(db: Db): Promise<number> {
	const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(organisations);
	return row?.n ?? 0;
}

export async function upsertMembership(db: Db, userId: string, organisationId: string, role: Role) {
	await db
		.insert(memberships)
		.values({ userId, organisationId, role })
		.onConflictDoUpdate({ target: [memberships.userId, memberships.organisationId], set: { role } });
}

export async function listMembers(db: Db, organisationId: string) {
	return db
		.select({ userId: users.id, email: users.email, displayName: users.displayName, role: memberships.role })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(eq(memberships.organisationId, organisationId))
		.orderBy(asc(users.displayName));
}

/** Admins and members whose account is not disabled, by name. */
export async function activeEditors(db: Db, organisationId: string) {
	return db
		.select({ userId: users.id, displayName: users.displayName })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(
			and(
				eq(memberships.organisationId, organisationId),
				inArray(memberships.role, ['admin', 'member']),
				isNull(users.disabledAt)
			)
		)
		.orderBy(asc(users.displayName));
}

export async function insertInvitation(db: Db, invitation: typeof invitations.$inferInsert) {
	const [row] = await db.insert(invitations).values(invitation).returning();
	return row!;
}

export async function findInvitationByTokenHash(db: Db, tokenHash: string) {
	const [row] = await db
		.select({ invitation: invitations, organisationName: organisations.name })
		.from(invitations)
		.innerJoin(organisations, eq(organisations.id, invitations.organisationId))
		.where(eq(invitations.tokenHash, tokenHash));
	return row;
}

/** Marks the invitation used; returns nothing if it was already used, revoked or expired (single use, atomic). */
export async function consumeInvitation(db: Db, id: string, now: Date) {
	const [row] = await db
		.update(invitations)
		.set({ acceptedAt: now })
		.where(
			and(
				eq(invitations.id, id),
				isNull(invitations.acceptedAt),
				isNull(invitations.revokedAt),
				gt(invitations.expiresAt, now)
			)
		)
		.returning();
	return row;
}

export async function listPendingInvitations(db: Db, organisationId: string, now: Date) {
	return db
		.select({
			id: invitations.id,
			email: invitations.email,
			role: invitations.role,
			createdAt: invitations.createdAt,
			expiresAt: invitations.expiresAt
		})
		.from(invitations)
		.where(
			and(
				eq(invitations.organisationId, organisationId),
				isNull(invitations.acceptedAt),
				isNull(invitations.revokedAt),
				gt(invitations.expiresAt, now)
			)
		)
		.orderBy(asc(invitations.createdAt));
}

export async function revokeInvitation(db: Db, id: string, now: Date) {
	const [row] = await db
		.update(invitations)
		.set({ revokedAt: now })
		.where(and(eq(invitations.id, id), isNull(invitations.acceptedAt)))
		.returning();
	return row;
}

export async function findInvitation(db: Db, id: string) {
	const [row] = await db.select().from(invitations).where(eq(invitations.id, id));
	return row;
}

export async function kindsOf(db: Db, ids: readonly string[]) {
	if (!ids.length) return [];
	return db
		.select({ id: organisations.id, kind: organisations.kind, name: organisations.name })
		.from(organisations)
		.where(inArray(organisations.id, [...ids]));
}
