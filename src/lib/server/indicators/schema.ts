import { sql } from 'drizzle-orm';
import {
	check,
	doublePrecision,
	index,
	integer,
	pgTable,
	primaryKey,
	text,
	timestamp
} from 'drizzle-orm/pg-core';

/**
 * What an indicator means and how it aggregates from communes to larger territories:
 * `sum` (counts), `ratio` (a share or rate weighted by the denominator indicator: Σ(value×denominator) /
 * Σ(denominator), never an average of rates) or `none` (a median: not computable above the commune).
 */
export const indicatorDefinitions = pgTable(
	'indicator_definitions',
	{
		code: text('code').primaryKey(),
		label: text('label').notNull(),
		unit: text('unit').notNull().default(''),
		source: text('source').notNull(),
		/** edition of the source, e.g. "2022" */
		vintage: text('vintage').notNull().default(''),
		method: text('method').notNull().default(''),
		aggregation: text('aggregation', { enum: ['sum', 'ratio', 'none'] }).notNull(),
		/** for `ratio`: the code of the indicator that weighs it */
		denominatorCode: text('denominator_code'),
		/** `partners`: shown only to signed-in partners */
		visibility: text('visibility', { enum: ['public', 'partners'] })
			.notNull()
			.default('public'),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check(
			'indicator_definitions_ratio_denominator',
			sql`(${t.aggregation} = 'ratio') = (${t.denominatorCode} is not null)`
		)
	]
);

/**
 * One value of an indicator for a territory and a period. A value that is not known is a status, never 0:
 * `missing` (nothing published) or `secret` (statistical secrecy); `value` is null for both.
 */
export const indicatorValues = pgTable(
	'indicator_values',
	{
		indicatorCode: text('indicator_code')
			.notNull()
			.references(() => indicatorDefinitions.code, { onDelete: 'cascade' }),
		territoryType: text('territory_type', { enum: ['commune', 'epci', 'departement', 'region', 'france'] })
			.notNull()
			.default('commune'),
		territoryCode: text('territory_code').notNull(),
		/** the year or date the value describes, e.g. "2019" or "2023-01-01" */
		period: text('period').notNull(),
		status: text('status', { enum: ['value', 'missing', 'secret'] }).notNull(),
		value: doublePrecision('value'),
		source: text('source').notNull(),
		importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.indicatorCode, t.territoryType, t.territoryCode, t.period] }),
		index('indicator_values_territory_idx').on(t.territoryType, t.territoryCode),
		check('indicator_values_status', sql`(${t.status} = 'value') = (${t.value} is not null)`)
	]
);

/**
 * Commune values aggregated to every EPCI, département, région and France, refreshed in the import's
 * transaction (ADR 016: read by every panorama page, computing them per request would scan every commune).
 * `coverage`: share of the population (legal population of the communes) behind communes with a value.
 */
export const indicatorAggregates = pgTable(
	'indicator_aggregates',
	{
		indicatorCode: text('indicator_code')
			.notNull()
			.references(() => indicatorDefinitions.code, { onDelete: 'cascade' }),
		territoryType: text('territory_type', { enum: ['epci', 'departement', 'region', 'france'] }).notNull(),
		territoryCode: text('territory_code').notNull(),
		period: text('period').notNull(),
		/** `not_computable`: the rule is `none` (a median) */
		status: text('status', { enum: ['value', 'missing', 'secret', 'not_computable'] }).notNull(),
		value: doublePrecision('value'),
		coverage: doublePrecision('coverage').notNull(),
		/** communes with a value behind it */
		communes: integer('communes').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.indicatorCode, t.territoryType, t.territoryCode, t.period] }),
		index('indicator_aggregates_territory_idx').on(t.territoryType, t.territoryCode)
	]
);
