import { error } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { listOrganisations } from '$lib/server/organisations/service';
import { territoryLabels } from '$lib/server/territories/names';
import { MAX_OFFSET, pageNumberSchema } from '$lib/server/validation';
import { translator } from '$lib/i18n';
import type { TerritoryType } from '$lib/server/policy/actor';
import type { PageServerLoad } from './$types';

const PAGE = 50;

export const load: PageServerLoad = async (event) => {
	const asked = event.url.searchParams.get('page');
	const parsed = pageNumberSchema(MAX_OFFSET / PAGE).safeParse(asked || 1);
	if (!parsed.success) error(400, translator(event.locals.locale)('validation.pageNumber.invalid'));
	const page = parsed.data;
	const ctx = contextOf(event);
	const { items, total } = await listOrganisations(ctx, { limit: PAGE, offset: (page - 1) * PAGE });
	const places = await territoryLabels(
		ctx,
		items.map((o) => ({ type: o.territoryType as TerritoryType, code: o.territoryCode }))
	);
	return {
		items: items.map((o) => ({ ...o, territoryLabel: places[`${o.territoryType}:${o.territoryCode}`] })),
		total,
		page,
		pages: Math.max(1, Math.ceil(total / PAGE)),
		welcome: event.url.searchParams.has('bienvenue')
	};
};
