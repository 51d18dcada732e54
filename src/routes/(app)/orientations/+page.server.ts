import { z } from 'zod';
import { contextOf } from '$lib/server/api/operation';
import { handleForm } from '$lib/server/http/forms';
import { parseInput } from '$lib/server/api/errors';
import { listReferrals, myServicesSettings, putReferralSettings } from '$lib/server/pathways/referrals';
import {
	referralListQuerySchema,
	referralSettingsInputSchema
} from '$lib/server/pathways/referrals-validation';
import { guard } from '../annuaire/guard';
import type { Actions, PageServerLoad } from './$types';

const PAGE = 20;

export const load: PageServerLoad = async (event) => {
	const ctx = contextOf(event);
	const raw = Object.fromEntries(event.url.searchParams);
	const page = Math.max(1, Math.min(1000, Number(raw.page) || 1));
	// the inbox opens on what is still to be handled; « Tous les statuts » sends an empty status
	const status = raw.status ?? (raw.box === 'sent' ? '' : 'open');
	const parsed = parseInput(referralListQuerySchema, {
		box: raw.box,
		status,
		limit: PAGE,
		offset: (page - 1) * PAGE
	});
	const query = parsed.success ? parsed.data : { box: 'received' as const, limit: PAGE, offset: 0 };
	const [list, settings] = await Promise.all([
		guard(event, () => listReferrals(ctx, query)),
		guard(event, () => myServicesSettings(ctx))
	]);
	return {
		box: query.box,
		status: 'status' in query ? (query.status ?? '') : '',
		page,
		pages: Math.max(1, Math.ceil(list.total / PAGE)),
		total: list.total,
		capped: list.capped,
		items: list.items.map((i) => ({
			id: i.referral.id,
			person:
				i.person.visible && i.person.value ? `${i.person.value.firstName} ${i.person.value.lastName}` : null,
			serviceName: i.serviceName,
			fromOrganisationName: i.fromOrganisationName,
			toOrganisationName: i.toOrganisationName,
			status: i.referral.status,
			respondBy: i.referral.respondBy,
			overdue: i.overdue
		})),
		settings: settings.map((s) => ({
			serviceId: s.serviceId,
			serviceName: s.serviceName,
			responseDays: s.responseDays,
			capacity: s.capacity ?? ''
		}))
	};
};

export const actions: Actions = {
	settings: async (event) => {
		const ctx = contextOf(event);
		return handleForm(event, referralSettingsInputSchema.extend({ serviceId: z.uuid() }), async (input) => {
			const { serviceId, ...settings } = input;
			await putReferralSettings(ctx, serviceId, settings);
			return { saved: serviceId };
		});
	}
};
