import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { contextOf } from '$lib/server/api/operation';
import { translator } from '$lib/i18n';
import { INFO_CATEGORIES } from '$lib/server/charters/content';
import { THEMATIQUES } from '$lib/server/directory/codes';
import { addEntry, correctEntry, listEntries } from '$lib/server/pathways/entries';
import { nameOf } from '$lib/server/pathways/dashboard';
import { referentCandidates, referentName, setReferent } from '$lib/server/pathways/referent';
import {
	entryInputSchema,
	entryPatchSchema,
	referentPutSchema
} from '$lib/server/pathways/entries-validation';
import { ENTRY_KINDS, RELATION_STEPS, SHARING_LEVELS } from '$lib/server/pathways/schema';
import { formValues, guard, parisInstant, postedId, run } from '../../../cooperations/[id]/instances/forms';
import type { Actions, PageServerLoad } from './$types';

/** « Suivi » of a person: the timeline across organisations (filtered by the sharing rule), entry forms, référent. */

const PAGE_SIZE = 20;

function personId(event: { params: { id: string }; locals: App.Locals }) {
	const id = z.uuid().safeParse(event.params.id);
	if (!id.success) error(404, translator(event.locals.locale)('errors.notFound'));
	return id.data;
}

export const load: PageServerLoad = async (event) => {
	const ctx = contextOf(event);
	const id = personId(event);
	const page = Math.max(1, Math.min(50_000, Number(event.url.searchParams.get('page')) || 1));
	const { view, items, total } = await guard(event, () =>
		listEntries(ctx, id, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })
	);
	const canChangeReferent = view.isHolder || view.person.referentUserId === view.viewer.userId;
	const [referent, candidates] = await Promise.all([
		referentName(ctx, view.person.referentUserId),
		canChangeReferent ? referentCandidates(ctx) : []
	]);
	return {
		personId: id,
		name: nameOf(view),
		page,
		pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
		total,
		entries: items.map((e) => ({
			...e,
			occursAt: e.occursAt.toISOString(),
			createdAt: e.createdAt.toISOString(),
			updatedAt: e.updatedAt.toISOString()
		})),
		/** categories the viewer may write in (the holder: all; a partner: those visible to it) */
		writable: INFO_CATEGORIES.filter((c) => view.isHolder || view.categories[c].visible),
		kinds: ENTRY_KINDS,
		steps: RELATION_STEPS,
		sharingLevels: SHARING_LEVELS,
		themes: THEMATIQUES,
		referent: { userId: view.person.referentUserId, name: referent },
		canChangeReferent,
		candidates,
		me: view.viewer.userId,
		saved: event.url.searchParams.get('fait')
	};
};

export const actions: Actions = {
	add: async (event) => {
		const id = personId(event);
		const values = await formValues(event);
		const raw = {
			kind: values.kind,
			category: values.category,
			sharing: values.sharing,
			step: values.step || null,
			theme: values.theme || null,
			occursAt: parisInstant(values.occursAt) || undefined,
			text: values.text ?? '',
			place: values.place,
			with: values.with
		};
		const result = await run(event, 'add', entryInputSchema, raw, values, (input) =>
			addEntry(contextOf(event), id, input)
		);
		if ('id' in result) redirect(303, `/personnes/${id}/suivi?fait=entry`);
		return result;
	},
	correct: async (event) => {
		const id = personId(event);
		const values = await formValues(event);
		const entryId = postedId(event, values.entryId);
		const raw = { text: values.text, sharing: values.sharing, place: values.place, with: values.with };
		const result = await run(event, `correct-${entryId}`, entryPatchSchema, raw, values, (input) =>
			correctEntry(contextOf(event), id, entryId, input)
		);
		if ('id' in result) redirect(303, `/personnes/${id}/suivi?fait=correction`);
		return result;
	},
	referent: async (event) => {
		const id = personId(event);
		const values = await formValues(event);
		const result = await run(
			event,
			'referent',
			referentPutSchema,
			{ userId: values.userId },
			values,
			(input) => setReferent(contextOf(event), id, input)
		);
		if ('personId' in result) redirect(303, `/personnes/${id}/suivi?fait=referent`);
		return result;
	}
};
