import { contextOf } from '$lib/server/api/operation';
import { organisationServices } from '$lib/server/directory/service';
import { countOpenCorrectionRequests } from '$lib/server/directory/corrections';
import { editableOrganisations } from './my-structures';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = contextOf(event);
	const organisations = await editableOrganisations(ctx);
	const withServices = await Promise.all(
		organisations.map(async (o) => ({
			...o,
			services: await organisationServices(ctx, o.id, { limit: 100, offset: 0 })
		}))
	);
	return {
		organisations: withServices.map((o) => ({
			id: o.id,
			name: o.name,
			structures: o.structures,
			total: o.services.total,
			stale: o.services.stale,
			services: o.services.items.map((s) => ({
				id: s.id,
				name: s.name,
				structureName: s.structureName,
				lastCheckedAt: s.lastCheckedAt,
				stale: s.stale
			}))
		})),
		stale: withServices.reduce((n, o) => n + o.services.stale, 0),
		// errors reported on the sheets of every organisation I belong to (readers see them too)
		corrections: (
			await Promise.all(
				[...new Set(ctx.actor.memberships.map((m) => m.organisationId))].map((id) =>
					countOpenCorrectionRequests(ctx, id)
				)
			)
		).reduce((n, c) => n + c, 0),
		deleted: event.url.searchParams.has('supprime')
	};
};
