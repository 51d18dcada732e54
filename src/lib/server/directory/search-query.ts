import { z } from 'zod';
import { normalizeName } from '../territories/service';
import {
	CATEGORIES,
	FRAIS,
	MODES_ACCUEIL,
	PUBLICS,
	SERVICE_TYPES,
	THEMATIQUES,
	type Frais,
	type ModeAccueil,
	type Public,
	type ServiceType
} from './codes';
import { LIFE_EVENTS } from './life-events';
import { communeCodeSchema, isInFrance } from './validation';

/**
 * The pure half of the directory search: what a query means (words, tsquery text, codes, limits) and the
 * query-string schema of GET /api/v1/services. The SQL half is in search-sql.ts, the service in search.ts.
 */

export type TerritoryFilter = { type: 'commune' | 'epci' | 'departement' | 'region'; code: string };
export type Near = { communeCode: string } | { latitude: number; longitude: number };

/** The contract of searchServices() (see search.ts). */
export interface ServiceSearchQuery {
	q?: string;
	/** leaf thématiques or category codes; a service matches if it has any of them */
	thematiques?: string[];
	publics?: string[];
	receptionModes?: string[];
	fees?: string[];
	types?: string[];
	/** slug of life-events.ts: adds its thématiques as a filter and its publics as a ranking hint */
	lifeEvent?: string;
	territory?: TerritoryFilter;
	/**
	 * From a commune, services within the radius and those whose eligibility zone covers the commune
	 * (ADR 010); from coordinates, within the radius only
	 */
	near?: Near;
	radiusKm?: number;
	/** with `near`: no radius, every service, nearest first within the same relevance */
	anyDistance?: boolean;
	/** the words as typed: no spelling correction */
	noCorrection?: boolean;
	page?: number;
	pageSize?: number;
	facets?: boolean;
}

export const DEFAULT_RADIUS_KM = 30;
export const MAX_RADIUS_KM = 200;
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
export const MAX_PAGE = 500;
/** Words beyond this are ignored: bounds the cost of a query. */
export const MAX_WORDS = 8;
/** pg_trgm similarity a vocabulary word needs to replace an unknown word of the query. */
export const CORRECTION_SIMILARITY = 0.45;

/** normalizeName() plus the ligatures NFD does not split (SQL unaccent() turns them into two letters). */
export function normalizeQuery(text: string): string {
	return normalizeName(text.replace(/œ/g, 'oe').replace(/Œ/g, 'OE').replace(/æ/g, 'ae').replace(/Æ/g, 'AE'));
}

/** Words that take part in the search: accent-free, [a-z0-9]+, at least 2 characters, at most MAX_WORDS. */
export function queryWords(q: string | undefined): string[] {
	if (!q) return [];
	return normalizeQuery(q)
		.split(' ')
		.filter((w) => w.length >= 2 && /^[a-z0-9]+$/.test(w))
		.slice(0, MAX_WORDS);
}

/** Words of 3+ letters may be corrected against the vocabulary; shorter ones are kept as typed. */
export const correctable = (word: string) => word.length >= 3;

/**
 * to_tsquery() text: AND of the words, prefix match on the last one ("hebergement & urgen:*") unless it is
 * a complete known word (a prefix on a whole word like "aidants" → 'aid':* only widens the match).
 * Only [a-z0-9] words get through, so the text can never carry tsquery operators.
 */
export function toTsQueryText(words: string[], prefixLast = true): string {
	const safe = words.filter((w) => /^[a-z0-9]+$/.test(w));
	return safe.map((w, i) => (prefixLast && i === safe.length - 1 ? `${w}:*` : w)).join(' & ');
}

/** The words made by swapping two neighbouring letters ("acceuil" → "accueil", "aceceuil"…), each once. */
export function transpositions(word: string): string[] {
	const out = new Set<string>();
	for (let i = 0; i + 1 < word.length; i++)
		if (word[i] !== word[i + 1]) out.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
	return [...out];
}

