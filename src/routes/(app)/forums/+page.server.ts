import { error } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { parseInput } from '$lib/server/api/errors';
import { translateIssues } from '$lib/server/http/forms';
import { listSessions } from '$lib/server/forums/service';
import { sessionsQuerySchema } from '$lib/server/forums/validation';
import { THEMATIQUES } from '$lib/server/directory/codes';
import { guard } from '../cooperations/[id]/instances/forms';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;

/** « Forums »: the sessions of one’s territories, upcoming first, filters by territory and thématique. */
export const load: PageServerLoad = async (event) => {
	const params = event.url.searchParams;
	const page = Math.min(Math.max(Number.parseInt(params.get('page') ?? '1', 10) || 1, 1), 500);
	const filters = {
		territoryType: params.get('territoryType') || undefined,
		territoryCode: params.get('territoryCode') || undefined,
		theme: params.get('theme') || undefined
	};
	const parsed = parseInput(sessionsQuerySchema, {
		...filters,
		limit: PAGE_SIZE,
		offset: (page - 1) * PAGE_SIZE
	});
	if (!parsed.success) error(400, Object.values(translateIssues(event, parsed.issues)).join(' '));
	const { sessions, total } = await guard(event, () => listSessions(contextOf(event), parsed.data));
	return {
		sessions,
		total,
		page,
		pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
		filters,
		filtered: Object.values(filters).some(Boolean),
		themes: THEMATIQUES
	};
};
