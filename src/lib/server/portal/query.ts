import { FRAIS, MODES_ACCUEIL, PUBLICS, SERVICE_TYPES, THEMATIQUES } from '../directory/codes';
import type { Frais, ModeAccueil, Public, ServiceType, Thematique } from '../directory/codes';
import { LIFE_EVENTS } from '../directory/life-events';

/**
 * The public search as GET parameters (French, shareable, bookmarkable):
 * /aide?q=&commune=&lieu=&rayon=&thematique=&public=&mode=&frais=&type=&situation=&page=
 * `commune` is what the person typed (a name or a postal code); `lieu` is the INSEE code they picked in the
 * "did you mean" list (postal and INSEE codes are both five digits, so they cannot share one parameter).
 * Unknown codes are dropped rather than refused: a stale bookmark still gives results.
 */
export interface PortalParams {
	q: string;
	commune: string;
	lieu: string | null;
	/** km; null = any distance */
	rayon: number | null;
	thematiques: Thematique[];
	publics: Public[];
	modes: ModeAccueil[];
	frais: Frais[];
	types: ServiceType[];
	situation: string | null;
	/** search the words as typed, without spelling correction (the « Vous cherchiez » link) */
	exact: boolean;
	page: number;
}

export const PAGE_SIZE = 20;
export const RADII = [5, 10, 20, 30, 50, 100] as const;
export const DEFAULT_RADIUS = 30;
/** rayon=tout: no distance limit (results still sorted by distance) */
export const ANY_RADIUS = 'tout';
const MAX_PAGE = 500;

const only = <T extends string>(codes: readonly T[], values: string[]): T[] => [
	...new Set(values.filter((v): v is T => (codes as readonly string[]).includes(v)))
];

const text = (value: string | null, max: number) => (value ?? '').replace(/\s+/g, ' ').trim().slice(0, max);

export function parsePortalParams(search: URLSearchParams): PortalParams {
	const rayon = search.get('rayon');
	const radius = Number(rayon);
	const page = Number(search.get('page') ?? '1');
	const lieu = search.get('lieu');
	const situation = search.get('situation');
	return {
		q: text(search.get('q'), 200),
		commune: text(search.get('commune'), 100),
		lieu: lieu && /^[0-9][0-9AB][0-9]{3}$/.test(lieu) ? lieu : null,
		rayon:
			rayon === ANY_RADIUS ? null : (RADII as readonly number[]).includes(radius) ? radius : DEFAULT_RADIUS,
		thematiques: only(THEMATIQUES, search.getAll('thematique')),
		publics: only(PUBLICS, search.getAll('public')),
		modes: only(MODES_ACCUEIL, search.getAll('mode')),
		frais: only(FRAIS, search.getAll('frais')),
		types: only(SERVICE_TYPES, search.getAll('type')),
		situation: situation && LIFE_EVENTS.some((e) => e.slug === situation) ? situation : null,
		exact: search.get('exact') === '1',
		page: Number.isInteger(page) && page >= 1 ? Math.min(page, MAX_PAGE) : 1
	};
}

/** The parameters as a query string, defaults left out so that URLs stay short and canonical. */
export function toSearchParams(params: Partial<PortalParams>): URLSearchParams {
	const out = new URLSearchParams();
	if (params.q) out.set('q', params.q);
	if (params.q && params.exact) out.set('exact', '1');
	if (params.situation) out.set('situation', params.situation);
	if (params.commune) out.set('commune', params.commune);
	if (params.lieu) out.set('lieu', params.lieu);
	if (params.commune || params.lieu) {
		if (params.rayon === null) out.set('rayon', ANY_RADIUS);
		else if (params.rayon !== undefined && params.rayon !== DEFAULT_RADIUS)
			out.set('rayon', String(params.rayon));
	}
	for (const v of params.thematiques ?? []) out.append('thematique', v);
	for (const v of params.publics ?? []) out.append('public', v);
	for (const v of params.modes ?? []) out.append('mode', v);
	for (const v of params.frais ?? []) out.append('frais', v);
	for (const v of params.types ?? []) out.append('type', v);
	if (params.page && params.page > 1) out.set('page', String(params.page));
	return out;
}

export function portalHref(path: string, params: Partial<PortalParams>): string {
	const query = toSearchParams(params).toString();
	return query ? `${path}?${query}` : path;
}

export const hasFilters = (p: PortalParams) =>
	p.thematiques.length + p.publics.length + p.modes.length + p.frais.length + p.types.length > 0;
