import { fail } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { getPerson } from '$lib/server/pathways/persons';
import { addConsent, consentCollectors, listConsents, withdrawConsent } from '$lib/server/pathways/consents';
import { consentInputSchema } from '$lib/server/pathways/persons-validation';
import { organisationChoicesForConsent } from '$lib/server/pathways/persons-pages';
import { INFO_CATEGORIES } from '$lib/server/charters/content';
import { readForm, routeId } from '$lib/server/http/forms';
import { guard, runForm } from '../../annuaire/guard';
import type { Actions, PageServerLoad } from './$types';

/** A person's record: each category shown or hidden with its reason; the holder manages consents here. */
export const load: PageServerLoad = async (event) => {
	const ctx = contextOf(event);
	const id = routeId(event);
	const record = await guard(event, () => getPerson(ctx, id));
	const consents = record.view.isHolder ? await guard(event, () => listConsents(ctx, id)) : [];
	const organisations = record.view.isHolder
		? await organisationChoicesForConsent(ctx, record.view.person.organisationId, consents)
		: [];
	// who may have collected a consent; a collector no longer among them is « un ancien membre »
	const collectors = record.view.isHolder ? await guard(event, () => consentCollectors(ctx, id)) : [];
	const nameOf = new Map(collectors.map((c) => [c.userId, c.displayName]));
	return {
		id,
		isHolder: record.view.isHolder,
		ground: record.view.ground,
		communeCode: record.view.person.communeCode,
		preferredLanguage: record.view.person.preferredLanguage,
		identity: record.identity,
		contact: record.contact,
		situation: record.situation,
		categories: record.categories,
		consents: consents.map((c) => ({
			...c,
			withdrawnAt: c.withdrawnAt?.toISOString() ?? null,
			collectedByName: (c.collectedBy && nameOf.get(c.collectedBy)) || null
		})),
		organisations,
		collectors,
		me: ctx.actor.user?.id ?? null,
		allCategories: [...INFO_CATEGORIES],
		created: event.url.searchParams.has('creee'),
		updated: event.url.searchParams.has('modifiee')
	};
};

export const actions: Actions = {
	consent: async (event) => {
		const ctx = contextOf(event);
		const id = routeId(event);
		const form = await readForm(event);
		const values = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string'));
		const raw = {
			organisationIds: form.getAll('organisationIds').filter(Boolean),
			organisationKinds: form.getAll('organisationKinds').filter(Boolean),
			categories: form.getAll('categories'),
			purpose: form.get('purpose'),
			givenOn: form.get('givenOn'),
			expiresOn: form.get('expiresOn'),
			collectedHow: form.get('collectedHow') ?? undefined,
			collectedBy: form.get('collectedBy') ?? undefined
		};
		return runForm(event, consentInputSchema, raw, values, async (input) => {
			await addConsent(ctx, id, input);
			return { consentAdded: true };
		});
	},
	withdraw: async (event) => {
		const ctx = contextOf(event);
		const id = routeId(event);
		const form = await readForm(event);
		const consentId = String(form.get('consentId') ?? '');
		if (!/^[0-9a-f-]{36}$/i.test(consentId)) return fail(400, { withdrawError: true });
		await guard(event, () => withdrawConsent(ctx, id, consentId));
		return { consentWithdrawn: true };
	}
};
