import type { Context } from '../context';
import { ValidationError } from '../errors';
import {
	FACETS,
	searchServices,
	type Facets,
	type SearchItem,
	type ServiceSearchResult
} from '../directory/search';
import type { ServiceSearchQuery } from '../directory/search-query';
import type { FilterGroup, PagerView, PlaceLink, PlaceView, ResultItem } from '$lib/components/portal/types';
import { resolvePlace, type PlaceChoice, type PlaceResolution } from './place';
import { hasFilters, PAGE_SIZE, portalHref, type PortalParams } from './query';

/**
 * A public search, from the GET parameters to what the page shows: the place resolved (or the choices),
 * the results page, the facet filters with their counts, the pager. `path` is the page the links point to.
 */
export async function portalSearch(ctx: Context, params: PortalParams, path: string) {
	const resolution = await resolvePlace(ctx, params.commune, params.lieu);
	// any distance with a place: every service, still nearest first
	const near =
		resolution.status === 'resolved'
			? params.rayon !== null
				? { near: { communeCode: resolution.commune.code }, radiusKm: params.rayon }
				: { near: { communeCode: resolution.commune.code }, anyDistance: true }
			: {};
	// a place typed but not understood: no results as if they were near it, the notice asks for the place
	const placeUnknown = resolution.status === 'notFound' || resolution.status === 'ambiguous';
	const query: ServiceSearchQuery = {
		q: params.q || undefined,
		thematiques: params.thematiques,
		publics: params.publics,
		receptionModes: params.modes,
		fees: params.frais,
		types: params.types,
		lifeEvent: params.situation ?? undefined,
		noCorrection: params.exact,
		page: params.page,
		pageSize: PAGE_SIZE,
		facets: true,
		...near
	};
	let result: ServiceSearchResult;
	let distanceUnavailable = false;
	try {
		result = placeUnknown ? noResult() : await searchServices(ctx, query);
	} catch (e) {
		// a commune without a known centre cannot measure distances: search without the place rather than fail
		if (!(e instanceof ValidationError) || !query.near) throw e;
		distanceUnavailable = true;
		result = await searchServices(ctx, { ...query, near: undefined, radiusKm: undefined });
	}
	// a life event page is its own path: its links need not repeat the life event
	const linkParams = path === '/aide' ? params : { ...params, situation: null };
	const place = placeView(resolution, linkParams, path);
	const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
	return {
		params,
		place,
		/** the results are near this commune (null: no place, or no distance could be measured) */
		placeName:
			place.status === 'resolved' && !distanceUnavailable && params.rayon !== null ? place.name : null,
		placeUnknown,
		distanceUnavailable: distanceUnavailable && place.status === 'resolved' ? place.name : null,
		total: result.total,
		items: result.items.map(resultItem),
		correctedQuery: result.correctedQuery,
		/** the « Vous cherchiez » link: the same search, words as typed */
		typedHref: result.correctedQuery
			? portalHref(path, { ...linkParams, ...placeParams(params, place), exact: true, page: 1 })
			: null,
		filters: filterGroups(result.facets, params),
		/** what the filter form must carry over */
		hidden: hiddenFields(params, place),
		resetHref: hasFilters(params) ? portalHref(path, { ...baseOf(params, place), page: 1 }) : null,
		pager: pagerView(linkParams, pages, path, place),
		canonicalPath: portalHref(path, { ...linkParams, ...placeParams(params, place) })
	};
}

const noResult = (): ServiceSearchResult => ({
	items: [],
	total: 0,
	page: 1,
	pageSize: PAGE_SIZE,
	facets: Object.fromEntries(FACETS.map((f) => [f, {}])) as Facets,
	correctedQuery: null
});

export type PortalSearchView = Awaited<ReturnType<typeof portalSearch>>;

