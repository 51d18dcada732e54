import { z } from 'zod';
import type { FieldIssue } from './errors';
import { hasForbiddenCharacter, MULTI_LINE_TEXT, SINGLE_LINE_TEXT } from './text';

/**
 * Building blocks shared by every domain's validation.ts: text, numbers, dates and identifiers that the
 * database can always take. Whatever passes these never reaches PostgreSQL as an error (a NUL byte, a date
 * of year 99999, a page number of 1e308 all did).
 */

export const FORBIDDEN_CHARACTER = 'text.forbiddenCharacter';

/**
 * One line of text (names, titles, e-mails, filters): trimmed, no control character (tabs and line breaks
 * included) and no lone surrogate. Chain .min()/.max() with the field's own messages.
 */
export const singleLine = () => z.string().trim().regex(SINGLE_LINE_TEXT, FORBIDDEN_CHARACTER);

/** Free text over several lines (descriptions, conditions): tabs and line breaks allowed, other controls not. */
export const multiLine = () => z.string().trim().regex(MULTI_LINE_TEXT, FORBIDDEN_CHARACTER);

/** Optional free text; an empty form field becomes null. */
export const optionalText = (max: number, options: { multiline?: boolean; key?: string } = {}) =>
	z.preprocess(
		(v) => (typeof v === 'string' && v.trim() === '' ? null : v),
		(options.multiline ? multiLine() : singleLine())
			.max(max, options.key ?? 'text.tooLong')
			.nullable()
			.optional()
	);

/**
 * Safety net under the schemas: a NUL byte, another control character (tabs and line breaks apart) or a lone
 * surrogate anywhere in a request's input — values and keys, at any depth — is refused with the path of the
 * field, before zod runs. Schemas built with singleLine() also refuse tabs and line breaks.
 */
export function forbiddenCharacterIssues(input: unknown, path: string[] = [], depth = 0): FieldIssue[] {
	if (typeof input === 'string')
		return hasForbiddenCharacter(input, { multiline: true })
			? [{ field: path.join('.') || '_', message: FORBIDDEN_CHARACTER }]
			: [];
	// deeper than any schema goes: zod will refuse the shape anyway
	if (input === null || typeof input !== 'object' || depth > 32) return [];
	const issues: FieldIssue[] = [];
	for (const [key, value] of Object.entries(input)) {
		if (hasForbiddenCharacter(key, { multiline: true }))
			issues.push({ field: [...path, '_key'].join('.'), message: FORBIDDEN_CHARACTER });
		else issues.push(...forbiddenCharacterIssues(value, [...path, key], depth + 1));
		if (issues.length >= 20) break;
	}
	return issues;
}

/** PostgreSQL timestamps go further, but an ISO string of year 10000 ("+010000-…") is refused by it. */
const FIRST_DAY = new Date('0001-01-01T00:00:00.000Z');
const LAST_DAY = new Date('9999-12-31T23:59:59.999Z');

/** A date or date-time of the query string ("2026-11-24", ISO 8601), between years 1 and 9999. */
export const dateParam = () =>
	z.coerce
		.date('date.invalid')
		.min(FIRST_DAY, 'date.outOfRange')
		.max(LAST_DAY, 'date.outOfRange')
		.meta({ description: 'Date AAAA-MM-JJ ou date-heure ISO 8601, de l’an 1 à l’an 9999' });

/** Rows skipped by a listing: bounded so that it stays a finite, safe integer for the database. */
export const MAX_OFFSET = 1_000_000;

/** limit/offset pagination with a per-resource default page size. */
export const pageQuerySchema = (defaultLimit: number, maxLimit = 100) =>
	z.object({
		limit: z.coerce
			.number('limit.invalid')
			.int('limit.invalid')
			.min(1, 'limit.invalid')
			.max(maxLimit, 'limit.invalid')
			.default(defaultLimit),
		offset: z.coerce
			.number('offset.invalid')
			.int('offset.invalid')
			.min(0, 'offset.invalid')
			.max(MAX_OFFSET, 'offset.invalid')
			.default(0)
	});

/** Pages of an HTML listing (?page=3): an integer from 1 to `max`. */
export const pageNumberSchema = (max: number) =>
	z.coerce.number('page.invalid').int('page.invalid').min(1, 'page.invalid').max(max, 'page.invalid');

type WithoutDefaults<T extends z.ZodRawShape> = {
	[K in keyof T]: z.ZodOptional<T[K] extends z.ZodDefault<infer Inner> ? Inner : T[K]>;
};

/**
 * The shape of a PATCH body: every field optional and without its default. zod's .partial() keeps defaults,
 * so a field left out would be reset (jobTitle → "", thematiques → []) instead of kept as it is.
 */
export function patchShape<T extends z.ZodRawShape>(shape: T): WithoutDefaults<T> {
	return Object.fromEntries(
		Object.entries(shape).map(([key, schema]) => [
			key,
			((schema instanceof z.ZodDefault ? schema.unwrap() : schema) as z.ZodType).optional()
		])
	) as unknown as WithoutDefaults<T>;
}
