import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { contextOf } from '$lib/server/api/operation';
import { handleCorrectionRequest, listCorrectionRequests } from '$lib/server/directory/corrections';
import { correctionHandleSchema } from '$lib/server/directory/corrections-validation';
import { readForm } from '$lib/server/http/forms';
import { translator } from '$lib/i18n';
import { guard, runForm } from '../guard';
import type { Actions, PageServerLoad } from './$types';

/** Errors reported on the sheets of my organisations, open ones first; editors answer or dismiss them. */
export const load: PageServerLoad = async (event) => {
	const ctx = contextOf(event);
	const seen = new Set<string>();
	const organisations = [];
	for (const m of ctx.actor.memberships) {
		if (seen.has(m.organisationId)) continue;
		seen.add(m.organisationId);
		const list = await guard(event, () =>
			listCorrectionRequests(ctx, m.organisationId, { limit: 100, offset: 0 })
		);
		organisations.push({ id: m.organisationId, name: m.organisationName, ...list });
	}
	const done = event.url.searchParams.get('fait');
	return { organisations, done: done === 'answered' || done === 'dismissed' ? done : null };
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
		const result = await runForm(event, correctionHandleSchema, raw, raw, async (input) => {
			await handleCorrectionRequest(contextOf(event), id.data, input);
			return { handled: input.status };
		});
		if ('handled' in result) redirect(303, `/annuaire/signalements?fait=${result.handled}`);
		return result;
	}
};
