import { contextOf } from '$lib/server/api/operation';
import { parseInput } from '$lib/server/api/errors';
import { translateIssues } from '$lib/server/http/forms';
import { territoryBodies } from '$lib/server/governance/service';
import { ValidationError } from '$lib/server/errors';
import { z } from 'zod';
import { guard } from '../cooperations/[id]/instances/forms';
import type { PageServerLoad } from './$types';

const querySchema = z.object({
	type: z.enum(['region', 'departement', 'epci', 'commune']).default('departement'),
	code: z.string().trim().min(2, 'territory.unknown').max(9, 'territory.unknown').default('46')
});

/** Every body of the cooperations of a territory, and the pairs that look redundant (seed 004 P7). */
export const load: PageServerLoad = async (event) => {
	const raw = Object.fromEntries(event.url.searchParams);
	const parsed = parseInput(querySchema, raw);
	const query = parsed.success ? parsed.data : { type: 'departement' as const, code: '46' };
	try {
		const view = await territoryBodies(contextOf(event), query);
		const name = new Map(view.bodies.map((b) => [b.id, b.name]));
		return {
			query,
			errors: parsed.success ? {} : translateIssues(event, parsed.issues),
			bodies: view.bodies,
			overlaps: view.overlaps.map((o) => ({ ...o, aName: name.get(o.a)!, bName: name.get(o.b)! }))
		};
	} catch (e) {
		if (!(e instanceof ValidationError)) return guard(event, () => Promise.reject(e));
		return { query, errors: translateIssues(event, e.issues), bodies: [], overlaps: [] };
	}
};
