import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { contextOf } from '$lib/server/api/operation';
import { routeId } from '$lib/server/http/forms';
import { contributionToNeed, suggestedTags, unansweredQueue } from '$lib/server/forums/service';
import { guard, postedId, run } from '../../../cooperations/[id]/instances/forms';
import { postedForm } from '../../forms';
import type { Actions, PageServerLoad } from './$types';

/** The queue of a session: top-level contributions with no answer that are not yet a need, oldest first. */
export const load: PageServerLoad = async (event) => {
	const id = routeId(event);
	const ctx = contextOf(event);
	const tag = event.url.searchParams.get('tag')?.slice(0, 40) || undefined;
	const queue = await guard(event, () => unansweredQueue(ctx, id, tag));
	return {
		...queue,
		tag: tag ?? '',
		tags: await suggestedTags(ctx, id),
		need: event.url.searchParams.get('besoin'),
		already: event.url.searchParams.get('deja') === '1'
	};
};

export const actions: Actions = {
	need: async (event) => {
		const id = routeId(event);
		const { values } = await postedForm(event);
		const contributionId = postedId(event, values.contributionId);
		const result = await run(event, 'need', z.object({}), {}, values, () =>
			contributionToNeed(contextOf(event), id, contributionId)
		);
		if ('need' in result)
			redirect(303, `/forums/${id}/a-traiter?besoin=${result.need.id}${result.created ? '' : '&deja=1'}`);
		return result;
	}
};
