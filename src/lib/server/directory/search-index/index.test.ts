import { describe, expect, it } from 'vitest';
import type { FacetRow, Point, SearchPage, SearchSpec } from '../search-spec';
import { SearchIndex, type IndexedService, type QueryTerm } from './index';
import { seededRandom } from '../../testing/random';

// ---------------------------------------------------------------------------------------------------------
// Ten services of the Lot. Names are accent-free (name_normalized); lexemes are French snowball stems.

const CAHORS = { latitude: 44.4475, longitude: 1.441 };
const FIGEAC = { latitude: 44.6086, longitude: 2.0317 };
const GOURDON = { latitude: 44.7375, longitude: 1.3833 };
const SOUILLAC = { latitude: 44.8967, longitude: 1.4753 };
const PARIS = { latitude: 48.8566, longitude: 2.3522 };

const HEBERGEMENT = 'logement-hebergement--rechercher-une-solution-dhebergement-temporaire';
const ALIMENTATION = 'equipement-et-alimentation--alimentation';
const VIOLENCES = 'famille--surmonter-conflits-separation-violence';
const PARENTALITE = 'famille--soutien-a-la-parentalite-et-a-leducation';
const BUDGET = 'difficultes-financieres--ameliorer-sa-gestion-budgetaire';
const IMPAYES = 'logement-hebergement--reduire-les-impayes-de-loyer';
const DEMARCHES = 'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives';
const SANTE_MENTALE = 'sante--sante-mentale';

function service(
	id: string,
	name: string,
	place: Point | null,
	communeCode: string | null,
	fields: Partial<IndexedService> & { nameLexemes: string[]; descriptionLexemes: string[] }
): IndexedService {
	const { descriptionLexemes, ...rest } = fields;
	return {
		id,
		name,
		latitude: place?.latitude ?? null,
		longitude: place?.longitude ?? null,
		communeCode,
		fees: 'gratuit',
		type: 'accompagnement',
		thematiques: [],
		publics: ['tous-publics'],
		receptionModes: ['en-presentiel'],
		eligibilityZone: communeCode ? [communeCode] : [],
		...rest,
		lexemes: [...fields.nameLexemes, ...descriptionLexemes]
	};
}

const SERVICES: IndexedService[] = [
	service('svc-01', 'hebergement d urgence du lot', CAHORS, '46042', {
		thematiques: [HEBERGEMENT],
		publics: ['personnes-en-situation-durgence'],
		nameLexemes: ['heberg', 'urgenc', 'lot'],
		descriptionLexemes: ['nuit', 'accueil', 'person']
	}),
	service('svc-02', 'epicerie solidaire', FIGEAC, '46102', {
		thematiques: [ALIMENTATION],
		fees: 'payant',
		type: 'aide-materielle',
		nameLexemes: ['epicer', 'solidair'],
		descriptionLexemes: ['aliment', 'aid', 'urgenc', 'prix']
	}),
	service('svc-03', 'aide alimentaire d urgence', GOURDON, '46127', {
		thematiques: [ALIMENTATION],
		publics: ['personnes-en-situation-durgence', 'familles'],
		type: 'aide-materielle',
		nameLexemes: ['aid', 'alimentair', 'urgenc'],
		descriptionLexemes: ['aliment', 'colis', 'orient', 'heberg']
	}),
	service('svc-04', 'accueil familles souillac', SOUILLAC, '46309', {
		// two thématiques of one category: "famille" counts this service once
		thematiques: [VIOLENCES, PARENTALITE],
		publics: ['familles'],
		receptionModes: ['en-presentiel', 'a-distance'],
		nameLexemes: ['accueil', 'famill', 'souillac'],
		descriptionLexemes: ['violenc', 'parent', 'ecout']
	}),
	service('svc-05', 'domiciliation postale', null, '46042', {
		thematiques: [DEMARCHES],
		nameLexemes: ['domicili', 'postal'],
		descriptionLexemes: ['adress', 'courri', 'abri']
	}),
	service('svc-06', 'point conseil budget', FIGEAC, '46102', {
		thematiques: [BUDGET, IMPAYES],
		receptionModes: ['en-presentiel', 'a-distance'],
		eligibilityZone: ['46'],
		nameLexemes: ['point', 'conseil', 'budget'],
		descriptionLexemes: ['impai', 'loyer', 'det']
	}),
	service('svc-07', 'ecoute sante mentale', PARIS, '75056', {
		thematiques: [SANTE_MENTALE],
		receptionModes: ['a-distance'],
		type: 'information',
		eligibilityZone: ['france'],
		nameLexemes: ['ecout', 'sant', 'mental'],
		descriptionLexemes: ['telephon', 'anonym']
	}),
	service('svc-08', 'hebergement temporaire jeunes', FIGEAC, '46102', {
		thematiques: [HEBERGEMENT],
		publics: ['jeunes'],
		fees: 'payant',
		type: 'aide-materielle',
		nameLexemes: ['heberg', 'temporair', 'jeun'],
		descriptionLexemes: ['urgenc', 'log']
	}),
	service('svc-09', 'heberger en urgence', { latitude: 44.4492, longitude: 1.4365 }, '46042', {
		thematiques: [HEBERGEMENT],
		publics: ['personnes-en-situation-durgence', 'femmes'],
		nameLexemes: ['heberg', 'urgenc'],
		descriptionLexemes: ['femm', 'violenc']
	}),
	service('svc-10', 'epicerie solidaire', { latitude: 44.446, longitude: 1.442 }, '46042', {
		thematiques: [ALIMENTATION],
		fees: 'payant',
		type: 'aide-materielle',
		nameLexemes: ['epicer', 'solidair'],
		descriptionLexemes: ['aliment', 'produit']
	})
];

