import { error, redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { readForm, routeId, translateIssues } from '$lib/server/http/forms';
import { parseInput } from '$lib/server/api/errors';
import { ValidationError } from '$lib/server/errors';
import { problemOf } from '$lib/server/http/errors';
import { getDecision, searchRegister } from '$lib/server/governance/register';
import { glossaryTermsIn } from '$lib/server/glossary/service';
import { changeDecisionStatus, TRANSITIONS, updateDecision } from '$lib/server/governance/decision-lifecycle';
import {
	decisionPatchSchema,
	decisionStatusInputSchema
} from '$lib/server/governance/decision-lifecycle-validation';
import { translator } from '$lib/i18n';
import { guard } from '../../../../decisions/register-page';
import type { Actions, PageServerLoad } from './$types';
import { fail, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';

/** A decision: its text, history and actions; those who keep the register correct it or change its status. */
export const load: PageServerLoad = async (event) => {
	const cooperationId = routeId(event);
	const id = routeId(event, 'decisionId');
	const ctx = contextOf(event);
	const decision = await guard(event, () => getDecision(ctx, id));
	if (decision.cooperationId !== cooperationId)
		error(404, translator(event.locals.locale)('errors.notFound'));
	const transitions = TRANSITIONS[decision.status];
	// later decisions of the cooperation that may amend or reverse this one
	const candidates =
		decision.canChange && transitions.length
			? (
					await searchRegister(ctx, {
						cooperation: cooperationId,
						from: decision.decidedOn,
						limit: 100,
						offset: 0
					})
				).items.filter((d) => d.id !== id)
			: [];
	const done = event.url.searchParams.get('fait');
	return {
		decision,
		// the terms its text uses, explained where they first appear (GlossaryText)
		glossary: await glossaryTermsIn(ctx, null, [decision.title, decision.text, decision.outcome]),
		transitions,
		candidates,
		done: done === 'edit' || done === 'status' ? done : null
	};
};

async function run<S extends z.ZodType>(
	event: RequestEvent,
	form: string,
	schema: S,
	call: (input: z.output<S>) => Promise<unknown>
) {
	const data = await readForm(event);
	const values = Object.fromEntries(
		[...data.entries()].filter(([, v]) => typeof v === 'string') as [string, string][]
	);
	const parsed = parseInput(schema, values);
	if (!parsed.success) return fail(400, { form, values, errors: translateIssues(event, parsed.issues) });
	try {
		await call(parsed.data);
	} catch (e) {
		if (e instanceof ValidationError)
			return fail(400, { form, values, errors: translateIssues(event, e.issues) });
		const problem = problemOf(e);
		if (!problem || problem.status >= 500) throw e;
		error(problem.status, translator(event.locals.locale)(problem.messageKey));
	}
	redirect(303, `${event.url.pathname}?fait=${form}`);
}

export const actions: Actions = {
	edit: async (event) => {
		const id = routeId(event, 'decisionId');
		return run(event, 'edit', decisionPatchSchema, (input) => updateDecision(contextOf(event), id, input));
	},
	status: async (event) => {
		const id = routeId(event, 'decisionId');
		return run(event, 'status', decisionStatusInputSchema, (input) =>
			changeDecisionStatus(contextOf(event), id, input)
		);
	}
};
