import { sql } from 'drizzle-orm';
import { pgTable, text, uuid, timestamp, primaryKey, index, check } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema';
import { organisations } from '../organisations/schema';

/** A named partnership on a theme and a territory (DOMAIN.md): the frame every collaborative object hangs from. */
export const cooperations = pgTable(
	'cooperations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		name: text('name').notNull(),
		description: text('description').notNull().default(''),
		/** data·inclusion thématique codes */
		themes: text('themes')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		territoryType: text('territory_type').notNull(),
		territoryCode: text('territory_code').notNull(),
		/** active | archived */
		status: text('status').notNull().default('active'),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('cooperations_territory_idx').on(t.territoryType, t.territoryCode),
		check('cooperations_status_check', sql`${t.status} in ('active', 'archived')`)
	]
);

export const COOPERATION_STATUSES = ['active', 'archived'] as const;

export const PARTY_ROLES = ['pilote', 'co-pilote', 'facilitateur', 'contributeur'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

/** An organisation taking part in a cooperation, with its role there. */
export const cooperationParties = pgTable(
	'cooperation_parties',
	{
		cooperationId: uuid('cooperation_id')
			.notNull()
			.references(() => cooperations.id, { onDelete: 'cascade' }),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'restrict' }),
		role: text('role').notNull(),
		joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.cooperationId, t.organisationId] }),
		index('cooperation_parties_org_idx').on(t.organisationId),
		check(
			'cooperation_parties_role_check',
			sql`${t.role} in ('pilote', 'co-pilote', 'facilitateur', 'contributeur')`
		)
	]
);

/** The members authorised to commit a party (sign, approve, vote): always members of that organisation. */
export const partySignatories = pgTable(
	'party_signatories',
	{
		cooperationId: uuid('cooperation_id').notNull(),
		organisationId: uuid('organisation_id').notNull(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		since: timestamp('since', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.cooperationId, t.organisationId, t.userId] }),
		index('party_signatories_user_idx').on(t.userId)
	]
);

/** What changed in a cooperation (a field or a party), before and after, by whom and when: shown on its page. */
export const cooperationHistory = pgTable(
	'cooperation_history',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		cooperationId: uuid('cooperation_id')
			.notNull()
			.references(() => cooperations.id, { onDelete: 'cascade' }),
		/** name, description, themes, territory, status, or party:<organisationId> */
		field: text('field').notNull(),
		before: text('before'),
		after: text('after'),
		changedBy: uuid('changed_by').references(() => users.id, { onDelete: 'set null' }),
		changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('cooperation_history_coop_idx').on(t.cooperationId, t.changedAt)]
);