/** Every service in (name, id) order: the order of a search without text or point. */
const BY_NAME = [
	'svc-04',
	'svc-03',
	'svc-05',
	'svc-07',
	'svc-02',
	'svc-10',
	'svc-01',
	'svc-08',
	'svc-09',
	'svc-06'
];

function build(services: IndexedService[] = SERVICES): SearchIndex {
	const index = new SearchIndex();
	for (const s of services) index.put(s);
	return index;
}

function spec(overrides: Partial<SearchSpec> = {}): SearchSpec {
	return {
		thematiques: [],
		publics: null,
		receptionModes: null,
		fees: null,
		types: null,
		territory: null,
		near: null,
		text: null,
		boostPublics: [],
		limit: 100,
		offset: 0,
		facets: false,
		...overrides
	};
}

const word = (w: string, lexeme: string, prefix = false): QueryTerm => ({ word: w, lexeme, prefix });
const HEBERGEMENT_URGENCE = [word('hebergement', 'heberg'), word('urgence', 'urgenc')];
const near = (point: Point, km: number) => ({ point, metres: km * 1000, covering: [] });
const ids = (page: SearchPage) => page.page.map((e) => e.id);
const facet = (page: SearchPage, f: string, k: string) =>
	page.facets.find((r) => r.f === f && r.k === k)?.n ?? 0;

/** Great-circle distance on earthdistance's sphere, from 3-D unit vectors (not the haversine formula). */
function chordDistance(p: Point, latitude: number, longitude: number): number {
	const R = 6378168;
	const v = (lat: number, lon: number) => {
		const [a, b] = [(lat * Math.PI) / 180, (lon * Math.PI) / 180];
		return [Math.cos(a) * Math.cos(b), Math.cos(a) * Math.sin(b), Math.sin(a)];
	};
	const [x, y] = [v(p.latitude, p.longitude), v(latitude, longitude)];
	const chord = Math.hypot(x[0]! - y[0]!, x[1]! - y[1]!, x[2]! - y[2]!);
	return 2 * R * Math.asin(chord / 2);
}

// ---------------------------------------------------------------------------------------------------------

