import { and, asc, desc, eq, gte, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { textArray, uuidArray } from '../db/arrays';
import { users } from '../auth/schema';
import { organisations } from '../organisations/schema';
import type { InfoCategory } from '../charters/content';
import { OPEN_REFERRAL_STATUSES, pathwayEntries, personReferents, persons } from './schema';

/** SQL of the shared follow-up: entries, référent history, the référent's dashboard. */
export type EntryRow = typeof pathwayEntries.$inferSelect;

export interface EntryReader {
	userId: string;
	organisationIds: readonly string[];
	/** categories the viewer may see on this person (shared entries of other organisations) */
	visibleCategories: readonly InfoCategory[];
}

/**
 * The visibility of entries in SQL (same rule as sharing.ts `entryVisible`, which the service applies again):
 * author → its author; organisation → the author's organisation; shared → that organisation and every viewer who
 * may see the category.
 */
function visibleTo(r: EntryReader): SQL {
	const own = r.organisationIds.length
		? inArray(pathwayEntries.organisationId, [...r.organisationIds])
		: sql`false`;
	return or(
		and(eq(pathwayEntries.sharing, 'author'), eq(pathwayEntries.authorUserId, r.userId)),
		and(eq(pathwayEntries.sharing, 'organisation'), own),
		and(
			eq(pathwayEntries.sharing, 'shared'),
			or(
				own,
				r.visibleCategories.length ? inArray(pathwayEntries.category, [...r.visibleCategories]) : sql`false`
			)
		)
	)!;
}

const entryColumns = {
	entry: pathwayEntries,
	organisationName: organisations.name,
	authorName: users.displayName
};

/** A page of a person's entries the reader may see, newest first. */
export async function visibleEntries(
	db: Db,
	personId: string,
	reader: EntryReader,
	page: { limit: number; offset: number }
) {
	const where = and(eq(pathwayEntries.personId, personId), visibleTo(reader));
	// one statement after the other: inside a transaction they share one connection
	const items = await db
		.select(entryColumns)
		.from(pathwayEntries)
		.innerJoin(organisations, eq(organisations.id, pathwayEntries.organisationId))
		.leftJoin(users, eq(users.id, pathwayEntries.authorUserId))
		.where(where)
		.orderBy(desc(pathwayEntries.occursAt), desc(pathwayEntries.createdAt))
		.limit(page.limit)
		.offset(page.offset);
	const [count] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(pathwayEntries)
		.where(where);
	return { items, total: count?.n ?? 0 };
}

export async function findEntry(db: Db, personId: string, entryId: string) {
	const [row] = await db
		.select(entryColumns)
		.from(pathwayEntries)
		.innerJoin(organisations, eq(organisations.id, pathwayEntries.organisationId))
		.leftJoin(users, eq(users.id, pathwayEntries.authorUserId))
		.where(and(eq(pathwayEntries.id, entryId), eq(pathwayEntries.personId, personId)));
	return row;
}

export async function insertEntry(db: Db, row: typeof pathwayEntries.$inferInsert): Promise<EntryRow> {
	const [inserted] = await db.insert(pathwayEntries).values(row).returning();
	return inserted!;
}

export async function updateEntry(db: Db, id: string, set: Partial<typeof pathwayEntries.$inferInsert>) {
	const [updated] = await db.update(pathwayEntries).set(set).where(eq(pathwayEntries.id, id)).returning();
	return updated!;
}

/** Closes the current référent row and opens the new one; sets the person's référent. */
export async function replaceReferent(
	db: Db,
	input: { personId: string; userId: string; organisationId: string; changedBy: string; at: Date }
) {
	await db
		.update(personReferents)
		.set({ until: input.at })
		.where(and(eq(personReferents.personId, input.personId), isNull(personReferents.until)));
	const [row] = await db
		.insert(personReferents)
		.values({
			personId: input.personId,
			userId: input.userId,
			organisationId: input.organisationId,
			since: input.at,
			changedBy: input.changedBy
		})
		.returning();
	await db
		.update(persons)
		.set({
			referentUserId: input.userId,
			referentOrganisationId: input.organisationId,
			updatedAt: input.at,
			lastActivityAt: input.at
		})
		.where(eq(persons.id, input.personId));
	return row!;
}

export async function referentHistory(db: Db, personId: string) {
	return db
		.select()
		.from(personReferents)
		.where(eq(personReferents.personId, personId))
		.orderBy(asc(personReferents.since));
}

/** A page of the persons a user is référent of (active), most recently active first. */
/**
 * Every active person I am référent of, most recently active first: the dashboard decides who is still visible
 * before paging (a référent follows a few hundred people at most).
 */
export async function followedBy(db: Db, userId: string) {
	return db
		.select({ id: persons.id, organisationId: persons.organisationId })
		.from(persons)
		.where(and(eq(persons.referentUserId, userId), eq(persons.status, 'active')))
		.orderBy(desc(persons.lastActivityAt), asc(persons.id));
}

/** Upcoming appointments of these persons (metadata only; the service filters by visibility). */
export async function upcomingAppointments(db: Db, personIds: readonly string[], from: Date) {
	if (!personIds.length) return [];
	return db
		.select({
			personId: pathwayEntries.personId,
			occursAt: pathwayEntries.occursAt,
			category: pathwayEntries.category,
			sharing: pathwayEntries.sharing,
			authorUserId: pathwayEntries.authorUserId,
			organisationId: pathwayEntries.organisationId
		})
		.from(pathwayEntries)
		.where(
			and(
				inArray(pathwayEntries.personId, [...personIds]),
				eq(pathwayEntries.kind, 'appointment'),
				gte(pathwayEntries.occursAt, from)
			)
		)
		.orderBy(asc(pathwayEntries.occursAt));
}

/** Open referrals per person and whether an open ping-pong flag exists, in one statement. */
export async function pathwayCounters(db: Db, personIds: readonly string[]) {
	if (!personIds.length) return { referrals: new Map<string, number>(), flags: new Set<string>() };
	const found = await rows<{ id: string; open: number; flagged: boolean }>(
		db,
		sql`select p.id,
			(select count(*)::int from referrals r where r.person_id = p.id
				and r.status = any(${textArray(OPEN_REFERRAL_STATUSES)})) as open,
			exists (select 1 from ping_pong_flags f where f.person_id = p.id and f.status = 'open') as flagged
		from unnest(${uuidArray(personIds)}) as p(id)`
	);
	return {
		referrals: new Map(found.filter((r) => r.open > 0).map((r) => [r.id, r.open])),
		flags: new Set(found.filter((r) => r.flagged).map((r) => r.id))
	};
}

/** A user's own upcoming appointments (any person), soonest first. */
export async function myAppointments(db: Db, userId: string, from: Date, limit: number) {
	return db
		.select()
		.from(pathwayEntries)
		.where(
			and(
				eq(pathwayEntries.authorUserId, userId),
				eq(pathwayEntries.kind, 'appointment'),
				gte(pathwayEntries.occursAt, from)
			)
		)
		.orderBy(asc(pathwayEntries.occursAt))
		.limit(limit);
}
