import { sql } from 'drizzle-orm';
import {
	pgTable,
	text,
	uuid,
	timestamp,
	date,
	doublePrecision,
	integer,
	boolean,
	jsonb,
	bigint,
	index,
	uniqueIndex,
	primaryKey,
	customType,
	type AnyPgColumn
} from 'drizzle-orm/pg-core';
import { organisations } from '../organisations/schema';
import { communes } from '../territories/schema';
import { users } from '../auth/schema';

/**
 * The shared referential of the offer, modelled on data·inclusion v1 (field names in comments).
 * A structure may be linked to a partner organisation of Maillage, whose members then edit it.
 */
export const structures = pgTable(
	'structures',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** producer (data·inclusion `source`): maillage, dora, soliguide, an import file… */
		source: text('source').notNull(),
		/** the producer's own id (data·inclusion `id` without the source prefix): stable across re-imports */
		sourceId: text('source_id').notNull(),
		organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
		name: text('name').notNull(), // nom
		description: text('description').notNull().default(''),
		siret: text('siret'),
		communeCode: text('commune_code').references(() => communes.code),
		/** commune as written by the producer when its INSEE code is unknown (data·inclusion `commune`) */
		communeName: text('commune_name'),
		postalCode: text('postal_code'),
		address: text('address'),
		addressComplement: text('address_complement'),
		latitude: doublePrecision('latitude'),
		longitude: doublePrecision('longitude'),
		phone: text('phone'),
		email: text('email'),
		website: text('website'),
		/** OpenStreetMap opening_hours syntax (horaires_accueil) */
		openingHours: text('opening_hours'),
		/** acceslibre page (accessibilite_lieu) */
		accessibilityUrl: text('accessibility_url'),
		networks: text('networks')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`), // reseaux_porteurs
		sourceUrl: text('source_url'), // lien_source
		/** date_maj at the producer */
		sourceUpdatedOn: date('source_updated_on'),
		isDemo: boolean('is_demo').notNull().default(false),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('structures_source_idx').on(t.source, t.sourceId),
		index('structures_org_idx').on(t.organisationId),
		index('structures_commune_idx').on(t.communeCode)
	]
);

export const services = pgTable(
	'services',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		structureId: uuid('structure_id')
			.notNull()
			.references(() => structures.id, { onDelete: 'cascade' }),
		source: text('source').notNull(),
		sourceId: text('source_id').notNull(),
		name: text('name').notNull(), // nom
		description: text('description').notNull(),
		type: text('type'), // TypeService
		thematiques: text('thematiques')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		/** gratuit | payant (frais) */
		fees: text('fees'),
		feesDetails: text('fees_details'), // frais_precisions
		publics: text('publics')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		publicsDetails: text('publics_details'), // publics_precisions
		accessConditions: text('access_conditions'), // conditions_acces
		receptionModes: text('reception_modes')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`), // modes_accueil
		/** "guichet" (walk-in) vs "aller-vers" (outreach): seed 004; not in data·inclusion */
		outreach: boolean('outreach').notNull().default(false),
		/** zone_eligibilite: commune / département / EPCI codes, or 'france' */
		eligibilityZone: text('eligibility_zone')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		mobilisationModes: text('mobilisation_modes')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`), // modes_mobilisation
		mobilisableBy: text('mobilisable_by')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`), // mobilisable_par
		mobilisationDetails: text('mobilisation_details'), // mobilisation_precisions
		mobilisationUrl: text('mobilisation_url'), // lien_mobilisation
		contactName: text('contact_name'), // contact_nom_prenom
		phone: text('phone'),
		email: text('email'),
		communeCode: text('commune_code').references(() => communes.code),
		/** commune as written by the producer when its INSEE code is unknown (data·inclusion `commune`) */
		communeName: text('commune_name'),
		postalCode: text('postal_code'),
		address: text('address'),
		addressComplement: text('address_complement'),
		latitude: doublePrecision('latitude'),
		longitude: doublePrecision('longitude'),
		openingHours: text('opening_hours'),
		/** volume_horaire_hebdomadaire: hours per week (≥ 0) */
		weeklyHours: doublePrecision('weekly_hours'),
		/** nombre_semaines: duration in weeks (≥ 1) */
		durationWeeks: integer('duration_weeks'),
		/** ISO 639-1 codes of the languages spoken (not in data·inclusion v1; HSDS `languages`) */
		languages: text('languages')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		/** free text on physical accessibility, beside the structure's acceslibre link */
		accessibility: text('accessibility'),
		sourceUrl: text('source_url'),
		sourceUpdatedOn: date('source_updated_on'), // date_maj
		/** last time an editor confirmed the entry is still right; stale after 6 months */
		lastCheckedAt: timestamp('last_checked_at', { withTimezone: true }).notNull().defaultNow(),
		isDemo: boolean('is_demo').notNull().default(false),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		/** search keys, maintained by the database (migration 0005): accent-free name, full-text vector */
		nameNormalized: text('name_normalized').generatedAlwaysAs(sql.raw(`normalize_name(name)`)),
		/**
		 * What else the search reads (ADR 010): the structure's and its organisation's names and the labels of the
		 * thématiques. Kept by the database (triggers of migration 0012), part of search_vector with weight C.
		 */
		searchContext: text('search_context').notNull().default('')
	},
	(t) => [
		uniqueIndex('services_source_idx').on(t.source, t.sourceId),
		index('services_structure_idx').on(t.structureId),
		index('services_commune_idx').on(t.communeCode),
		index('services_thematiques_idx').using('gin', t.thematiques),
		index('services_publics_idx').using('gin', t.publics),
		index('services_eligibility_idx').using('gin', t.eligibilityZone),
		index('services_checked_idx').on(t.lastCheckedAt)
	]
);

