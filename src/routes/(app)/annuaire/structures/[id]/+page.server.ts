import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { contextOf } from '$lib/server/api/operation';
import { getStructure } from '$lib/server/directory/service';
import {
	createCorrespondent,
	deleteCorrespondent,
	listCorrespondents,
	structureTarget
} from '$lib/server/directory/correspondents';
import { CATEGORIES, THEMATIQUES, categoryOf } from '$lib/server/directory/codes';
import { correspondentInputSchema } from '$lib/server/directory/validation';
import { can } from '$lib/server/policy/policy';
import { getOrganisation } from '$lib/server/organisations/service';
import { handleForm, routeId } from '$lib/server/http/forms';
import { translator } from '$lib/i18n';
import { placeLabels } from '$lib/server/directory/places';
import { guard } from '../../guard';
import type { Actions, PageServerLoad } from './$types';

/** An empty e-mail field means none. */
const correspondentForm = z.preprocess((v) => {
	const o = { ...(v as Record<string, unknown>) };
	if (o.email === '') o.email = null;
	return o;
}, correspondentInputSchema);

export const load: PageServerLoad = async (event) => {
	const t = translator(event.locals.locale);
	const id = z.uuid().safeParse(event.params.id);
	if (!id.success) error(404, t('errors.notFound'));
	const ctx = contextOf(event);
	const { structure, services } = await guard(event, () => getStructure(ctx, id.data));
	const target = await structureTarget(ctx, structure);
	const organisation = structure.organisationId
		? await getOrganisation(ctx, structure.organisationId).catch(() => null)
		: null;
	return {
		structure,
		organisation: organisation ? { id: organisation.id, name: organisation.name } : null,
		services: services.map((s) => ({ id: s.id, name: s.name })),
		communeLabel: structure.communeCode
			? (await placeLabels(ctx, [structure.communeCode]))[structure.communeCode]
			: null,
		canEdit: can(ctx.actor, 'update', 'structure', target),
		canEditServices: can(ctx.actor, 'update', 'service', target),
		correspondents: await guard(event, () => listCorrespondents(ctx, structure.id)),
		canAddCorrespondent: can(ctx.actor, 'create', 'correspondent', target),
		canRemoveCorrespondent: can(ctx.actor, 'delete', 'correspondent', target),
		themes: CATEGORIES.map((category) => ({
			category,
			thematiques: THEMATIQUES.filter((th) => categoryOf(th) === category) as string[]
		})),
		created: event.url.searchParams.has('creee'),
		saved: event.url.searchParams.has('modifiee')
	};
};

export const actions: Actions = {
	add: async (event) => {
		const id = routeId(event);
		return handleForm(event, correspondentForm, async (input) => {
			await createCorrespondent(contextOf(event), id, input);
			return { added: true };
		});
	},
	remove: async (event) =>
		handleForm(event, z.object({ correspondentId: z.uuid() }), async ({ correspondentId }) => {
			await deleteCorrespondent(contextOf(event), correspondentId);
			return { removed: true };
		})
};
