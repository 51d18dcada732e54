import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { categoryOf } from '../codes';
import {
	NAME_BOOST,
	PUBLIC_BOOST,
	WORD_IN_DESCRIPTION,
	WORD_IN_NAME,
	type SearchPage,
	type SearchSpec
} from '../search-spec';
import { SearchIndex, type IndexedService, type QueryTerm } from './index';
import { compareCodeUnits } from './vocabulary';

/**
 * The index's shortcuts (filters decided per code set, totals and facets from live counts per set, the page
 * from each set's documents in name order, a territory's documents as candidates, name tests once per
 * distinct name, removed documents in a set that never passes) against a brute-force reading of the same
 * services, on random services, changes and searches without a point.
 */

const THEMATIQUES = [
	'logement-hebergement--rechercher-une-solution-dhebergement-temporaire',
	'logement-hebergement--louer-un-logement',
	'equipement-et-alimentation--alimentation',
	'famille--surmonter-conflits-separation-violence'
];
const PUBLICS = ['tous-publics', 'jeunes', 'familles', 'femmes'];
const MODES = ['en-presentiel', 'a-distance'];
const FEES = ['gratuit', 'payant'];
const TYPES = ['accompagnement', 'aide-materielle'];
const COMMUNES = ['46042', '46102', '46127', '46309'];
const ZONES = ['46', 'france', '46042', '200023737'];
const NAMES = ['aide alimentaire', 'epicerie solidaire', 'hebergement d urgence', 'accueil de jour', 'aide'];
const STEMS = ['aid', 'alimentair', 'epicer', 'heberg', 'urgenc', 'accueil', 'jour'];

const subset = <T>(values: T[], min = 0) => fc.subarray(values, { minLength: min });

/** Codes of a service: mostly one of a few kinds of offer (so that services share code sets), else any. */
const codesArb = fc.oneof(
	{
		weight: 3,
		arbitrary: fc.constantFrom(
			{
				thematiques: [THEMATIQUES[0]!],
				publics: ['femmes'],
				receptionModes: [MODES[0]!],
				fees: 'gratuit',
				type: null
			},
			{
				thematiques: [THEMATIQUES[2]!],
				publics: ['tous-publics'],
				receptionModes: MODES,
				fees: 'payant',
				type: TYPES[1]!
			},
			{
				thematiques: [THEMATIQUES[1]!, THEMATIQUES[3]!],
				publics: ['jeunes', 'familles'],
				receptionModes: [],
				fees: null,
				type: TYPES[0]!
			}
		)
	},
	{
		weight: 1,
		arbitrary: fc.record({
			thematiques: subset(THEMATIQUES),
			publics: subset(PUBLICS),
			receptionModes: subset(MODES),
			fees: fc.option(fc.constantFrom(...FEES)),
			type: fc.option(fc.constantFrom(...TYPES))
		})
	}
);

const serviceArb = (id: string) =>
	fc
		.record({
			name: fc.constantFrom(...NAMES),
			codes: codesArb,
			communeCode: fc.option(fc.constantFrom(...COMMUNES)),
			eligibilityZone: subset(ZONES),
			nameLexemes: subset(STEMS),
			descriptionLexemes: subset(STEMS)
		})
		.map(({ descriptionLexemes, codes, ...s }): IndexedService => ({
			id,
			latitude: null,
			longitude: null,
			thematiques: [...codes.thematiques],
			publics: [...codes.publics],
			receptionModes: [...codes.receptionModes],
			fees: codes.fees,
			type: codes.type,
			...s,
			lexemes: [...s.nameLexemes, ...descriptionLexemes]
		}));

type Step = { put: IndexedService } | { remove: string };

/** A random history: services put, some replaced, some removed. */
const historyArb = fc
	.array(
		fc
			.tuple(fc.integer({ min: 0, max: 11 }), fc.boolean())
			.chain(([n, remove]) =>
				remove
					? fc.constant<Step>({ remove: `svc-${n}` })
					: serviceArb(`svc-${n}`).map((put): Step => ({ put }))
			),
		{ minLength: 10, maxLength: 60 }
	)
	// searches between changes too: the name order is computed again after each change
	.map((steps) => steps);

/** Filters absent more often than not, so that searches match several services. */
const filterArb = <T>(values: T[]) => fc.option(subset(values, 1), { freq: 2 });

