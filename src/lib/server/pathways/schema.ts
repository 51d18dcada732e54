import { sql } from 'drizzle-orm';
import { pgTable, text, uuid, timestamp, date, index, check, integer, jsonb } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema';
import { organisations } from '../organisations/schema';
import { cooperations } from '../cooperations/schema';
import { services } from '../directory/schema';

/**
 * People followed (DOMAIN.md, pathways). Everything that names or describes a person is sealed (crypto/fields.ts,
 * AES-256-GCM bound to the person id); SQL only sees ids, dates, codes, categories and keyed name tokens.
 * Ids are random UUIDs (not guessable).
 */

/** The nine information categories of DOMAIN.md (the charter's sharing rules use the same list). */
export { INFO_CATEGORIES, type InfoCategory } from '../charters/content';

/** A person's record, held by the organisation that created it. */
export const persons = pgTable(
	'persons',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** the holding organisation: sees everything; others only through consent + sharing rule */
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'restrict' }),
		/** sealed {firstName, lastName, usualName?, birthDate?} (category identity) */
		identitySealed: text('identity_sealed').notNull(),
		/** sealed {phone?, email?, address?} (category contact) */
		contactSealed: text('contact_sealed'),
		/** sealed situation summary text (category situation) */
		situationSealed: text('situation_sealed'),
		/** keyed name tokens (blind index) for search; never names in clear */
		nameTokens: text('name_tokens')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		/** keyed names + birth date: duplicate detection inside the holding organisation */
		duplicateKey: text('duplicate_key'),
		/** commune of residence (INSEE code, coarse: kept in clear for statistics and territory) */
		communeCode: text('commune_code'),
		/** preferred language (BCP 47 code, e.g. fr, ar, uk) */
		preferredLanguage: text('preferred_language'),
		/** référent de parcours: the one professional in charge of the whole pathway */
		referentUserId: uuid('referent_user_id').references(() => users.id, { onDelete: 'set null' }),
		referentOrganisationId: uuid('referent_organisation_id').references(() => organisations.id, {
			onDelete: 'set null'
		}),
		/** active | anonymised (erasure and retention keep a husk for statistics) */
		status: text('status').notNull().default('active'),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		/** last change by anyone (entries, referrals, consents): retention counts from here */
		lastActivityAt: timestamp('last_activity_at', { withTimezone: true }).notNull().defaultNow(),
		/** when retention proposed deletion (null = not proposed) */
		retentionProposedAt: timestamp('retention_proposed_at', { withTimezone: true }),
		anonymisedAt: timestamp('anonymised_at', { withTimezone: true })
	},
	(t) => [
		index('persons_org_idx').on(t.organisationId, t.lastActivityAt),
		index('persons_referent_idx').on(t.referentUserId),
		index('persons_tokens_idx').using('gin', t.nameTokens),
		index('persons_duplicate_idx').on(t.organisationId, t.duplicateKey),
		check('persons_status_check', sql`${t.status} in ('active', 'anonymised')`)
	]
);

/**
 * A person's consent to share with other organisations: which organisations (by id) or kinds of organisation
 * (caf, association…), which categories, for what purpose, until when, how it was collected. Withdrawal is a
 * date: access stops on the other organisations' next request.
 */
export const consents = pgTable(
	'consents',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		personId: uuid('person_id')
			.notNull()
			.references(() => persons.id, { onDelete: 'cascade' }),
		organisationIds: uuid('organisation_ids')
			.array()
			.notNull()
			.default(sql`'{}'::uuid[]`),
		/** organisation kinds (organisations.kind): caf, cpam, association… */
		organisationKinds: text('organisation_kinds')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		categories: text('categories').array().notNull(),
		/** purpose as told to the person (sealed: may describe the situation) */
		purposeSealed: text('purpose_sealed').notNull(),
		givenOn: date('given_on').notNull(),
		expiresOn: date('expires_on'),
		/** oral | written */
		collectedHow: text('collected_how').notNull(),
		collectedBy: uuid('collected_by').references(() => users.id, { onDelete: 'set null' }),
		withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
		withdrawnBy: uuid('withdrawn_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('consents_person_idx').on(t.personId),
		check('consents_how_check', sql`${t.collectedHow} in ('oral', 'written')`)
	]
);

/** Who was référent de parcours when (the former one is told of a change). */
export const personReferents = pgTable(
	'person_referents',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		personId: uuid('person_id')
			.notNull()
			.references(() => persons.id, { onDelete: 'cascade' }),
		userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
		organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
		since: timestamp('since', { withTimezone: true }).notNull().defaultNow(),
		until: timestamp('until', { withTimezone: true }),
		changedBy: uuid('changed_by').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [index('person_referents_person_idx').on(t.personId, t.since)]
);

