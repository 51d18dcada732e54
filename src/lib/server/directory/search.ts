import type { SQL } from 'drizzle-orm';
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
	expandThematiques,
	pagination,
	queryWords,
	toTsQueryText,
	type Near,
	type ServiceSearchQuery,
	type TerritoryFilter
} from './search-query';
import * as searchSql from './search-sql';

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
 *   thematiques      leaf or category codes (a category stands for its leaves); any of them (OR)
 *   publics          any of them; services for "tous-publics" match every public
 *   receptionModes, fees, types   any of them
 *   lifeEvent        slug of life-events.ts: its thématiques as a filter (AND with `thematiques`), its publics
 *                    as a ranking boost
 *   territory        { type, code }: services located in that territory, or whose eligibilityZone covers it
 *                    ('france', the territory itself or a wider territory containing it)
 *   near             { communeCode } (the commune's centroid) or { latitude, longitude }: only services with
 *                    coordinates within radiusKm (default 30, clamped to 1..200), great-circle distance;
 *                    distanceKm (rounded to 0.1 km) is then filled in
 *   page, pageSize   1-based page, 20 per page by default, 100 at most (0: counts and facets only)
 *   facets           counts per categorie, thematique, public, receptionMode, fees, type over the whole filtered
 *                    set (default true)
 * result: { items: (ServiceDto & { distanceKm, communeName })[], total, page, pageSize, facets, correctedQuery }
 * Order: relevance (ts_rank, + 0.5 when the name holds every word, + 0.1 for a life event's publics), then
 * distance, then name (accents aside); without text: life-event boost, then distance, then name.
 * Cost: one statement to check the words, one (in a transaction, for planner settings) that filters, counts,
 * pages and counts facets at once, one that loads the page's rows. See search-sql.ts.
 * Throws ValidationError for an unknown commune (near) or territory.
 */

export type SearchItem = ServiceDto & { distanceKm: number | null; communeName: string | null };

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

/** Boost of a service whose name contains every word of the (corrected) query. */
const NAME_BOOST = 0.5;
/** Boost of a service aimed at one of the life event's publics. */
const PUBLIC_BOOST = 0.1;

interface TextPlan {
	/** words after correction, stop words included (for display) */
	words: string[];
	/** corrected words without the stop words */
	lexemes: string[];
	/** to_tsquery text, or null when only stop words remain */
	tsQuery: string | null;
	correctedQuery: string | null;
	/** some word found nothing and had no close vocabulary word: worth trying names alike */
	uncertain: boolean;
}

/** Corrects unknown words against the vocabulary and builds the full-text query. */
async function planText(ctx: Context, q: string | undefined): Promise<TextPlan | null> {
	const words = queryWords(q);
	if (words.length === 0) return null;
	const checks = await searchSql.checkWords(ctx.db, words, true);
	let changed = false;
	let uncertain = false;
	const corrected = checks.map((c) => {
		if (c.stop || c.known) return c;
		if (c.suggestion && correctable(c.word) && c.suggestion !== c.word) {
			changed = true;
			return { ...c, word: c.suggestion };
		}
		uncertain = true;
		return c;
	});
	const kept = corrected.filter((c) => !c.stop);
	const lexemes = kept.map((c) => c.word);
	const correctedWords = corrected.map((c) => c.word);
	// a last word found as such in the vocabulary, or replaced by one, is complete: no prefix match
	const last = checks.filter((c) => !c.stop).at(-1);
	const prefixLast = !(last?.known || kept.at(-1)?.word !== last?.word);
	return {
		words: correctedWords,
		lexemes,
		tsQuery: lexemes.length ? toTsQueryText(lexemes, prefixLast) : null,
		correctedQuery: changed ? correctedWords.join(' ') : null,
		uncertain
	};
}

async function origin(ctx: Context, near: Near): Promise<searchSql.Point> {
	if ('latitude' in near) return near;
	const centroid = await searchSql.communeCentroid(ctx.db, near.communeCode);
	if (!centroid || centroid.latitude === null || centroid.longitude === null)
		throw new ValidationError([{ field: 'near', message: `commune.unknown:${near.communeCode}` }]);
	return { latitude: centroid.latitude, longitude: centroid.longitude };
}

/**
 * Located in the territory, or eligible there: the zone lists 'france', the territory itself or a wider
 * territory containing it (a commune's EPCI and département, an EPCI's département). Région codes are not
 * zone codes (they would be read as département codes), so a région is only covered by 'france'.
 */
async function territoryCondition(ctx: Context, territory: TerritoryFilter): Promise<SQL> {
	const { type, code } = territory;
	const communeCodes = type === 'commune' ? [code] : await searchSql.communesOf(ctx.db, type, code);
	const path = type === 'region' ? {} : await territoryPath(ctx, type, code);
	const known = type === 'region' ? communeCodes.length > 0 : !!path[type];
	if (!known) throw new ValidationError([{ field: 'territoryCode', message: 'territory.unknown' }]);
	const covering =
		type === 'region'
			? ['france']
			: ['france', code, ...(type === 'commune' ? [path.epci] : []), path.departement];
	return searchSql.inTerritory(communeCodes, [...new Set(covering.filter((c): c is string => !!c))]);
}

export async function searchServices(ctx: Context, query: ServiceSearchQuery): Promise<ServiceSearchResult> {
	authorize(ctx.actor, 'read', 'service');
	const { page, pageSize, offset } = pagination(query);
	const event = query.lifeEvent ? findLifeEvent(query.lifeEvent) : undefined;
	if (query.lifeEvent && !event)
		throw new ValidationError([{ field: 'lifeEvent', message: `lifeEvent.unknown:${query.lifeEvent}` }]);

	const where: SQL[] = [];
	if (query.thematiques?.length)
		where.push(searchSql.overlaps('thematiques', expandThematiques(query.thematiques)));
	if (event) where.push(searchSql.overlaps('thematiques', event.thematiques));
	// a service for everyone serves each public
	if (query.publics?.length)
		where.push(searchSql.overlaps('publics', [...new Set([...query.publics, 'tous-publics'])]));
	if (query.receptionModes?.length) where.push(searchSql.overlaps('reception_modes', query.receptionModes));
	if (query.fees?.length) where.push(searchSql.oneOf('fees', query.fees));
	if (query.types?.length) where.push(searchSql.oneOf('type', query.types));
	if (query.territory) where.push(await territoryCondition(ctx, query.territory));

	let distance: SQL | null = null;
	if (query.near) {
		const point = await origin(ctx, query.near);
		where.push(searchSql.withinRadius(point, clampRadiusKm(query.radiusKm) * 1000));
		distance = searchSql.distanceFrom(point);
	}

	const boost = searchSql.publicsBoost(event?.publics ?? [], PUBLIC_BOOST);
	const text = await planText(ctx, query.q);
	const run = (textWhere: SQL[], rank: SQL) =>
		searchSql.runSearch(ctx.db, {
			where: [...textWhere, ...where],
			rank,
			distance,
			limit: pageSize,
			offset,
			facets: query.facets !== false
		});

	let result: searchSql.SearchPage;
	if (text?.tsQuery) {
		result = await run(
			[searchSql.textMatch(text.tsQuery)],
			searchSql.sum(searchSql.textRank(text.tsQuery, text.lexemes, NAME_BOOST), boost)
		);
		if (result.total === 0 && text.uncertain) {
			// a word found nothing and nothing close (a typo too big, words run together): names alike;
			// without stop words, whose trigrams ("de", "la") are in every other name
			const phrase = text.lexemes.join(' ');
			result = await run(
				[searchSql.nameSimilar(phrase)],
				searchSql.sum(searchSql.nameSimilarity(phrase), boost)
			);
		}
	} else {
		result = await run([], boost);
	}

	const loaded = await searchSql.loadServices(
		ctx.db,
		result.page.map((p) => p.id)
	);
	const byId = new Map(loaded.map((r) => [r.service.id, r]));
	const now = nowOf(ctx);
	const items: SearchItem[] = result.page.flatMap(({ id, distance: metres }) => {
		const row = byId.get(id);
		if (!row) return [];
		return [
			{
				...toServiceDto(row.service, row.structure, now),
				distanceKm: metres === null ? null : Math.round(metres / 100) / 10,
				communeName: row.communeName
			}
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

function facetsOf(rows: searchSql.FacetRow[]): Facets {
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
