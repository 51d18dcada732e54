import { sql } from 'drizzle-orm';
import {
	pgTable,
	text,
	uuid,
	timestamp,
	date,
	integer,
	index,
	check,
	jsonb,
	boolean,
	primaryKey
} from 'drizzle-orm/pg-core';
import { users } from '../auth/schema';
import { organisations } from '../organisations/schema';
import { cooperations } from '../cooperations/schema';

export const BODY_KINDS = ['pilotage', 'technique', 'partage_situations'] as const;
export type BodyKind = (typeof BODY_KINDS)[number];
export const MANDATE_LEVELS = ['direction', 'encadrement', 'operationnel'] as const;
export type MandateLevel = (typeof MANDATE_LEVELS)[number];

/** An instance of a cooperation: comité de pilotage, comité technique, cellule de partage de situations. */
export const bodies = pgTable(
	'bodies',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		cooperationId: uuid('cooperation_id')
			.notNull()
			.references(() => cooperations.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		name: text('name').notNull(),
		description: text('description').notNull().default(''),
		/** scope: where and on what the body works (defaults to the cooperation's) */
		territoryType: text('territory_type').notNull(),
		territoryCode: text('territory_code').notNull(),
		themes: text('themes')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		archivedAt: timestamp('archived_at', { withTimezone: true })
	},
	(t) => [
		index('bodies_cooperation_idx').on(t.cooperationId),
		index('bodies_territory_idx').on(t.territoryType, t.territoryCode),
		check('bodies_kind_check', sql`${t.kind} in ('pilotage', 'technique', 'partage_situations')`)
	]
);

/** A person's seat in a body: who, for which organisation, at which mandate level, from when to when. */
export const bodyMembers = pgTable(
	'body_members',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		bodyId: uuid('body_id')
			.notNull()
			.references(() => bodies.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'restrict' }),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'restrict' }),
		mandate: text('mandate').notNull(),
		substituteUserId: uuid('substitute_user_id').references(() => users.id, { onDelete: 'set null' }),
		startsOn: date('starts_on').notNull(),
		endsOn: date('ends_on'),
		/** the member who took over this seat's open actions (hand-over) */
		successorMemberId: uuid('successor_member_id'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('body_members_body_idx').on(t.bodyId),
		index('body_members_user_idx').on(t.userId),
		check('body_members_mandate_check', sql`${t.mandate} in ('direction', 'encadrement', 'operationnel')`),
		check('body_members_dates_check', sql`${t.endsOn} is null or ${t.endsOn} >= ${t.startsOn}`)
	]
);

export const meetings = pgTable(
	'meetings',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		bodyId: uuid('body_id')
			.notNull()
			.references(() => bodies.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
		endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
		location: text('location').notNull().default(''),
		/** planned | cancelled | held */
		status: text('status').notNull().default('planned'),
		/** the chair (président·e de séance): a member of the body */
		chairMemberId: uuid('chair_member_id').references(() => bodyMembers.id, { onDelete: 'set null' }),
		/** iCalendar SEQUENCE, raised at every update or cancellation sent */
		icsSequence: integer('ics_sequence').notNull().default(0),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('meetings_body_idx').on(t.bodyId, t.startsAt),
		check('meetings_status_check', sql`${t.status} in ('planned', 'cancelled', 'held')`),
		check('meetings_dates_check', sql`${t.endsAt} > ${t.startsAt}`)
	]
);

