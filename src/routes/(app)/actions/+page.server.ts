import { redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { myActions, updateAction } from '$lib/server/governance/service';
import { actionPatchSchema } from '$lib/server/governance/validation';
import { formValues, guard, postedId, run } from '../cooperations/[id]/instances/forms';
import type { Actions, PageServerLoad } from './$types';

/** « Mes actions »: what the signed-in person has to do, by due date; they change the status of each. */
export const load: PageServerLoad = async (event) => {
	const ctx = contextOf(event);
	const actions = await guard(event, () => myActions(ctx));
	return {
		actions: actions.map((a) => ({
			id: a.id,
			title: a.title,
			cooperationId: a.cooperationId,
			cooperationName: a.cooperationName,
			dueOn: a.dueOn,
			status: a.status,
			overdue: a.overdue
		})),
		done: event.url.searchParams.get('fait') === '1'
	};
};

export const actions: Actions = {
	status: async (event) => {
		const values = await formValues(event);
		const id = postedId(event, values.id);
		const result = await run(
			event,
			`status-${id}`,
			actionPatchSchema,
			{ status: values.status },
			values,
			(input) => updateAction(contextOf(event), id, input)
		);
		if ('id' in result) redirect(303, '/actions?fait=1');
		return result;
	}
};
