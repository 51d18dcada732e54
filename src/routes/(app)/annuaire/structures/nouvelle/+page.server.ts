import { redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { createStructure } from '$lib/server/directory/service';
import { structureCreateSchema } from '$lib/server/directory/validation';
import { readForm } from '$lib/server/http/forms';
import { runForm } from '../../guard';
import { editableOrganisations } from '../../my-structures';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = [
	'name',
	'organisationId',
	'description',
	'siret',
	'address',
	'postalCode',
	'communeCode',
	'phone',
	'email',
	'website',
	'openingHours'
] as const;

export const load: PageServerLoad = async (event) => ({
	organisations: (await editableOrganisations(contextOf(event))).map((o) => ({ id: o.id, name: o.name }))
});

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event);
		const values: Record<string, string> = {};
		const raw: Record<string, unknown> = { networks: [] };
		for (const k of FIELDS) {
			const v = form.get(k);
			values[k] = typeof v === 'string' ? v.trim() : '';
			raw[k] = values[k] === '' && k !== 'name' && k !== 'description' ? null : values[k];
		}
		const result = await runForm(event, structureCreateSchema, raw, values, (input) =>
			createStructure(contextOf(event), input)
		);
		if (result && 'id' in result) redirect(303, `/annuaire/structures/${result.id}?creee=1`);
		return result;
	}
};