export const agendaItems = pgTable(
	'agenda_items',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		meetingId: uuid('meeting_id')
			.notNull()
			.references(() => meetings.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		durationMinutes: integer('duration_minutes').notNull(),
		presenterUserId: uuid('presenter_user_id').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [
		index('agenda_items_meeting_idx').on(t.meetingId, t.position),
		check('agenda_items_duration_check', sql`${t.durationMinutes} between 1 and 600`)
	]
);

export const DECISION_STATUSES = ['in_force', 'amended', 'reversed', 'carried_out'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

/** What a body decided: kept forever, amended or reversed but never deleted (DOMAIN.md). */
export const decisions = pgTable(
	'decisions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		cooperationId: uuid('cooperation_id')
			.notNull()
			.references(() => cooperations.id, { onDelete: 'cascade' }),
		bodyId: uuid('body_id')
			.notNull()
			.references(() => bodies.id, { onDelete: 'cascade' }),
		meetingId: uuid('meeting_id').references(() => meetings.id, { onDelete: 'set null' }),
		agendaItemId: uuid('agenda_item_id').references(() => agendaItems.id, { onDelete: 'set null' }),
		title: text('title').notNull(),
		text: text('text').notNull(),
		/** what was decided, in a few words: adopté, adopté avec réserves, ajourné, rejeté… */
		outcome: text('outcome').notNull().default(''),
		decidedOn: date('decided_on').notNull(),
		proposedByUserId: uuid('proposed_by_user_id').references(() => users.id, { onDelete: 'set null' }),
		proposedByOrganisationId: uuid('proposed_by_organisation_id').references(() => organisations.id, {
			onDelete: 'set null'
		}),
		reviewOn: date('review_on'),
		status: text('status').notNull().default('in_force'),
		/** other objects the decision is about: [{ type: 'charterVersion' | 'decision' | 'service' | …, id }] */
		linkedObjects: jsonb('linked_objects').notNull().default([]),
		/** the decision this one amends or reverses */
		supersedesId: uuid('supersedes_id'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('decisions_cooperation_idx').on(t.cooperationId, t.decidedOn),
		index('decisions_body_idx').on(t.bodyId),
		index('decisions_review_idx').on(t.reviewOn),
		// the register without words, newest first
		index('decisions_decided_idx').on(t.decidedOn),
		check('decisions_status_check', sql`${t.status} in ('in_force', 'amended', 'reversed', 'carried_out')`),
		check('decisions_review_check', sql`${t.reviewOn} is null or ${t.reviewOn} >= ${t.decidedOn}`)
	]
);

/** Every change of a decision: status, text, review date; who and when. */
export const decisionHistory = pgTable(
	'decision_history',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		decisionId: uuid('decision_id')
			.notNull()
			.references(() => decisions.id, { onDelete: 'cascade' }),
		changedBy: uuid('changed_by').references(() => users.id, { onDelete: 'set null' }),
		changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
		/** create | update | status */
		kind: text('kind').notNull(),
		/** { field: [before, after] } */
		changes: jsonb('changes').notNull().default({}),
		reason: text('reason')
	},
	(t) => [index('decision_history_decision_idx').on(t.decisionId, t.changedAt)]
);

export const ACTION_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** Something someone has to do: from an agenda item, a decision, or typed in. */
export const actions = pgTable(
	'actions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		cooperationId: uuid('cooperation_id')
			.notNull()
			.references(() => cooperations.id, { onDelete: 'cascade' }),
		bodyId: uuid('body_id').references(() => bodies.id, { onDelete: 'set null' }),
		meetingId: uuid('meeting_id').references(() => meetings.id, { onDelete: 'set null' }),
		agendaItemId: uuid('agenda_item_id').references(() => agendaItems.id, { onDelete: 'set null' }),
		decisionId: uuid('decision_id').references(() => decisions.id, { onDelete: 'set null' }),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		ownerUserId: uuid('owner_user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'restrict' }),
		ownerOrganisationId: uuid('owner_organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'restrict' }),
		dueOn: date('due_on').notNull(),
		status: text('status').notNull().default('open'),
		completedAt: timestamp('completed_at', { withTimezone: true }),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('actions_cooperation_idx').on(t.cooperationId, t.status),
		index('actions_owner_idx').on(t.ownerUserId, t.status),
		index('actions_due_idx').on(t.dueOn),
		index('actions_decision_idx').on(t.decisionId),
		check('actions_status_check', sql`${t.status} in ('open', 'in_progress', 'done', 'cancelled')`)
	]
);

export const ATTENDANCE_STATUSES = ['present', 'excused', 'absent'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/** Who came to a meeting: one row per seat; when the substitute came instead, attendeeUserId is theirs. */
export const meetingAttendance = pgTable(
	'meeting_attendance',
	{
		meetingId: uuid('meeting_id')
			.notNull()
			.references(() => meetings.id, { onDelete: 'cascade' }),
		memberId: uuid('member_id')
			.notNull()
			.references(() => bodyMembers.id, { onDelete: 'cascade' }),
		status: text('status').notNull(),
		/** the person actually present: the member, or their substitute (« suppléant·e présent·e pour ») */
		attendeeUserId: uuid('attendee_user_id').references(() => users.id, { onDelete: 'set null' }),
		bySubstitute: boolean('by_substitute').notNull().default(false),
		recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.meetingId, t.memberId] }),
		check('meeting_attendance_status_check', sql`${t.status} in ('present', 'excused', 'absent')`)
	]
);

/** The minutes (compte rendu) of a meeting: drafted, proposed to the attendees, amended, approved. */
export const meetingMinutes = pgTable(
	'meeting_minutes',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		meetingId: uuid('meeting_id')
			.notNull()
			.unique()
			.references(() => meetings.id, { onDelete: 'cascade' }),
		/** draft | proposed | approved */
		status: text('status').notNull().default('draft'),
		revision: integer('revision').notNull().default(1),
		/** sanitised HTML (small allow-list) */
		content: text('content').notNull(),
		updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		approvedAt: timestamp('approved_at', { withTimezone: true })
	},
	(t) => [check('meeting_minutes_status_check', sql`${t.status} in ('draft', 'proposed', 'approved')`)]
);

/** Every revision of the minutes, kept: an amendment is a new revision, never an overwrite. */
export const minutesRevisions = pgTable(
	'minutes_revisions',
	{
		minutesId: uuid('minutes_id')
			.notNull()
			.references(() => meetingMinutes.id, { onDelete: 'cascade' }),
		revision: integer('revision').notNull(),
		content: text('content').notNull(),
		reason: text('reason').notNull().default(''),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.minutesId, t.revision] })]
);

/** An attendee's approval of one revision of the minutes (who and when); a new revision needs new approvals. */
export const minutesApprovals = pgTable(
	'minutes_approvals',
	{
		minutesId: uuid('minutes_id')
			.notNull()
			.references(() => meetingMinutes.id, { onDelete: 'cascade' }),
		revision: integer('revision').notNull(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'restrict' }),
		approvedAt: timestamp('approved_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.minutesId, t.revision, t.userId] })]
);

/** Every change of an action (status, owner, due date), hand-overs included: who, when, what. */
export const actionHistory = pgTable(
	'action_history',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		actionId: uuid('action_id')
			.notNull()
			.references(() => actions.id, { onDelete: 'cascade' }),
		changedBy: uuid('changed_by').references(() => users.id, { onDelete: 'set null' }),
		changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
		/** create | update | handover */
		kind: text('kind').notNull(),
		/** { field: [before, after] } */
		changes: jsonb('changes').notNull().default({})
	},
	(t) => [index('action_history_action_idx').on(t.actionId, t.changedAt)]
);
