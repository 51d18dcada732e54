import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { contextOf } from '$lib/server/api/operation';
import { routeId } from '$lib/server/http/forms';
import { contribute, getSession, setStatus, suggestedTags } from '$lib/server/forums/service';
import { contributionInputSchema } from '$lib/server/forums/validation';
import { FORUM_STATUSES } from '$lib/server/forums/schema';
import { CONTRIBUTION_MAX } from '$lib/server/forums/validation';
import { guard, run } from '../../cooperations/[id]/instances/forms';
import { postedForm } from '../forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const id = routeId(event);
	const ctx = contextOf(event);
	const detail = await guard(event, () => getSession(ctx, id));
	return {
		...detail,
		tags: await suggestedTags(ctx, id),
		max: CONTRIBUTION_MAX,
		saved: event.url.searchParams.get('enregistre')
	};
};

const statusSchema = z.object({
	status: z.preprocess((v) => (v === '' ? null : v), z.enum(FORUM_STATUSES, 'forums.phase').nullable())
});

export const actions: Actions = {
	contribute: async (event) => {
		const id = routeId(event);
		const { values, raw } = await postedForm(event);
		const result = await run(
			event,
			values.parentId ? `answer-${values.parentId}` : 'contribute',
			contributionInputSchema,
			raw,
			values,
			(input) => contribute(contextOf(event), id, input)
		);
		if ('id' in result)
			redirect(
				303,
				`/forums/${id}?enregistre=${result.parentId ? 'reponse' : 'contribution'}#c-${result.parentId ?? result.id}`
			);
		return result;
	},
	status: async (event) => {
		const id = routeId(event);
		const { values, raw } = await postedForm(event);
		const result = await run(event, 'status', statusSchema, raw, values, (input) =>
			setStatus(contextOf(event), id, input.status)
		);
		if ('id' in result) redirect(303, `/forums/${id}`);
		return result;
	}
};
