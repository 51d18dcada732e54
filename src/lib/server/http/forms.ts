import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { parseInput } from '../api/errors';
import { ValidationError } from '../errors';
import { problemOf } from './errors';
import { BodyError, MAX_FORM_BYTES, readFormData } from './body';
import { translator } from '../../i18n/index';
import { logger } from '../log';

export type FieldErrors = Record<string, string>;

/** Translates field issues ("password.tooShort") with the catalogue's validation.* messages. */
export function translateIssues(
	event: RequestEvent,
	issues: { field: string; message: string }[]
): FieldErrors {
	const t = translator(event.locals.locale);
	const errors: FieldErrors = {};
	for (const issue of issues) {
		const [key, value] = issue.message.split(':');
		errors[issue.field] ??= t(`validation.${key}`, { value, defaultValue: t('validation.invalid') });
	}
	return errors;
}

/**
 * The [id] of a route, a UUID; anything else is a 404. Actions read it from the URL, not from a validated form,
 * and the services would hand it to PostgreSQL as it is.
 */
export function routeId(event: RequestEvent, name = 'id'): string {
	const id = z.uuid().safeParse(event.params[name as keyof typeof event.params]);
	if (!id.success) error(404, translator(event.locals.locale)('errors.notFound'));
	return id.data;
}

/**
 * The body of a form action. Another content type (text/plain, JSON) is a 415, a body beyond `maxBytes` a 413,
 * each shown on the error page with its message (SvelteKit's error(), not an unexpected 500).
 */
export async function readForm(event: RequestEvent, maxBytes = MAX_FORM_BYTES): Promise<FormData> {
	try {
		return await readFormData(event, maxBytes);
	} catch (e) {
		if (e instanceof BodyError) error(e.status, translator(event.locals.locale)(e.messageKey, e.values));
		throw e;
	}
}

/**
 * Runs a form action: parse the form with zod, call the service, and on a known error re-display the form
 * with its values and translated messages (never a stack trace). Password fields are not sent back.
 */
export async function handleForm<S extends z.ZodType, T>(
	event: RequestEvent,
	schema: S,
	run: (input: z.output<S>) => Promise<T>
) {
	const form = await readForm(event);
	const values = Object.fromEntries(
		[...form.entries()].filter(([k, v]) => typeof v === 'string' && !/password/i.test(k))
	) as Record<string, string>;
	const raw = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string'));
	const parsed = parseInput(schema, raw);
	if (!parsed.success) return fail(400, { values, errors: translateIssues(event, parsed.issues) });
	try {
		return await run(parsed.data);
	} catch (error) {
		if (error instanceof ValidationError)
			return fail(400, { values, errors: translateIssues(event, error.issues) });
		const problem = problemOf(error);
		if (!problem) {
			logger.error({ err: error }, 'form action failed');
			throw error;
		}
		return fail(problem.status, {
			values,
			message: translator(event.locals.locale)(problem.messageKey, problem.messageValues)
		});
	}
}