describe('SearchIndex: text', () => {
	const index = build();

	it('ANDs the words: every term must be in the service', () => {
		const page = index.search(spec(), [word('epicerie', 'epicer'), word('urgence', 'urgenc')]);
		expect(ids(page)).toEqual(['svc-02']);
		expect(page.total).toBe(1);
		expect(index.search(spec(), [word('epicerie', 'epicer')]).total).toBe(2);
		expect(index.search(spec(), [word('maraude', 'maraud')])).toEqual({ total: 0, page: [], facets: [] });
	});

	it('ranks 10 per word in the name, 4 in the description, +5 when the name holds every word', () => {
		// svc-01: 10 + 10 + 5 ("hebergement" and "urgence" in its name) = 25
		// svc-09: 10 + 10, "heberger en urgence" lacks "hebergement" = 20
		// svc-03 (urgence in name, hebergement in description), svc-08 (the reverse): 14, then by name
		const page = index.search(spec(), HEBERGEMENT_URGENCE);
		expect(ids(page)).toEqual(['svc-01', 'svc-09', 'svc-03', 'svc-08']);
		expect(page.total).toBe(4);
		expect(page.page.every((e) => e.distance === null)).toBe(true);
	});

	it('adds 1 for a service aimed at one of the boosted publics', () => {
		// svc-08 (jeunes) 15 passes svc-03 14, but not svc-09 20
		const page = index.search(spec({ boostPublics: ['jeunes'] }), HEBERGEMENT_URGENCE);
		expect(ids(page)).toEqual(['svc-01', 'svc-09', 'svc-08', 'svc-03']);
		// without text only the boost ranks: svc-08 first, the others by name
		const all = index.search(spec({ boostPublics: ['jeunes', 'seniors'] }), null);
		expect(ids(all)).toEqual(['svc-08', ...BY_NAME.filter((id) => id !== 'svc-08')]);
	});

	it('matches every lexeme a prefix term starts, once per service', () => {
		// "alim": aliment (svc-02, svc-03, svc-10 descriptions) and alimentair (svc-03 name)
		// svc-03: 10 + 5 ("alim" in its name); svc-02 and svc-10: 4, same name, then id
		const page = index.search(spec(), [word('alim', 'alim', true)]);
		expect(ids(page)).toEqual(['svc-03', 'svc-02', 'svc-10']);
		expect(page.total).toBe(3);
	});

	it('combines a full word with a prefix term', () => {
		// svc-03: aid and urgenc in its name (20 + 5); svc-02: both in the description (8)
		const page = index.search(spec(), [word('aide', 'aid'), word('urg', 'urg', true)]);
		expect(ids(page)).toEqual(['svc-03', 'svc-02']);
		// the same lexeme without the prefix flag matches nothing
		expect(index.search(spec(), [word('aide', 'aid'), word('urg', 'urg')]).total).toBe(0);
	});

	it('gives the +5 only when the name holds every word as typed', () => {
		// both have the two stems in their name (20); only the second holds "hebergement" and "urgence"
		const small = build([
			service('a', 'abri heberge en urgence', CAHORS, '46042', {
				nameLexemes: ['abri', 'heberg', 'urgenc'],
				descriptionLexemes: []
			}),
			service('b', 'centre d hebergement d urgence', CAHORS, '46042', {
				nameLexemes: ['centr', 'heberg', 'urgenc'],
				descriptionLexemes: []
			})
		]);
		expect(ids(small.search(spec(), HEBERGEMENT_URGENCE))).toEqual(['b', 'a']);
	});

	it('keeps the name flag of any lexeme a prefix term matches', () => {
		// "a": alimentair in its name, aliment in its description; "b": alimentair in its name only
		const small = build([
			service('a', 'colis alimentaires', CAHORS, '46042', {
				nameLexemes: ['colis', 'alimentair'],
				descriptionLexemes: ['aliment']
			}),
			service('b', 'epicerie alimentaire', CAHORS, '46042', {
				nameLexemes: ['epicer', 'alimentair'],
				descriptionLexemes: []
			}),
			service('c', 'repas solidaires', CAHORS, '46042', {
				nameLexemes: ['rep', 'solidair'],
				descriptionLexemes: ['aliment']
			})
		]);
		// a and b: 10 + 5, by name; c: 4
		expect(ids(small.search(spec(), [word('alim', 'alim', true)]))).toEqual(['a', 'b', 'c']);
	});

	it('breaks rank ties by distance, then name, then id', () => {
		// from Figeac, svc-08 (0 km) passes svc-03 (Gourdon) although its name comes later
		const fromFigeac = index.search(spec({ near: near(FIGEAC, 100) }), HEBERGEMENT_URGENCE);
		expect(ids(fromFigeac)).toEqual(['svc-01', 'svc-09', 'svc-08', 'svc-03']);
		// two "epicerie solidaire": by id without a point (whatever the insertion order), nearest with one
		const reversed = build([...SERVICES].reverse());
		const epicerie = [word('epicerie', 'epicer')];
		expect(ids(reversed.search(spec(), epicerie))).toEqual(['svc-02', 'svc-10']);
		expect(ids(reversed.search(spec({ near: near(CAHORS, 80) }), epicerie))).toEqual(['svc-10', 'svc-02']);
		// equal rank and distance (three services in Figeac): by name
		const figeac = index.search(spec({ near: near(FIGEAC, 1) }), null);
		expect(ids(figeac)).toEqual(['svc-02', 'svc-08', 'svc-06']);
	});
});

