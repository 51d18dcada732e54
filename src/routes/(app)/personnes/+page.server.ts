import { contextOf } from '$lib/server/api/operation';
import { holdingOrganisations, listPersons } from '$lib/server/pathways/persons';
import { guard } from '../annuaire/guard';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;

/** My organisation's persons (search by name through the blind index) and those shared with it. */
export const load: PageServerLoad = async (event) => {
	const ctx = contextOf(event);
	const params = event.url.searchParams;
	const q = (params.get('q') ?? '').trim().slice(0, 100);
	const page = Math.min(Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1), 10000);
	const sharedPage = Math.min(Math.max(1, Number.parseInt(params.get('partagees') ?? '1', 10) || 1), 100);
	const professional = holdingOrganisations(ctx).length > 0;
	if (!professional)
		return {
			professional,
			q,
			page,
			pages: 1,
			sharedPage,
			sharedPages: 1,
			held: [],
			heldTotal: 0,
			shared: [],
			sharedTotal: 0
		};
	const [held, shared] = await guard(event, async () => [
		await listPersons(ctx, {
			scope: 'held',
			q: q || undefined,
			limit: PAGE_SIZE,
			offset: (page - 1) * PAGE_SIZE
		}),
		await listPersons(ctx, {
			scope: 'shared',
			q: q || undefined,
			limit: PAGE_SIZE,
			offset: (sharedPage - 1) * PAGE_SIZE
		})
	]);
	const row = (i: (typeof held.items)[number]) => ({
		id: i.id,
		name: i.name,
		shortId: i.shortId,
		communeCode: i.communeCode,
		lastActivityAt: i.lastActivityAt.toISOString()
	});
	return {
		professional,
		q,
		page,
		pages: Math.max(1, Math.ceil(held.total / PAGE_SIZE)),
		sharedPage,
		sharedPages: Math.max(1, Math.ceil(shared.total / PAGE_SIZE)),
		held: held.items.map(row),
		heldTotal: held.total,
		shared: shared.items.map(row),
		sharedTotal: shared.total
	};
};
