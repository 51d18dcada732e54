import { error, redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { resetGlossaryEntry, setGlossaryEntryHidden, territoryGlossary } from '$lib/server/glossary/service';
import { readForm } from '$lib/server/http/forms';
import { translator } from '$lib/i18n';
import { guard } from '../../annuaire/guard';
import { listHref, territoryOf } from './territory';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** A territory's glossary for its coordinators: terms with their origin, hide / show / reset. */
export const load: PageServerLoad = async (event) => {
	const territory = territoryOf(event);
	if (!territory) error(404, translator(event.locals.locale)('errors.notFound'));
	const glossary = await guard(event, () => territoryGlossary(contextOf(event), territory));
	const done = event.url.searchParams.get('fait');
	return { glossary, done: done && /^(saved|hidden|shown|resetDone)$/.test(done) ? done : null };
};

async function act(
	event: RequestEvent,
	run: (
		t: { type: 'region' | 'departement' | 'epci' | 'commune'; code: string },
		key: string
	) => Promise<void>,
	done: string
) {
	const form = Object.fromEntries(
		[...(await readForm(event)).entries()]
			.filter(([, v]) => typeof v === 'string')
			.map(([k, v]) => [k, String(v)])
	);
	const territory = territoryOf(event, form);
	const key = form.cle ?? '';
	if (!territory || !/^[a-z0-9-]{1,80}$/.test(key))
		error(404, translator(event.locals.locale)('errors.notFound'));
	await guard(event, () => run(territory, key));
	redirect(303, `${listHref(territory, done)}#terme-${key}`);
}

export const actions: Actions = {
	hide: (event) => act(event, (t, key) => setGlossaryEntryHidden(contextOf(event), t, key, true), 'hidden'),
	show: (event) => act(event, (t, key) => setGlossaryEntryHidden(contextOf(event), t, key, false), 'shown'),
	reset: (event) => act(event, (t, key) => resetGlossaryEntry(contextOf(event), t, key), 'resetDone')
};
