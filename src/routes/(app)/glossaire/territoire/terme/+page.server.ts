import { error, redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { glossaryEntryHistory, saveGlossaryEntry, territoryGlossary } from '$lib/server/glossary/service';
import { glossaryEntryInputSchema } from '$lib/server/glossary/validation';
import { readForm } from '$lib/server/http/forms';
import { translator } from '$lib/i18n';
import { guard, runForm } from '../../../annuaire/guard';
import { listHref, territoryOf } from '../territory';
import type { Actions, PageServerLoad } from './$types';

/** One term of a territory's glossary: its form (a change of the inherited term, or a new local term) and history. */

const KEY = /^[a-z0-9-]{1,80}$/;

export const load: PageServerLoad = async (event) => {
	const t = translator(event.locals.locale);
	const territory = territoryOf(event);
	const key = event.url.searchParams.get('cle');
	if (!territory || (key !== null && !KEY.test(key))) error(404, t('errors.notFound'));
	const ctx = contextOf(event);
	const glossary = await guard(event, () => territoryGlossary(ctx, territory));
	// the form is for those who may change the glossary: the others get a 403, not a read-only form
	if (!glossary.editable) error(403, t('errors.forbidden'));
	const term = key
		? (glossary.terms.find((x) => x.key === key) ?? glossary.hidden.find((x) => x.key === key))
		: null;
	if (key && !term) error(404, t('errors.notFound'));
	return {
		territory: glossary.territory,
		key,
		values: {
			term: term?.term ?? '',
			longForm: term?.longForm ?? '',
			definition: term?.definition ?? '',
			aliases: term?.aliases.join('\n') ?? '',
			sourceName: term?.source?.name ?? '',
			sourceUrl: term?.source?.url ?? ''
		},
		history: key ? await guard(event, () => glossaryEntryHistory(ctx, territory, key)) : []
	};
};

export const actions: Actions = {
	default: async (event) => {
		const t = translator(event.locals.locale);
		const form = Object.fromEntries(
			[...(await readForm(event)).entries()]
				.filter(([, v]) => typeof v === 'string')
				.map(([k, v]) => [k, String(v)])
		);
		const territory = territoryOf(event, form);
		const key = form.cle || null;
		if (!territory || (key !== null && !KEY.test(key))) error(404, t('errors.notFound'));
		const values = {
			term: form.term ?? '',
			longForm: form.longForm ?? '',
			definition: form.definition ?? '',
			aliases: form.aliases ?? '',
			sourceName: form.sourceName ?? '',
			sourceUrl: form.sourceUrl ?? ''
		};
		const raw = {
			...values,
			aliases: values.aliases
				.split(/\r?\n/)
				.map((a) => a.trim())
				.filter((a) => a !== '')
		};
		const result = await runForm(event, glossaryEntryInputSchema, raw, values, (input) =>
			saveGlossaryEntry(contextOf(event), territory, key, input)
		);
		if (typeof result === 'string') redirect(303, `${listHref(territory, 'saved')}#terme-${result}`);
		return result;
	}
};
