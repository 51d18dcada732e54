import { sql } from 'drizzle-orm';
import {
	pgTable,
	text,
	uuid,
	timestamp,
	integer,
	jsonb,
	index,
	uniqueIndex,
	check
} from 'drizzle-orm/pg-core';
import { users } from '../auth/schema';
import { organisations } from '../organisations/schema';
import { cooperations } from '../cooperations/schema';
import type { CharterContent } from './content';

export const VERSION_STATUSES = ['draft', 'in_approval', 'frozen', 'superseded'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

/**
 * One numbered version of a cooperation's charter (convention). The content (sections as sanitised HTML and the
 * structured parts: commitments, risks, sharing rules, fund approvers) is a jsonb validated by content.ts; money
 * and FTE inside it are decimal strings shaped like numeric(14,2) and numeric(5,2), never floats. Once frozen the
 * row never changes again except for its status becoming `superseded` (the database refuses any other update).
 */
export const charterVersions = pgTable(
	'charter_versions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		cooperationId: uuid('cooperation_id')
			.notNull()
			.references(() => cooperations.id, { onDelete: 'cascade' }),
		number: integer('number').notNull(),
		status: text('status').notNull().default('draft'),
		/** the template it started from, or null when copied from the version in force */
		template: text('template'),
		basedOnVersionId: uuid('based_on_version_id'),
		content: jsonb('content').$type<CharterContent>().notNull(),
		/** SHA-256 of the canonical serialisation, set when frozen */
		contentHash: text('content_hash'),
		submittedAt: timestamp('submitted_at', { withTimezone: true }),
		frozenAt: timestamp('frozen_at', { withTimezone: true }),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('charter_versions_number_idx').on(t.cooperationId, t.number),
		// at most one version in force and one open version (draft or in approval) per cooperation
		uniqueIndex('charter_versions_in_force_idx')
			.on(t.cooperationId)
			.where(sql`${t.status} = 'frozen'`),
		uniqueIndex('charter_versions_open_idx')
			.on(t.cooperationId)
			.where(sql`${t.status} in ('draft', 'in_approval')`),
		check(
			'charter_versions_status_check',
			sql`${t.status} in ('draft', 'in_approval', 'frozen', 'superseded')`
		),
		check(
			'charter_versions_hash_check',
			sql`(${t.status} in ('frozen', 'superseded')) = (${t.contentHash} is not null)`
		)
	]
);

export const APPROVAL_DECISIONS = ['approved', 'changes_requested'] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

/**
 * A party's answer on a version in approval, given by one of its authorised members. Never deleted: an edit after
 * answers marks them invalidated (the approval is reopened) and keeps the content they answered, for the diff.
 */
export const charterApprovals = pgTable(
	'charter_approvals',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		versionId: uuid('version_id')
			.notNull()
			.references(() => charterVersions.id, { onDelete: 'cascade' }),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'restrict' }),
		userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
		decision: text('decision').notNull(),
		reason: text('reason').notNull().default(''),
		/** the content the party answered (what the diff is computed from after an edit) */
		contentSnapshot: jsonb('content_snapshot').$type<CharterContent>().notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		invalidatedAt: timestamp('invalidated_at', { withTimezone: true })
	},
	(t) => [
		index('charter_approvals_version_idx').on(t.versionId, t.organisationId),
		check('charter_approvals_decision_check', sql`${t.decision} in ('approved', 'changes_requested')`),
		check('charter_approvals_reason_check', sql`${t.decision} = 'approved' or length(${t.reason}) > 0`)
	]
);
