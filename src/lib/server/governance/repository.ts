import { and, asc, desc, eq, getTableColumns, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { users } from '../auth/schema';
import { organisations } from '../organisations/schema';
import { cooperations } from '../cooperations/schema';
import {
	actionHistory,
	actions,
	agendaItems,
	bodies,
	bodyMembers,
	decisionHistory,
	decisions,
	meetingAttendance,
	meetingMinutes,
	meetings,
	minutesApprovals,
	minutesRevisions
} from './schema';

/** The only SQL of the governance domain (bodies, members, meetings, minutes, decisions, actions). */

export type BodyRow = typeof bodies.$inferSelect;
export type MemberRow = typeof bodyMembers.$inferSelect;
export type MeetingRow = typeof meetings.$inferSelect;
export type ActionRow = typeof actions.$inferSelect;
export type MinutesRow = typeof meetingMinutes.$inferSelect;

// ---- bodies
export async function insertBody(db: Db, row: typeof bodies.$inferInsert) {
	const [created] = await db.insert(bodies).values(row).returning();
	return created!;
}
export async function updateBody(db: Db, id: string, patch: Partial<typeof bodies.$inferInsert>) {
	const [row] = await db.update(bodies).set(patch).where(eq(bodies.id, id)).returning();
	return row!;
}
export async function findBody(db: Db, id: string) {
	const [row] = await db.select().from(bodies).where(eq(bodies.id, id));
	return row;
}
export async function bodiesOf(db: Db, cooperationId: string) {
	return db.select().from(bodies).where(eq(bodies.cooperationId, cooperationId)).orderBy(asc(bodies.name));
}
// ---- members
const memberColumns = {
	id: bodyMembers.id,
	bodyId: bodyMembers.bodyId,
	userId: bodyMembers.userId,
	displayName: users.displayName,
	email: users.email,
	organisationId: bodyMembers.organisationId,
	organisationName: organisations.name,
	mandate: bodyMembers.mandate,
	substituteUserId: bodyMembers.substituteUserId,
	startsOn: bodyMembers.startsOn,
	endsOn: bodyMembers.endsOn,
	successorMemberId: bodyMembers.successorMemberId
};
export type MemberView = Awaited<ReturnType<typeof membersOf>>[number];

export async function membersOf(db: Db, bodyIds: string | string[]) {
	const ids = Array.isArray(bodyIds) ? bodyIds : [bodyIds];
	if (!ids.length) return [];
	return db
		.select(memberColumns)
		.from(bodyMembers)
		.innerJoin(users, eq(users.id, bodyMembers.userId))
		.innerJoin(organisations, eq(organisations.id, bodyMembers.organisationId))
		.where(inArray(bodyMembers.bodyId, ids))
		.orderBy(asc(bodyMembers.startsOn), asc(bodyMembers.createdAt));
}
export async function findMember(db: Db, id: string) {
	const [row] = await db.select().from(bodyMembers).where(eq(bodyMembers.id, id));
	return row;
}
export async function insertMember(db: Db, row: typeof bodyMembers.$inferInsert) {
	const [created] = await db.insert(bodyMembers).values(row).returning();
	return created!;
}
export async function updateMember(db: Db, id: string, patch: Partial<typeof bodyMembers.$inferInsert>) {
	const [row] = await db.update(bodyMembers).set(patch).where(eq(bodyMembers.id, id)).returning();
	return row!;
}
export async function userExists(db: Db, id: string) {
	const [row] = await db.select({ id: users.id }).from(users).where(eq(users.id, id));
	return !!row;
}
export async function usersByIds(db: Db, ids: string[]) {
	if (!ids.length) return [];
	return db
		.select({ id: users.id, email: users.email, displayName: users.displayName })
		.from(users)
		.where(inArray(users.id, ids));
}

// ---- meetings
export async function insertMeeting(db: Db, row: typeof meetings.$inferInsert) {
	const [created] = await db.insert(meetings).values(row).returning();
	return created!;
}
export async function updateMeeting(db: Db, id: string, patch: Partial<typeof meetings.$inferInsert>) {
	const [row] = await db
		.update(meetings)
		.set({ ...patch, updatedAt: new Date() })
		.where(eq(meetings.id, id))
		.returning();
	return row!;
}
export async function findMeeting(db: Db, id: string) {
	const [row] = await db.select().from(meetings).where(eq(meetings.id, id));
	return row;
}
export async function meetingsOf(db: Db, bodyId: string, limit = 100, offset = 0) {
	return db
		.select()
		.from(meetings)
		.where(eq(meetings.bodyId, bodyId))
		.orderBy(desc(meetings.startsAt))
		.limit(limit)
		.offset(offset);
}
/**
 * For each of these bodies, its next meeting (the first one starting at `now` or later) and its last one (the
 * latest before `now`), cancelled meetings aside: one statement for every body (the cooperation page).
 */
export async function nextAndLastMeetings(db: Db, bodyIds: string[], now: Date) {
	if (!bodyIds.length) return [];
	const upcoming = sql`${meetings.startsAt} >= ${now.toISOString()}::timestamptz`;
	const ranked = db
		.select({
			...getTableColumns(meetings),
			upcoming: sql<boolean>`${upcoming}`.as('upcoming'),
			rank: sql<number>`row_number() over (partition by ${meetings.bodyId}, ${upcoming}
				order by case when ${upcoming} then ${meetings.startsAt} end asc, ${meetings.startsAt} desc)`.as('rank')
		})
		.from(meetings)
		.where(and(inArray(meetings.bodyId, bodyIds), sql`${meetings.status} <> 'cancelled'`))
		.as('ranked');
	return db
		.select()
		.from(ranked)
		.where(sql`${ranked.rank} = 1`);
}
/** The chair of the body's latest meeting that has one (for the rotating chair). */
export async function lastChair(db: Db, bodyId: string) {
	const [row] = await db
		.select({ chairMemberId: meetings.chairMemberId })
		.from(meetings)
		.where(and(eq(meetings.bodyId, bodyId), sql`${meetings.chairMemberId} is not null`))
		.orderBy(desc(meetings.startsAt))
		.limit(1);
	return row?.chairMemberId ?? null;
}

// ---- agenda
export async function agendaOf(db: Db, meetingId: string) {
	return db
		.select()
		.from(agendaItems)
		.where(eq(agendaItems.meetingId, meetingId))
		.orderBy(asc(agendaItems.position));
}
export async function replaceAgenda(
	db: Db,
	meetingId: string,
	items: { title: string; description: string; durationMinutes: number }[]
) {
	await db.delete(agendaItems).where(eq(agendaItems.meetingId, meetingId));
	if (!items.length) return;
	await db.insert(agendaItems).values(items.map((item, position) => ({ ...item, meetingId, position })));
}
export async function findAgendaItem(db: Db, id: string) {
	const [row] = await db.select().from(agendaItems).where(eq(agendaItems.id, id));
	return row;
}

// ---- attendance
export async function attendanceOf(db: Db, meetingId: string) {
	return db.select().from(meetingAttendance).where(eq(meetingAttendance.meetingId, meetingId));
}
export async function upsertAttendance(db: Db, row: typeof meetingAttendance.$inferInsert) {
	await db
		.insert(meetingAttendance)
		.values(row)
		.onConflictDoUpdate({
			target: [meetingAttendance.meetingId, meetingAttendance.memberId],
			set: {
				status: row.status,
				attendeeUserId: row.attendeeUserId,
				bySubstitute: row.bySubstitute,
				recordedAt: new Date()
			}
		});
}

// ---- minutes
export async function minutesOf(db: Db, meetingId: string) {
	const [row] = await db.select().from(meetingMinutes).where(eq(meetingMinutes.meetingId, meetingId));
	return row;
}
export async function insertMinutes(db: Db, row: typeof meetingMinutes.$inferInsert) {
	const [created] = await db.insert(meetingMinutes).values(row).returning();
	return created!;
}
export async function updateMinutes(db: Db, id: string, patch: Partial<typeof meetingMinutes.$inferInsert>) {
	const [row] = await db.update(meetingMinutes).set(patch).where(eq(meetingMinutes.id, id)).returning();
	return row!;
}
export async function insertRevision(db: Db, row: typeof minutesRevisions.$inferInsert) {
	await db.insert(minutesRevisions).values(row);
}
export async function revisionsOf(db: Db, minutesId: string) {
	return db
		.select()
		.from(minutesRevisions)
		.where(eq(minutesRevisions.minutesId, minutesId))
		.orderBy(asc(minutesRevisions.revision));
}
export async function insertApproval(db: Db, row: typeof minutesApprovals.$inferInsert) {
	await db.insert(minutesApprovals).values(row).onConflictDoNothing();
}
export async function approvalsOf(db: Db, minutesId: string) {
	return db
		.select({
			revision: minutesApprovals.revision,
			userId: minutesApprovals.userId,
			displayName: users.displayName,
			approvedAt: minutesApprovals.approvedAt
		})
		.from(minutesApprovals)
		.innerJoin(users, eq(users.id, minutesApprovals.userId))
		.where(eq(minutesApprovals.minutesId, minutesId))
		.orderBy(asc(minutesApprovals.approvedAt));
}

// ---- decisions
export async function insertDecision(db: Db, row: typeof decisions.$inferInsert) {
	const [created] = await db.insert(decisions).values(row).returning();
	return created!;
}
export async function insertDecisionHistory(db: Db, row: typeof decisionHistory.$inferInsert) {
	await db.insert(decisionHistory).values(row);
}
export async function decisionsOfMeeting(db: Db, meetingId: string) {
	return db
		.select()
		.from(decisions)
		.where(eq(decisions.meetingId, meetingId))
		.orderBy(asc(decisions.createdAt));
}
export async function findDecision(db: Db, id: string) {
	const [row] = await db.select().from(decisions).where(eq(decisions.id, id));
	return row;
}

// ---- actions
const actionColumns = {
	id: actions.id,
	cooperationId: actions.cooperationId,
	cooperationName: cooperations.name,
	bodyId: actions.bodyId,
	meetingId: actions.meetingId,
	agendaItemId: actions.agendaItemId,
	decisionId: actions.decisionId,
	title: actions.title,
	description: actions.description,
	ownerUserId: actions.ownerUserId,
	ownerName: users.displayName,
	ownerOrganisationId: actions.ownerOrganisationId,
	ownerOrganisationName: organisations.name,
	dueOn: actions.dueOn,
	status: actions.status,
	completedAt: actions.completedAt
};
export type ActionView = Awaited<ReturnType<typeof listActions>>[number];

export async function insertAction(db: Db, row: typeof actions.$inferInsert) {
	const [created] = await db.insert(actions).values(row).returning();
	return created!;
}
export async function updateAction(db: Db, id: string, patch: Partial<typeof actions.$inferInsert>) {
	const [row] = await db
		.update(actions)
		.set({ ...patch, updatedAt: new Date() })
		.where(eq(actions.id, id))
		.returning();
	return row!;
}
export async function findAction(db: Db, id: string) {
	const [row] = await db.select().from(actions).where(eq(actions.id, id));
	return row;
}
export async function listActions(
	db: Db,
	filter: {
		cooperationId?: string;
		meetingId?: string;
		ownerUserId?: string;
		bodyId?: string;
		openOnly?: boolean;
		limit?: number;
		offset?: number;
	}
) {
	const conditions = [
		filter.cooperationId ? eq(actions.cooperationId, filter.cooperationId) : undefined,
		filter.meetingId ? eq(actions.meetingId, filter.meetingId) : undefined,
		filter.ownerUserId ? eq(actions.ownerUserId, filter.ownerUserId) : undefined,
		filter.bodyId ? eq(actions.bodyId, filter.bodyId) : undefined,
		filter.openOnly ? inArray(actions.status, ['open', 'in_progress']) : undefined
	].filter((c) => c !== undefined);
	return db
		.select(actionColumns)
		.from(actions)
		.innerJoin(cooperations, eq(cooperations.id, actions.cooperationId))
		.innerJoin(users, eq(users.id, actions.ownerUserId))
		.innerJoin(organisations, eq(organisations.id, actions.ownerOrganisationId))
		.where(and(...conditions))
		.orderBy(asc(actions.dueOn), asc(actions.title))
		.limit(filter.limit ?? 200)
		.offset(filter.offset ?? 0);
}
/** Open actions of one person in one body (hand-over). */
export async function openActionsOfOwnerInBody(db: Db, bodyId: string, ownerUserId: string) {
	return db
		.select()
		.from(actions)
		.where(
			and(
				eq(actions.bodyId, bodyId),
				eq(actions.ownerUserId, ownerUserId),
				inArray(actions.status, ['open', 'in_progress'])
			)
		);
}

export async function insertActionHistory(db: Db, row: typeof actionHistory.$inferInsert) {
	await db.insert(actionHistory).values(row);
}
export async function actionHistoryOf(db: Db, actionId: string) {
	return db
		.select()
		.from(actionHistory)
		.where(eq(actionHistory.actionId, actionId))
		.orderBy(asc(actionHistory.changedAt));
}
/** Non-archived bodies with their cooperation (the territory view filters them by place). */
export async function allBodies(db: Db, limit = 2000) {
	return db
		.select({
			id: bodies.id,
			name: bodies.name,
			kind: bodies.kind,
			themes: bodies.themes,
			territoryType: bodies.territoryType,
			territoryCode: bodies.territoryCode,
			cooperationId: bodies.cooperationId,
			cooperationName: cooperations.name
		})
		.from(bodies)
		.innerJoin(cooperations, eq(cooperations.id, bodies.cooperationId))
		.where(isNull(bodies.archivedAt))
		.orderBy(asc(cooperations.name), asc(bodies.name))
		.limit(limit);
}