/** Leaf thématiques selected by a list of leaf or category codes (a category stands for all its leaves). */
export function expandThematiques(codes: readonly string[]): string[] {
	const out = new Set<string>();
	for (const code of codes) {
		if ((CATEGORIES as readonly string[]).includes(code)) {
			for (const leaf of THEMATIQUES) if (leaf.startsWith(`${code}--`)) out.add(leaf);
		} else if ((THEMATIQUES as readonly string[]).includes(code)) out.add(code);
	}
	return [...out];
}

export const clampRadiusKm = (radiusKm: number | undefined) =>
	Math.min(MAX_RADIUS_KM, Math.max(1, radiusKm ?? DEFAULT_RADIUS_KM));

export function pagination(query: Pick<ServiceSearchQuery, 'page' | 'pageSize'>) {
	const page = Math.min(MAX_PAGE, Math.max(1, Math.trunc(query.page ?? 1)));
	const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(0, Math.trunc(query.pageSize ?? DEFAULT_PAGE_SIZE)));
	return { page, pageSize, offset: (page - 1) * pageSize };
}

// ---------------------------------------------------------------------------------------------------------
// Query string of GET /api/v1/services (also usable by the portal's GET forms).

/** "a,b" and repeated keys (?x=a&x=b) both give ['a', 'b']; empty values are dropped. */
export function splitList(value: unknown): unknown {
	if (value === undefined || value === null) return undefined;
	const values = (Array.isArray(value) ? value : [value]).flatMap((v) =>
		typeof v === 'string' ? v.split(',') : [v]
	);
	const cleaned = values.map((v) => (typeof v === 'string' ? v.trim() : v)).filter((v) => v !== '');
	return cleaned.length ? cleaned : undefined;
}

/** An empty form field means "not given". */
const blankToUndefined = (value: unknown) =>
	typeof value === 'string' && value.trim() === '' ? undefined : value;

const codeIn = (codes: readonly string[], key: string) =>
	z.string().refine((v) => codes.includes(v), { error: (issue) => `${key}.unknown:${String(issue.input)}` });

const listOf = (item: z.ZodString | z.ZodType<string>, max: number, description: string) =>
	z
		.preprocess(splitList, z.array(item).max(max).optional())
		.meta({ description: `${description} — clé répétée ou liste séparée par des virgules` });

const number = (schema: z.ZodNumber) =>
	z.preprocess(blankToUndefined, z.coerce.number().pipe(schema).optional());

const TERRITORY_CODE = {
	commune: /^[0-9][0-9AB][0-9]{3}$/,
	epci: /^[0-9]{9}$/,
	departement: /^([0-9]{2}|2A|2B|97[0-9])$/,
	region: /^[0-9]{2}$/
} as const;