/** Once resolved, the place travels as its INSEE code (lieu) and its name, so links need no new lookup. */
function placeParams(params: PortalParams, place: PlaceView): Partial<PortalParams> {
	if (place.status !== 'resolved') return { commune: params.commune, lieu: null };
	return { commune: place.postalCode ?? place.name, lieu: place.postalCode ? null : place.code };
}

/** The search without its filters: text, place, distance, life event. */
function baseOf(params: PortalParams, place: PlaceView): Partial<PortalParams> {
	return {
		q: params.q,
		situation: params.situation,
		rayon: params.rayon,
		...placeParams(params, place)
	};
}

function hiddenFields(params: PortalParams, place: PlaceView): [string, string][] {
	const base = new URLSearchParams(portalHref('', baseOf(params, place)).replace(/^\?/, ''));
	return [...base.entries()];
}

function link(choice: PlaceChoice, params: PortalParams, path: string): PlaceLink {
	return {
		...choice,
		href: portalHref(path, { ...params, commune: choice.name, lieu: choice.code, page: 1 })
	};
}

function placeView(resolution: PlaceResolution, params: PortalParams, path: string): PlaceView {
	switch (resolution.status) {
		case 'none':
			return { status: 'none' };
		case 'notFound':
			return { status: 'notFound', typed: params.commune };
		case 'ambiguous':
			return {
				status: 'ambiguous',
				typed: params.commune,
				choices: resolution.candidates.map((c) => link(c, params, path))
			};
		case 'resolved':
			return {
				status: 'resolved',
				name: resolution.commune.name,
				code: resolution.commune.code,
				postalCode: resolution.postalCode,
				others: resolution.others.map((c) => link(c, params, path)),
				corrected: resolution.corrected ?? false,
				context: resolution.commune.context
			};
	}
}

export function resultItem(s: SearchItem): ResultItem {
	return {
		id: s.id,
		name: s.name,
		structureName: s.structureName,
		communeName: s.communeName,
		distanceKm: s.distanceKm,
		reach: s.reach,
		thematiques: s.thematiques ?? [],
		fees: s.fees ?? null,
		outreach: s.outreach ?? false,
		lastCheckedAt: s.lastCheckedAt,
		isDemo: s.isDemo,
		openingHours: typeof s.openingHours === 'string' && s.openingHours ? s.openingHours : null
	};
}

/** Options with at least one service, most frequent first; a checked option stays even at zero. */
function options(counts: Record<string, number>, checked: readonly string[]) {
	const codes = new Set([...Object.keys(counts).filter((c) => (counts[c] ?? 0) > 0), ...checked]);
	return [...codes]
		.map((code) => ({ code, count: counts[code] ?? 0, checked: checked.includes(code) }))
		.sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

function filterGroups(facets: Facets, p: PortalParams): FilterGroup[] {
	return [
		{ param: 'thematique', labels: 'codes.thematique', options: options(facets.thematique, p.thematiques) },
		{ param: 'public', labels: 'codes.public', options: options(facets.public, p.publics) },
		{ param: 'mode', labels: 'codes.modeAccueil', options: options(facets.receptionMode, p.modes) },
		{ param: 'frais', labels: 'codes.frais', options: options(facets.fees, p.frais) },
		{ param: 'type', labels: 'codes.type', options: options(facets.type, p.types) }
	];
}

const WINDOW = 2;

function pagerView(params: PortalParams, pages: number, path: string, place: PlaceView): PagerView {
	const page = Math.min(params.page, pages);
	const href = (n: number) => portalHref(path, { ...params, ...placeParams(params, place), page: n });
	const first = Math.max(1, page - WINDOW);
	const last = Math.min(pages, page + WINDOW);
	return {
		page: params.page,
		pages,
		previous: params.page > 1 ? href(Math.min(params.page - 1, pages)) : null,
		next: params.page < pages ? href(params.page + 1) : null,
		links: Array.from({ length: last - first + 1 }, (_, i) => ({ page: first + i, href: href(first + i) }))
	};
}
