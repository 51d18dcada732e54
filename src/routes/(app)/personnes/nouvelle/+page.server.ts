import { error, fail, redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { createPerson, holdingOrganisations } from '$lib/server/pathways/persons';
import { LANGUAGES, personInputSchema } from '$lib/server/pathways/persons-validation';
import { parseInput } from '$lib/server/api/errors';
import { ValidationError } from '$lib/server/errors';
import { readForm, translateIssues } from '$lib/server/http/forms';
import { translator } from '$lib/i18n';
import { guard } from '../../annuaire/guard';
import type { Actions, PageServerLoad } from './$types';

function organisations(event: Parameters<PageServerLoad>[0]) {
	const ctx = contextOf(event);
	const ids = holdingOrganisations(ctx);
	return ctx.actor.memberships
		.filter((m) => ids.includes(m.organisationId))
		.map((m) => ({ id: m.organisationId, name: m.organisationName }))
		.filter((o, i, all) => all.findIndex((x) => x.id === o.id) === i);
}

export const load: PageServerLoad = async (event) => {
	const choices = organisations(event);
	if (!choices.length) error(403, translator(event.locals.locale)('errors.forbidden'));
	return { organisations: choices, languages: [...LANGUAGES] };
};

export const actions: Actions = {
	default: async (event) => {
		const ctx = contextOf(event);
		const form = await readForm(event);
		const values = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')) as Record<
			string,
			string
		>;
		const parsed = parseInput(personInputSchema, values);
		if (!parsed.success)
			return fail(400, { values, errors: translateIssues(event, parsed.issues), duplicateOf: null });
		let id: string;
		try {
			id = (await createPerson(ctx, parsed.data)).id;
		} catch (e) {
			if (e instanceof ValidationError) {
				const duplicate = e.issues.find((i) => i.field === 'duplicate');
				return fail(400, {
					values,
					errors: translateIssues(
						event,
						e.issues.map((i) => (i.field === 'duplicate' ? { ...i, message: 'persons.duplicate' } : i))
					),
					duplicateOf: duplicate ? duplicate.message.split(':')[1]! : null
				});
			}
			return guard(event, () => Promise.reject(e));
		}
		redirect(303, `/personnes/${id}?creee=1`);
	}
};
