import { LRUCache } from 'lru-cache';
import { nowOf, type Context } from '../context';
import { NotFoundError, ValidationError } from '../errors';
import { authorize } from '../policy/policy';
import { territoryPath } from '../territories/service';
import { toServiceDto } from './dto';
import { lifeEvent as findLifeEvent } from './life-events';
import type { ServiceDto } from './validation';
import {
	clampRadiusKm,
	correctable,
	DEFAULT_RADIUS_KM,
	expandThematiques,
	pagination,
	queryWords,
	type Near,
	type ServiceSearchQuery,
	type TerritoryFilter
} from './search-query';
import * as searchSql from './search-sql';
import { loadPage } from './page-loads';
import type { FacetRow, Point, SearchPage, SearchSpec } from './search-spec';
import { checkWordsInIndex, searchInIndex } from './search-index/engine';
import { searchIndexOf } from './search-index/handle';
import { synonymsForSearch } from './synonyms';
import { synonymWords, textWithSynonyms } from './synonyms-text';
import type { TerritoryPath } from '../policy/actor';

/**
 * searchServices(ctx, query) — THE search of the directory, used by GET /api/v1/services and by the public
 * portal. Public (authorize read service).
 *
 * query (all optional; see ServiceSearchQuery in search-query.ts):
 *   q                French free text. Normalised (case, accents, punctuation, like normalize_name()); each
 *                    word of 3+ letters that finds nothing (not in the `search_words` vocabulary — as a prefix
 *                    for the last word — nor in any service's text) is replaced by the closest vocabulary word
 *                    (pg_trgm similarity ≥ 0.45, frequency breaks ties): "hebergement urgense" → "hebergement
 *                    urgence", reported as correctedQuery. Then full text on services.search_vector (French
 *                    stemming, accent-free): AND of the words, French stop words left out, prefix match on the
 *                    last word. When that finds nothing and a word could not be corrected, trigram word
 *                    similarity on the service name instead. A query of stop words only ("de la") is no filter.
 *                    The text also reads the structure's and organisation's names and the thématique labels
 *                    (search_context, weight C), and the synonym list of the field (synonyms-text.ts, plus the
 *                    groups of the territories of the place: synonyms.ts): each run of words that is a term
 *                    becomes a group of alternatives (ADR 010).
 *   thematiques      leaf or category codes (a category stands for its leaves); any of them (OR)
 *   publics          any of them; services for "tous-publics" match every public
 *   receptionModes, fees, types   any of them
 *   lifeEvent        slug of life-events.ts: its thématiques as a filter (AND with `thematiques`), its publics
 *                    as a ranking boost
 *   territory        { type, code }: services located in that territory, or whose eligibilityZone covers it
 *                    ('france', the territory itself or a wider territory containing it)
 *   near             { communeCode } (the commune's centroid) or { latitude, longitude }: only services with
 *                    coordinates within radiusKm (default 30, clamped to 1..200), great-circle distance, or —
 *                    from a commune — whose eligibility zone covers it (ADR 010); anyDistance: no radius;
 *                    distanceKm (rounded to 0.1 km) and reach ('near' | 'covers') are then filled in
 *   noCorrection     search the words as typed
 *   page, pageSize   1-based page, 20 per page by default, 100 at most (0: counts and facets only)
 *   facets           counts per categorie, thematique, public, receptionMode, fees, type over the whole filtered
 *                    set (default true)
 * result: { items: (ServiceDto & { distanceKm, communeName })[], total, page, pageSize, facets, correctedQuery }
 * Order: relevance (per word 10 in the name, 4 in the description; + 5 when the name holds every word, + 1 for
 * a life event's publics: search-spec.ts), then distance, then name (accents aside), then id; without text:
 * life-event boost, then distance, then name.
 * Engines: when the database has an in-memory index (search-index/, turned on at start-up) and it is ready,
 * it answers; one statement loads the page's rows and says whether services changed since the index last
 * looked (then it catches up and the search runs again). Otherwise SQL (search-sql.ts): one statement to check
 * the words, one that filters, counts, pages and counts facets, one that loads the page. Both give the same
 * answers (search-index/search-engines.int.test.ts).
 * Throws ValidationError for an unknown commune (near) or territory.
 */

