import { z } from 'zod';
import { REFERRAL_STATUSES, REFUSAL_REASONS } from './schema';
import { PING_PONG_TRIGGERS } from './ping-pong-rule';

/** Ping-pong flags, their handling and the per-cooperation settings (API and forms). */

export const flagsQuerySchema = z.object({
	status: z.enum(['open', 'handled']).optional()
});

export const handleFlagSchema = z.object({
	handling: z
		.string({ message: 'pingpong.handlingRequired' })
		.trim()
		.min(3, 'pingpong.handlingRequired')
		.max(4000, 'pingpong.handlingTooLong')
});
export type HandleFlagInput = z.infer<typeof handleFlagSchema>;

export const pathwaySettingsInputSchema = z.object({
	threshold: z.coerce
		.number({ message: 'pingpong.threshold' })
		.int('pingpong.threshold')
		.min(2, 'pingpong.threshold')
		.max(10, 'pingpong.threshold'),
	windowDays: z.coerce
		.number({ message: 'pingpong.windowDays' })
		.int('pingpong.windowDays')
		.min(7, 'pingpong.windowDays')
		.max(365, 'pingpong.windowDays')
});
export type PathwaySettingsInput = z.infer<typeof pathwaySettingsInputSchema>;

export const pathwaySettingsSchema = pathwaySettingsInputSchema.extend({
	cooperationId: z.string().uuid(),
	isDefault: z.boolean()
});

export const chainLinkSchema = z.object({
	referralId: z.string().uuid(),
	from: z.string(),
	to: z.string(),
	service: z.string(),
	status: z.enum(REFERRAL_STATUSES),
	refusalReason: z.enum(REFUSAL_REASONS).nullable(),
	createdAt: z.string(),
	closedAt: z.string().nullable()
});

export const flagSchema = z.object({
	id: z.string().uuid(),
	cooperationId: z.string().uuid().nullable(),
	cooperationName: z.string().nullable(),
	trigger: z.enum(PING_PONG_TRIGGERS),
	status: z.enum(['open', 'handled']),
	raisedAt: z.string(),
	handledAt: z.string().nullable(),
	/** what was done: shown only to those who see the person's identity */
	handling: z.string().nullable(),
	person: z.object({
		id: z.string().uuid(),
		/** the name when the viewer's organisation sees the identity, else « Personne n° » and a short id */
		label: z.string(),
		identified: z.boolean()
	}),
	chain: z.array(chainLinkSchema)
});
export type Flag = z.infer<typeof flagSchema>;
export const flagsPageSchema = z.object({ flags: z.array(flagSchema) });