const specArb = fc.record({
	thematiques: fc.array(subset(THEMATIQUES, 1), { maxLength: 1 }),
	publics: filterArb(PUBLICS),
	receptionModes: filterArb(MODES),
	fees: filterArb(FEES),
	types: filterArb(TYPES),
	territory: fc.option(fc.record({ communeCodes: subset(COMMUNES), zoneCodes: subset(ZONES) }), {
		freq: 2
	}),
	boostPublics: subset(PUBLICS),
	limit: fc.integer({ min: 0, max: 12 }),
	offset: fc.integer({ min: 0, max: 4 }),
	facets: fc.boolean(),
	words: fc.option(fc.uniqueArray(fc.constantFrom(...STEMS), { minLength: 1, maxLength: 2 }), { freq: 2 })
});

/** The word typed for a stem: what the name is tested against for the +5. */
const typed = (stem: string) => (stem === 'aid' ? 'aide' : stem);

function bruteForce(
	services: Map<string, IndexedService>,
	s: SearchSpec,
	terms: QueryTerm[] | null
): SearchPage {
	const hasAny = (values: string[], wanted: readonly string[] | null) =>
		wanted === null || values.some((v) => wanted.includes(v));
	const matches: { s: IndexedService; rank: number }[] = [];
	const counts = new Map<string, number>();
	for (const x of services.values()) {
		if (!s.thematiques.every((set) => hasAny(x.thematiques, set))) continue;
		if (!hasAny(x.publics, s.publics) || !hasAny(x.receptionModes, s.receptionModes)) continue;
		if (!hasAny(x.fees ? [x.fees] : [], s.fees) || !hasAny(x.type ? [x.type] : [], s.types)) continue;
		if (
			s.territory &&
			!(x.communeCode && s.territory.communeCodes.includes(x.communeCode)) &&
			!x.eligibilityZone.some((z) => s.territory!.zoneCodes.includes(z))
		)
			continue;
		let rank = 0;
		if (terms) {
			if (!terms.every((t) => x.lexemes.includes(t.lexeme))) continue;
			const inName = terms.filter((t) => x.nameLexemes.includes(t.lexeme)).length;
			rank = inName * WORD_IN_NAME + (terms.length - inName) * WORD_IN_DESCRIPTION;
			if (terms.every((t) => x.name.includes(t.word))) rank += NAME_BOOST;
		}
		if (x.publics.some((p) => s.boostPublics.includes(p))) rank += PUBLIC_BOOST;
		matches.push({ s: x, rank });
		const codes = new Set([
			...x.thematiques.map((t) => `thematique:${t}`),
			...x.thematiques.map((t) => `categorie:${categoryOf(t)}`),
			...x.publics.map((p) => `public:${p}`),
			...x.receptionModes.map((m) => `receptionMode:${m}`),
			...(x.fees ? [`fees:${x.fees}`] : []),
			...(x.type ? [`type:${x.type}`] : [])
		]);
		for (const c of codes) counts.set(c, (counts.get(c) ?? 0) + 1);
	}
	matches.sort(
		(a, b) => b.rank - a.rank || compareCodeUnits(a.s.name, b.s.name) || compareCodeUnits(a.s.id, b.s.id)
	);
	return {
		total: matches.length,
		page: matches.slice(s.offset, s.offset + s.limit).map((m) => ({ id: m.s.id, distance: null })),
		facets: s.facets
			? [...counts].map(([code, n]) => {
					const [f, k] = code.split(':') as [string, string];
					return { f, k, n };
				})
			: []
	};
}

const sortedFacets = (page: SearchPage) =>
	[...page.facets].sort((a, b) => compareCodeUnits(a.f + a.k, b.f + b.k));

describe('SearchIndex shortcuts', () => {
	it('answer like a brute-force reading of the services, after any changes', () => {
		fc.assert(
			fc.property(historyArb, fc.array(specArb, { minLength: 1, maxLength: 4 }), (history, specs) => {
				const index = new SearchIndex();
				const services = new Map<string, IndexedService>();
				history.forEach((step, i) => {
					if ('put' in step) {
						index.put(step.put);
						services.set(step.put.id, step.put);
					} else {
						index.remove(step.remove);
						services.delete(step.remove);
					}
					// a search now and then between changes, and after each removal (the name order is not
					// computed again for a removal alone)
					if (i % 7 !== 0 && !('remove' in step)) return;
					for (const { words, ...rest } of specs) {
						const s: SearchSpec = { ...rest, near: null, text: null };
						const terms = words?.map((w) => ({ word: typed(w), lexeme: w, prefix: false })) ?? null;
						const found = index.search(s, terms);
						const expected = bruteForce(services, s, terms);
						expect(found.total).toBe(expected.total);
						expect(found.page).toEqual(expected.page);
						expect(sortedFacets(found)).toEqual(sortedFacets(expected));
					}
				});
			}),
			{ numRuns: 150 }
		);
	});
});
