import { z } from 'zod';
import { NEED_EXPERTISE, NEED_SOURCES, NEED_STATUSES } from './schema';

export const needSchema = z.object({
	id: z.string().uuid(),
	title: z.string(),
	description: z.string(),
	themes: z.array(z.string()),
	territoryType: z.string(),
	territoryCode: z.string(),
	publics: z.array(z.string()),
	source: z.enum(NEED_SOURCES),
	expertise: z.enum(NEED_EXPERTISE).nullable(),
	evidence: z.record(z.string(), z.unknown()),
	referralId: z.string().uuid().nullable(),
	reportedByOrganisationId: z.string().uuid().nullable(),
	reportedAt: z.string(),
	status: z.enum(NEED_STATUSES)
});
export type Need = z.infer<typeof needSchema>;

export const needsQuerySchema = z.object({
	territoryType: z.string().max(20).optional(),
	territoryCode: z.string().max(20).optional(),
	source: z.enum(NEED_SOURCES).optional(),
	status: z.enum(NEED_STATUSES).optional(),
	limit: z.coerce.number().int().min(1).max(200).default(50)
});
export type NeedsQuery = z.infer<typeof needsQuerySchema>;

export const needsPageSchema = z.object({ needs: z.array(needSchema) });
