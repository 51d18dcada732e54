import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { contextOf } from '$lib/server/api/operation';
import { handleForm } from '$lib/server/http/forms';
import { problemOf } from '$lib/server/http/errors';
import { listBreakGlass, reviewBreakGlass } from '$lib/server/pathways/break-glass';
import { reviewInputSchema } from '$lib/server/pathways/rights-validation';
import { translator } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

/** Coordinators review the emergency accesses to records of their territory's organisations. */
export const load: PageServerLoad = async (event) => {
	try {
		return { grants: await listBreakGlass(contextOf(event), { reviewed: false }) };
	} catch (e) {
		const problem = problemOf(e);
		if (problem && [401, 403].includes(problem.status))
			error(problem.status, translator(event.locals.locale)(problem.messageKey));
		throw e;
	}
};

export const actions: Actions = {
	review: async (event) =>
		handleForm(
			event,
			z.object({ id: z.uuid('id.invalid') }).and(reviewInputSchema),
			async ({ id, verdict, note }) => {
				await reviewBreakGlass(contextOf(event), id, { verdict, note });
				return { reviewed: id };
			}
		)
};
