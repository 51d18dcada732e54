import { and, asc, desc, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { rows, type Db } from '../db/client';
import { uuidArray } from '../db/arrays';
import { users } from '../auth/schema';
import { organisations } from '../organisations/schema';
import { services } from '../directory/schema';
import {
	OPEN_REFERRAL_STATUSES,
	persons,
	referralEvents,
	referrals,
	serviceReferralSettings,
	type ReferralStatus
} from './schema';

/** The only SQL of the referrals area (issue 11 §4). Names shown come from users/organisations/services, never persons. */
export type ReferralRow = typeof referrals.$inferSelect;
export type ReferralEventRow = typeof referralEvents.$inferSelect;
export type ReferralSettingsRow = typeof serviceReferralSettings.$inferSelect;

export async function insertReferral(db: Db, row: typeof referrals.$inferInsert): Promise<ReferralRow> {
	const [inserted] = await db.insert(referrals).values(row).returning();
	return inserted!;
}

export async function findReferral(db: Db, id: string): Promise<ReferralRow | undefined> {
	const [row] = await db.select().from(referrals).where(eq(referrals.id, id));
	return row;
}

/**
 * Moves a referral from one of `from` to `to` only if nobody changed it since it was read (`version`): the
 * loser of a race gets no row back. `bump` false for the first opening (not a decision: it does not make a
 * concurrent accept fail).
 */
export async function transition(
	db: Db,
	id: string,
	expect: { version: number; from: readonly ReferralStatus[] },
	set: Partial<typeof referrals.$inferInsert> & { status: ReferralStatus },
	bump = true
): Promise<ReferralRow | undefined> {
	const [row] = await db
		.update(referrals)
		.set({ ...set, ...(bump ? { version: sql`${referrals.version} + 1` } : {}) })
		.where(
			and(
				eq(referrals.id, id),
				eq(referrals.version, expect.version),
				inArray(referrals.status, [...expect.from])
			)
		)
		.returning();
	return row;
}

/** Marks a stage of the deadline queue once (reminder, escalation): false when another run already did it. */
export async function markDeadlineStage(
	db: Db,
	id: string,
	stage: 'remindedAt' | 'escalatedAt',
	at: Date
): Promise<boolean> {
	const column = stage === 'remindedAt' ? referrals.remindedAt : referrals.escalatedAt;
	const rows = await db
		.update(referrals)
		.set({ [stage]: at })
		.where(and(eq(referrals.id, id), sql`${column} is null`, inArray(referrals.status, ['sent', 'received'])))
		.returning({ id: referrals.id });
	return rows.length > 0;
}

export async function insertEvent(db: Db, row: typeof referralEvents.$inferInsert) {
	await db.insert(referralEvents).values(row);
}

export async function eventsOf(db: Db, referralId: string) {
	return db
		.select({
			id: referralEvents.id,
			fromStatus: referralEvents.fromStatus,
			toStatus: referralEvents.toStatus,
			automatic: referralEvents.automatic,
			at: referralEvents.at,
			byName: users.displayName
		})
		.from(referralEvents)
		.leftJoin(users, eq(users.id, referralEvents.byUserId))
		.where(eq(referralEvents.referralId, referralId))
		.orderBy(asc(referralEvents.at), asc(referralEvents.id));
}

export async function userName(db: Db, id: string | null): Promise<string | null> {
	if (!id) return null;
	const [row] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, id));
	return row?.name ?? null;
}

export async function settingsOf(db: Db, serviceId: string): Promise<ReferralSettingsRow | undefined> {
	const [row] = await db
		.select()
		.from(serviceReferralSettings)
		.where(eq(serviceReferralSettings.serviceId, serviceId));
	return row;
}

export async function upsertSettings(db: Db, row: typeof serviceReferralSettings.$inferInsert) {
	const [saved] = await db
		.insert(serviceReferralSettings)
		.values(row)
		.onConflictDoUpdate({
			target: serviceReferralSettings.serviceId,
			set: {
				responseDays: row.responseDays,
				capacity: row.capacity,
				capacityUpdatedAt: row.capacityUpdatedAt,
				capacityUpdatedBy: row.capacityUpdatedBy
			}
		})
		.returning();
	return saved!;
}

export interface ListFilter {
	box: 'received' | 'sent';
	organisationIds: readonly string[];
	/** one status, or `open`: every status still waiting for an outcome */
	status?: ReferralStatus | 'open';
	serviceId?: string;
	personId?: string;
	/** today in Paris, YYYY-MM-DD: overdue (sent/received past respond_by) come first */
	today: string;
	limit: number;
	offset: number;
}

/** A list counts its rows up to here; past it the page says « plus de 1 000 » (an exact count would read them all). */
export const LIST_COUNT_CAP = 1000;

const inList = (values: readonly string[]) => sql.raw(`(${values.map((v) => `'${v}'`).join(', ')})`);
const AWAITING = inList(['sent', 'received']);

