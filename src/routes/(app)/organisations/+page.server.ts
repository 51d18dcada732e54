import { error } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { listOrganisations } from '$lib/server/organisations/service';
import { MAX_OFFSET, pageNumberSchema } from '$lib/server/validation';
import { translator } from '$lib/i18n';
import type { PageServerLoad } from './$types';

const PAGE = 50;

export const load: PageServerLoad = async (event) => {
	const asked = event.url.searchParams.get('page');
	const parsed = pageNumberSchema(MAX_OFFSET / PAGE).safeParse(asked || 1);
	if (!parsed.success) error(400, translator(event.locals.locale)('validation.pageNumber.invalid'));
	const page = parsed.data;
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