describe('SearchIndex: radius', () => {
	const index = build();

	it('keeps services within the radius, nearest first, with exact distances', () => {
		const within30 = index.search(spec({ near: near(CAHORS, 30) }), null);
		expect(ids(within30)).toEqual(['svc-01', 'svc-10', 'svc-09']);
		const within80 = index.search(spec({ near: near(CAHORS, 80) }), null);
		// Gourdon (~33 km), then Figeac and Souillac (~50 km)
		expect(new Set(ids(within80))).toEqual(
			new Set(['svc-01', 'svc-10', 'svc-09', 'svc-03', 'svc-02', 'svc-06', 'svc-08', 'svc-04'])
		);
		expect(within80.total).toBe(8);
		const byId = new Map(SERVICES.map((s) => [s.id, s]));
		let previous = -1;
		for (const { id, distance } of within80.page) {
			const s = byId.get(id)!;
			expect(Math.abs(distance! - chordDistance(CAHORS, s.latitude!, s.longitude!))).toBeLessThan(1);
			expect(distance!).toBeGreaterThanOrEqual(previous);
			previous = distance!;
		}
	});

	it('puts a service ~50 km away out at 30 km and in at 80 km', () => {
		const figeac = chordDistance(CAHORS, FIGEAC.latitude, FIGEAC.longitude);
		expect(figeac).toBeGreaterThan(45_000);
		expect(figeac).toBeLessThan(55_000);
		const text = [word('epicerie', 'epicer')];
		expect(ids(index.search(spec({ near: near(CAHORS, 30) }), text))).toEqual(['svc-10']);
		const in80 = index.search(spec({ near: near(CAHORS, 80) }), text);
		expect(ids(in80)).toEqual(['svc-10', 'svc-02']);
		expect(in80.page[1]!.distance).toBeCloseTo(figeac, 0);
	});

	it('leaves out services without coordinates, even with a radius covering France', () => {
		const page = index.search(spec({ near: near(CAHORS, 1000) }), null);
		expect(page.total).toBe(9);
		expect(ids(page)).not.toContain('svc-05');
		expect(ids(page).at(-1)).toBe('svc-07'); // Paris, ~500 km
		// without a point it is found
		expect(ids(index.search(spec(), [word('domiciliation', 'domicili')]))).toEqual(['svc-05']);
	});
});

