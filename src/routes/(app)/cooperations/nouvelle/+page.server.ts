import { error, fail, redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { createCooperation, mayCreateSomewhere } from '$lib/server/cooperations/service';
import { translator } from '$lib/i18n';
import { cooperationInputSchema } from '$lib/server/cooperations/validation';
import { parseInput } from '$lib/server/api/errors';
import { ValidationError } from '$lib/server/errors';
import { readForm } from '$lib/server/http/forms';
import { guard } from '../../annuaire/guard';
import {
	MAX_PARTY_ROWS,
	MIN_PARTY_ROWS,
	formErrors,
	organisationChoices,
	partiesOf,
	themeGroups,
	valuesOf
} from './form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = contextOf(event);
	// only coordinators (and instance admins) create: others get the 403 page, not a form refused at the end
	if (!mayCreateSomewhere(ctx.actor)) error(403, translator(event.locals.locale)('errors.forbidden'));
	return {
		organisations: await guard(event, () => organisationChoices(ctx)),
		themeGroups: themeGroups(),
		rows: MIN_PARTY_ROWS
	};
};

const rowCount = (v: unknown) =>
	Math.min(MAX_PARTY_ROWS, Math.max(MIN_PARTY_ROWS, Number.parseInt(String(v ?? ''), 10) || MIN_PARTY_ROWS));

export const actions: Actions = {
	/** « Ajouter une ligne »: the same form again, with what was typed and one more party row. */
	addRow: async (event) => {
		const values = valuesOf(await readForm(event));
		return { values, rows: Math.min(MAX_PARTY_ROWS, rowCount(values.rows) + 1), errors: {} };
	},
	create: async (event) => {
		const ctx = contextOf(event);
		const values = valuesOf(await readForm(event));
		const rows = rowCount(values.rows);
		const { parties, rowOf, issues } = await partiesOf(ctx, values, rows);
		const raw = {
			name: values.name,
			description: values.description,
			themes: values.themes,
			territoryType: values.territoryType,
			territoryCode: values.territoryCode,
			parties
		};
		const parsed = parseInput(cooperationInputSchema, raw);
		if (!parsed.success || issues.length)
			return fail(400, {
				values,
				rows,
				errors: formErrors(event, [...issues, ...(parsed.success ? [] : parsed.issues)], rowOf)
			});
		let id: string;
		try {
			id = (await createCooperation(ctx, parsed.data)).id;
		} catch (e) {
			if (e instanceof ValidationError)
				return fail(400, { values, rows, errors: formErrors(event, e.issues, rowOf) });
			// 401, 403: their error page
			return guard(event, () => Promise.reject(e));
		}
		redirect(303, `/cooperations/${id}?creee=1`);
	}
};
