import { error, type RequestEvent } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { parseInput } from '$lib/server/api/errors';
import { problemOf } from '$lib/server/http/errors';
import { translateIssues } from '$lib/server/http/forms';
import { searchRegister, type RegisterPage } from '$lib/server/governance/register';
import { registerQuerySchema } from '$lib/server/governance/register-validation';
import { ValidationError } from '$lib/server/errors';
import { translator } from '$lib/i18n';

/** Page loads of the register (per cooperation, per territory): parse the query string, search, or say what is wrong. */

export const PAGE_SIZE = 20;
const FIELDS = ['q', 'territory', 'body', 'status', 'from', 'to', 'theme'] as const;
export type RegisterValues = Partial<Record<(typeof FIELDS)[number], string>>;

/** A known domain error becomes its status page (401, 403, 404); anything else stays a bug. */
export async function guard<T>(event: RequestEvent, run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (e) {
		const problem = problemOf(e);
		if (!problem || problem.status >= 500 || e instanceof ValidationError) throw e;
		error(problem.status, translator(event.locals.locale)(problem.messageKey));
	}
}

export async function loadRegister(event: RequestEvent, fixed: { cooperation?: string } = {}) {
	const values: RegisterValues = {};
	for (const f of FIELDS) {
		const v = event.url.searchParams.get(f);
		if (v !== null) values[f] = v;
	}
	const pageParam = Number(event.url.searchParams.get('page') ?? '1');
	const page = Number.isInteger(pageParam) && pageParam >= 1 && pageParam <= 5000 ? pageParam : 1;
	const parsed = parseInput(registerQuerySchema, {
		...values,
		...fixed,
		limit: String(PAGE_SIZE),
		offset: String((page - 1) * PAGE_SIZE)
	});
	if (!parsed.success)
		return {
			values,
			page,
			errors: translateIssues(event, parsed.issues),
			result: null as RegisterPage | null
		};
	try {
		const result = await guard(event, () => searchRegister(contextOf(event), parsed.data));
		return { values, page, errors: {} as Record<string, string>, result: result as RegisterPage | null };
	} catch (e) {
		// a territory that does not exist: said beside the field, like a malformed one
		if (!(e instanceof ValidationError)) throw e;
		return { values, page, errors: translateIssues(event, e.issues), result: null as RegisterPage | null };
	}
}
