import { redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { createStructure } from '$lib/server/directory/service';
import { structureCreateSchema } from '$lib/server/directory/validation';
import { readForm } from '$lib/server/http/forms';
import { runForm } from '../../guard';
import { editableOrganisations } from '../../my-structures';
import { readStructureForm } from '../structure-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({
	organisations: (await editableOrganisations(contextOf(event))).map((o) => ({ id: o.id, name: o.name }))
});

export const actions: Actions = {
	default: async (event) => {
		const ctx = contextOf(event);
		const { raw, values, issues } = await readStructureForm(ctx, await readForm(event), {
			withOrganisation: true
		});
		const result = await runForm(
			event,
			structureCreateSchema,
			raw,
			values,
			(input) => createStructure(ctx, input),
			issues
		);
		if (result && 'id' in result) redirect(303, `/annuaire/structures/${result.id}?creee=1`);
		return result;
	}
};
