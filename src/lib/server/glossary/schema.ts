import { sql } from 'drizzle-orm';
import {
	pgTable,
	text,
	uuid,
	timestamp,
	boolean,
	jsonb,
	index,
	uniqueIndex,
	check,
	bigserial
} from 'drizzle-orm/pg-core';
import { users } from '../auth/schema';

/**
 * What a territory's coordinators change in the glossary shipped with Maillage (national-terms.json): a row
 * per term and territory. With the key of a shipped term it overrides it (or hides it); with a new key it is a
 * local term (a network's own acronym). The effective glossary of a place applies the rows of its région,
 * département, EPCI and commune in that order over the shipped terms.
 */
export const glossaryEntries = pgTable(
	'glossary_entries',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		territoryType: text('territory_type').notNull(),
		territoryCode: text('territory_code').notNull(),
		/** the term's slug: a shipped term's key, or a local term's */
		key: text('key').notNull(),
		/** hidden here (and below, unless a narrower territory shows it again) */
		hidden: boolean('hidden').notNull().default(false),
		/** the term's text; null on a row that only hides a shipped term */
		term: text('term'),
		longForm: text('long_form'),
		definition: text('definition'),
		aliases: text('aliases')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		sourceName: text('source_name'),
		sourceUrl: text('source_url'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [
		uniqueIndex('glossary_entries_territory_key_idx').on(t.territoryType, t.territoryCode, t.key),
		check(
			'glossary_entries_territory_type_check',
			sql`${t.territoryType} in ('region', 'departement', 'epci', 'commune')`
		),
		check(
			'glossary_entries_text_check',
			sql`${t.hidden} or (${t.term} is not null and ${t.definition} is not null)`
		)
	]
);

/** Every change of a territory's glossary, with the row before and after (the audit log says who and when too). */
export const glossaryHistory = pgTable(
	'glossary_history',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** order of the changes (several may share a time) */
		seq: bigserial('seq', { mode: 'number' }).notNull(),
		territoryType: text('territory_type').notNull(),
		territoryCode: text('territory_code').notNull(),
		key: text('key').notNull(),
		/** create | update | hide | show | reset */
		change: text('change').notNull(),
		before: jsonb('before'),
		after: jsonb('after'),
		changedBy: uuid('changed_by').references(() => users.id, { onDelete: 'set null' }),
		changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('glossary_history_territory_idx').on(t.territoryType, t.territoryCode, t.key, t.seq)]
);
