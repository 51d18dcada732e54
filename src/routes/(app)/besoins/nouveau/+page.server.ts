import { error, fail, redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { parseInput } from '$lib/server/api/errors';
import { ValidationError } from '$lib/server/errors';
import { readForm, translateIssues } from '$lib/server/http/forms';
import { addNeed } from '$lib/server/needs/editing';
import { needInputSchema } from '$lib/server/needs/validation';
import { translator } from '$lib/i18n';
import { guard } from '../../annuaire/guard';
import { needCodes, needFormValues } from '../codes';
import type { Actions, PageServerLoad } from './$types';

/** The organisations a professional reports for: those where they are more than a reader. */
function reporting(event: Parameters<PageServerLoad>[0]) {
	return event.locals.actor.memberships
		.filter((m) => m.role !== 'reader')
		.map((m) => ({ id: m.organisationId, name: m.organisationName }))
		.filter((o, i, all) => all.findIndex((x) => x.id === o.id) === i);
}

export const load: PageServerLoad = async (event) => {
	const organisations = reporting(event);
	if (!organisations.length) error(403, translator(event.locals.locale)('errors.forbidden'));
	const first = event.locals.actor.memberships[0];
	return {
		organisations,
		codes: needCodes(),
		defaults: {
			territoryType:
				first?.territory.type === 'region' ? 'departement' : (first?.territory.type ?? 'commune'),
			territoryCode: first?.territory.type === 'region' ? '' : (first?.territory.code ?? ''),
			source: 'field_observation'
		}
	};
};

export const actions: Actions = {
	default: async (event) => {
		const values = needFormValues(await readForm(event));
		const parsed = parseInput(needInputSchema, values);
		const fieldErrors = (issues: { field: string; message: string }[]) =>
			translateIssues(
				event,
				issues.map((i) => ({ ...i, field: i.field.split('.')[0]! }))
			);
		if (!parsed.success) return fail(400, { values, errors: fieldErrors(parsed.issues) });
		let id: string;
		try {
			id = (await addNeed(contextOf(event), parsed.data)).id;
		} catch (e) {
			if (e instanceof ValidationError) return fail(400, { values, errors: fieldErrors(e.issues) });
			return guard(event, () => Promise.reject(e));
		}
		redirect(303, `/besoins/${id}?ajoute=1`);
	}
};
