import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { parseInput } from '$lib/server/api/errors';
import { ValidationError } from '$lib/server/errors';
import { problemOf } from '$lib/server/http/errors';
import { readForm, translateIssues } from '$lib/server/http/forms';
import { translator } from '$lib/i18n';

/** The string fields of a posted form. */
export async function formValues(event: RequestEvent): Promise<Record<string, string>> {
	const form = await readForm(event);
	return Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')) as Record<
		string,
		string
	>;
}

/** A page load's service call: known domain errors become their status page (403, 404…). */
export async function guard<T>(event: RequestEvent, run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (e) {
		const problem = problemOf(e);
		if (!problem) throw e;
		error(problem.status, translator(event.locals.locale)(problem.messageKey));
	}
}

/**
 * A form action of the governance pages: validate, run, and on a known error show the form again with its values,
 * the form's name (several forms share a page) and French messages per field.
 */
export async function run<S extends z.ZodType, T>(
	event: RequestEvent,
	formName: string,
	schema: S,
	raw: Record<string, unknown>,
	values: Record<string, string>,
	action: (input: z.output<S>) => Promise<T>
) {
	const parsed = parseInput(schema, raw);
	if (!parsed.success)
		return fail(400, { form: formName, values, errors: translateIssues(event, parsed.issues) });
	try {
		return await action(parsed.data);
	} catch (e) {
		if (e instanceof ValidationError)
			return fail(400, { form: formName, values, errors: translateIssues(event, e.issues) });
		const problem = problemOf(e);
		if (!problem) throw e;
		if ([401, 403, 404].includes(problem.status))
			error(problem.status, translator(event.locals.locale)(problem.messageKey));
		return fail(problem.status, {
			form: formName,
			values,
			errors: {} as Record<string, string>,
			message: translator(event.locals.locale)(problem.messageKey)
		});
	}
}

/** A form's « 2026-12-15T14:30 » is a time in France: the instant it names. */
export function parisInstant(local: string | undefined): string | undefined {
	if (!local || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return local;
	const guess = new Date(`${local}:00Z`);
	if (Number.isNaN(guess.getTime())) return local;
	const paris = new Date(guess.toLocaleString('en-US', { timeZone: 'Europe/Paris' }));
	const utc = new Date(guess.toLocaleString('en-US', { timeZone: 'UTC' }));
	return new Date(guess.getTime() - (paris.getTime() - utc.getTime())).toISOString();
}

/** An id posted by a form (a hidden field): anything but a UUID is a 404, never handed to the database. */
export function postedId(event: RequestEvent, value: string | undefined): string {
	const id = z.uuid().safeParse(value);
	if (!id.success) error(404, translator(event.locals.locale)('errors.notFound'));
	return id.data;
}
