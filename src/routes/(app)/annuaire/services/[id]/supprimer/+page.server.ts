import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { contextOf } from '$lib/server/api/operation';
import { deleteService, getService, serviceTarget } from '$lib/server/directory/service';
import { can } from '$lib/server/policy/policy';
import { translator } from '$lib/i18n';
import { routeId } from '$lib/server/http/forms';
import { guard } from '../../../guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const t = translator(event.locals.locale);
	const id = z.uuid().safeParse(event.params.id);
	if (!id.success) error(404, t('errors.notFound'));
	const ctx = contextOf(event);
	const { service, structure } = await guard(event, () => getService(ctx, id.data));
	if (!can(ctx.actor, 'delete', 'service', await serviceTarget(ctx, service, structure)))
		error(403, t('errors.forbidden'));
	return { service: { id: service.id, name: service.name }, structure: { name: structure.name } };
};

export const actions: Actions = {
	default: async (event) => {
		const id = routeId(event);
		await guard(event, () => deleteService(contextOf(event), id));
		redirect(303, '/annuaire?supprime=1');
	}
};
