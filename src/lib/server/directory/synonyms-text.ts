import { queryWords } from './search-query';
import type { TextAlternative, TextSpec } from './search-spec';

/**
 * The synonym list of the field (ADR 010), pure half: the shipped groups, and how a query's words become
 * groups of alternatives (search-spec.ts TextSpec). The stored, per-territory half is synonyms.ts.
 */

/** Groups of equivalent terms shipped with Maillage; territories add theirs (search_synonyms). */
export const DEFAULT_SYNONYMS: readonly (readonly string[])[] = [
	['VIF', 'violences intrafamiliales', 'violences conjugales', 'violences familiales'],
	['manger', 'alimentaire', 'alimentation', 'nourriture', 'repas', 'colis alimentaire', 'épicerie solidaire'],
	['CAF', 'allocations familiales', 'caisse d’allocations familiales'],
	['CPAM', 'assurance maladie', 'sécurité sociale'],
	['logement', 'hébergement', 'logé', 'loger'],
	['hébergement d’urgence', 'mise à l’abri', '115', 'sans abri', 'SDF'],
	['addiction', 'addictologie', 'drogue', 'alcool', 'cannabis', 'CSAPA', 'toxicomanie'],
	['cours de français', 'ateliers de français', 'apprendre le français', 'FLE', 'alphabétisation'],
	['RSA', 'revenu de solidarité active', 'minima sociaux'],
	['ASE', 'aide sociale à l’enfance', 'protection de l’enfance'],
	['PMI', 'protection maternelle et infantile'],
	['MDPH', 'handicap'],
	['APA', 'allocation personnalisée d’autonomie'],
	['CSS', 'complémentaire santé solidaire', 'mutuelle'],
	['dettes', 'surendettement', 'endettement', 'impayés'],
	['emploi', 'travail', 'boulot'],
	['psy', 'psychologue', 'psychiatrie', 'santé mentale'],
	['vêtements', 'vestiaire', 'habits'],
	['numérique', 'informatique', 'ordinateur', 'internet'],
	['démarches', 'papiers', 'administratif'],
	['jeune', 'jeunes', 'jeunesse', 'mission locale'],
	['personnes âgées', 'seniors', 'aînés'],
	['victime', 'victimes', 'aide aux victimes']
];

/**
 * Words that French full text leaves out (a subset of PostgreSQL's french.stop): a term is matched on its
 * other words, as the query's stop words are left out before matching.
 */
const STOP = new Set(
	'au aux avec ce ces dans de des du elle en et eux il je la le les leur lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous'.split(
		' '
	)
);

/** The words of a term that take part in full text: accent-free, stop words left out. */
export const termWords = (term: string) => queryWords(term).filter((w) => !STOP.has(w));

/**
 * A rough French singular, to match a query's words with a term's: "conjugales" and "conjugal",
 * "violences" and "violence" meet; stemming proper happens in the database.
 */
export function matchKey(word: string): string {
	let w = word;
	if (w.length > 3 && /[sx]$/.test(w)) w = w.slice(0, -1);
	if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
	return w;
}

/** Most alternatives a group may take: bounds the cost of a query. */
export const MAX_ALTERNATIVES = 12;

type Groups = readonly (readonly string[])[];

/**
 * A synonym list read once: its terms' words, the terms by the match keys of their words, the longest term.
 * Normalizing a hundred terms cost more than the rest of a search in memory, and every search did it twice:
 * kept per list (synonyms.ts hands out the same list object while its cache entry lives).
 */
interface PreparedGroups {
	terms: string[][][];
	byKey: Map<string, number[]>;
	longest: number;
	words: ReadonlySet<string>;
}
const preparedLists = new WeakMap<Groups, PreparedGroups>();

function prepared(groups: Groups): PreparedGroups {
	let ready = preparedLists.get(groups);
	if (ready) return ready;
	const terms = groups.map((g) => g.map((term) => termWords(term)).filter((t) => t.length > 0));
	const byKey = new Map<string, number[]>();
	let longest = 1;
	terms.forEach((group, g) => {
		for (const t of group) {
			const key = t.map(matchKey).join(' ');
			byKey.set(key, [...(byKey.get(key) ?? []), g]);
			longest = Math.max(longest, t.length);
		}
	});
	const words = new Set(terms.flat(2));
	preparedLists.set(groups, (ready = { terms, byKey, longest, words }));
	return ready;
}

/** Every word of every term (accent-free): such words are known, never "corrected" into another word. */
export function synonymWords(groups: Groups): ReadonlySet<string> {
	return prepared(groups).words;
}

/**
 * The text of a query: `words` (accent-free, corrected, stop words left out) read left to right; where the
 * longest run of words is a term of the synonym list, that run becomes one group whose alternatives are the
 * words as typed and every term of every group holding it; other words are groups of their own. The last
 * word typed is a prefix when `prefixLast`, in the alternative that holds it as typed.
 */
export function textWithSynonyms(words: string[], prefixLast: boolean, groups: Groups): TextSpec {
	const { terms, byKey, longest } = prepared(groups);
	const keys = words.map(matchKey);
	const out: TextAlternative[][] = [];
	for (let i = 0; i < words.length;) {
		let n = Math.min(longest, words.length - i);
		let found: number[] | undefined;
		for (; n >= 1; n--) if ((found = byKey.get(keys.slice(i, i + n).join(' ')))) break;
		const run = found ? n : 1;
		const typed = {
			words: words.slice(i, i + run),
			prefix: prefixLast && i + run === words.length
		};
		const alternatives = [typed];
		// the words as typed stand for themselves (as a prefix too, if the last)
		const seen = new Set([typed.words.join(' ')]);
		for (const g of found ?? [])
			for (const t of terms[g]!) {
				const key = t.join(' ');
				if (seen.has(key) || alternatives.length >= MAX_ALTERNATIVES) continue;
				seen.add(key);
				alternatives.push({ words: [...t], prefix: false });
			}
		out.push(alternatives);
		i += run;
	}
	return { words, groups: out };
}
