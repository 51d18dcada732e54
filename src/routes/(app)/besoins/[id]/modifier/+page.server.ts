import { error, fail, redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { parseInput } from '$lib/server/api/errors';
import { ValidationError } from '$lib/server/errors';
import { problemOf } from '$lib/server/http/errors';
import { readForm, routeId, translateIssues } from '$lib/server/http/forms';
import { getNeed, updateNeed } from '$lib/server/needs/editing';
import { needPatchSchema } from '$lib/server/needs/validation';
import { translator } from '$lib/i18n';
import { guard } from '../../../annuaire/guard';
import { needCodes, needFormValues } from '../../codes';
import type { Actions, PageServerLoad } from './$types';

/** Editing a need: its territory's coordinators (status included), its organisation while « à qualifier ». */
export const load: PageServerLoad = async (event) => {
	const id = routeId(event);
	const detail = await guard(event, () => getNeed(contextOf(event), id));
	if (!detail.canEdit) error(403, translator(event.locals.locale)('errors.forbidden'));
	const { need } = detail;
	const evidence = need.evidence as { text?: string; url?: string };
	return {
		need,
		canQualify: detail.canQualify,
		codes: needCodes(),
		values: {
			title: need.title,
			description: need.description,
			themes: need.themes,
			publics: need.publics,
			territoryType: need.territoryType,
			territoryCode: need.territoryCode,
			source: need.source,
			expertise: need.expertise ?? '',
			evidenceText: evidence.text ?? '',
			evidenceUrl: evidence.url ?? '',
			status: need.status
		}
	};
};

export const actions: Actions = {
	default: async (event) => {
		const id = routeId(event);
		const values = needFormValues(await readForm(event));
		delete values.organisationId;
		const fieldErrors = (issues: { field: string; message: string }[]) =>
			translateIssues(
				event,
				issues.map((i) => ({ ...i, field: i.field.split('.')[0]! }))
			);
		// a form always sends every field: the ones left empty are cleared, not kept
		const parsed = parseInput(needPatchSchema, {
			...values,
			description: values.description ?? '',
			evidenceText: values.evidenceText ?? '',
			evidenceUrl: values.evidenceUrl ?? ''
		});
		if (!parsed.success) return fail(400, { values, errors: fieldErrors(parsed.issues) });
		try {
			await updateNeed(contextOf(event), id, parsed.data);
		} catch (e) {
			if (e instanceof ValidationError) return fail(400, { values, errors: fieldErrors(e.issues) });
			const problem = problemOf(e);
			if (problem?.status === 409)
				return fail(409, {
					values,
					errors: {},
					message: translator(event.locals.locale)(problem.messageKey)
				});
			return guard(event, () => Promise.reject(e));
		}
		redirect(303, `/besoins/${id}?modifie=1`);
	}
};