describe('SearchIndex: filters', () => {
	const index = build();
	const find = (overrides: Partial<SearchSpec>) => ids(index.search(spec(overrides), null));

	it('thématiques: OR within a set, AND between sets', () => {
		expect(find({ thematiques: [[HEBERGEMENT, ALIMENTATION]] })).toEqual([
			'svc-03',
			'svc-02',
			'svc-10',
			'svc-01',
			'svc-08',
			'svc-09'
		]);
		expect(find({ thematiques: [[HEBERGEMENT], [ALIMENTATION]] })).toEqual([]);
		expect(find({ thematiques: [[BUDGET], [IMPAYES, HEBERGEMENT]] })).toEqual(['svc-06']);
		// a code no service has
		expect(find({ thematiques: [['sante--addictions']] })).toEqual([]);
		expect(find({ thematiques: [[SANTE_MENTALE, 'sante--addictions']] })).toEqual(['svc-07']);
	});

	it('publics, reception modes, fees and types: at least one value of each list', () => {
		expect(find({ publics: ['jeunes', 'femmes'] })).toEqual(['svc-08', 'svc-09']);
		expect(find({ receptionModes: ['a-distance'] })).toEqual(['svc-04', 'svc-07', 'svc-06']);
		expect(find({ fees: ['payant'] })).toEqual(['svc-02', 'svc-10', 'svc-08']);
		expect(find({ types: ['information'] })).toEqual(['svc-07']);
		expect(find({ publics: ['tous-publics'], fees: ['gratuit'] })).toEqual(['svc-05', 'svc-07', 'svc-06']);
		expect(find({ publics: [] })).toEqual([]);
	});

	it('combines filters with text and radius', () => {
		const page = index.search(
			spec({ near: near(CAHORS, 30), publics: ['femmes', 'jeunes'] }),
			HEBERGEMENT_URGENCE
		);
		expect(ids(page)).toEqual(['svc-09']);
	});

	it('counts a service once when its thématique is listed twice', () => {
		const index = build([{ ...SERVICES[0]!, thematiques: [HEBERGEMENT, HEBERGEMENT] }]);
		const page = index.search(spec({ thematiques: [[HEBERGEMENT]], facets: true }), null);
		expect(page.total).toBe(1);
		expect(ids(page)).toEqual(['svc-01']);
		expect(facet(page, 'thematique', HEBERGEMENT)).toBe(1);
	});

	it('territory: located in one of the communes, or eligible in one of the zones', () => {
		// Cahors: its services (svc-05 has no coordinates, but its commune), and svc-06 (eligible in the Lot)
		const cahors = { communeCodes: ['46042'], zoneCodes: ['46042', '46'] };
		expect(find({ territory: cahors })).toEqual(['svc-05', 'svc-10', 'svc-01', 'svc-09', 'svc-06']);
		// a national service once "france" is among the zones
		const withFrance = { ...cahors, zoneCodes: [...cahors.zoneCodes, 'france'] };
		expect(find({ territory: withFrance })).toEqual([
			'svc-05',
			'svc-07',
			'svc-10',
			'svc-01',
			'svc-09',
			'svc-06'
		]);
		// by commune alone: svc-06 is in Figeac but its zone is the Lot
		expect(find({ territory: { communeCodes: ['46102'], zoneCodes: [] } })).toEqual([
			'svc-02',
			'svc-08',
			'svc-06'
		]);
		// by zone alone (svc-04's eligibility zone is its commune)
		expect(find({ territory: { communeCodes: [], zoneCodes: ['46309'] } })).toEqual(['svc-04']);
		expect(find({ territory: { communeCodes: ['31555'], zoneCodes: ['31'] } })).toEqual([]);
	});
});

describe('SearchIndex: facets and paging', () => {
	const index = build();

	it('counts each facet value over the matching services, a category once per service', () => {
		const page = index.search(spec({ facets: true, limit: 0 }), null);
		expect(page.total).toBe(10);
		expect(facet(page, 'categorie', 'famille')).toBe(1); // svc-04, with two famille thématiques
		expect(facet(page, 'thematique', VIOLENCES)).toBe(1);
		expect(facet(page, 'thematique', PARENTALITE)).toBe(1);
		expect(facet(page, 'categorie', 'logement-hebergement')).toBe(4);
		expect(facet(page, 'thematique', HEBERGEMENT)).toBe(3);
		expect(facet(page, 'categorie', 'equipement-et-alimentation')).toBe(3);
		expect(facet(page, 'fees', 'gratuit')).toBe(7);
		expect(facet(page, 'fees', 'payant')).toBe(3);
		expect(facet(page, 'receptionMode', 'en-presentiel')).toBe(9);
		expect(facet(page, 'receptionMode', 'a-distance')).toBe(3);
		expect(facet(page, 'public', 'tous-publics')).toBe(5);
		expect(facet(page, 'type', 'aide-materielle')).toBe(4);
		expect(page.facets.every((r: FacetRow) => r.n > 0)).toBe(true);
	});

	it('counts only what the query matches', () => {
		const page = index.search(spec({ facets: true }), HEBERGEMENT_URGENCE);
		expect(facet(page, 'thematique', HEBERGEMENT)).toBe(3);
		expect(facet(page, 'thematique', ALIMENTATION)).toBe(1);
		expect(facet(page, 'public', 'personnes-en-situation-durgence')).toBe(3);
		expect(facet(page, 'categorie', 'famille')).toBe(0);
		expect(page.facets.some((r) => r.k === 'famille')).toBe(false);
		// no facets unless asked
		expect(index.search(spec({ facets: false }), HEBERGEMENT_URGENCE).facets).toEqual([]);
	});

	it('pages with offset and limit, the total unchanged', () => {
		const page = index.search(spec({ offset: 2, limit: 3 }), null);
		expect(ids(page)).toEqual(BY_NAME.slice(2, 5));
		expect(page.total).toBe(10);
		expect(ids(index.search(spec({ offset: 8, limit: 5 }), null))).toEqual(['svc-09', 'svc-06']);
		expect(ids(index.search(spec({ offset: 20, limit: 5 }), null))).toEqual([]);
	});

	it('gives counts only with limit 0', () => {
		const page = index.search(spec({ limit: 0, facets: true, near: near(CAHORS, 30) }), HEBERGEMENT_URGENCE);
		expect(page.page).toEqual([]);
		expect(page.total).toBe(2); // svc-01, svc-09
		expect(facet(page, 'thematique', HEBERGEMENT)).toBe(2);
	});
});