/**
 * How a result reaches the person's place: 'near' within the radius, 'covers' beyond it but its eligibility
 * zone covers the person's commune; null without a place (or, at any distance, neither).
 */
export type Reach = 'near' | 'covers' | null;

export type SearchItem = ServiceDto & { distanceKm: number | null; communeName: string | null; reach: Reach };

export const FACETS = ['categorie', 'thematique', 'public', 'receptionMode', 'fees', 'type'] as const;
export type FacetName = (typeof FACETS)[number];
export type Facets = Record<FacetName, Record<string, number>>;

export interface ServiceSearchResult {
	items: SearchItem[];
	total: number;
	page: number;
	pageSize: number;
	facets: Facets;
	correctedQuery: string | null;
}

interface TextPlan {
	/** words after correction, stop words included (for display) */
	words: string[];
	/** corrected words without the stop words; none: only stop words, no text filter */
	lexemes: string[];
	/** the last word matches as a prefix: it is neither a known word nor a correction */
	prefixLast: boolean;
	correctedQuery: string | null;
	/** some word found nothing and had no close vocabulary word: worth trying names alike */
	uncertain: boolean;
}

type CheckWords = (words: string[], lastIsPrefix: boolean) => Promise<searchSql.WordCheck[]>;

/** Corrects unknown words against the vocabulary; a word of the synonym list is never corrected. */
async function planText(
	q: string | undefined,
	checkWords: CheckWords,
	synonyms: ReadonlySet<string>,
	noCorrection = false
): Promise<TextPlan | null> {
	const words = queryWords(q);
	if (words.length === 0) return null;
	const checks = await checkWords(words, true);
	let changed = false;
	let uncertain = false;
	const corrected = checks.map((c) => {
		if (c.stop || c.known || noCorrection || synonyms.has(c.word)) return c;
		if (c.suggestion && correctable(c.word) && c.suggestion !== c.word) {
			changed = true;
			return { ...c, word: c.suggestion };
		}
		uncertain = true;
		return c;
	});
	const kept = corrected.filter((c) => !c.stop);
	const correctedWords = corrected.map((c) => c.word);
	// a last word found as such in the vocabulary, or replaced by one, is complete: no prefix match
	const last = checks.filter((c) => !c.stop).at(-1);
	return {
		words: correctedWords,
		lexemes: kept.map((c) => c.word),
		prefixLast: !(last?.known || kept.at(-1)?.word !== last?.word),
		correctedQuery: changed ? correctedWords.join(' ') : null,
		uncertain
	};
}

/** Commune centroids and territory compositions change with a territory import only: kept 10 minutes. */
const territoryCaches = new WeakMap<object, LRUCache<string, { value: unknown }>>();
async function cachedTerritory<T>(ctx: Context, key: string, read: () => Promise<T>): Promise<T> {
	let cache = territoryCaches.get(ctx.db);
	if (!cache) territoryCaches.set(ctx.db, (cache = new LRUCache({ max: 5_000, ttl: 600_000 })));
	const hit = cache.get(key);
	if (hit) return hit.value as T;
	const value = await read();
	cache.set(key, { value });
	return value;
}

async function origin(ctx: Context, near: Near): Promise<Point> {
	if ('latitude' in near) return near;
	const centroid = await cachedTerritory(ctx, `centroid:${near.communeCode}`, () =>
		searchSql.communeCentroid(ctx.db, near.communeCode)
	);
	if (!centroid || centroid.latitude === null || centroid.longitude === null)
		throw new ValidationError([{ field: 'near', message: `commune.unknown:${near.communeCode}` }]);
	return { latitude: centroid.latitude, longitude: centroid.longitude };
}

/** The commune's place: its EPCI, département and région (cached like centroids). */
const placeOfCommune = (ctx: Context, code: string) =>
	cachedTerritory(ctx, `path:commune:${code}`, () => territoryPath(ctx, 'commune', code));