export const servicesQuerySchema = z
	.object({
		q: z.preprocess(blankToUndefined, z.string().trim().max(200, 'search.tooLong').optional()).meta({
			description: 'Texte libre (accents, majuscules et petites fautes tolérés)',
			example: 'hebergement urgence'
		}),
		thematiques: listOf(
			codeIn([...THEMATIQUES, ...CATEGORIES], 'thematique'),
			THEMATIQUES.length + CATEGORIES.length,
			'Thématiques data·inclusion ou catégories (au moins une)'
		),
		publics: listOf(
			codeIn(PUBLICS, 'public'),
			PUBLICS.length,
			'Publics (au moins un ; « tous-publics » inclus)'
		),
		receptionModes: listOf(codeIn(MODES_ACCUEIL, 'modeAccueil'), MODES_ACCUEIL.length, 'Modes d’accueil'),
		fees: listOf(codeIn(FRAIS, 'frais'), FRAIS.length, 'Frais'),
		types: listOf(codeIn(SERVICE_TYPES, 'type'), SERVICE_TYPES.length, 'Types de service'),
		lifeEvent: z
			.preprocess(
				blankToUndefined,
				codeIn(
					LIFE_EVENTS.map((e) => e.slug),
					'lifeEvent'
				).optional()
			)
			.meta({ description: 'Événement de vie', example: 'je-perds-mon-logement' }),
		territoryType: z
			.preprocess(blankToUndefined, z.enum(['commune', 'epci', 'departement', 'region']).optional())
			.meta({ description: 'Services situés dans ce territoire ou dont la zone d’éligibilité le couvre' }),
		territoryCode: z
			.preprocess(blankToUndefined, z.string().max(9).optional())
			.meta({ description: 'Code INSEE (commune, département, région) ou SIREN (EPCI)', example: '46' }),
		near: z.preprocess(blankToUndefined, communeCodeSchema.optional()).meta({
			description:
				'Depuis cette commune (code INSEE) : services dans le rayon de son centre, et ceux dont la zone d’éligibilité la couvre',
			example: '46042'
		}),
		latitude: number(z.number().min(-90, 'coordinates.invalid').max(90, 'coordinates.invalid')).meta({
			description: 'Distance depuis ce point (avec longitude)'
		}),
		longitude: number(z.number().min(-180, 'coordinates.invalid').max(180, 'coordinates.invalid')),
		radiusKm: number(z.number().min(1, 'radius.invalid').max(MAX_RADIUS_KM, 'radius.invalid')).meta({
			description: `Rayon en km autour du point (${DEFAULT_RADIUS_KM} par défaut)`
		}),
		page: number(z.number().int('page.invalid').min(1, 'page.invalid').max(MAX_PAGE, 'page.invalid')),
		pageSize: number(
			z.number().int('pageSize.invalid').min(0, 'pageSize.invalid').max(MAX_PAGE_SIZE, 'pageSize.invalid')
		).meta({ description: `Résultats par page (${DEFAULT_PAGE_SIZE} par défaut ; 0 : compteurs seuls)` }),
		facets: z
			.preprocess(blankToUndefined, z.enum(['true', 'false', '1', '0']).optional())
			.meta({ description: 'Compteurs par thématique, public, mode, frais, type (true par défaut)' })
	})
	.superRefine((v, ctx) => {
		if ((v.latitude === undefined) !== (v.longitude === undefined)) {
			ctx.addIssue({ code: 'custom', path: ['longitude'], message: 'coordinates.incomplete' });
		} else if (
			v.latitude !== undefined &&
			v.longitude !== undefined &&
			!isInFrance(v.latitude, v.longitude)
		) {
			ctx.addIssue({ code: 'custom', path: ['latitude'], message: 'coordinates.outsideFrance' });
		}
		if ((v.territoryType === undefined) !== (v.territoryCode === undefined)) {
			ctx.addIssue({
				code: 'custom',
				path: [v.territoryType === undefined ? 'territoryType' : 'territoryCode'],
				message: 'territory.incomplete'
			});
		} else if (v.territoryType && v.territoryCode && !TERRITORY_CODE[v.territoryType].test(v.territoryCode)) {
			ctx.addIssue({ code: 'custom', path: ['territoryCode'], message: 'code.invalid' });
		}
	});

export type ServicesQueryParams = z.output<typeof servicesQuerySchema>;

/** Parsed query string → the searchServices() contract. Coordinates win over a commune when both are given. */
export function toSearchQuery(params: ServicesQueryParams): ServiceSearchQuery {
	const near: Near | undefined =
		params.latitude !== undefined && params.longitude !== undefined
			? { latitude: params.latitude, longitude: params.longitude }
			: params.near
				? { communeCode: params.near }
				: undefined;
	return {
		q: params.q,
		thematiques: params.thematiques,
		publics: params.publics as Public[] | undefined,
		receptionModes: params.receptionModes as ModeAccueil[] | undefined,
		fees: params.fees as Frais[] | undefined,
		types: params.types as ServiceType[] | undefined,
		lifeEvent: params.lifeEvent,
		territory:
			params.territoryType && params.territoryCode
				? { type: params.territoryType, code: params.territoryCode }
				: undefined,
		near,
		radiusKm: params.radiusKm,
		page: params.page,
		pageSize: params.pageSize,
		facets: params.facets === undefined ? true : params.facets === 'true' || params.facets === '1'
	};
}
