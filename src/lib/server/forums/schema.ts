import { sql } from 'drizzle-orm';
import {
	pgTable,
	text,
	uuid,
	timestamp,
	integer,
	index,
	check,
	primaryKey,
	uniqueIndex,
	boolean
} from 'drizzle-orm/pg-core';
import { users } from '../auth/schema';
import { organisations } from '../organisations/schema';

/**
 * Thematic forums (issue 12 §7, seed 002): a session on a theme and a territory gathers technical, political and
 * lived-experience expertise; contributions before, during and after; a facilitator turns one into a need.
 * Never any personal data of people with lived experience: they are counted, and quoted without a name.
 */

export const FORUM_PHASES = ['before', 'during', 'after'] as const;
export type ForumPhase = (typeof FORUM_PHASES)[number];
/** à venir, en cours, terminée */
export const FORUM_STATUSES = ['upcoming', 'ongoing', 'ended'] as const;
export type ForumStatus = (typeof FORUM_STATUSES)[number];
export const FORUM_TERRITORY_TYPES = ['commune', 'epci', 'departement'] as const;

export const forumSessions = pgTable(
	'forum_sessions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		title: text('title').notNull(),
		/** data·inclusion thématiques */
		themes: text('themes')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		territoryType: text('territory_type').notNull(),
		territoryCode: text('territory_code').notNull(),
		/** the territory's path, kept so that visibility is a lookup (the levels above the territory) */
		regionCode: text('region_code'),
		departementCode: text('departement_code'),
		epciCode: text('epci_code'),
		communeCode: text('commune_code'),
		startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
		endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
		place: text('place'),
		remoteUrl: text('remote_url'),
		/** set by a facilitator; null = derived from the dates */
		status: text('status'),
		technicalCount: integer('technical_count').notNull().default(0),
		politicalCount: integer('political_count').notNull().default(0),
		/** people with lived experience: a number, never a name */
		usageCount: integer('usage_count').notNull().default(0),
		/** professionals who agreed to be named (optional) */
		namedProfessionals: text('named_professionals')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('forum_sessions_starts_idx').on(t.startsAt),
		index('forum_sessions_departement_idx').on(t.departementCode, t.startsAt),
		index('forum_sessions_themes_idx').using('gin', t.themes),
		check('forum_sessions_territory_check', sql`${t.territoryType} in ('commune', 'epci', 'departement')`),
		check(
			'forum_sessions_status_check',
			sql`${t.status} is null or ${t.status} in ('upcoming', 'ongoing', 'ended')`
		),
		check('forum_sessions_dates_check', sql`${t.endsAt} >= ${t.startsAt}`),
		check(
			'forum_sessions_counts_check',
			sql`${t.technicalCount} >= 0 and ${t.politicalCount} >= 0 and ${t.usageCount} >= 0`
		)
	]
);

export const forumFacilitators = pgTable(
	'forum_facilitators',
	{
		sessionId: uuid('session_id')
			.notNull()
			.references(() => forumSessions.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.sessionId, t.userId] }), index('forum_facilitators_user_idx').on(t.userId)]
);

export const forumContributions = pgTable(
	'forum_contributions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		sessionId: uuid('session_id')
			.notNull()
			.references(() => forumSessions.id, { onDelete: 'cascade' }),
		/** an answer's contribution (one level: an answer is never answered) */
		parentId: uuid('parent_id'),
		phase: text('phase').notNull(),
		body: text('body').notNull(),
		expertise: text('expertise').notNull(),
		/** normalised: lower case, no accents, words joined by « - » */
		tags: text('tags')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		/** the signed-in professional who wrote it; null when a facilitator recorded it for a participant */
		authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
		onBehalf: boolean('on_behalf').notNull().default(false),
		recordedBy: uuid('recorded_by').references(() => users.id, { onDelete: 'set null' }),
		/** the need it became (needs domain): one need per contribution */
		needId: uuid('need_id'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('forum_contributions_session_idx').on(t.sessionId, t.createdAt),
		index('forum_contributions_parent_idx').on(t.parentId),
		index('forum_contributions_tags_idx').using('gin', t.tags),
		uniqueIndex('forum_contributions_need_idx')
			.on(t.needId)
			.where(sql`${t.needId} is not null`),
		check('forum_contributions_phase_check', sql`${t.phase} in ('before', 'during', 'after')`),
		check('forum_contributions_expertise_check', sql`${t.expertise} in ('technique', 'politique', 'usage')`)
	]
);
