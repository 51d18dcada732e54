import { redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { handleForm, routeId } from '$lib/server/http/forms';
import { createReferral, personsToRefer, referralSettings } from '$lib/server/pathways/referrals';
import { referralInputSchema } from '$lib/server/pathways/referrals-validation';
import { guard } from '../../../guard';
import type { Actions, PageServerLoad } from './$types';

/**
 * « Orienter une personne » from a service of the directory: first what the service says (receives referrals,
 * capacity, delay: nothing about the person), then the choice of the person among those the organisation follows.
 */
export const load: PageServerLoad = async (event) => {
	const id = routeId(event);
	const ctx = contextOf(event);
	const settings = await guard(event, () => referralSettings(ctx, id));
	const persons = settings.canReceive ? await guard(event, () => personsToRefer(ctx)) : [];
	const chosen = event.url.searchParams.get('personne');
	return {
		service: {
			id,
			name: settings.serviceName,
			organisationName: settings.organisationName,
			canReceive: settings.canReceive,
			responseDays: settings.responseDays,
			capacity: settings.capacity
		},
		persons: persons.map((p) => ({ id: p.id, name: `${p.firstName} ${p.lastName}` })),
		chosen: persons.some((p) => p.id === chosen) ? chosen : null
	};
};

export const actions: Actions = {
	default: async (event) => {
		const serviceId = routeId(event);
		const result = await handleForm(event, referralInputSchema.omit({ serviceId: true }), async (input) => ({
			created: (await createReferral(contextOf(event), { ...input, serviceId })).id
		}));
		if (result && 'created' in result) redirect(303, `/orientations/${result.created}?envoyee=1`);
		return result;
	}
};