function listWhere(f: ListFilter): SQL {
	const org = f.box === 'received' ? sql`r.to_organisation_id` : sql`r.from_organisation_id`;
	const status =
		f.status === 'open'
			? sql` and r.status in ${inList(OPEN_REFERRAL_STATUSES)}`
			: f.status
				? sql` and r.status = ${f.status}`
				: sql``;
	// `= any(array)` would keep PostgreSQL 15 from reading the index in order (it would sort the whole box)
	const mine =
		f.organisationIds.length === 1
			? sql`${org} = ${f.organisationIds[0]}`
			: sql`${org} = any(${uuidArray(f.organisationIds)})`;
	return sql`${mine}${status}${f.serviceId ? sql` and r.service_id = ${f.serviceId}` : sql``}${f.personId ? sql` and r.person_id = ${f.personId}` : sql``}`;
}

const toOrg = alias(organisations, 'to_org');
const fromOrg = alias(organisations, 'from_org');
const listColumns = {
	referral: referrals,
	serviceName: services.name,
	toOrganisationName: toOrg.name,
	fromOrganisationName: fromOrg.name
};

/**
 * A page of an inbox or a sent box: overdue first, then newest, in one statement. The page's ids come from two
 * ordered branches (the overdue ones, few since the daily job expires them, through the deadline index; the others
 * newest first through the (organisation, created_at) index), so no statement sorts a whole box; the total is
 * counted up to LIST_COUNT_CAP alongside.
 */
export async function listReferrals(db: Db, f: ListFilter) {
	if (!f.organisationIds.length) return { rows: [], total: 0, capped: false };
	const where = listWhere(f);
	const overdue = (r: SQL) => sql`${r}.status in ${AWAITING} and ${r}.respond_by < ${f.today}`;
	const reach = f.limit + f.offset;
	// the overdue through the deadline index (materialized: the planner would rather walk a whole box newest first
	// looking for them, and there are usually none)
	const pageIds = sql`(with late as materialized (select * from referrals r where ${overdue(sql`r`)})
		select coalesce(array_agg(id), '{}') from (
			select id from (
				(select r.id, true as late, r.created_at from late r where ${where}
					order by r.created_at desc, r.id desc limit ${reach})
				union all
				(select r.id, false, r.created_at from referrals r where ${where} and not (${overdue(sql`r`)})
					order by r.created_at desc, r.id desc limit ${reach})
			) branches order by late desc, created_at desc, id desc limit ${f.limit} offset ${f.offset}
		) shown)::uuid[]`;
	const counted = sql<number>`(select count(*)::int from (select 1 from referrals r where ${where}
		limit ${LIST_COUNT_CAP + 1}) counted)`;
	const found = await db
		.select({ ...listColumns, counted })
		.from(referrals)
		.innerJoin(services, eq(services.id, referrals.serviceId))
		.innerJoin(toOrg, eq(toOrg.id, referrals.toOrganisationId))
		.innerJoin(fromOrg, eq(fromOrg.id, referrals.fromOrganisationId))
		.where(sql`${referrals.id} = any(${pageIds})`)
		.orderBy(sql`${overdue(sql`${referrals}`)} desc`, desc(referrals.createdAt), desc(referrals.id));
	// an empty page past the first: count alone
	const n = found.length
		? found[0]!.counted
		: f.offset
			? ((await rows<{ n: number }>(db, sql`select ${counted} as n`))[0]?.n ?? 0)
			: 0;
	return {
		rows: found.map((r) => ({
			referral: r.referral,
			serviceName: r.serviceName,
			toOrganisationName: r.toOrganisationName,
			fromOrganisationName: r.fromOrganisationName
		})),
		total: Math.min(n, LIST_COUNT_CAP),
		capped: n > LIST_COUNT_CAP
	};
}

/** One referral with the names a page shows (service, both organisations). */
export async function findReferralDetail(db: Db, id: string) {
	const [row] = await db
		.select(listColumns)
		.from(referrals)
		.innerJoin(services, eq(services.id, referrals.serviceId))
		.innerJoin(toOrg, eq(toOrg.id, referrals.toOrganisationId))
		.innerJoin(fromOrg, eq(fromOrg.id, referrals.fromOrganisationId))
		.where(eq(referrals.id, id));
	return row;
}

/** Referrals waiting for an answer whose deadline has come (the daily queue). */
export async function dueReferrals(db: Db, today: string) {
	return db
		.select()
		.from(referrals)
		.where(and(inArray(referrals.status, ['sent', 'received']), lte(referrals.respondBy, today)))
		.orderBy(asc(referrals.respondBy), asc(referrals.id));
}

/** Persons held by these organisations, most recently active first (the sender's choice on the referral form). */
export async function personIdsHeldBy(db: Db, organisationIds: readonly string[], limit: number) {
	if (!organisationIds.length) return [];
	const found = await db
		.select({ id: persons.id })
		.from(persons)
		.where(and(inArray(persons.organisationId, [...organisationIds]), eq(persons.status, 'active')))
		.orderBy(desc(persons.lastActivityAt))
		.limit(limit);
	return found.map((p) => p.id);
}
