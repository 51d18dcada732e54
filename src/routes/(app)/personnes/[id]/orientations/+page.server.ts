import { contextOf } from '$lib/server/api/operation';
import { routeId } from '$lib/server/http/forms';
import { personReferrals } from '$lib/server/pathways/referrals';
import { guard } from '../../../annuaire/guard';
import type { PageServerLoad } from './$types';

/** The person's referrals that the viewer's organisations sent or received (each read is audited). */
export const load: PageServerLoad = async (event) => {
	const id = routeId(event);
	const ctx = contextOf(event);
	const items = await guard(event, () => personReferrals(ctx, id));
	return {
		personId: id,
		items: items.map((i) => ({
			id: i.referral.id,
			serviceId: i.referral.serviceId,
			serviceName: i.serviceName,
			toOrganisationName: i.toOrganisationName,
			fromOrganisationName: i.fromOrganisationName,
			status: i.referral.status,
			refusalReason: i.referral.refusalReason,
			respondBy: i.referral.respondBy,
			createdAt: i.referral.createdAt,
			overdue: i.overdue
		}))
	};
};
