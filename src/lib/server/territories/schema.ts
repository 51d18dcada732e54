import { sql } from 'drizzle-orm';
import {
	pgTable,
	text,
	integer,
	doublePrecision,
	uuid,
	timestamp,
	primaryKey,
	index
} from 'drizzle-orm/pg-core';

/** normalize_name(): lower-case, accents and punctuation folded (SQL function, migration 0000). */
const normalized = (column: string) => sql.raw(`normalize_name(${column})`);

export const regions = pgTable('regions', {
	code: text('code').primaryKey(),
	name: text('name').notNull(),
	nameNormalized: text('name_normalized').generatedAlwaysAs(normalized('name')),
	chefLieu: text('chef_lieu'),
	/** sum of its communes' legal populations, computed at import */
	population: integer('population').notNull().default(0)
});

export const departements = pgTable(
	'departements',
	{
		code: text('code').primaryKey(),
		name: text('name').notNull(),
		nameNormalized: text('name_normalized').generatedAlwaysAs(normalized('name')),
		regionCode: text('region_code')
			.notNull()
			.references(() => regions.code),
		chefLieu: text('chef_lieu'),
		/** sum of its communes' legal populations, computed at import */
		population: integer('population').notNull().default(0)
	},
	(t) => [index('departements_region_idx').on(t.regionCode)]
);

export const epcis = pgTable('epcis', {
	/** SIREN of the intercommunality. */
	code: text('code').primaryKey(),
	name: text('name').notNull(),
	nameNormalized: text('name_normalized').generatedAlwaysAs(normalized('name')),
	/** CC, CA, CU, METRO, MET69. */
	kind: text('kind').notNull(),
	population: integer('population').notNull()
});

export const communes = pgTable(
	'communes',
	{
		/** INSEE COG code. */
		code: text('code').primaryKey(),
		name: text('name').notNull(),
		nameNormalized: text('name_normalized').generatedAlwaysAs(normalized('name')),
		departementCode: text('departement_code')
			.notNull()
			.references(() => departements.code),
		regionCode: text('region_code')
			.notNull()
			.references(() => regions.code),
		epciCode: text('epci_code').references(() => epcis.code),
		/** Legal (municipal) population. */
		population: integer('population').notNull().default(0),
		postalCodes: text('postal_codes')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		latitude: doublePrecision('latitude'),
		longitude: doublePrecision('longitude')
	},
	(t) => [index('communes_departement_idx').on(t.departementCode), index('communes_epci_idx').on(t.epciCode)]
);

/** EPCIs can straddle départements: the link is kept per département. */
export const epciDepartements = pgTable(
	'epci_departements',
	{
		epciCode: text('epci_code')
			.notNull()
			.references(() => epcis.code, { onDelete: 'cascade' }),
		departementCode: text('departement_code')
			.notNull()
			.references(() => departements.code)
	},
	(t) => [primaryKey({ columns: [t.epciCode, t.departementCode] })]
);

/** Custom zones: quartiers prioritaires, bassins de vie, secteurs d'action sociale… */
export const zones = pgTable('zones', {
	id: uuid('id').primaryKey().defaultRandom(),
	name: text('name').notNull(),
	description: text('description').notNull().default(''),
	organisationId: uuid('organisation_id'),
	createdBy: uuid('created_by'),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

export const zoneCommunes = pgTable(
	'zone_communes',
	{
		zoneId: uuid('zone_id')
			.notNull()
			.references(() => zones.id, { onDelete: 'cascade' }),
		communeCode: text('commune_code')
			.notNull()
			.references(() => communes.code)
	},
	(t) => [primaryKey({ columns: [t.zoneId, t.communeCode] })]
);
