import { error, redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { getStructure, structureHistory, updateStructure } from '$lib/server/directory/service';
import { structureTarget } from '$lib/server/directory/correspondents';
import { structurePatchSchema } from '$lib/server/directory/validation';
import { placeLabels } from '$lib/server/directory/places';
import { can } from '$lib/server/policy/policy';
import { readForm, routeId } from '$lib/server/http/forms';
import { translator } from '$lib/i18n';
import { guard, runForm } from '../../../guard';
import { readStructureForm, structureFormValues } from '../../structure-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const id = routeId(event);
	const ctx = contextOf(event);
	const { structure } = await guard(event, () => getStructure(ctx, id));
	// the edit page is for those who may edit: the others get a 403 (401 signed out), not a read-only form
	if (!can(ctx.actor, 'update', 'structure', await structureTarget(ctx, structure)))
		error(ctx.actor.user ? 403 : 401, translator(event.locals.locale)('errors.forbidden'));
	const history = await guard(event, () => structureHistory(ctx, id));
	return {
		structure: { id: structure.id, name: structure.name },
		values: structureFormValues(structure, await placeLabels(ctx, [structure.communeCode])),
		history: history.map((h) => ({
			id: h.id,
			changedAt: h.changedAt,
			changedByName: h.changedByName,
			changes: h.changes as Record<string, [unknown, unknown]>
		}))
	};
};

export const actions: Actions = {
	default: async (event) => {
		const id = routeId(event);
		const ctx = contextOf(event);
		const { raw, values, issues } = await readStructureForm(ctx, await readForm(event), {
			withOrganisation: false
		});
		const result = await runForm(
			event,
			structurePatchSchema,
			raw,
			values,
			(patch) => updateStructure(ctx, id, patch),
			issues
		);
		if (result && 'id' in result) redirect(303, `/annuaire/structures/${id}?modifiee=1`);
		return result;
	}
};
