import { contextOf } from '$lib/server/api/operation';
import { routeId } from '$lib/server/http/forms';
import { listBodies, openActionsOf } from '$lib/server/governance/service';
import { guard } from '../forms';
import type { PageServerLoad } from './$types';

/** The open actions of a cooperation (those of a "partage de situations" body only for its members). */
export const load: PageServerLoad = async (event) => {
	const ctx = contextOf(event);
	const id = routeId(event);
	const { cooperation, bodies } = await guard(event, () => listBodies(ctx, id));
	const actions = await guard(event, () => openActionsOf(ctx, id));
	const bodyName = new Map(bodies.map((b) => [b.id, b.name]));
	return {
		cooperation: { id, name: cooperation.cooperation.name },
		actions: actions.map((a) => ({
			id: a.id,
			title: a.title,
			body: a.bodyId ? (bodyName.get(a.bodyId) ?? null) : null,
			owner: a.ownerName,
			organisation: a.ownerOrganisationName,
			dueOn: a.dueOn,
			status: a.status,
			overdue: a.overdue
		}))
	};
};
