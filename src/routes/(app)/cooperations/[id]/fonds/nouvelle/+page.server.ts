import { redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { handleForm, routeId } from '$lib/server/http/forms';
import { createRequest, fundAccess, fundBalance, personChoices } from '$lib/server/fund/service';
import { advanceRequestInputSchema } from '$lib/server/fund/validation';
import { ADVANCE_URGENCIES } from '$lib/server/fund/schema';
import { euros, guard } from '../fund-page';
import type { Actions, PageServerLoad } from './$types';

/** A new advance request: the persons the requester's organisations hold, the ceilings of the charter in force. */
export const load: PageServerLoad = async (event) => {
	const id = routeId(event);
	const ctx = contextOf(event);
	const access = await guard(event, () => fundAccess(ctx, id, 'create'));
	const [persons, balance] = await guard(event, () =>
		Promise.all([personChoices(ctx, id), fundBalance(ctx, id)])
	);
	const partyIds = new Set(access.parties.map((p) => p.organisationId));
	const organisations = ctx.actor.memberships
		.filter((m) => m.role !== 'reader' && partyIds.has(m.organisationId))
		.map((m) => ({ id: m.organisationId, name: m.organisationName }));
	const wanted = event.url.searchParams.get('personne');
	return {
		cooperation: { id, name: access.cooperation.name },
		persons,
		organisations,
		urgencies: [...ADVANCE_URGENCIES],
		selected: persons.some((p) => p.id === wanted) ? wanted : '',
		ceilingPerRequest: balance.ceilingPerRequest ? euros(balance.ceilingPerRequest) : null,
		remaining: balance.remaining ? euros(balance.remaining) : null
	};
};

export const actions: Actions = {
	default: async (event) => {
		const id = routeId(event);
		const created = await handleForm(event, advanceRequestInputSchema, (input) =>
			createRequest(contextOf(event), id, input)
		);
		if (created && 'id' in created) redirect(303, `/cooperations/${id}/fonds/${created.id}`);
		return created;
	}
};
