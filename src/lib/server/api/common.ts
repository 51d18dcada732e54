import { z } from 'zod';

/** `{id}` path parameter of a resource. */
export const idParamsSchema = z.object({ id: z.uuid('id.invalid') });

/** limit/offset pagination (bounded, see ../validation.ts). */
export { pageQuerySchema } from '../validation';