describe('SearchIndex: changes', () => {
	it('put() of an existing id replaces the service', () => {
		const index = build();
		const old = SERVICES[0]!;
		index.put({
			...old,
			name: 'maison relais',
			lexemes: ['maison', 'relai'],
			nameLexemes: ['maison', 'relai'],
			latitude: GOURDON.latitude,
			longitude: GOURDON.longitude
		});
		expect(index.size).toBe(10);
		expect(ids(index.search(spec(), HEBERGEMENT_URGENCE))).toEqual(['svc-09', 'svc-03', 'svc-08']);
		expect(ids(index.search(spec(), [word('maison', 'maison')]))).toEqual(['svc-01']);
		expect(ids(index.search(spec({ near: near(CAHORS, 5) }), null))).toEqual(['svc-10', 'svc-09']);
		expect(ids(index.search(spec({ near: near(GOURDON, 1) }), null))).toEqual(['svc-03', 'svc-01']);
		expect(index.search(spec({ limit: 0 }), null).total).toBe(10);
	});

	it('orders by name and finds new lexemes after changes made between searches', () => {
		const index = build();
		expect(ids(index.search(spec({ near: near(CAHORS, 0.1) }), null))).toEqual(['svc-01']);
		expect(index.hasTerm('jour', true)).toBe(false);
		// same place as svc-01, a name that sorts before it, a lexeme no service had
		index.put(
			service('svc-11', 'accueil de jour', CAHORS, '46042', {
				nameLexemes: ['accueil', 'jour'],
				descriptionLexemes: ['douch']
			})
		);
		expect(ids(index.search(spec({ near: near(CAHORS, 0.1) }), null))).toEqual(['svc-11', 'svc-01']);
		expect(index.hasTerm('jour', true)).toBe(true);
		expect(ids(index.search(spec(), [word('jo', 'jo', true)]))).toEqual(['svc-11']);
	});

	it('remove() takes a service out of text, filter, radius and facets', () => {
		const index = build();
		index.remove('svc-09');
		expect(index.size).toBe(9);
		expect(ids(index.search(spec(), HEBERGEMENT_URGENCE))).toEqual(['svc-01', 'svc-03', 'svc-08']);
		expect(ids(index.search(spec({ publics: ['femmes'] }), null))).toEqual([]);
		expect(ids(index.search(spec({ near: near(CAHORS, 30) }), null))).toEqual(['svc-01', 'svc-10']);
		const counts = index.search(spec({ facets: true, limit: 0 }), null);
		expect(counts.total).toBe(9);
		expect(facet(counts, 'thematique', HEBERGEMENT)).toBe(2);
		expect(facet(counts, 'public', 'femmes')).toBe(0);
		// an unknown id, or one already removed: nothing changes
		index.remove('svc-99');
		index.remove('svc-09');
		expect(index.size).toBe(9);
	});

	it('hasTerm(): whole lexeme or prefix, only for services still there', () => {
		const index = build();
		expect(index.hasTerm('heberg', false)).toBe(true);
		expect(index.hasTerm('heb', false)).toBe(false);
		expect(index.hasTerm('heb', true)).toBe(true);
		expect(index.hasTerm('hebergement', true)).toBe(false);
		expect(index.hasTerm('zz', true)).toBe(false);
		// "mental" is svc-07's alone
		expect(index.hasTerm('ment', true)).toBe(true);
		index.remove('svc-07');
		expect(index.hasTerm('mental', false)).toBe(false);
		expect(index.hasTerm('ment', true)).toBe(false);
		index.put(SERVICES[6]!);
		expect(index.hasTerm('ment', true)).toBe(true);
		expect(ids(index.search(spec(), [word('mentale', 'mental')]))).toEqual(['svc-07']);
	});
});

