import { fail, redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { routeId } from '$lib/server/http/forms';
import { problemOf } from '$lib/server/http/errors';
import { translator } from '$lib/i18n';
import { needFromRefusedReferral, refusalForNeed } from '$lib/server/pathways/referral-need';
import { guard } from '../../../annuaire/guard';
import type { Actions, PageServerLoad } from './$types';

/** « Faire de ce refus un besoin »: the sending or receiving organisation, for a refused referral (404 otherwise). */
export const load: PageServerLoad = async (event) => {
	const id = routeId(event);
	const refusal = await guard(event, () => refusalForNeed(contextOf(event), id));
	return { ...refusal, done: event.url.searchParams.get('fait') };
};

export const actions: Actions = {
	default: async (event) => {
		const id = routeId(event);
		try {
			await needFromRefusedReferral(contextOf(event), id);
		} catch (e) {
			const problem = problemOf(e);
			if (problem?.status === 409)
				return fail(409, { message: translator(event.locals.locale)(problem.messageKey) });
			return guard(event, () => Promise.reject(e));
		}
		redirect(303, `/orientations/${id}/besoin?fait=1`);
	}
};
