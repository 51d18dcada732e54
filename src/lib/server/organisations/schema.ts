import { sql } from 'drizzle-orm';
import {
	pgTable,
	text,
	uuid,
	timestamp,
	boolean,
	primaryKey,
	pgEnum,
	index,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { users } from '../auth/schema';

export const roleEnum = pgEnum('membership_role', ['admin', 'member', 'reader']);

export const organisations = pgTable('organisations', {
	id: uuid('id').primaryKey().defaultRandom(),
	name: text('name').notNull(),
	slug: text('slug').notNull().unique(),
	/** departement, caf, cpam, msa, etat, ccas, association, gendarmerie, police, hopital, autre */
	kind: text('kind').notNull(),
	/** The territory the organisation acts on: region | departement | epci | commune + code. */
	territoryType: text('territory_type').notNull(),
	territoryCode: text('territory_code').notNull(),
	isDemo: boolean('is_demo').notNull().default(false),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

export const memberships = pgTable(
	'memberships',
	{
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		role: roleEnum('role').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.userId, t.organisationId] }),
		index('memberships_org_idx').on(t.organisationId)
	]
);

export const invitations = pgTable(
	'invitations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** SHA-256 of the token sent by e-mail; the token itself is never stored. */
		tokenHash: text('token_hash').notNull(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		email: text('email').notNull(),
		role: roleEnum('role').notNull(),
		invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		acceptedAt: timestamp('accepted_at', { withTimezone: true }),
		revokedAt: timestamp('revoked_at', { withTimezone: true })
	},
	(t) => [
		uniqueIndex('invitations_token_idx').on(t.tokenHash),
		index('invitations_org_idx').on(t.organisationId),
		index('invitations_pending_email_idx').on(sql`lower(${t.email})`)
	]
);
