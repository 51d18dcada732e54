import { sql } from 'drizzle-orm';
import { pgTable, text, uuid, timestamp, primaryKey, index, integer, check } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema';
import { cooperations } from '../cooperations/schema';
import { bodies } from '../governance/schema';

/**
 * Something that happened and that people should hear about, once: written in the same transaction as the change
 * (nothing is lost for digest readers), grouped by cooperation and body when digests are built.
 */
export const notificationEvents = pgTable(
	'notification_events',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** e.g. governance.action.overdue, charter.approval.requested */
		kind: text('kind').notNull(),
		cooperationId: uuid('cooperation_id').references(() => cooperations.id, { onDelete: 'cascade' }),
		bodyId: uuid('body_id').references(() => bodies.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		text: text('text').notNull().default(''),
		/** path inside the app, e.g. /cooperations/…/decisions/… */
		url: text('url'),
		/** the same event is never recorded twice (jobs may run in several processes, or again after a crash) */
		dedupeKey: text('dedupe_key').notNull().unique(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('notification_events_created_idx').on(t.createdAt)]
);

/** Who an event is for; `digestedAt` is set when a digest carried it (never twice). */
export const notificationRecipients = pgTable(
	'notification_recipients',
	{
		eventId: uuid('event_id')
			.notNull()
			.references(() => notificationEvents.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		digestId: uuid('digest_id'),
		digestedAt: timestamp('digested_at', { withTimezone: true })
	},
	(t) => [
		primaryKey({ columns: [t.eventId, t.userId] }),
		index('notification_recipients_pending_idx').on(t.userId, t.digestedAt)
	]
);

export const DIGEST_FREQUENCIES = ['daily', 'weekly', 'none'] as const;
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];

/** How often a person wants their digest; no row = weekly (the default). */
export const notificationPreferences = pgTable(
	'notification_preferences',
	{
		userId: uuid('user_id')
			.primaryKey()
			.references(() => users.id, { onDelete: 'cascade' }),
		frequency: text('frequency').notNull().default('weekly'),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check('notification_preferences_frequency_check', sql`${t.frequency} in ('daily', 'weekly', 'none')`)
	]
);

/** One digest sent to one person: the recipient rows it carried point at it (digest_id). */
export const digests = pgTable(
	'digests',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		frequency: text('frequency').notNull(),
		eventCount: integer('event_count').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('digests_user_idx').on(t.userId, t.createdAt)]
);
