import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { rows } from '../db/client';
import { textArray, uuidArray } from '../db/arrays';
import { users } from '../auth/schema';
import { forumContributions, forumFacilitators, forumSessions } from './schema';

export type SessionRow = typeof forumSessions.$inferSelect;
export type NewSession = typeof forumSessions.$inferInsert;
export type ContributionRow = typeof forumContributions.$inferSelect;
export type NewContribution = typeof forumContributions.$inferInsert;
export type ContributionView = ContributionRow & { authorName: string | null };

/** The territories whose sessions one sees: sessions inside them (by level), and the sessions that hold them. */
export interface Reach {
	all: boolean;
	regions: string[];
	departements: string[];
	epcis: string[];
	communes: string[];
	/** "type:code" of sessions at a level above one's territory (a département's session for a commune's CCAS) */
	enclosing: string[];
}

function reachCondition(reach: Reach): SQL | undefined {
	if (reach.all) return undefined;
	return sql`(${forumSessions.regionCode} = any(${textArray(reach.regions)})
		or ${forumSessions.departementCode} = any(${textArray(reach.departements)})
		or ${forumSessions.epciCode} = any(${textArray(reach.epcis)})
		or ${forumSessions.communeCode} = any(${textArray(reach.communes)})
		or (${forumSessions.territoryType} || ':' || ${forumSessions.territoryCode}) = any(${textArray(reach.enclosing)}))`;
}

export async function insertSession(db: Db, row: NewSession): Promise<SessionRow> {
	const [inserted] = await db.insert(forumSessions).values(row).returning();
	return inserted!;
}

export async function addFacilitators(db: Db, sessionId: string, userIds: string[]): Promise<void> {
	if (!userIds.length) return;
	await db
		.insert(forumFacilitators)
		.values(userIds.map((userId) => ({ sessionId, userId })))
		.onConflictDoNothing();
}

export async function existingUsers(db: Db, ids: string[]): Promise<string[]> {
	if (!ids.length) return [];
	const found = await db.select({ id: users.id }).from(users).where(inArray(users.id, ids));
	return found.map((u) => u.id);
}

export async function findSession(db: Db, id: string, forUpdate = false): Promise<SessionRow | undefined> {
	const query = db.select().from(forumSessions).where(eq(forumSessions.id, id));
	const [row] = forUpdate ? await query.for('update') : await query;
	return row;
}

export async function facilitatorsOf(
	db: Db,
	sessionIds: string[]
): Promise<{ sessionId: string; userId: string; name: string }[]> {
	if (!sessionIds.length) return [];
	return rows(
		db,
		sql`select f.session_id as "sessionId", f.user_id as "userId", u.display_name as "name"
		    from forum_facilitators f join users u on u.id = f.user_id
		    where f.session_id = any(${uuidArray(sessionIds)}) order by u.display_name`
	);
}

export interface SessionFilter {
	territoryType?: string;
	territoryCode?: string;
	theme?: string;
	limit: number;
	offset: number;
}

/** Upcoming and ongoing sessions first (soonest first), then past ones (latest first). */
export async function listSessions(
	db: Db,
	reach: Reach,
	filter: SessionFilter,
	now: Date
): Promise<{ rows: SessionRow[]; total: number }> {
	const where: (SQL | undefined)[] = [reachCondition(reach)];
	if (filter.territoryType) where.push(eq(forumSessions.territoryType, filter.territoryType));
	if (filter.territoryCode) where.push(eq(forumSessions.territoryCode, filter.territoryCode));
	if (filter.theme) where.push(sql`${filter.theme} = any(${forumSessions.themes})`);
	const condition = and(...where);
	const past = sql`(${forumSessions.endsAt} < ${now.toISOString()}::timestamptz)`;
	const list = await db
		.select()
		.from(forumSessions)
		.where(condition)
		.orderBy(
			asc(past),
			sql`case when ${past} then null else ${forumSessions.startsAt} end asc`,
			desc(forumSessions.startsAt),
			asc(forumSessions.id)
		)
		.limit(filter.limit)
		.offset(filter.offset);
	const [counted] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(forumSessions)
		.where(condition);
	return { rows: list, total: Number(counted?.n ?? 0) };
}

export async function contributionsOf(db: Db, sessionId: string): Promise<ContributionView[]> {
	const found = await db
		.select({ row: forumContributions, authorName: users.displayName })
		.from(forumContributions)
		.leftJoin(users, eq(users.id, forumContributions.authorId))
		.where(eq(forumContributions.sessionId, sessionId))
		.orderBy(asc(forumContributions.createdAt), asc(forumContributions.id));
	return found.map((r) => ({ ...r.row, authorName: r.authorName }));
}

export async function findContribution(
	db: Db,
	sessionId: string,
	id: string,
	forUpdate = false
): Promise<ContributionRow | undefined> {
	const query = db
		.select()
		.from(forumContributions)
		.where(and(eq(forumContributions.sessionId, sessionId), eq(forumContributions.id, id)));
	const [row] = forUpdate ? await query.for('update') : await query;
	return row;
}

export async function insertContribution(db: Db, row: NewContribution): Promise<ContributionRow> {
	const [inserted] = await db.insert(forumContributions).values(row).returning();
	return inserted!;
}

export async function setNeed(db: Db, id: string, needId: string): Promise<void> {
	await db.update(forumContributions).set({ needId }).where(eq(forumContributions.id, id));
}

/** Top-level contributions with no answer and not yet a need, oldest first. */
export async function unanswered(db: Db, sessionId: string, tag?: string): Promise<ContributionView[]> {
	const found = await db
		.select({ row: forumContributions, authorName: users.displayName })
		.from(forumContributions)
		.leftJoin(users, eq(users.id, forumContributions.authorId))
		.where(
			and(
				eq(forumContributions.sessionId, sessionId),
				isNull(forumContributions.parentId),
				isNull(forumContributions.needId),
				sql`not exists (select 1 from forum_contributions a where a.parent_id = ${forumContributions.id})`,
				tag ? sql`${tag} = any(${forumContributions.tags})` : undefined
			)
		)
		.orderBy(asc(forumContributions.createdAt), asc(forumContributions.id));
	return found.map((r) => ({ ...r.row, authorName: r.authorName }));
}

/** Tags already used in the session's département (or the session itself), most used first. */
export async function tagSuggestions(db: Db, session: SessionRow, limit = 30): Promise<string[]> {
	const found = await rows<{ tag: string }>(
		db,
		sql`select t.tag from forum_contributions c join forum_sessions s on s.id = c.session_id,
		      unnest(c.tags) as t(tag)
		    where s.id = ${session.id} or s.departement_code = ${session.departementCode ?? ''}
		    group by t.tag order by count(*) desc, t.tag limit ${limit}`
	);
	return found.map((r) => r.tag);
}

/** Contributions a user wrote in the last minutes (rate limit). */
export async function recentContributions(db: Db, userId: string, since: Date): Promise<number> {
	const [counted] = await rows<{ n: number }>(
		db,
		sql`select count(*)::int as n from forum_contributions
		    where recorded_by = ${userId} and created_at >= ${since.toISOString()}::timestamptz`
	);
	return Number(counted?.n ?? 0);
}

export async function updateStatus(
	db: Db,
	id: string,
	status: string | null,
	now: Date
): Promise<SessionRow> {
	const [row] = await db
		.update(forumSessions)
		.set({ status, updatedAt: now })
		.where(eq(forumSessions.id, id))
		.returning();
	return row!;
}
