/**
 * What a directory search asks for, once the query is understood (codes expanded, words corrected, commune
 * located): the common input of the two engines that answer it, SQL (search-sql.ts) and the in-memory index
 * (search-index/). Both must give the same total, page and facets: search-index/search-engines.int.test.ts.
 */

export interface Point {
	latitude: number;
	longitude: number;
}

export interface SearchSpec {
	/** each list: the service has at least one of these leaf thématiques; every list must hold */
	thematiques: string[][];
	/** at least one of these publics ("tous-publics" already added by the caller) */
	publics: string[] | null;
	receptionModes: string[] | null;
	fees: string[] | null;
	types: string[] | null;
	/** located in one of the communes, or eligible in one of the zone codes */
	territory: { communeCodes: string[]; zoneCodes: string[] } | null;
	/** only services with coordinates within `metres` (great-circle distance) */
	near: { point: Point; metres: number } | null;
	/** full text: every word (accent-free, stop words left out), the last one as a prefix if `prefixLast` */
	text: { words: string[]; prefixLast: boolean } | null;
	/** relevance bonus for services aimed at one of these publics (a life event's) */
	boostPublics: string[];
	limit: number;
	offset: number;
	facets: boolean;
}

export interface FacetRow {
	f: string;
	k: string;
	n: number;
}

export interface SearchPage {
	total: number;
	page: { id: string; distance: number | null }[];
	facets: FacetRow[];
}

/**
 * Relevance, the same in both engines, in whole points so that both add up exactly alike: each word counts
 * 10 when it is in the service's name, 4 when only in its description; plus NAME_BOOST when the accent-free
 * name contains every word as typed, plus PUBLIC_BOOST for one of the life event's publics.
 * Ties: nearest first, then name (code-unit order), then id.
 */
export const WORD_IN_NAME = 10;
export const WORD_IN_DESCRIPTION = 4;
export const NAME_BOOST = 5;
export const PUBLIC_BOOST = 1;

/** earthdistance's sphere (earth() = 6,378,168 m), so the exact test agrees with earth_box(). */
export const EARTH_RADIUS_M = 6378168;

/** Great-circle distance in metres (haversine), the formula of search-sql.ts's distanceFrom(). */
export function haversine(p: Point, latitude: number, longitude: number): number {
	const rad = Math.PI / 180;
	const a =
		Math.pow(Math.sin(((latitude - p.latitude) * rad) / 2), 2) +
		Math.cos(p.latitude * rad) *
			Math.cos(latitude * rad) *
			Math.pow(Math.sin(((longitude - p.longitude) * rad) / 2), 2);
	return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(a));
}