// ---------------------------------------------------------------------------------------------------------
// markCellOrder(): a build in cell order must answer radius searches exactly as an unordered one.

/** The grid cell of load.ts (cells.ts): 0.2° cells numbered row by row. */
const cellOf = (latitude: number, longitude: number) =>
	Math.floor((latitude + 90) / 0.2) * 1800 + Math.floor((longitude + 180) / 0.2);

/** Services spread over the Lot and around it (several cell rows and columns), 5% without coordinates. */
function generated(random: () => number, n: number, prefix = 'gen'): IndexedService[] {
	const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
	const stems = ['heberg', 'urgenc', 'aliment', 'aid', 'accueil', 'loyer', 'epicer', 'solidair', 'famill'];
	return Array.from({ length: n }, (_, i) => {
		const located = random() >= 0.05;
		const place = located ? { latitude: 44 + random() * 1.2, longitude: 0.8 + random() * 1.6 } : null;
		const stem = pick(stems);
		return {
			...service(
				`${prefix}-${String(i).padStart(3, '0')}`,
				`service ${stem} ${i % 7}`,
				place,
				pick(['46042', '46102', '46127', '46309']),
				{
					thematiques: [pick([HEBERGEMENT, ALIMENTATION, VIOLENCES, BUDGET])],
					publics: [pick(['tous-publics', 'jeunes', 'familles'])],
					nameLexemes: [stem],
					descriptionLexemes: [pick(stems), pick(stems)]
				}
			),
			cell: place ? cellOf(place.latitude, place.longitude) : null
		};
	});
}

/** In cell order, those without a cell last (as load.ts reads them). */
const inCellOrder = (services: IndexedService[]) =>
	[...services].sort((a, b) => (a.cell ?? Infinity) - (b.cell ?? Infinity) || (a.id < b.id ? -1 : 1));

function shuffled<T>(random: () => number, values: T[]): T[] {
	const out = [...values];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[out[i], out[j]] = [out[j]!, out[i]!];
	}
	return out;
}

const sortedFacets = (page: SearchPage) =>
	[...page.facets].sort((a, b) => (a.f + a.k < b.f + b.k ? -1 : a.f + a.k > b.f + b.k ? 1 : 0));

/** Searches around several points of the Lot, with and without text and filters. */
function queries(): [SearchSpec, QueryTerm[] | null][] {
	const points = [CAHORS, FIGEAC, GOURDON, SOUILLAC, { latitude: 44.1, longitude: 0.85 }];
	const out: [SearchSpec, QueryTerm[] | null][] = [];
	for (const point of points)
		for (const km of [1, 5, 12, 30, 80, 200]) {
			out.push([spec({ near: near(point, km), limit: 20, facets: true }), null]);
			out.push([spec({ near: near(point, km), limit: 10 }), [word('urgence', 'urgenc')]]);
			out.push([
				spec({ near: near(point, km), limit: 5, offset: 3, thematiques: [[HEBERGEMENT, BUDGET]] }),
				[word('aide', 'aid'), word('al', 'al', true)]
			]);
		}
	return out;
}

function expectSameAnswers(ordered: SearchIndex, unordered: SearchIndex, services: IndexedService[]) {
	for (const [s, terms] of queries()) {
		const a = ordered.search(s, terms);
		const b = unordered.search(s, terms);
		expect(a.total).toBe(b.total);
		expect(a.page).toEqual(b.page);
		expect(sortedFacets(a)).toEqual(sortedFacets(b));
		if (!terms && !s.thematiques.length) {
			// and the count agrees with a brute-force scan (± 1 m for rounding)
			const { point } = s.near!;
			const metres = s.near!.metres!;
			expect(a.total).toBeGreaterThanOrEqual(within(services, point, metres - 1));
			expect(a.total).toBeLessThanOrEqual(within(services, point, metres + 1));
		}
	}
}

const within = (services: IndexedService[], point: Point, metres: number) =>
	services.filter((x) => x.latitude !== null && chordDistance(point, x.latitude, x.longitude!) <= metres)
		.length;