export const RELATION_STEPS = ['identify', 'contact', 'accompany', 'evaluate', 'refer'] as const;
export type RelationStep = (typeof RELATION_STEPS)[number];
export const ENTRY_KINDS = ['note', 'step', 'need', 'appointment'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];
/** author: visible to its author only (private synthesis); organisation: the author's organisation; shared: under the rules */
export const SHARING_LEVELS = ['author', 'organisation', 'shared'] as const;
export type SharingLevel = (typeof SHARING_LEVELS)[number];

/**
 * One entry of a person's shared follow-up: a note, a step of the five-step relation, an assessed need or an
 * appointment, by a professional of any organisation that may see the person. Content sealed; the category and
 * sharing level decide who sees it.
 */
export const pathwayEntries = pgTable(
	'pathway_entries',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		personId: uuid('person_id')
			.notNull()
			.references(() => persons.id, { onDelete: 'cascade' }),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'restrict' }),
		authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
		kind: text('kind').notNull(),
		category: text('category').notNull(),
		sharing: text('sharing').notNull().default('shared'),
		/** for kind=step: identify | contact | accompany | evaluate | refer */
		step: text('step'),
		/** data·inclusion thématique of an assessed need (kind=need), in clear for statistics */
		theme: text('theme'),
		/** when it happened (step, need) or is planned (appointment) */
		occursAt: timestamp('occurs_at', { withTimezone: true }).notNull().defaultNow(),
		/** sealed {text, place?, with?…} */
		bodySealed: text('body_sealed').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('pathway_entries_person_idx').on(t.personId, t.occursAt),
		index('pathway_entries_appointments_idx')
			.on(t.authorUserId, t.occursAt)
			.where(sql`${t.kind} = 'appointment'`),
		check('pathway_entries_kind_check', sql`${t.kind} in ('note', 'step', 'need', 'appointment')`),
		check('pathway_entries_sharing_check', sql`${t.sharing} in ('author', 'organisation', 'shared')`),
		check(
			'pathway_entries_category_check',
			sql`${t.category} in ('identity', 'contact', 'situation', 'needs', 'health', 'justice', 'violence', 'finances', 'children')`
		)
	]
);

