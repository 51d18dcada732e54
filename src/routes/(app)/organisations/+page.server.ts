import { contextOf } from '$lib/server/api/operation';
import { listOrganisations } from '$lib/server/organisations/service';
import type { PageServerLoad } from './$types';

const PAGE = 50;

export const load: PageServerLoad = async (event) => {
	const page = Math.max(1, Number(event.url.searchParams.get('page')) || 1);
	const { items, total } = await listOrganisations(contextOf(event), {
		limit: PAGE,
		offset: (page - 1) * PAGE
	});
	return {
		items,
		total,
		page,
		pages: Math.max(1, Math.ceil(total / PAGE)),
		welcome: event.url.searchParams.has('bienvenue')
	};
};