/** Zone codes that cover a commune: 'france', its département, its EPCI, itself (ADR 010). */
export const zonesCovering = (place: TerritoryPath) =>
	['france', place.departement, place.epci, place.commune].filter((c): c is string => !!c);

/**
 * Located in the territory, or eligible there: the zone lists 'france', the territory itself or a wider
 * territory containing it (a commune's EPCI and département, an EPCI's département). Région codes are not
 * zone codes (they would be read as département codes), so a région is only covered by 'france'.
 */
async function territoryFilter(ctx: Context, territory: TerritoryFilter): Promise<SearchSpec['territory']> {
	const { type, code } = territory;
	const communeCodes =
		type === 'commune'
			? [code]
			: await cachedTerritory(ctx, `communes:${type}:${code}`, () =>
					searchSql.communesOf(ctx.db, type, code)
				);
	const path = type === 'region' ? {} : await territoryPath(ctx, type, code);
	const known = type === 'region' ? communeCodes.length > 0 : !!path[type];
	if (!known) throw new ValidationError([{ field: 'territoryCode', message: 'territory.unknown' }]);
	const covering =
		type === 'region'
			? ['france']
			: ['france', code, ...(type === 'commune' ? [path.epci] : []), path.departement];
	return { communeCodes, zoneCodes: [...new Set(covering.filter((c): c is string => !!c))] };
}

export async function searchServices(ctx: Context, query: ServiceSearchQuery): Promise<ServiceSearchResult> {
	authorize(ctx.actor, 'read', 'service');
	const { page, pageSize, offset } = pagination(query);
	const event = query.lifeEvent ? findLifeEvent(query.lifeEvent) : undefined;
	if (query.lifeEvent && !event)
		throw new ValidationError([{ field: 'lifeEvent', message: `lifeEvent.unknown:${query.lifeEvent}` }]);

	// the person's commune: services eligible there match beyond the radius; its territories' synonyms apply
	const nearPlace =
		query.near && 'communeCode' in query.near ? await placeOfCommune(ctx, query.near.communeCode) : null;
	const searchPlace =
		nearPlace ??
		(query.territory && query.territory.type !== 'region'
			? await cachedTerritory(ctx, `path:${query.territory.type}:${query.territory.code}`, () =>
					territoryPath(ctx, query.territory!.type, query.territory!.code)
				)
			: null);
	const synonyms = await synonymsForSearch(ctx, searchPlace);
	const knownWords = synonymWords(synonyms);
	const textOf = (plan: TextPlan | null) =>
		plan?.lexemes.length ? textWithSynonyms(plan.lexemes, plan.prefixLast, synonyms) : null;

	const thematiques: string[][] = [];
	if (query.thematiques?.length) thematiques.push(expandThematiques(query.thematiques));
	if (event) thematiques.push([...event.thematiques]);
	const spec: SearchSpec = {
		thematiques,
		// a service for everyone serves each public
		publics: query.publics?.length ? [...new Set([...query.publics, 'tous-publics'])] : null,
		receptionModes: query.receptionModes?.length ? query.receptionModes : null,
		fees: query.fees?.length ? query.fees : null,
		types: query.types?.length ? query.types : null,
		territory: query.territory ? await territoryFilter(ctx, query.territory) : null,
		near: query.near
			? {
					point: await origin(ctx, query.near),
					metres: query.anyDistance ? null : clampRadiusKm(query.radiusKm) * 1000,
					covering: nearPlace ? zonesCovering(nearPlace) : []
				}
			: null,
		text: null,
		boostPublics: [...(event?.publics ?? [])],
		limit: pageSize,
		offset,
		facets: query.facets !== false
	};

	// the in-memory index when this database has one and it is ready, else SQL (same answers)
	const handle = searchIndexOf(ctx.db);
	let result: SearchPage | null = null;
	let loaded: searchSql.PageRow[] = [];
	let text: TextPlan | null = null;
	// the in-memory index when this database has one and it is ready, else SQL (same answers). The index
	// answers from what it has seen; the statement that loads the page also tells whether services changed
	// since: then it catches up and searches again.
	for (let attempt = 0; attempt < 2 && !result; attempt++) {
		const ready = attempt === 0 ? handle?.peek() : await handle?.current();
		if (!ready) break;
		text = await planText(
			query.q,
			(words, lastIsPrefix) => checkWordsInIndex(ready, words, lastIsPrefix),
			knownWords,
			query.noCorrection
		);
		spec.text = textOf(text);
		const found = await searchInIndex(ready, spec);
		if (!found) break;
		const page = await loadPage(
			ctx.db,
			found.page.map((p) => p.id),
			ready.snapshot
		);
		if (page.stale) continue;
		[result, loaded] = [found, page.rows];
		handle!.served++;
	}
	if (!result) {
		text = await planText(
			query.q,
			(words, lastIsPrefix) => searchSql.checkWords(ctx.db, words, lastIsPrefix),
			knownWords,
			query.noCorrection
		);
		spec.text = textOf(text);
		result = await searchSql.searchBySql(ctx.db, spec);
	}
	if (spec.text && result.total === 0 && text?.uncertain) {
		// a word found nothing and nothing close (a typo too big, words run together): names alike;
		// without stop words, whose trigrams ("de", "la") are in every other name
		result = await searchSql.searchByNameLikeness(ctx.db, spec, spec.text.words.join(' '));
		loaded = [];
	}
	if (loaded.length === 0 && result.page.length > 0)
		loaded = (
			await loadPage(
				ctx.db,
				result.page.map((p) => p.id),
				null
			)
		).rows;
	const byId = new Map(loaded.map((row) => [row.id, row]));
	const now = nowOf(ctx);
	const items: SearchItem[] = result.page.flatMap(({ id, distance: metres }) => {
		const row = byId.get(id);
		if (!row) return [];
		const dto = toServiceDto(row, { name: row.structureName, organisationId: row.organisationId }, now);
		const distanceKm = metres === null ? null : Math.round(metres / 100) / 10;
		return [
			Object.assign(dto, { distanceKm, communeName: row.communeName, reach: reachOf(spec.near, metres, row) })
		];
	});
	return {
		items,
		total: result.total,
		page,
		pageSize,
		facets: facetsOf(result.facets),
		correctedQuery: text?.correctedQuery ?? null
	};
}

