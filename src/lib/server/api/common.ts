import { z } from 'zod';

/** `{id}` path parameter of a resource. */
export const idParamsSchema = z.object({ id: z.uuid('id.invalid') });

/** limit/offset pagination with a per-resource default page size. */
export const pageQuerySchema = (defaultLimit: number) =>
	z.object({
		limit: z.coerce.number().int().min(1).max(100).default(defaultLimit),
		offset: z.coerce.number().int().min(0).default(0)
	});
