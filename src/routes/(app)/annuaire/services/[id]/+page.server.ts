import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { contextOf } from '$lib/server/api/operation';
import {
	getService,
	markServiceChecked,
	serviceHistory,
	serviceTarget,
	updateService
} from '$lib/server/directory/service';
import { servicePatchSchema } from '$lib/server/directory/validation';
import { can } from '$lib/server/policy/policy';
import { translator } from '$lib/i18n';
import { readForm, routeId } from '$lib/server/http/forms';
import { guard, runForm } from '../../guard';
import { formCodes } from '../codes';
import { readServiceForm, resolveServicePlaces, serviceFormValues } from '../service-form';
import { placeLabels } from '$lib/server/directory/places';
import { glossaryTermsOfService } from '$lib/server/glossary/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const t = translator(event.locals.locale);
	const id = z.uuid().safeParse(event.params.id);
	if (!id.success) error(404, t('errors.notFound'));
	const ctx = contextOf(event);
	const { service, structure, stale } = await guard(event, () => getService(ctx, id.data));
	const target = await serviceTarget(ctx, service, structure);
	// the edit page is for those who may edit: the others get a 403, not a read-only form
	if (!can(ctx.actor, 'update', 'service', target)) error(ctx.actor.user ? 403 : 401, t('errors.forbidden'));
	const history = await guard(event, () => serviceHistory(ctx, id.data));
	return {
		service: { id: service.id, name: service.name, lastCheckedAt: service.lastCheckedAt, stale },
		structure: { id: structure.id, name: structure.name },
		description: service.description,
		glossary: await glossaryTermsOfService(ctx, service.id, [service.description]),
		values: serviceFormValues(
			service,
			await placeLabels(ctx, [service.communeCode, ...service.eligibilityZone])
		),
		codes: formCodes(service.languages),
		history: history.map((h) => ({
			id: h.id,
			changedAt: h.changedAt,
			changedByName: h.changedByName,
			kind: h.kind,
			changes: h.changes as Record<string, [unknown, unknown]>
		})),
		canDelete: can(ctx.actor, 'delete', 'service', target),
		created: event.url.searchParams.has('cree')
	};
};

export const actions: Actions = {
	save: async (event) => {
		const id = routeId(event);
		const { raw, values, issues } = readServiceForm(await readForm(event), { withStructure: false });
		issues.push(...(await resolveServicePlaces(contextOf(event), raw)));
		return runForm(
			event,
			servicePatchSchema,
			raw,
			values,
			async (patch) => {
				await updateService(contextOf(event), id, patch);
				return { saved: true };
			},
			issues
		);
	},
	check: async (event) => {
		const id = routeId(event);
		await guard(event, () => markServiceChecked(contextOf(event), id));
		return { checked: true };
	}
};
