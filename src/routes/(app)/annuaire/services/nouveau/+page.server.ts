import { redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { createService } from '$lib/server/directory/service';
import { serviceInputSchema } from '$lib/server/directory/validation';
import { readForm } from '$lib/server/http/forms';
import { runForm } from '../../guard';
import { editableOrganisations } from '../../my-structures';
import { formCodes } from '../codes';
import { readServiceForm, resolveServicePlaces } from '../service-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const organisations = await editableOrganisations(contextOf(event));
	return {
		organisations,
		codes: formCodes(),
		values: { structureId: event.url.searchParams.get('structure') ?? '' } as Record<
			string,
			string | string[]
		>
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { raw, values, issues } = readServiceForm(await readForm(event), { withStructure: true });
		issues.push(...(await resolveServicePlaces(contextOf(event), raw)));
		const result = await runForm(
			event,
			serviceInputSchema,
			raw,
			values,
			(input) => createService(contextOf(event), input),
			issues
		);
		if (result && 'id' in result) redirect(303, `/annuaire/services/${result.id}?cree=1`);
		return result;
	}
};
