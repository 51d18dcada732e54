import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { contextOf } from '$lib/server/api/operation';
import { cooperationAccess } from '$lib/server/cooperations/service';
import {
	putParty,
	removeParty,
	resolveSignatoryEmails,
	signatoryEmailsForEdit,
	updateCooperation
} from '$lib/server/cooperations/changes';
import { cooperationPatchSchema, partyPutSchema } from '$lib/server/cooperations/validation';
import { parseInput } from '$lib/server/api/errors';
import { ValidationError } from '$lib/server/errors';
import { authorize } from '$lib/server/policy/policy';
import { readForm, routeId } from '$lib/server/http/forms';
import { guard } from '../../../annuaire/guard';
import { formErrors, organisationChoices, splitEmails, themeGroups, valuesOf } from '../../nouvelle/form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const id = routeId(event);
	const ctx = contextOf(event);
	const access = await guard(event, async () => {
		const a = await cooperationAccess(ctx, id);
		authorize(ctx.actor, 'update', 'cooperation', a.target);
		return a;
	});
	const emails = await guard(event, () => signatoryEmailsForEdit(ctx, access));
	const partyIds = new Set(access.parties.map((p) => p.organisationId));
	const c = access.cooperation;
	return {
		id,
		name: c.name,
		values: {
			name: c.name,
			description: c.description,
			themes: c.themes,
			territoryType: c.territoryType,
			territoryCode: c.territoryCode,
			status: c.status
		} as Record<string, string | string[]>,
		parties: access.parties.map((p) => ({
			organisationId: p.organisationId,
			organisationName: p.organisationName,
			role: p.role,
			signatories: (emails.get(p.organisationId) ?? []).join(', ')
		})),
		candidates: (await guard(event, () => organisationChoices(ctx))).filter((o) => !partyIds.has(o.id)),
		themeGroups: themeGroups(),
		saved: event.url.searchParams.get('fait')
	};
};

/** Validation errors stay on the form; 401/403/404 become their page. */
async function attempt(event: RequestEvent, key: string, values: unknown, run: () => Promise<unknown>) {
	try {
		await run();
		return null;
	} catch (e) {
		if (e instanceof ValidationError)
			return fail(400, { form: key, values, errors: formErrors(event, e.issues) });
		return guard(event, () => Promise.reject(e));
	}
}

const orgIdSchema = z.uuid();

export const actions: Actions = {
	update: async (event) => {
		const id = routeId(event);
		const values = valuesOf(await readForm(event));
		const parsed = parseInput(cooperationPatchSchema, {
			name: values.name,
			description: values.description,
			themes: values.themes,
			territoryType: values.territoryType,
			territoryCode: values.territoryCode,
			status: values.status
		});
		if (!parsed.success)
			return fail(400, { form: 'update', values, errors: formErrors(event, parsed.issues) });
		const failed = await attempt(event, 'update', values, () =>
			updateCooperation(contextOf(event), id, parsed.data)
		);
		if (failed) return failed;
		redirect(303, `/cooperations/${id}/modifier?fait=fields`);
	},
	/** adds a party, or changes its role and authorised members (typed as e-mail addresses) */
	party: async (event) => {
		const id = routeId(event);
		const ctx = contextOf(event);
		const values = valuesOf(await readForm(event));
		const orgId = orgIdSchema.safeParse(values.organisationId);
		if (!orgId.success)
			return fail(400, {
				form: 'party',
				values,
				errors: formErrors(event, [{ field: 'organisationId', message: 'cooperation.partyUnknown' }])
			});
		const resolved = await resolveSignatoryEmails(
			ctx,
			orgId.data,
			splitEmails(values.signatories as string),
			'signatories'
		);
		const parsed = parseInput(partyPutSchema, { role: values.role, signatoryUserIds: resolved.userIds });
		if (!parsed.success || resolved.issues.length)
			return fail(400, {
				form: 'party',
				values,
				errors: formErrors(event, [...resolved.issues, ...(parsed.success ? [] : parsed.issues)])
			});
		const failed = await attempt(event, 'party', values, () => putParty(ctx, id, orgId.data, parsed.data));
		if (failed) return failed;
		redirect(303, `/cooperations/${id}/modifier?fait=party#parties-title`);
	},
	removeParty: async (event) => {
		const id = routeId(event);
		const values = valuesOf(await readForm(event));
		const orgId = orgIdSchema.safeParse(values.organisationId);
		if (!orgId.success) return fail(400, { form: 'remove', values, errors: {} });
		const failed = await attempt(event, 'remove', values, () =>
			removeParty(contextOf(event), id, orgId.data)
		);
		if (failed) return failed;
		redirect(303, `/cooperations/${id}/modifier?fait=removed#parties-title`);
	}
};
