import { contextOf } from '$lib/server/api/operation';
import { mayCreateSomewhere, searchCooperations } from '$lib/server/cooperations/service';
import { guard } from '../annuaire/guard';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;

/** « Mes coopérations » (the default when the person belongs to an organisation) or all, searched by name. */
export const load: PageServerLoad = async (event) => {
	const ctx = contextOf(event);
	const params = event.url.searchParams;
	const q = (params.get('q') ?? '').trim().slice(0, 100);
	const hasOrganisation = ctx.actor.memberships.length > 0;
	const view = params.get('vue') === 'toutes' || !hasOrganisation ? 'toutes' : 'miennes';
	const page = Math.min(Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1), 10000);
	const result = await guard(event, () =>
		searchCooperations(ctx, {
			q: q || undefined,
			mine: view === 'miennes',
			limit: PAGE_SIZE,
			offset: (page - 1) * PAGE_SIZE
		})
	);
	return {
		items: result.items.map((c) => ({
			id: c.id,
			name: c.name,
			status: c.status,
			territoryType: c.territoryType,
			territoryCode: c.territoryCode,
			themes: c.themes
		})),
		total: result.total,
		page,
		pages: Math.max(1, Math.ceil(result.total / PAGE_SIZE)),
		q,
		view,
		hasOrganisation,
		mayCreate: mayCreateSomewhere(ctx.actor)
	};
};
