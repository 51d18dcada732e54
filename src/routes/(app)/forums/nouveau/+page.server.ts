import { redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { createSession } from '$lib/server/forums/service';
import { sessionInputSchema } from '$lib/server/forums/validation';
import { THEMATIQUES } from '$lib/server/directory/codes';
import { parisInstant, run } from '../../cooperations/[id]/instances/forms';
import { postedForm } from '../forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({ themes: THEMATIQUES });

export const actions: Actions = {
	default: async (event) => {
		const { values, raw } = await postedForm(event, ['themes']);
		const result = await run(
			event,
			'create',
			sessionInputSchema,
			{ ...raw, startsAt: parisInstant(values.startsAt), endsAt: parisInstant(values.endsAt) },
			values,
			(input) => createSession(contextOf(event), input)
		);
		if ('id' in result) redirect(303, `/forums/${result.id}`);
		return result;
	}
};
