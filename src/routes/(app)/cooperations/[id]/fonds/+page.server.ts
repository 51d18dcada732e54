import { contextOf } from '$lib/server/api/operation';
import { routeId } from '$lib/server/http/forms';
import { parseInput } from '$lib/server/api/errors';
import { fundAccess, fundBalance, listRequests } from '$lib/server/fund/service';
import { requestFilterSchema } from '$lib/server/fund/validation';
import { ADVANCE_STATUSES, ADVANCE_URGENCIES } from '$lib/server/fund/schema';
import { euros, guard, rowOf } from './fund-page';
import type { PageServerLoad } from './$types';

/** The fund of a cooperation: the year's balance, the requests (filters by status, urgency, year). */
export const load: PageServerLoad = async (event) => {
	const id = routeId(event);
	const ctx = contextOf(event);
	const raw = Object.fromEntries(
		[...event.url.searchParams.entries()].filter(
			([k, v]) => ['status', 'urgency', 'year'].includes(k) && v !== ''
		)
	);
	const parsed = parseInput(requestFilterSchema, raw);
	const filter = parsed.success ? parsed.data : requestFilterSchema.parse({});
	const access = await guard(event, () => fundAccess(ctx, id));
	const [balance, items] = await guard(event, () =>
		Promise.all([fundBalance(ctx, id, filter.year), listRequests(ctx, id, filter)])
	);
	const partyIds = new Set(access.parties.map((p) => p.organisationId));
	return {
		cooperation: { id, name: access.cooperation.name },
		mayRequest: ctx.actor.memberships.some((m) => m.role !== 'reader' && partyIds.has(m.organisationId)),
		balance: {
			year: balance.year,
			approved: euros(balance.approved),
			paid: euros(balance.paid),
			repaid: euros(balance.repaid),
			writtenOff: euros(balance.writtenOff),
			outstanding: euros(balance.outstanding),
			pending: euros(balance.pending),
			remaining: balance.remaining ? euros(balance.remaining) : null,
			ceilingPerYear: balance.ceilingPerYear ? euros(balance.ceilingPerYear) : null,
			ceilingPerRequest: balance.ceilingPerRequest ? euros(balance.ceilingPerRequest) : null
		},
		items: items.map(rowOf),
		filter: { status: filter.status ?? '', urgency: filter.urgency ?? '', year: String(balance.year) },
		statuses: [...ADVANCE_STATUSES],
		urgencies: [...ADVANCE_URGENCIES]
	};
};
