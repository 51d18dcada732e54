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
	/**
	 * Around a point: services with coordinates within `metres` (great-circle distance; null: any distance),
	 * or whose eligibility zone lists one of `covering` (the zones that cover the person's commune: 'france',
	 * its département, its EPCI, itself). The distance is measured for every service that has coordinates
	 * (ties of relevance: nearest first; without coordinates, last).
	 */
	near: { point: Point; metres: number | null; covering: string[] } | null;
	text: TextSpec | null;
	/** relevance bonus for services aimed at one of these publics (a life event's) */
	boostPublics: string[];
	limit: number;
	offset: number;
	facets: boolean;
}

/** One word of a text group: all its words must be present; the last one as a prefix if `prefix`. */
export interface TextAlternative {
	words: string[];
	prefix: boolean;
}

/**
 * Full text. `groups`: one per word of the query, or per phrase of the synonym list it matched; a service
 * must match every group, a group when it holds every word of one of its alternatives (the words as typed,
 * or a synonym). `words`: the query's words (accent-free, corrected, stop words left out), which the name
 * boost looks for.
 */
export interface TextSpec {
	words: string[];
	groups: TextAlternative[][];
}

/** A text of plain words, one group per word, the last one as a prefix if `prefixLast` (no synonyms). */
export function plainText(words: string[], prefixLast: boolean): TextSpec {
	return {
		words,
		groups: words.map((w, i) => [{ words: [w], prefix: prefixLast && i === words.length - 1 }])
	};
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
 * Relevance, the same in both engines, in whole points so that both add up exactly alike: each group of the
 * text (a word, or a phrase of the synonym list) counts 10 when one of its alternatives is wholly in the
 * service's name, 4 when only elsewhere (description, structure and organisation names, thématique labels);
 * plus NAME_BOOST when the accent-free
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