export const REFERRAL_STATUSES = [
	'sent',
	'received',
	'accepted',
	'refused',
	'in_progress',
	'completed',
	'abandoned',
	'expired'
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
export const OPEN_REFERRAL_STATUSES: readonly ReferralStatus[] = [
	'sent',
	'received',
	'accepted',
	'in_progress'
];
export const REFUSAL_REASONS = [
	'no_capacity',
	'outside_conditions',
	'not_our_mission',
	'unreachable',
	'other'
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** A referral (orientation) of a person to a service of the directory: closed loop, deadlines, outcome. */
export const referrals = pgTable(
	'referrals',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		personId: uuid('person_id')
			.notNull()
			.references(() => persons.id, { onDelete: 'cascade' }),
		fromOrganisationId: uuid('from_organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'restrict' }),
		fromUserId: uuid('from_user_id').references(() => users.id, { onDelete: 'set null' }),
		serviceId: uuid('service_id')
			.notNull()
			.references(() => services.id, { onDelete: 'restrict' }),
		/** the organisation that holds the service when the referral was sent (stored, not recomputed) */
		toOrganisationId: uuid('to_organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'restrict' }),
		/** the cooperation it was sent within, if any (ping-pong thresholds, coordinator) */
		cooperationId: uuid('cooperation_id').references(() => cooperations.id, { onDelete: 'set null' }),
		status: text('status').notNull().default('sent'),
		/** sealed {message} from the sender: why this service (category needs) */
		messageSealed: text('message_sealed'),
		refusalReason: text('refusal_reason'),
		/** sealed free text for refusal « other », abandonment, completion outcome */
		outcomeSealed: text('outcome_sealed'),
		/** answer expected by (working days, French public holidays excluded) */
		respondBy: date('respond_by').notNull(),
		remindedAt: timestamp('reminded_at', { withTimezone: true }),
		escalatedAt: timestamp('escalated_at', { withTimezone: true }),
		acceptedBy: uuid('accepted_by').references(() => users.id, { onDelete: 'set null' }),
		/** this referral sends the person back to where an earlier one came from (re-referral) */
		previousReferralId: uuid('previous_referral_id'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		closedAt: timestamp('closed_at', { withTimezone: true }),
		/** optimistic concurrency: two professionals accepting at once, one wins */
		version: integer('version').notNull().default(1)
	},
	(t) => [
		index('referrals_person_idx').on(t.personId, t.createdAt),
		// a box is read newest first whatever the status (referrals-repository listReferrals)
		index('referrals_inbox_idx').on(t.toOrganisationId, t.createdAt, t.id),
		index('referrals_service_idx').on(t.serviceId, t.status, t.createdAt),
		index('referrals_sender_idx').on(t.fromOrganisationId, t.createdAt, t.id),
		index('referrals_due_idx')
			.on(t.respondBy)
			.where(sql`${t.status} in ('sent', 'received')`),
		check(
			'referrals_status_check',
			sql`${t.status} in ('sent', 'received', 'accepted', 'refused', 'in_progress', 'completed', 'abandoned', 'expired')`
		),
		check(
			'referrals_reason_check',
			sql`${t.refusalReason} is null or ${t.refusalReason} in ('no_capacity', 'outside_conditions', 'not_our_mission', 'unreachable', 'other')`
		)
	]
);

/** Every status change of a referral: who, when, from → to (the closed loop's history). */
export const referralEvents = pgTable(
	'referral_events',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		referralId: uuid('referral_id')
			.notNull()
			.references(() => referrals.id, { onDelete: 'cascade' }),
		fromStatus: text('from_status'),
		toStatus: text('to_status').notNull(),
		byUserId: uuid('by_user_id').references(() => users.id, { onDelete: 'set null' }),
		/** reminder | escalation | expiry when the queue did it */
		automatic: text('automatic'),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('referral_events_referral_idx').on(t.referralId, t.at)]
);

/**
 * A person sent from door to door: ≥ N refusals, expiries or re-referrals within a window, or a referral back to
 * an organisation that already refused them. Raised to the référent and the coordinator with the chain.
 */
export const pingPongFlags = pgTable(
	'ping_pong_flags',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		personId: uuid('person_id')
			.notNull()
			.references(() => persons.id, { onDelete: 'cascade' }),
		cooperationId: uuid('cooperation_id').references(() => cooperations.id, { onDelete: 'set null' }),
		/** threshold | back_to_refuser */
		trigger: text('trigger').notNull(),
		/** the referral ids of the chain, oldest first */
		chain: uuid('chain').array().notNull(),
		raisedAt: timestamp('raised_at', { withTimezone: true }).notNull().defaultNow(),
		/** open | handled */
		status: text('status').notNull().default('open'),
		/** sealed text: what the coordinator did */
		handlingSealed: text('handling_sealed'),
		handledBy: uuid('handled_by').references(() => users.id, { onDelete: 'set null' }),
		handledAt: timestamp('handled_at', { withTimezone: true })
	},
	(t) => [
		index('ping_pong_flags_person_idx').on(t.personId),
		index('ping_pong_flags_open_idx')
			.on(t.cooperationId, t.raisedAt)
			.where(sql`${t.status} = 'open'`),
		check('ping_pong_flags_status_check', sql`${t.status} in ('open', 'handled')`)
	]
);

/**
 * Emergency access to a person's record outside the rules (break-glass): a reason, a time limit, and a review by
 * the coordinator afterwards.
 */
export const breakGlassGrants = pgTable(
	'break_glass_grants',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		personId: uuid('person_id')
			.notNull()
			.references(() => persons.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		/** sealed reason (may describe the emergency) */
		reasonSealed: text('reason_sealed').notNull(),
		grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
		reviewedBy: uuid('reviewed_by').references(() => users.id, { onDelete: 'set null' }),
		/** justified | unjustified */
		reviewVerdict: text('review_verdict'),
		reviewNoteSealed: text('review_note_sealed')
	},
	(t) => [
		index('break_glass_person_idx').on(t.personId, t.userId, t.expiresAt),
		index('break_glass_unreviewed_idx')
			.on(t.grantedAt)
			.where(sql`${t.reviewedAt} is null`)
	]
);

/** Per-cooperation pathway settings (ping-pong threshold and window); absent row = defaults (3 within 60 days). */
export const pathwaySettings = pgTable('pathway_settings', {
	cooperationId: uuid('cooperation_id')
		.primaryKey()
		.references(() => cooperations.id, { onDelete: 'cascade' }),
	pingPongThreshold: integer('ping_pong_threshold').notNull().default(3),
	pingPongWindowDays: integer('ping_pong_window_days').notNull().default(60),
	details: jsonb('details').notNull().default({})
});

/**
 * What a service says to referrers (no personal data): how many working days it takes to answer a referral
 * (default 5) and its current capacity, so a sender can check before sending anyone.
 */
export const serviceReferralSettings = pgTable(
	'service_referral_settings',
	{
		serviceId: uuid('service_id')
			.primaryKey()
			.references(() => services.id, { onDelete: 'cascade' }),
		responseDays: integer('response_days').notNull().default(5),
		/** available | limited | full (null = not said) */
		capacity: text('capacity'),
		capacityUpdatedAt: timestamp('capacity_updated_at', { withTimezone: true }),
		capacityUpdatedBy: uuid('capacity_updated_by').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [
		check(
			'service_referral_settings_capacity_check',
			sql`${t.capacity} is null or ${t.capacity} in ('available', 'limited', 'full')`
		),
		check('service_referral_settings_days_check', sql`${t.responseDays} between 1 and 60`)
	]
);
