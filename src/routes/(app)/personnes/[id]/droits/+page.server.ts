import { error, redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { handleForm, routeId } from '$lib/server/http/forms';
import { problemOf } from '$lib/server/http/errors';
import { can } from '$lib/server/policy/policy';
import { personAccessLog } from '$lib/server/pathways/rights';
import { grantsOnPerson } from '$lib/server/pathways/break-glass';
import { erasePerson } from '$lib/server/pathways/erasure';
import {
	accessLogQuerySchema,
	eraseInputSchema,
	ERASURE_REASONS
} from '$lib/server/pathways/rights-validation';
import { translator } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

/** « Consultations et droits »: who consulted the record, emergency accesses, export, erasure (holder only). */
export const load: PageServerLoad = async (event) => {
	const id = routeId(event);
	const ctx = contextOf(event);
	const query = accessLogQuerySchema.safeParse({ before: event.url.searchParams.get('avant') ?? undefined });
	try {
		const log = await personAccessLog(ctx, id, query.success ? query.data : {});
		const grants = await grantsOnPerson(ctx, id);
		return {
			id,
			log,
			grants,
			canErase: ctx.actor.memberships.some(
				(m) => m.role === 'admin' && can(ctx.actor, 'delete', 'person', { organisationId: m.organisationId })
			),
			erasureReasons: ERASURE_REASONS.filter((r) => r !== 'retention')
		};
	} catch (e) {
		const problem = problemOf(e);
		if (problem && [401, 403, 404].includes(problem.status))
			error(problem.status, translator(event.locals.locale)(problem.messageKey));
		throw e;
	}
};

export const actions: Actions = {
	erase: async (event) => {
		const result = await handleForm(event, eraseInputSchema, async (input) => {
			await erasePerson(contextOf(event), routeId(event), input);
			return { erased: true };
		});
		if (result && 'erased' in result) redirect(303, '/personnes');
		return result;
	}
};
