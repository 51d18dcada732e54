import { sql } from 'drizzle-orm';
import {
	pgTable,
	text,
	uuid,
	timestamp,
	index,
	check,
	jsonb,
	uniqueIndex,
	integer,
	type AnyPgColumn
} from 'drizzle-orm/pg-core';
import { users } from '../auth/schema';
import { organisations } from '../organisations/schema';

/**
 * The shared needs inventory (DOMAIN.md `need`, issue 12 §4): what people or professionals lack on a territory.
 * Never any person data: a need from a refused referral keeps the referral id and the refusal reason category only.
 * Coordinators of the need's territory qualify it and merge duplicates; every change is a `need_events` row.
 */

export const NEED_SOURCES = [
	'forum',
	'empathy_workshop',
	'field_observation',
	'data',
	'refused_referral',
	'empty_search',
	'user_feedback',
	'abs'
] as const;
export type NeedSource = (typeof NEED_SOURCES)[number];
/** kind of expertise: technique, politique, d'usage (lived experience) */
export const NEED_EXPERTISE = ['technique', 'politique', 'usage'] as const;
export type NeedExpertise = (typeof NEED_EXPERTISE)[number];
/** à qualifier, confirmé, répondu, clos */
export const NEED_STATUSES = ['to_qualify', 'confirmed', 'answered', 'closed'] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

export const needs = pgTable(
	'needs',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		/** data·inclusion thématiques */
		themes: text('themes')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		/** territory the need is observed on (commune, epci, departement…) */
		territoryType: text('territory_type').notNull(),
		territoryCode: text('territory_code').notNull(),
		/** data·inclusion publics */
		publics: text('publics')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		source: text('source').notNull(),
		expertise: text('expertise'),
		/** structured, non-personal evidence, e.g. {refusalReason: 'no_capacity', serviceId} for a refused referral */
		evidence: jsonb('evidence').notNull().default({}),
		/** the refused referral it comes from (one need per referral: idempotent) */
		referralId: uuid('referral_id'),
		reportedBy: uuid('reported_by').references(() => users.id, { onDelete: 'set null' }),
		reportedByOrganisationId: uuid('reported_by_organisation_id').references(() => organisations.id, {
			onDelete: 'set null'
		}),
		reportedAt: timestamp('reported_at', { withTimezone: true }).notNull().defaultNow(),
		status: text('status').notNull().default('to_qualify'),
		/** a duplicate merged into another need (kept for history, never deleted) */
		mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => needs.id),
		/** how many times it was reported: 1 + the report counts of the duplicates merged into it (« signalé 3 fois ») */
		reportCount: integer('report_count').notNull().default(1),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('needs_territory_idx').on(t.territoryType, t.territoryCode, t.status),
		index('needs_themes_idx').using('gin', t.themes),
		index('needs_reported_idx').on(t.reportedAt, t.id),
		index('needs_merged_into_idx')
			.on(t.mergedIntoId)
			.where(sql`${t.mergedIntoId} is not null`),
		uniqueIndex('needs_referral_idx')
			.on(t.referralId)
			.where(sql`${t.referralId} is not null`),
		check(
			'needs_source_check',
			sql`${t.source} in ('forum', 'empathy_workshop', 'field_observation', 'data', 'refused_referral', 'empty_search', 'user_feedback', 'abs')`
		),
		check(
			'needs_expertise_check',
			sql`${t.expertise} is null or ${t.expertise} in ('technique', 'politique', 'usage')`
		),
		check('needs_status_check', sql`${t.status} in ('to_qualify', 'confirmed', 'answered', 'closed')`)
	]
);

export const NEED_EVENT_KINDS = ['created', 'updated', 'merged_into', 'merged_from'] as const;
export type NeedEventKind = (typeof NEED_EVENT_KINDS)[number];

/**
 * A need's history: creation, each edit or qualification (the fields changed, before and after), and merges (on
 * both needs). Never updated nor deleted.
 */
export const needEvents = pgTable(
	'need_events',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** order of the events (several may share a timestamp: a merge writes two) */
		seq: integer('seq').generatedAlwaysAsIdentity(),
		needId: uuid('need_id')
			.notNull()
			.references(() => needs.id),
		kind: text('kind').notNull(),
		/** the other need of a merge */
		otherNeedId: uuid('other_need_id').references(() => needs.id),
		/** fields changed: {status: {from, to}, title: {from, to}…} */
		changes: jsonb('changes').notNull().default({}),
		actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
		actorOrganisationId: uuid('actor_organisation_id').references(() => organisations.id, {
			onDelete: 'set null'
		}),
		/** names as they were when it happened (a professional's display name and organisation, no person data) */
		actorName: text('actor_name'),
		organisationName: text('organisation_name'),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('need_events_need_idx').on(t.needId, t.seq),
		check('need_events_kind_check', sql`${t.kind} in ('created', 'updated', 'merged_into', 'merged_from')`)
	]
);
