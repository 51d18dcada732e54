import type { Context } from '../context';
import { NotFoundError, ValidationError } from '../errors';
import { authorize } from '../policy/policy';
import { territoryPath } from '../territories/service';
import { getService } from '../directory/service';
import { markupHtml, searchForm, termsUsedIn } from '$lib/glossary';
import { compiled, placeOf, type GlossaryTerritory } from './effective';
import type { GlossaryTerm } from './validation';

/** Reading the glossary (anyone): a place's effective glossary, the search, the terms a content uses. */

export { NATIONAL_TERMS, mergeGlossary, termKey, type GlossaryTerritory } from './effective';
export {
	territoryGlossary,
	saveGlossaryEntry,
	setGlossaryEntryHidden,
	resetGlossaryEntry,
	glossaryEntryHistory
} from './editing';

/** The effective glossary of a territory (of the whole country without one). Read by anyone. */
export async function effectiveGlossary(
	ctx: Context,
	territory: GlossaryTerritory | null
): Promise<GlossaryTerm[]> {
	const place = territory ? await placeOf(ctx, territory) : null;
	authorize(ctx.actor, 'read', 'glossaryTerm', { place: place ?? undefined });
	return (await compiled(ctx, place)).terms;
}

/** Terms whose acronym, long form or other forms match `q` (accents and case ignored): exact, then beginning, then anywhere. */
export async function searchGlossary(
	ctx: Context,
	query: { q?: string; territory?: GlossaryTerritory; limit: number; offset: number }
): Promise<{ items: GlossaryTerm[]; total: number }> {
	// an unknown territory in the query is a mistake in the request, said on its field
	const terms = await effectiveGlossary(ctx, query.territory ?? null).catch((e: unknown) => {
		if (e instanceof NotFoundError)
			throw new ValidationError([{ field: 'territory', message: 'territory.unknown' }]);
		throw e;
	});
	const q = query.q ? searchForm(query.q) : '';
	const ranked = q
		? terms
				.map((t) => {
					const forms = [t.term, t.longForm ?? '', ...t.aliases].map(searchForm);
					const rank = forms.includes(q)
						? 0
						: forms.some((f) => f.startsWith(q))
							? 1
							: forms.some((f) => f.includes(q))
								? 2
								: 3;
					return { t, rank };
				})
				.filter((r) => r.rank < 3)
				.sort((a, b) => a.rank - b.rank)
				.map((r) => r.t)
		: terms;
	return { items: ranked.slice(query.offset, query.offset + query.limit), total: ranked.length };
}

/** The effective glossary of the commune of a place (national without one), for pages showing content there. */
async function compiledForCommune(ctx: Pick<Context, 'db'>, communeCode: string | null | undefined) {
	const place = communeCode ? await territoryPath(ctx, 'commune', communeCode) : null;
	return compiled(ctx, place?.commune ? place : null);
}

/**
 * The terms the given texts use, in the effective glossary of a commune: what a page sends the component
 * that marks them up (GlossaryText.svelte), rather than the whole glossary.
 */
export async function glossaryTermsIn(
	ctx: Pick<Context, 'db'>,
	communeCode: string | null | undefined,
	texts: readonly (string | null | undefined)[]
): Promise<GlossaryTerm[]> {
	const c = await compiledForCommune(ctx, communeCode);
	const keys = new Set(termsUsedIn(texts, c.matcher));
	return c.terms.filter((t) => keys.has(t.key));
}

/**
 * The glossary terms of a service's description, in the glossary of the service's commune (else its
 * structure's): for the public sheet and the partners' service page.
 */
export async function glossaryTermsOfService(
	ctx: Context,
	serviceId: string,
	texts: readonly (string | null | undefined)[]
) {
	const { service, structure } = await getService(ctx, serviceId);
	return glossaryTermsIn(ctx, service.communeCode ?? structure.communeCode, texts);
}

/**
 * For the other areas (minutes, charter sections, decisions): sanitised HTML with the first occurrence of each
 * glossary term per paragraph marked up, in the glossary of the place of the content (render it with
 * GlossaryHtml.svelte). `idPrefix` must be unique on the page.
 */
export async function markupGlossary(
	ctx: Pick<Context, 'db'>,
	territory: GlossaryTerritory | null,
	sanitisedHtml: string,
	idPrefix: string
): Promise<string> {
	const place = territory ? await placeOf(ctx, territory).catch(() => null) : null;
	return markupHtml(sanitisedHtml, (await compiled(ctx, place)).matcher, { idPrefix });
}
