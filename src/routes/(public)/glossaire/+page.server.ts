import { error } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { effectiveGlossary, searchGlossary } from '$lib/server/glossary/service';
import { territoryParamSchema } from '$lib/server/glossary/validation';
import { getTerritory } from '$lib/server/territories/service';
import { searchForm } from '$lib/glossary';
import { NotFoundError } from '$lib/server/errors';
import { translator } from '$lib/i18n';
import type { PageServerLoad } from './$types';

/** The public glossary: alphabetical, searched without JavaScript (?q=), of a territory (?territoire=departement:46). */
export const load: PageServerLoad = async (event) => {
	const t = translator(event.locals.locale);
	const ctx = contextOf(event);
	const rawTerritory = event.url.searchParams.get('territoire');
	const territory = rawTerritory ? territoryParamSchema.safeParse(rawTerritory) : null;
	if (territory && !territory.success) error(404, t('errors.notFound'));
	const where = territory?.data ?? null;
	const q = (event.url.searchParams.get('q') ?? '').trim();
	const qError = q.length > 200 ? t('validation.search.tooLong') : null;
	const notFound = (e: unknown): never => {
		if (e instanceof NotFoundError) error(404, t('errors.notFound'));
		throw e;
	};
	const name = where ? (await getTerritory(ctx, where.type, where.code).catch(notFound)).name : null;
	const terms = await (
		q && !qError
			? searchGlossary(ctx, { q, territory: where ?? undefined, limit: 500, offset: 0 }).then((r) => r.items)
			: effectiveGlossary(ctx, where)
	).catch(notFound);
	const letterOf = (term: string) => {
		const c = searchForm(term).charAt(0).toUpperCase();
		return /[A-Z]/.test(c) ? c : '0-9';
	};
	const groups: { letter: string; terms: typeof terms }[] = [];
	for (const term of q
		? terms
		: [...terms].sort((a, b) => searchForm(a.term).localeCompare(searchForm(b.term)))) {
		const letter = q ? '' : letterOf(term.term);
		const last = groups[groups.length - 1];
		if (last && last.letter === letter) last.terms.push(term);
		else groups.push({ letter, terms: [term] });
	}
	return {
		q,
		qError,
		territory: where ? { param: `${where.type}:${where.code}`, name } : null,
		groups,
		count: terms.length
	};
};
