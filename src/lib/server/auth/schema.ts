import { sql } from 'drizzle-orm';
import {
	pgTable,
	text,
	uuid,
	timestamp,
	boolean,
	bigint,
	index,
	uniqueIndex,
	primaryKey
} from 'drizzle-orm/pg-core';

export const users = pgTable(
	'users',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		email: text('email').notNull(),
		displayName: text('display_name').notNull(),
		/** argon2id PHC string; null for accounts that only sign in through OIDC. */
		passwordHash: text('password_hash'),
		isInstanceAdmin: boolean('is_instance_admin').notNull().default(false),
		locale: text('locale').notNull().default('fr'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		disabledAt: timestamp('disabled_at', { withTimezone: true })
	},
	(t) => [uniqueIndex('users_email_idx').on(sql`lower(${t.email})`)]
);

export const sessions = pgTable(
	'sessions',
	{
		/** HMAC of the cookie token: a stolen database does not yield usable cookies. */
		id: text('id').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)]
);

/** Failed sign-ins, kept in the database so every app process sees the same rate limit. */
export const loginAttempts = pgTable(
	'login_attempts',
	{
		id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		emailKey: text('email_key').notNull(),
		ip: text('ip').notNull(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('login_attempts_email_idx').on(t.emailKey, t.at),
		index('login_attempts_ip_idx').on(t.ip, t.at)
	]
);

/** Accounts linked to an OpenID Connect provider (ProConnect…). */
export const oidcIdentities = pgTable(
	'oidc_identities',
	{
		issuer: text('issuer').notNull(),
		subject: text('subject').notNull(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.issuer, t.subject] })]
);
