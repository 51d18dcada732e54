import { fail, redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { parseInput } from '$lib/server/api/errors';
import { ValidationError } from '$lib/server/errors';
import { problemOf } from '$lib/server/http/errors';
import { readForm, routeId, translateIssues } from '$lib/server/http/forms';
import { getNeed, mergeNeeds } from '$lib/server/needs/editing';
import { listNeeds } from '$lib/server/needs/service';
import { needMergeSchema } from '$lib/server/needs/validation';
import { translator } from '$lib/i18n';
import { guard } from '../../annuaire/guard';
import type { Actions, PageServerLoad } from './$types';

/** A need, its history and duplicates; its territory's coordinators merge a duplicate into it from here. */
export const load: PageServerLoad = async (event) => {
	const id = routeId(event);
	const ctx = contextOf(event);
	const detail = await guard(event, () => getNeed(ctx, id));
	// duplicates are looked for among the active needs of the same territory
	const candidates = detail.canQualify
		? (
				await listNeeds(ctx, {
					territoryType: detail.need.territoryType as never,
					territoryCode: detail.need.territoryCode,
					limit: 100
				})
			).needs
				.filter((n) => n.id !== id)
				.map((n) => ({ id: n.id, title: n.title, reportedAt: n.reportedAt }))
		: [];
	return {
		...detail,
		candidates,
		added: event.url.searchParams.has('ajoute'),
		saved: event.url.searchParams.has('modifie'),
		merged: event.url.searchParams.has('fusionne')
	};
};

export const actions: Actions = {
	merge: async (event) => {
		const id = routeId(event);
		const form = await readForm(event);
		const parsed = parseInput(needMergeSchema, { duplicateId: form.get('duplicateId') || undefined });
		if (!parsed.success) return fail(400, { mergeError: translateIssues(event, parsed.issues).duplicateId });
		try {
			await mergeNeeds(contextOf(event), id, parsed.data.duplicateId);
		} catch (e) {
			if (e instanceof ValidationError)
				return fail(400, { mergeError: translateIssues(event, e.issues).duplicateId });
			const problem = problemOf(e);
			if (problem?.status === 409)
				return fail(409, { mergeError: translator(event.locals.locale)(problem.messageKey) });
			return guard(event, () => Promise.reject(e));
		}
		redirect(303, `/besoins/${id}?fusionne=1`);
	}
};
