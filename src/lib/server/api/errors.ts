import { z } from 'zod';
import { ValidationError, type FieldIssue } from '../errors';
import { forbiddenCharacterIssues } from '../validation';

// Messages are catalogue keys (validation.*); schemas give specific keys, zod's defaults map to two generic ones.
z.config({
	customError: (issue) =>
		issue.code === 'invalid_type' && issue.input === undefined ? 'required' : 'invalid'
});

/**
 * Turns zod issues into field errors ("communeCodes.2: commune.invalidCode"), each once (1e308 is neither an
 * integer nor under the maximum: one message is enough).
 */
export function toFieldIssues(error: z.ZodError): FieldIssue[] {
	const seen = new Set<string>();
	return error.issues
		.map((issue) => ({ field: issue.path.map(String).join('.') || '_', message: issue.message }))
		.filter((issue) => {
			const key = `${issue.field}\u0000${issue.message}`;
			return !seen.has(key) && !!seen.add(key);
		});
}

export type ParsedInput<T> = { success: true; data: T } | { success: false; issues: FieldIssue[] };

/**
 * The one way requests are validated (API operations and form actions): characters no field accepts (NUL,
 * controls, lone surrogates) are refused wherever they are, then the schema runs.
 */
export function parseInput<S extends z.ZodType>(schema: S, data: unknown): ParsedInput<z.output<S>> {
	const forbidden = forbiddenCharacterIssues(data);
	if (forbidden.length) return { success: false, issues: forbidden };
	const result = schema.safeParse(data);
	return result.success
		? { success: true, data: result.data }
		: { success: false, issues: toFieldIssues(result.error) };
}

export function parseOrThrow<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
	const result = parseInput(schema, data);
	if (!result.success) throw new ValidationError(result.issues);
	return result.data;
}

/** URLSearchParams → object; repeated keys become arrays. Own properties only: ?__proto__=… is just a key. */
export function searchParamsToObject(params: URLSearchParams): Record<string, string | string[]> {
	return Object.fromEntries(
		[...new Set(params.keys())].map((key) => {
			const values = params.getAll(key);
			return [key, values.length > 1 ? values : values[0]!];
		})
	);
}

export const errorSchema = z
	.object({
		error: z.object({
			status: z.number().int(),
			code: z.string().meta({
				description:
					'invalid (issues par champ), bad_request, too_large, unsupported_media_type, unauthenticated, forbidden, not_found, conflict, rate_limited…'
			}),
			message: z.string(),
			issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
			requestId: z.string().optional()
		})
	})
	.meta({ id: 'Error' });