describe('SearchIndex.markCellOrder', () => {
	it('answers radius searches like an index built without it', () => {
		const random = seededRandom(46);
		const services = generated(random, 400);
		const ordered = build(inCellOrder(services));
		ordered.markCellOrder();
		const unordered = build(shuffled(random, services));
		expectSameAnswers(ordered, unordered, services);
		// the queries do find something
		expect(ordered.search(spec({ near: near(CAHORS, 30), limit: 0 }), null).total).toBeGreaterThan(10);
	});

	it('still finds services put, replaced or removed after the build', () => {
		const random = seededRandom(7);
		const services = generated(random, 300);
		const ordered = build(inCellOrder(services));
		ordered.markCellOrder();
		const unordered = build(services);
		// new services, and existing ones moved elsewhere (their cell no longer matches their old slot)
		const moved = services.slice(0, 40).map((s, i) => {
			const place = i % 2 ? CAHORS : FIGEAC;
			return { ...s, ...place, cell: cellOf(place.latitude, place.longitude) };
		});
		const added = generated(random, 60, 'new');
		for (const s of [...moved, ...added]) {
			ordered.put(s);
			unordered.put(s);
		}
		// a located service of the cell-ordered part, removed
		const removed = services.slice(40).find((s) => s.latitude !== null)!;
		const aroundRemoved = spec({
			near: near({ latitude: removed.latitude!, longitude: removed.longitude! }, 1)
		});
		expect(ids(ordered.search(aroundRemoved, null))).toContain(removed.id);
		ordered.remove(removed.id);
		unordered.remove(removed.id);
		expect(ids(ordered.search(aroundRemoved, null))).not.toContain(removed.id);
		const current = [...moved, ...services.slice(40).filter((s) => s !== removed), ...added];
		expectSameAnswers(ordered, unordered, current);
		const atFigeac = ids(ordered.search(spec({ near: near(FIGEAC, 0.5) }), null));
		expect(atFigeac).toEqual(expect.arrayContaining(moved.filter((_, i) => i % 2 === 0).map((s) => s.id)));
	});

	it('throws when the documents are not in cell order', () => {
		const index = new SearchIndex();
		index.put({ ...SERVICES[1]!, cell: cellOf(FIGEAC.latitude, FIGEAC.longitude) });
		index.put({ ...SERVICES[0]!, cell: cellOf(CAHORS.latitude, CAHORS.longitude) }); // a lower row
		expect(() => index.markCellOrder()).toThrow(/cell order/);
	});

	it('treats a service without a cell as last', () => {
		const withoutCell = new SearchIndex();
		withoutCell.put({ ...SERVICES[4]!, cell: null });
		withoutCell.put({ ...SERVICES[0]!, cell: cellOf(CAHORS.latitude, CAHORS.longitude) });
		expect(() => withoutCell.markCellOrder()).toThrow(/cell order/);
		const absentLast = new SearchIndex();
		absentLast.put({ ...SERVICES[0]!, cell: cellOf(CAHORS.latitude, CAHORS.longitude) });
		absentLast.put(SERVICES[4]!); // no cell at all
		expect(() => absentLast.markCellOrder()).not.toThrow();
		expect(ids(absentLast.search(spec({ near: near(CAHORS, 1) }), null))).toEqual(['svc-01']);
	});
});

describe('when a rebuild pays off', () => {
	it('is wasteful once a quarter of the numbers are dead, and at least a thousand', () => {
		const lot = (i: number) =>
			service(`ccas-${i}`, `ccas de cahors ${i}`, CAHORS, '46042', {
				nameLexemes: ['ccas', 'cahor'],
				descriptionLexemes: ['aid']
			});
		const index = new SearchIndex();
		for (let i = 0; i < 3_000; i++) index.put(lot(i));
		// a few edits of a small or large index: carry the dead numbers
		for (let i = 0; i < 999; i++) index.put(lot(i));
		expect(index.wasteful).toBe(false);
		expect(index.size).toBe(3_000);
		// 1,500 dead of 4,500 numbers: a third
		for (let i = 999; i < 1_500; i++) index.put(lot(i));
		expect(index.wasteful).toBe(true);
		expect(index.size).toBe(3_000);
	});
});
