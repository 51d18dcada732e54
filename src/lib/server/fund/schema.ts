import { sql } from 'drizzle-orm';
import {
	check,
	date,
	index,
	integer,
	jsonb,
	numeric,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { users } from '../auth/schema';
import { organisations } from '../organisations/schema';
import { cooperations } from '../cooperations/schema';
import { persons } from '../pathways/schema';

/**
 * The advance fund (fonds d'avance) of a cooperation (issue 11 §6). Amounts are exact (numeric(14,2), strings in
 * TypeScript). Texts about the person (purpose, refusal justification, write-off reason) are sealed, bound to the
 * person id (crypto/fields.ts); erasure nulls them and keeps amounts and dates for statistics.
 */

export const ADVANCE_URGENCIES = ['immediate', 'within_48h', 'ordinary'] as const;
export type AdvanceUrgency = (typeof ADVANCE_URGENCIES)[number];
export const ADVANCE_STATUSES = [
	'pending',
	'approved',
	'refused',
	'paid',
	'partially_repaid',
	'repaid',
	'written_off'
] as const;
export type AdvanceStatus = (typeof ADVANCE_STATUSES)[number];
export const PAYMENT_MEANS = ['virement', 'cheque', 'especes', 'carte'] as const;
export type PaymentMeans = (typeof PAYMENT_MEANS)[number];

/** An approver the charter in force named when the request was made (a snapshot: later versions do not change it). */
export interface ApproverSnapshot {
	organisationId: string;
	userId: string | null;
}

export const advanceRequests = pgTable(
	'advance_requests',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		cooperationId: uuid('cooperation_id')
			.notNull()
			.references(() => cooperations.id, { onDelete: 'cascade' }),
		/** null once the person is erased (the request stays for statistics) */
		personId: uuid('person_id').references(() => persons.id, { onDelete: 'set null' }),
		requesterUserId: uuid('requester_user_id').references(() => users.id, { onDelete: 'set null' }),
		requesterOrganisationId: uuid('requester_organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'restrict' }),
		amount: numeric('amount', { precision: 14, scale: 2 }).notNull(),
		/** sealed purpose text (bound to the person id); null once anonymised */
		purposeSealed: text('purpose_sealed'),
		urgency: text('urgency').$type<AdvanceUrgency>().notNull(),
		status: text('status').$type<AdvanceStatus>().notNull().default('pending'),
		/** calendar year (Europe/Paris) the request counts in for the yearly ceiling */
		year: integer('year').notNull(),
		charterVersionId: uuid('charter_version_id').notNull(),
		approvers: jsonb('approvers').$type<ApproverSnapshot[]>().notNull(),
		quorum: integer('quorum').notNull(),
		decidedAt: timestamp('decided_at', { withTimezone: true }),
		paidOn: date('paid_on'),
		paidAmount: numeric('paid_amount', { precision: 14, scale: 2 }),
		paymentMeans: text('payment_means').$type<PaymentMeans>(),
		paidBy: uuid('paid_by').references(() => users.id, { onDelete: 'set null' }),
		repaidAmount: numeric('repaid_amount', { precision: 14, scale: 2 }).notNull().default('0'),
		writtenOffAmount: numeric('written_off_amount', { precision: 14, scale: 2 }).notNull().default('0'),
		writtenOffAt: timestamp('written_off_at', { withTimezone: true }),
		/** sealed write-off reason (bound to the person id) */
		writeOffReasonSealed: text('write_off_reason_sealed'),
		writtenOffBy: uuid('written_off_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('advance_requests_cooperation_idx').on(t.cooperationId, t.year, t.status),
		index('advance_requests_person_idx').on(t.personId),
		check('advance_requests_amount_positive', sql`${t.amount} > 0`),
		check('advance_requests_quorum', sql`${t.quorum} >= 1`),
		check(
			'advance_requests_status',
			sql`${t.status} in ('pending','approved','refused','paid','partially_repaid','repaid','written_off')`
		),
		check('advance_requests_urgency', sql`${t.urgency} in ('immediate','within_48h','ordinary')`),
		check(
			'advance_requests_repaid',
			sql`${t.repaidAmount} + ${t.writtenOffAmount} <= coalesce(${t.paidAmount}, 0)`
		)
	]
);

/** One answer per approver entry of the snapshot (and per user). */
export const advanceAnswers = pgTable(
	'advance_answers',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		requestId: uuid('request_id')
			.notNull()
			.references(() => advanceRequests.id, { onDelete: 'cascade' }),
		/** index of the approver entry in the request's snapshot */
		approverIndex: integer('approver_index').notNull(),
		organisationId: uuid('organisation_id').notNull(),
		userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
		decision: text('decision').$type<'approved' | 'refused'>().notNull(),
		/** sealed justification (mandatory on refusal), bound to the person id */
		justificationSealed: text('justification_sealed'),
		answeredAt: timestamp('answered_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('advance_answers_entry_uq').on(t.requestId, t.approverIndex),
		uniqueIndex('advance_answers_user_uq').on(t.requestId, t.userId),
		check('advance_answers_decision', sql`${t.decision} in ('approved','refused')`)
	]
);

export const advanceRepayments = pgTable(
	'advance_repayments',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		requestId: uuid('request_id')
			.notNull()
			.references(() => advanceRequests.id, { onDelete: 'cascade' }),
		amount: numeric('amount', { precision: 14, scale: 2 }).notNull(),
		repaidOn: date('repaid_on').notNull(),
		recordedBy: uuid('recorded_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('advance_repayments_request_idx').on(t.requestId),
		check('advance_repayments_positive', sql`${t.amount} > 0`)
	]
);

/** Sealed columns of this domain (key rotation re-seals them, bound to `personId` of the request). */
export const FUND_SEALED_COLUMNS = [
	{ table: 'advance_requests', column: 'purpose_sealed', boundTo: 'person_id' },
	{ table: 'advance_requests', column: 'write_off_reason_sealed', boundTo: 'person_id' },
	{
		table: 'advance_answers',
		column: 'justification_sealed',
		boundTo: '(select person_id from advance_requests r where r.id = request_id)'
	}
] as const;
