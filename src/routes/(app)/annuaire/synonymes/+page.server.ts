import { error, fail, redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { getSynonymList, saveSynonymList } from '$lib/server/directory/synonyms';
import { parseSynonymText, synonymTerritoryTypeSchema } from '$lib/server/directory/synonyms-validation';
import { readForm } from '$lib/server/http/forms';
import { forbiddenCharacterIssues } from '$lib/server/validation';
import { translator } from '$lib/i18n';
import { guard } from '../guard';
import type { Actions, PageServerLoad } from './$types';

/** The synonym list of a territory (ADR 010): read by partners, replaced by the territory's coordinators. */

const CODE = /^[0-9AB]{2,9}$/i;

function territoryOf(search: URLSearchParams | Record<string, string>) {
	const get = (k: string) => (search instanceof URLSearchParams ? search.get(k) : search[k]) ?? '';
	const type = synonymTerritoryTypeSchema.safeParse(get('niveau') || 'departement');
	const code = (get('code') || '46').trim().toUpperCase();
	return type.success && CODE.test(code) ? { type: type.data, code } : null;
}

const href = (type: string, code: string, done = false) =>
	`/annuaire/synonymes?niveau=${type}&code=${encodeURIComponent(code)}${done ? '&fait=1' : ''}`;

export const load: PageServerLoad = async (event) => {
	const territory = territoryOf(event.url.searchParams);
	if (!territory) error(404, translator(event.locals.locale)('errors.notFound'));
	const list = await guard(event, () => getSynonymList(contextOf(event), territory.type, territory.code));
	return {
		list,
		text: list.groups.map((g) => g.join(', ')).join('\n'),
		done: event.url.searchParams.get('fait') === '1'
	};
};

export const actions: Actions = {
	default: async (event) => {
		const t = translator(event.locals.locale);
		const data = await readForm(event);
		const form = Object.fromEntries(
			[...data.entries()].filter(([, v]) => typeof v === 'string').map(([k, v]) => [k, String(v)])
		);
		const territory = territoryOf(form);
		if (!territory) error(404, t('errors.notFound'));
		const text = form.synonymes ?? '';
		const message = (m: string) => {
			const [key, value] = m.split(':');
			return t(`search.synonyms.errors.${key!.replace(/^synonyms\./, '')}`, {
				value,
				defaultValue: t('validation.invalid')
			});
		};
		if (forbiddenCharacterIssues({ synonymes: text }).length)
			return fail(400, { text, errors: [t('validation.invalid')] });
		const parsed = parseSynonymText(text);
		if ('issues' in parsed)
			return fail(400, {
				text,
				errors: parsed.issues.map((i) =>
					i.field.startsWith('lines.')
						? t('search.synonyms.lineError', { line: i.field.slice(6), message: message(i.message) })
						: message(i.message)
				)
			});
		await guard(event, () =>
			saveSynonymList(contextOf(event), territory.type, territory.code, { groups: parsed.groups })
		);
		redirect(303, href(territory.type, territory.code, true));
	}
};
