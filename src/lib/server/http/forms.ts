import { fail, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { toFieldIssues } from '../api/errors';
import { ValidationError } from '../errors';
import { problemOf } from './errors';
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
 * Runs a form action: parse the form with zod, call the service, and on a known error re-display the form
 * with its values and translated messages (never a stack trace). Password fields are not sent back.
 */
export async function handleForm<S extends z.ZodType, T>(
	event: RequestEvent,
	schema: S,
	run: (input: z.output<S>) => Promise<T>
) {
	const form = await event.request.formData();
	const values = Object.fromEntries(
		[...form.entries()].filter(([k, v]) => typeof v === 'string' && !/password/i.test(k))
	) as Record<string, string>;
	const raw = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string'));
	const parsed = schema.safeParse(raw);
	if (!parsed.success)
		return fail(400, { values, errors: translateIssues(event, toFieldIssues(parsed.error)) });
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
		return fail(problem.status, { values, message: translator(event.locals.locale)(problem.messageKey) });
	}
}
