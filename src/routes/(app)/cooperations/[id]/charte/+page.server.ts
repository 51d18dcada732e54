import { redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { routeId, readForm } from '$lib/server/http/forms';
import { createVersion, listVersions } from '$lib/server/charters/service';
import { charterSummary } from '$lib/server/charters/queries';
import { newVersionSchema } from '$lib/server/charters/validation';
import { TEMPLATE_KEYS } from '$lib/server/charters/templates';
import { can } from '$lib/server/policy/policy';
import { guard, runCharterForm } from './charter-form';
import type { Actions, PageServerLoad } from './$types';

/** The charter of a cooperation: version in force, version in preparation with each party's answer, all versions. */
export const load: PageServerLoad = async (event) => {
	const ctx = contextOf(event);
	const id = routeId(event);
	const { access, versions } = await guard(event, () => listVersions(ctx, id));
	const summary = await guard(event, () => charterSummary(ctx, id));
	return {
		cooperation: { id, name: access.cooperation.name },
		summary,
		versions: versions.map((v) => ({
			number: v.number,
			status: v.status,
			title: v.content.title,
			updatedAt: v.updatedAt,
			frozenAt: v.frozenAt
		})),
		canCreate: can(ctx.actor, 'create', 'charter', access.target),
		templates: [...TEMPLATE_KEYS],
		created: event.url.searchParams.get('fait') === 'created'
	};
};

export const actions: Actions = {
	create: async (event) => {
		const id = routeId(event);
		const form = await readForm(event);
		const template = form.get('template');
		const raw = typeof template === 'string' && template !== 'amendment' ? { template } : {};
		const result = await runCharterForm(event, newVersionSchema, raw, { template }, (input) =>
			createVersion(contextOf(event), id, input)
		);
		if ('number' in result)
			redirect(303, `/cooperations/${id}/charte/${result.number}/modifier?fait=created`);
		return result;
	}
};
