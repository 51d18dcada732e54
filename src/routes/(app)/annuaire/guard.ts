import { error, fail, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { problemOf } from '$lib/server/http/errors';
import { translateIssues, type FieldErrors } from '$lib/server/http/forms';
import { parseInput } from '$lib/server/api/errors';
import { ValidationError } from '$lib/server/errors';
import { translator } from '$lib/i18n';

/** Runs a service call in a page load: known domain errors become their status page (403, 404…). */
export async function guard<T>(event: RequestEvent, run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (e) {
		const problem = problemOf(e);
		if (!problem) throw e;
		error(problem.status, translator(event.locals.locale)(problem.messageKey));
	}
}

/** Field errors keyed by the top-level field ("thematiques.2" → "thematiques"), first message wins. */
export function topLevelErrors(
	event: RequestEvent,
	issues: { field: string; message: string }[]
): FieldErrors {
	return translateIssues(
		event,
		issues.map((i) => ({ ...i, field: i.field.split('.')[0]! }))
	);
}

/**
 * A form action whose input was already read from the form (checkbox groups, numbers): validate with zod, run,
 * and on a known error re-display the form with its values and French messages.
 */
export async function runForm<S extends z.ZodType, T>(
	event: RequestEvent,
	schema: S,
	raw: unknown,
	values: Record<string, unknown>,
	run: (input: z.output<S>) => Promise<T>,
	/** problems found while reading the form (a time slot, a place name), shown with zod's */
	formIssues: { field: string; message: string }[] = []
) {
	const parsed = parseInput(schema, raw);
	if (!parsed.success || formIssues.length)
		return fail(400, {
			values,
			errors: topLevelErrors(event, [...formIssues, ...(parsed.success ? [] : parsed.issues)])
		});
	try {
		return await run(parsed.data);
	} catch (e) {
		if (e instanceof ValidationError) return fail(400, { values, errors: topLevelErrors(event, e.issues) });
		const problem = problemOf(e);
		if (!problem) throw e;
		if (problem.status === 403 || problem.status === 401 || problem.status === 404)
			error(problem.status, translator(event.locals.locale)(problem.messageKey));
		return fail(problem.status, { values, message: translator(event.locals.locale)(problem.messageKey) });
	}
}
