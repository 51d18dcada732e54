import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { problemOf } from '$lib/server/http/errors';
import { translateIssues, type FieldErrors } from '$lib/server/http/forms';
import { parseInput } from '$lib/server/api/errors';
import { ValidationError } from '$lib/server/errors';
import { translator } from '$lib/i18n';
import { INFO_CATEGORIES, SECTION_KEYS } from '$lib/server/charters/content';
import type { z } from 'zod';

/** Runs a service call in a page load: known domain errors become their status page (403, 404, 409…). */
export async function guard<T>(event: RequestEvent, run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (e) {
		const problem = problemOf(e);
		if (!problem) throw e;
		error(problem.status, translator(event.locals.locale)(problem.messageKey));
	}
}

/** The version number of the URL, an integer; anything else is a 404. */
export function routeNumber(event: RequestEvent): number {
	const n = Number((event.params as Record<string, string>).number);
	if (!Number.isInteger(n) || n < 1 || n > 1_000_000)
		error(404, translator(event.locals.locale)('errors.notFound'));
	return n;
}

export const formValues = (form: FormData) => {
	const values: Record<string, string | string[]> = {};
	for (const key of new Set(form.keys())) {
		// a form may carry any name: never one that reaches an object's prototype
		if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
		const all = form.getAll(key).filter((v): v is string => typeof v === 'string');
		values[key] =
			all.length > 1 || key.startsWith('sharing.') || key === 'fund.approvers' ? all : (all[0] ?? '');
	}
	return values;
};

const str = (v: string | string[] | undefined) => (typeof v === 'string' ? v : '');
const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []);

/**
 * The edit form (dotted field names, as the API's fields) → the PATCH body. Every part is on the form, so every
 * part is sent; blank new risk rows are dropped.
 */
export function patchFromForm(values: Record<string, string | string[]>) {
	const rows = (prefix: string) =>
		[...new Set(Object.keys(values).flatMap((k) => (k.startsWith(`${prefix}.`) ? [k.split('.')[1]!] : [])))]
			.filter((i) => /^\d{1,3}$/.test(i))
			.sort((a, b) => Number(a) - Number(b));
	const field = (prefix: string, i: string, name: string) => str(values[`${prefix}.${i}.${name}`]);
	return {
		title: str(values.title),
		sections: Object.fromEntries(SECTION_KEYS.map((k) => [k, str(values[`sections.${k}`])])),
		commitments: rows('commitments').map((i) => ({
			organisationId: field('commitments', i, 'organisationId'),
			amount: field('commitments', i, 'amount'),
			fte: field('commitments', i, 'fte'),
			premises: field('commitments', i, 'premises'),
			data: field('commitments', i, 'data')
		})),
		risks: rows('risks')
			.map((i) => ({
				risk: field('risks', i, 'risk'),
				organisationId: field('risks', i, 'organisationId'),
				mitigation: field('risks', i, 'mitigation')
			}))
			.filter((r) => r.risk.trim() || r.mitigation.trim()),
		sharing: Object.fromEntries(INFO_CATEGORIES.map((c) => [c, list(values[`sharing.${c}`])])),
		fund: {
			approvers: list(values['fund.approvers']).map((v) => {
				const [organisationId = '', userId] = v.split(':');
				return { organisationId, userId: userId || null };
			}),
			ceilingPerRequest: str(values['fund.ceilingPerRequest']),
			ceilingPerYear: str(values['fund.ceilingPerYear']),
			quorum: str(values['fund.quorum']) || '1'
		},
		startsOn: str(values.startsOn),
		endsOn: str(values.endsOn),
		reviewOn: str(values.reviewOn)
	};
}

type FormFailure = {
	values: Record<string, unknown>;
	errors: FieldErrors;
	message: string | null;
};

/** Validate, run, and on a known error re-display the form with its values and field messages. */
export async function runCharterForm<S extends z.ZodType, T>(
	event: RequestEvent,
	schema: S,
	raw: unknown,
	values: Record<string, unknown>,
	run: (input: z.output<S>) => Promise<T>
) {
	const parsed = parseInput(schema, raw);
	if (!parsed.success)
		return fail(400, { values, errors: translateIssues(event, parsed.issues), message: null } as FormFailure);
	try {
		return await run(parsed.data);
	} catch (e) {
		if (e instanceof ValidationError)
			return fail(400, { values, errors: translateIssues(event, e.issues), message: null } as FormFailure);
		const problem = problemOf(e);
		if (!problem) throw e;
		if (problem.status === 401 || problem.status === 403 || problem.status === 404)
			error(problem.status, translator(event.locals.locale)(problem.messageKey));
		return fail(problem.status, {
			values,
			errors: {},
			message: translator(event.locals.locale)(problem.messageKey)
		} as FormFailure);
	}
}