/** Every change to a service: who, when, which fields from what to what. */
export const serviceHistory = pgTable(
	'service_history',
	{
		id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		serviceId: uuid('service_id')
			.notNull()
			.references(() => services.id, { onDelete: 'cascade' }),
		changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
		changedBy: uuid('changed_by').references(() => users.id, { onDelete: 'set null' }),
		/** create | update | check | import */
		kind: text('kind').notNull(),
		/** { field: [before, after] } */
		changes: jsonb('changes').notNull().default({})
	},
	(t) => [index('service_history_service_idx').on(t.serviceId, t.changedAt)]
);

/** Every change to a structure made in Maillage: who, when, which fields from what to what. */
export const structureHistory = pgTable(
	'structure_history',
	{
		id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		structureId: uuid('structure_id')
			.notNull()
			.references(() => structures.id, { onDelete: 'cascade' }),
		changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
		changedBy: uuid('changed_by').references(() => users.id, { onDelete: 'set null' }),
		/** update */
		kind: text('kind').notNull(),
		/** { field: [before, after] } */
		changes: jsonb('changes').notNull().default({})
	},
	(t) => [index('structure_history_structure_idx').on(t.structureId, t.changedAt)]
);

/** Named contact people per organisation and theme ("liste de correspondants"): partners only. */
export const correspondents = pgTable(
	'correspondents',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		structureId: uuid('structure_id')
			.notNull()
			.references(() => structures.id, { onDelete: 'cascade' }),
		/** a data·inclusion category or leaf thématique */
		theme: text('theme').notNull(),
		fullName: text('full_name').notNull(),
		jobTitle: text('job_title').notNull().default(''),
		phone: text('phone'),
		email: text('email'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('correspondents_structure_idx').on(t.structureId)]
);

/** The territory's own classification: Politique → Mission → Action (seed 002). */
export const referentialNodes = pgTable(
	'referential_nodes',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		parentId: uuid('parent_id').references((): AnyPgColumn => referentialNodes.id, { onDelete: 'cascade' }),
		/** politique | mission | action */
		level: text('level').notNull(),
		name: text('name').notNull(),
		description: text('description').notNull().default(''),
		position: integer('position').notNull().default(0),
		/** the territory whose coordinators edit this tree (département code, e.g. 46) */
		departementCode: text('departement_code').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('referential_parent_idx').on(t.parentId, t.position)]
);