function reachOf(
	near: SearchSpec['near'],
	metres: number | null,
	row: { eligibilityZone: string[]; communeCode: string | null }
): Reach {
	if (!near) return null;
	if (metres !== null && near.metres !== null && metres <= near.metres) return 'near';
	if (row.eligibilityZone.some((z) => near.covering.includes(z))) return 'covers';
	if (row.communeCode && near.covering.includes(row.communeCode)) return 'covers';
	// any distance: within the default radius still reads as near
	return metres !== null && near.metres === null && metres <= DEFAULT_RADIUS_KM * 1000 ? 'near' : null;
}

function facetsOf(rows: FacetRow[]): Facets {
	const facets = Object.fromEntries(FACETS.map((f) => [f, {} as Record<string, number>])) as Facets;
	for (const { f, k, n } of rows) if (f in facets) facets[f as FacetName][k] = n;
	return facets;
}

/** The public sheet of a service: the service, where it is, and its structure's public contact details. */
export async function getServiceSheet(ctx: Context, id: string) {
	authorize(ctx.actor, 'read', 'service');
	const row = await searchSql.loadServiceSheet(ctx.db, id);
	if (!row) throw new NotFoundError('service', id);
	const { service, structure } = row;
	return {
		...toServiceDto(service, structure, nowOf(ctx)),
		communeName: row.communeName,
		structure: {
			id: structure.id,
			name: structure.name,
			description: structure.description,
			address: structure.address,
			addressComplement: structure.addressComplement,
			postalCode: structure.postalCode,
			communeCode: structure.communeCode,
			communeName: row.structureCommuneName,
			phone: structure.phone,
			email: structure.email,
			website: structure.website,
			openingHours: structure.openingHours,
			accessibilityUrl: structure.accessibilityUrl
		}
	};
}

export type ServiceSheet = Awaited<ReturnType<typeof getServiceSheet>>;
