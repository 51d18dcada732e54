import { fail, redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { getPersonForEdit, updatePerson } from '$lib/server/pathways/persons';
import { changedFields } from '$lib/server/pathways/persons-form';
import { LANGUAGES } from '$lib/server/pathways/persons-validation';
import { ValidationError } from '$lib/server/errors';
import { readForm, routeId, translateIssues } from '$lib/server/http/forms';
import { guard } from '../../../annuaire/guard';
import type { Actions, PageServerLoad } from './$types';

/**
 * « Modifier la fiche »: the holder's professionals only, by the rule of PATCH /api/v1/persons/{id} (404 outside
 * reach, 403 for a partner who sees the person). Only the fields changed are sent to updatePerson.
 */
export const load: PageServerLoad = async (event) => {
	const ctx = contextOf(event);
	const id = routeId(event);
	const current = await guard(event, () => getPersonForEdit(ctx, id));
	return { id, current, languages: [...LANGUAGES] };
};

export const actions: Actions = {
	default: async (event) => {
		const ctx = contextOf(event);
		const id = routeId(event);
		const form = await readForm(event);
		const values = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')) as Record<
			string,
			string
		>;
		const patch = changedFields(values);
		if (!patch.success) return fail(400, { values, errors: translateIssues(event, patch.issues) });
		try {
			await updatePerson(ctx, id, patch.data);
		} catch (e) {
			if (e instanceof ValidationError)
				return fail(400, { values, errors: translateIssues(event, e.issues) });
			return guard(event, () => Promise.reject(e));
		}
		redirect(303, `/personnes/${id}?modifiee=1`);
	}
};
