import { z } from 'zod';
import { multiLine, pageQuerySchema } from '../validation';
import { REFERRAL_STATUSES, REFUSAL_REASONS } from './schema';

/** Inputs and outputs of referrals (issue 11 §4); they also feed the OpenAPI document. */

export const CAPACITIES = ['available', 'limited', 'full'] as const;
export type Capacity = (typeof CAPACITIES)[number];

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const referralInputSchema = z
	.object({
		personId: z.uuid('referrals.personRequired'),
		serviceId: z.uuid('referrals.serviceRequired'),
		/** why this service (sealed, category needs) */
		message: z.preprocess(emptyToUndefined, multiLine().max(4000, 'text.tooLong').optional()),
		/** the referral this one follows (a re-referral) */
		previousReferralId: z.preprocess(emptyToUndefined, z.uuid('id.invalid').optional())
	})
	.meta({ id: 'ReferralInput' });
export type ReferralInput = z.infer<typeof referralInputSchema>;

export const refusalSchema = z
	.object({
		reason: z.enum(REFUSAL_REASONS, { error: 'referrals.reasonRequired' }),
		/** required for « other »; sealed */
		text: z.preprocess(emptyToUndefined, multiLine().max(4000, 'text.tooLong').optional())
	})
	.superRefine((v, c) => {
		if (v.reason === 'other' && !v.text)
			c.addIssue({ code: 'custom', path: ['text'], message: 'referrals.otherTextRequired' });
	})
	.meta({ id: 'ReferralRefusal' });
export type Refusal = z.infer<typeof refusalSchema>;

export const outcomeSchema = z
	.object({
		/** what came of it / why it stopped (sealed, shown under the needs category rule) */
		text: z.preprocess(emptyToUndefined, multiLine().max(4000, 'text.tooLong').optional()),
		/** the version the professional saw (optional: the stored one otherwise) */
		version: z.coerce.number().int().min(1).optional()
	})
	.meta({ id: 'ReferralOutcome' });
export type Outcome = z.infer<typeof outcomeSchema>;

export const acceptSchema = z
	.object({ version: z.coerce.number().int().min(1).optional() })
	.meta({ id: 'ReferralAccept' });

export const referralSettingsInputSchema = z
	.object({
		responseDays: z.coerce
			.number({ error: 'referrals.responseDays' })
			.int('referrals.responseDays')
			.min(1, 'referrals.responseDays')
			.max(60, 'referrals.responseDays'),
		capacity: z.preprocess(
			emptyToUndefined,
			z.enum(CAPACITIES, { error: 'referrals.capacity' }).nullable().optional()
		)
	})
	.meta({ id: 'ReferralSettingsInput' });
export type ReferralSettingsInput = z.infer<typeof referralSettingsInputSchema>;

export const referralListQuerySchema = pageQuerySchema(20, 100)
	.extend({
		box: z.enum(['received', 'sent']).default('received'),
		/** one status, or `open`: sent, received, accepted or in progress (what is still to be handled) */
		status: z.preprocess(emptyToUndefined, z.enum([...REFERRAL_STATUSES, 'open']).optional()),
		serviceId: z.preprocess(emptyToUndefined, z.uuid('id.invalid').optional())
	})
	.meta({ id: 'ReferralListQuery' });

const shown = <T extends z.ZodType>(value: T) =>
	z.union([
		z.object({ visible: z.literal(true), value: value.nullable() }),
		z.object({ visible: z.literal(false), reason: z.string() })
	]);

export const referralSchema = z
	.object({
		id: z.uuid(),
		personId: z.uuid(),
		/** the person's name if the viewer may see their identity */
		person: shown(z.object({ firstName: z.string(), lastName: z.string() })),
		serviceId: z.uuid(),
		serviceName: z.string(),
		fromOrganisationId: z.uuid(),
		fromOrganisationName: z.string(),
		toOrganisationId: z.uuid(),
		toOrganisationName: z.string(),
		status: z.enum(REFERRAL_STATUSES),
		refusalReason: z.enum(REFUSAL_REASONS).nullable(),
		respondBy: z.string(),
		overdue: z.boolean(),
		createdAt: z.string(),
		closedAt: z.string().nullable(),
		version: z.number().int()
	})
	.meta({ id: 'Referral' });

export const referralDetailSchema = referralSchema
	.extend({
		message: shown(z.string()),
		outcome: shown(z.string()),
		acceptedByName: z.string().nullable(),
		events: z.array(
			z.object({
				fromStatus: z.string().nullable(),
				toStatus: z.string(),
				automatic: z.string().nullable(),
				at: z.string(),
				byName: z.string().nullable()
			})
		),
		/** what the viewer may do now */
		can: z.object({
			accept: z.boolean(),
			refuse: z.boolean(),
			start: z.boolean(),
			complete: z.boolean(),
			abandon: z.boolean()
		})
	})
	.meta({ id: 'ReferralDetail' });

export const referralSettingsSchema = z
	.object({
		serviceId: z.uuid(),
		serviceName: z.string(),
		organisationId: z.uuid().nullable(),
		organisationName: z.string().nullable(),
		/** false when the service's structure has no organisation on Maillage */
		canReceive: z.boolean(),
		responseDays: z.number().int(),
		capacity: z.enum(CAPACITIES).nullable(),
		capacityUpdatedAt: z.string().nullable()
	})
	.meta({ id: 'ReferralSettings' });