/** Services attached to an Action of the referential. */
export const actionServices = pgTable(
	'action_services',
	{
		nodeId: uuid('node_id')
			.notNull()
			.references(() => referentialNodes.id, { onDelete: 'cascade' }),
		serviceId: uuid('service_id')
			.notNull()
			.references(() => services.id, { onDelete: 'cascade' })
	},
	(t) => [
		primaryKey({ columns: [t.nodeId, t.serviceId] }),
		index('action_services_service_idx').on(t.serviceId)
	]
);

/** Words of the directory's texts, for typo correction of search queries (pg_trgm over this vocabulary). */
export const searchWords = pgTable('search_words', {
	word: text('word').primaryKey(),
	/** number of services whose text contains it: frequent words win ties */
	frequency: integer('frequency').notNull().default(0)
});

/** A 64-bit transaction id (pg_current_xact_id()), compared with pg_snapshot values. */
const xid8 = customType<{ data: string }>({ dataType: () => 'xid8' });

/**
 * What changed in the services since a search index was built (see search-index/handle.ts): one row per
 * statement that wrote services, by triggers on `services` (migration 0007), with the writing transaction's id, so that an
 * index built from a snapshot knows exactly which changes it has not seen. `kind` 'vocabulary': search_words
 * was rebuilt; 'all': services was truncated. Machine-local (transaction ids): not in backups; pruned after a day.
 */
export const searchChanges = pgTable(
	'search_changes',
	{
		id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		xid: xid8('xid')
			.notNull()
			.default(sql`pg_current_xact_id()`),
		kind: text('kind').notNull().default('service'),
		/** the services one statement wrote (a batch of an import is one row) */
		serviceIds: uuid('service_ids').array(),
		changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('search_changes_xid_idx').on(t.xid), index('search_changes_changed_at_idx').on(t.changedAt)]
);

/**
 * "Signaler une erreur": a correction request sent from a public sheet to the organisation that owns the service
 * (decided from the stored structure when it is sent). The names are kept so the request stays readable after the
 * service is deleted. `contact` is personal data: shown only to those who handle the request, erased once it is
 * handled and after six months at the latest; `ip_hash` (HMAC of the address) only serves the rate limit.
 */
export const correctionRequests = pgTable(
	'correction_requests',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		serviceId: uuid('service_id').references(() => services.id, { onDelete: 'set null' }),
		organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'cascade' }),
		serviceName: text('service_name').notNull(),
		structureName: text('structure_name').notNull(),
		/** telephone | adresse | horaires | ferme | autre (optional) */
		part: text('part'),
		message: text('message').notNull(),
		contact: text('contact'),
		ipHash: text('ip_hash'),
		/** open | answered | dismissed */
		status: text('status').notNull().default('open'),
		/** the reply note (answered) or the reason (dismissed) */
		response: text('response'),
		handledBy: uuid('handled_by').references(() => users.id, { onDelete: 'set null' }),
		handledAt: timestamp('handled_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('correction_requests_org_idx').on(t.organisationId, t.status, t.createdAt),
		index('correction_requests_ip_idx').on(t.ipHash, t.createdAt),
		index('correction_requests_service_idx').on(t.serviceId)
	]
);

/**
 * Labels of the data·inclusion thématiques (category label, then leaf label), as the catalogue codes.fr.json
 * has them: the database puts them in services.search_context (ADR 010). Filled by migration 0012;
 * synonyms.int.test.ts checks it against the catalogue.
 */
export const searchThematiqueLabels = pgTable('search_thematique_labels', {
	code: text('code').primaryKey(),
	label: text('label').notNull()
});

/**
 * Synonyms of the field a territory adds to the shipped ones (synonyms.ts DEFAULT_SYNONYMS): each row one
 * group of equivalent terms ("VIF", "violences intrafamiliales", "violences conjugales"). Written by the
 * territory's coordinators (ADR 010), a whole list at a time.
 */
export const searchSynonyms = pgTable(
	'search_synonyms',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		territoryType: text('territory_type').notNull(),
		territoryCode: text('territory_code').notNull(),
		/** position of the group in the territory's list */
		position: integer('position').notNull(),
		terms: text('terms').array().notNull(),
		updatedBy: uuid('updated_by'),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('search_synonyms_territory_idx').on(t.territoryType, t.territoryCode, t.position)]
);
