import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { pathwaySettings, pingPongFlags, referrals } from './schema';
import { memberships } from '../organisations/schema';
import { cooperationParties } from '../cooperations/schema';
import { territoryCoordinations } from '../auth/coordinations-schema';
import type { ReferralFact } from './ping-pong-rule';

/** SQL of the ping-pong area: facts over referrals, flags, per-cooperation settings, and who to tell. */

export type FlagRow = typeof pingPongFlags.$inferSelect;

export async function referralHead(db: Db, id: string) {
	const [row] = await db
		.select({
			id: referrals.id,
			personId: referrals.personId,
			cooperationId: referrals.cooperationId,
			status: referrals.status,
			refusalReason: referrals.refusalReason,
			serviceId: referrals.serviceId,
			fromOrganisationId: referrals.fromOrganisationId,
			toOrganisationId: referrals.toOrganisationId
		})
		.from(referrals)
		.where(eq(referrals.id, id));
	return row;
}

/** Every referral of a person, as the rule reads them (a person has a handful: no window filter needed here). */
export async function referralFactsOf(db: Db, personId: string): Promise<ReferralFact[]> {
	return db
		.select({
			id: referrals.id,
			toOrganisationId: referrals.toOrganisationId,
			status: referrals.status,
			createdAt: referrals.createdAt,
			closedAt: referrals.closedAt,
			updatedAt: referrals.updatedAt
		})
		.from(referrals)
		.where(eq(referrals.personId, personId))
		.orderBy(asc(referrals.createdAt));
}

/** The referrals of a chain, for the timeline (no sealed field). */
export async function chainReferrals(db: Db, ids: readonly string[]) {
	if (!ids.length) return [];
	return db
		.select({
			id: referrals.id,
			fromOrganisationId: referrals.fromOrganisationId,
			toOrganisationId: referrals.toOrganisationId,
			serviceId: referrals.serviceId,
			status: referrals.status,
			refusalReason: referrals.refusalReason,
			createdAt: referrals.createdAt,
			closedAt: referrals.closedAt
		})
		.from(referrals)
		.where(inArray(referrals.id, [...ids]));
}

export async function settingsOf(db: Db, cooperationId: string) {
	const [row] = await db
		.select()
		.from(pathwaySettings)
		.where(eq(pathwaySettings.cooperationId, cooperationId));
	return row;
}

export async function upsertSettings(db: Db, cooperationId: string, threshold: number, windowDays: number) {
	const [row] = await db
		.insert(pathwaySettings)
		.values({ cooperationId, pingPongThreshold: threshold, pingPongWindowDays: windowDays })
		.onConflictDoUpdate({
			target: pathwaySettings.cooperationId,
			set: { pingPongThreshold: threshold, pingPongWindowDays: windowDays }
		})
		.returning();
	return row;
}

/** The open flag of a person for a trigger, locked for the rest of the transaction. */
export async function openFlagOf(db: Db, personId: string, trigger: string): Promise<FlagRow | undefined> {
	const [row] = await db
		.select()
		.from(pingPongFlags)
		.where(
			and(
				eq(pingPongFlags.personId, personId),
				eq(pingPongFlags.trigger, trigger),
				eq(pingPongFlags.status, 'open')
			)
		)
		.for('update');
	return row;
}

export async function insertFlag(db: Db, row: typeof pingPongFlags.$inferInsert): Promise<FlagRow> {
	const [inserted] = await db.insert(pingPongFlags).values(row).returning();
	return inserted!;
}

export async function updateFlagChain(db: Db, id: string, chain: string[], cooperationId: string | null) {
	await db
		.update(pingPongFlags)
		.set({ chain, cooperationId: sql`coalesce(${pingPongFlags.cooperationId}, ${cooperationId}::uuid)` })
		.where(eq(pingPongFlags.id, id));
}

export async function findFlag(db: Db, id: string): Promise<FlagRow | undefined> {
	const [row] = await db.select().from(pingPongFlags).where(eq(pingPongFlags.id, id));
	return row;
}

/** Flags of these cooperations (open first, then the most recently raised). */
export async function flagsOf(db: Db, cooperationIds: readonly string[], status?: 'open' | 'handled') {
	if (!cooperationIds.length) return [];
	return db
		.select()
		.from(pingPongFlags)
		.where(
			and(
				inArray(pingPongFlags.cooperationId, [...cooperationIds]),
				status ? eq(pingPongFlags.status, status) : undefined
			)
		)
		.orderBy(sql`${pingPongFlags.status} = 'open' desc`, sql`${pingPongFlags.raisedAt} desc`)
		.limit(200);
}

/** Cooperations that have flags (for a coordinator's listing, filtered by the policy afterwards). */
export async function cooperationsWithFlags(db: Db): Promise<string[]> {
	const rows = await db
		.selectDistinct({ id: pingPongFlags.cooperationId })
		.from(pingPongFlags)
		.where(sql`${pingPongFlags.cooperationId} is not null`);
	return rows.map((r) => r.id!);
}

/** Closes an open flag; undefined when it was already handled (someone else was faster). */
export async function handleFlag(
	db: Db,
	id: string,
	handlingSealed: string,
	userId: string | null,
	at: Date
) {
	const [row] = await db
		.update(pingPongFlags)
		.set({ status: 'handled', handlingSealed, handledBy: userId, handledAt: at })
		.where(and(eq(pingPongFlags.id, id), eq(pingPongFlags.status, 'open')))
		.returning();
	return row;
}

/**
 * Who coordinates a cooperation, to tell them of a flag (DOMAIN.md: the pilot's and facilitator's professionals,
 * plus the territory's coordinators, filtered by the caller). Read-only facts; no authorization here.
 */
export async function managingMembers(db: Db, cooperationId: string, partyRoles: readonly string[]) {
	const rows = await db
		.selectDistinct({ userId: memberships.userId })
		.from(memberships)
		.innerJoin(cooperationParties, eq(cooperationParties.organisationId, memberships.organisationId))
		.where(
			and(
				eq(cooperationParties.cooperationId, cooperationId),
				inArray(cooperationParties.role, [...partyRoles]),
				inArray(memberships.role, ['admin', 'member'])
			)
		);
	return rows.map((r) => r.userId);
}

export async function activeCoordinationRows(db: Db) {
	return db
		.select({
			userId: territoryCoordinations.userId,
			territoryType: territoryCoordinations.territoryType,
			territoryCode: territoryCoordinations.territoryCode
		})
		.from(territoryCoordinations)
		.where(isNull(territoryCoordinations.revokedAt));
}
