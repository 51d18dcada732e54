import { z } from 'zod';
import { ValidationError, type FieldIssue } from '../errors';

// Messages are catalogue keys (validation.*); schemas give specific keys, zod's defaults map to two generic ones.
z.config({
	customError: (issue) =>
		issue.code === 'invalid_type' && issue.input === undefined ? 'required' : 'invalid'
});

/** Turns zod issues into field errors ("communeCodes.2: commune.invalidCode"). */
export function toFieldIssues(error: z.ZodError): FieldIssue[] {
	return error.issues.map((issue) => ({
		field: issue.path.map(String).join('.') || '_',
		message: issue.message
	}));
}

export function parseOrThrow<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
	const result = schema.safeParse(data);
	if (!result.success) throw new ValidationError(toFieldIssues(result.error));
	return result.data;
}

/** URLSearchParams → object; repeated keys become arrays. */
export function searchParamsToObject(params: URLSearchParams): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const key of new Set(params.keys())) {
		const values = params.getAll(key);
		out[key] = values.length > 1 ? values : values[0]!;
	}
	return out;
}

export const errorSchema = z
	.object({
		error: z.object({
			status: z.number().int(),
			code: z
				.string()
				.meta({ description: 'forbidden, unauthenticated, not_found, invalid, conflict, rate_limited…' }),
			message: z.string(),
			issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
			requestId: z.string().optional()
		})
	})
	.meta({ id: 'Error' });
