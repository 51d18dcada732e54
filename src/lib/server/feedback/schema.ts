import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema';
import { organisations } from '../organisations/schema';
import { services } from '../directory/schema';
import { needs } from '../needs/schema';

/**
 * Lived-experience feedback left on the public portal (issue 12 §8). Only the de-identified text is ever stored;
 * no address, no account, no hash of the address (the rate limit lives in memory). The place is copied at
 * submission (commune and every level above it) so that coordinators' queues are read without other domains' tables.
 */
export const FEEDBACK_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];
/** what was missing (optional choices of the form) */
export const FEEDBACK_MISSING = [
	'information',
	'horaires',
	'distance',
	'delai',
	'accueil',
	'accessibilite',
	'langue',
	'autre'
] as const;
export type FeedbackMissing = (typeof FEEDBACK_MISSING)[number];

export const feedback = pgTable(
	'feedback',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** on a service sheet, or on a life event page (then with the commune the person chose) */
		serviceId: uuid('service_id').references(() => services.id, { onDelete: 'set null' }),
		lifeEventSlug: text('life_event_slug'),
		/** the organisation owning the service's structure: its members answer */
		organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
		subjectName: text('subject_name').notNull(),
		thematiques: text('thematiques')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		communeCode: text('commune_code').notNull(),
		epciCode: text('epci_code'),
		departementCode: text('departement_code'),
		regionCode: text('region_code'),
		useful: boolean('useful'),
		missing: text('missing')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		/** de-identified at submission, possibly edited further by the moderator */
		text: text('text').notNull(),
		/** pending | approved | rejected */
		status: text('status').notNull().default('pending'),
		rejectReason: text('reject_reason'),
		moderatedBy: uuid('moderated_by').references(() => users.id, { onDelete: 'set null' }),
		moderatedAt: timestamp('moderated_at', { withTimezone: true }),
		answer: text('answer'),
		answeredBy: uuid('answered_by').references(() => users.id, { onDelete: 'set null' }),
		answeredAt: timestamp('answered_at', { withTimezone: true }),
		needId: uuid('need_id').references(() => needs.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check('feedback_subject_check', sql`(${t.serviceId} is not null) or (${t.lifeEventSlug} is not null)`),
		check('feedback_status_check', sql`${t.status} in ('pending', 'approved', 'rejected')`),
		index('feedback_status_departement_idx').on(t.status, t.departementCode, t.createdAt),
		index('feedback_organisation_idx').on(t.organisationId, t.status, t.createdAt),
		index('feedback_service_idx').on(t.serviceId, t.status)
	]
);
