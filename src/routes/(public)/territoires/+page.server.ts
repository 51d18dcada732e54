import { ANONYMOUS } from '$lib/server/policy/actor';
import { currentDatabase } from '$lib/server/bootstrap';
import { searchTerritories } from '$lib/server/territories/service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
	if (q.length < 2) return { q, results: null, tooShort: q.length > 0 };
	const results = await searchTerritories({ db: currentDatabase().db, actor: ANONYMOUS }, { q, limit: 30 });
	return { q, results, tooShort: false };
};
