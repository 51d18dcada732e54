import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { contextOf } from '$lib/server/api/operation';
import { answerFeedback, organisationFeedback } from '$lib/server/feedback/service';
import { answerSchema } from '$lib/server/feedback/validation';
import { readForm } from '$lib/server/http/forms';
import { translator } from '$lib/i18n';
import { guard, runForm } from '../guard';
import type { Actions, PageServerLoad } from './$types';

/** Approved feedback on the services of my organisations, with the answer forms (issue 12 §8). */
export const load: PageServerLoad = async (event) => {
	const ctx = contextOf(event);
	const seen = new Set<string>();
	const organisations = [];
	for (const m of ctx.actor.memberships) {
		if (seen.has(m.organisationId)) continue;
		seen.add(m.organisationId);
		const list = await guard(event, () =>
			organisationFeedback(ctx, m.organisationId, { limit: 100, offset: 0 })
		);
		organisations.push({ id: m.organisationId, name: m.organisationName, ...list });
	}
	return { organisations, done: event.url.searchParams.has('fait') };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event);
		const raw = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')) as Record<
			string,
			string
		>;
		const id = z.uuid().safeParse(raw.id);
		if (!id.success) error(404, translator(event.locals.locale)('errors.notFound'));
		const result = await runForm(event, answerSchema, raw, raw, async (input) => {
			await answerFeedback(contextOf(event), id.data, input);
			return { answered: true };
		});
		if ('answered' in result) redirect(303, '/annuaire/avis?fait');
		return result;
	}
};
