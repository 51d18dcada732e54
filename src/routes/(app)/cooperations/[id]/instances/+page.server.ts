import { redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { routeId } from '$lib/server/http/forms';
import { bodiesSummary, createBody, listBodies } from '$lib/server/governance/service';
import { bodyInputSchema } from '$lib/server/governance/validation';
import { formValues, guard, run } from './forms';
import type { Actions, PageServerLoad } from './$types';

/** The bodies of a cooperation: what each is, who sits there, its next meeting; managers create bodies. */
export const load: PageServerLoad = async (event) => {
	const ctx = contextOf(event);
	const id = routeId(event);
	const { cooperation } = await guard(event, () => listBodies(ctx, id));
	const summary = await guard(event, () => bodiesSummary(ctx, id));
	return {
		cooperation: { id, name: cooperation.cooperation.name },
		canManage: cooperation.canManage,
		bodies: summary.map((b) => ({
			...b,
			nextMeeting: b.nextMeeting
				? { title: b.nextMeeting.title, startsAt: b.nextMeeting.startsAt.toISOString() }
				: null,
			lastMeeting: b.lastMeeting
				? { title: b.lastMeeting.title, startsAt: b.lastMeeting.startsAt.toISOString() }
				: null
		}))
	};
};

export const actions: Actions = {
	create: async (event) => {
		const id = routeId(event);
		const values = await formValues(event);
		const result = await run(event, 'create', bodyInputSchema, values, values, (input) =>
			createBody(contextOf(event), id, input)
		);
		if ('id' in result) redirect(303, `/cooperations/${id}/instances/${result.id}`);
		return result;
	}
};
