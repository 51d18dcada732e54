import { sql } from 'drizzle-orm';
import { pgTable, text, uuid, timestamp, index, check, jsonb, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema';
import { organisations } from '../organisations/schema';

/**
 * The shared needs inventory (DOMAIN.md `need`, issue 12 §4): what people or professionals lack on a territory.
 * Never any person data: a need from a refused referral keeps the referral id and the refusal reason category only.
 * The diagnostic module adds qualification, merging and blind spots on top of this table.
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
		mergedIntoId: uuid('merged_into_id'),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('needs_territory_idx').on(t.territoryType, t.territoryCode, t.status),
		index('needs_themes_idx').using('gin', t.themes),
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
