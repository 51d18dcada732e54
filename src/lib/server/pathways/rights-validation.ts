import { z } from 'zod';

/** Inputs of the rights area (break-glass, review, erasure, retention). Messages: validation.rights.* */

export const BREAK_GLASS_DEFAULT_HOURS = 4;
export const BREAK_GLASS_MAX_HOURS = 24;
export const REVIEW_VERDICTS = ['justified', 'unjustified'] as const;
/** Why a record is erased: codes, never free text (the audit log keeps no content about people). */
export const ERASURE_REASONS = [
	'person_request',
	'created_by_mistake',
	'end_of_followup',
	'retention'
] as const;
export type ErasureReason = (typeof ERASURE_REASONS)[number];
/** Why a record proposed for deletion is kept (codes for the same reason). */
export const KEEP_REASONS = ['followup_ongoing', 'legal_obligation', 'person_request'] as const;
export const ERASE_CONFIRMATION = 'EFFACER';

export const breakGlassInputSchema = z.object({
	reason: z.string('rights.reasonRequired').trim().min(20, 'rights.reasonTooShort').max(2000, 'text.tooLong'),
	hours: z.coerce
		.number('rights.hoursInvalid')
		.int('rights.hoursInvalid')
		.min(1, 'rights.hoursInvalid')
		.max(BREAK_GLASS_MAX_HOURS, 'rights.hoursInvalid')
		.default(BREAK_GLASS_DEFAULT_HOURS),
	/** the requester's organisation the access is for (default: their first) */
	organisationId: z.uuid('id.invalid').optional()
});
export type BreakGlassInput = z.input<typeof breakGlassInputSchema>;

export const reviewInputSchema = z
	.object({
		verdict: z.enum(REVIEW_VERDICTS, 'rights.verdictInvalid'),
		note: z.string().trim().max(2000, 'text.tooLong').optional()
	})
	.refine((v) => v.verdict === 'justified' || (v.note ?? '').length >= 5, {
		path: ['note'],
		message: 'rights.noteRequired'
	});
export type ReviewInput = z.input<typeof reviewInputSchema>;

export const eraseInputSchema = z.object({
	reason: z.enum(ERASURE_REASONS, 'rights.erasureReasonInvalid'),
	confirmation: z.literal(ERASE_CONFIRMATION, 'rights.confirmationInvalid')
});
export type EraseInput = z.input<typeof eraseInputSchema>;

export const keepInputSchema = z.object({ reason: z.enum(KEEP_REASONS, 'rights.keepReasonInvalid') });

export const accessLogQuerySchema = z.object({
	before: z.coerce.number('invalid').int('invalid').positive('invalid').optional(),
	limit: z.coerce.number('invalid').int('invalid').min(1, 'invalid').max(200, 'invalid').default(50)
});

export const breakGlassListQuerySchema = z.object({
	reviewed: z
		.enum(['true', 'false'], 'invalid')
		.optional()
		.transform((v) => (v === undefined ? undefined : v === 'true'))
});
