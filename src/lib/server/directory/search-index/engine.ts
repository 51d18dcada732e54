import { CORRECTION_SIMILARITY, transpositions } from '../search-query';
import type { WordCheck } from '../search-sql';
import type { SearchPage, SearchSpec } from '../search-spec';
import type { ReadyIndex } from './handle';
import type { QueryTerm, QueryText } from './index';
import type { Vocabulary } from './vocabulary';

/**
 * The index engine: the same answers as search-sql.ts's checkWords() and searchBySql(), from memory.
 * Returns null when it cannot answer exactly alike (a word whose French analysis gives no lexeme or several):
 * the caller then asks SQL.
 */

export async function checkWordsInIndex(
	ready: ReadyIndex,
	words: string[],
	lastIsPrefix: boolean
): Promise<WordCheck[]> {
	const stems = await ready.stem(words);
	return words.map((word, i) => {
		const prefix = lastIsPrefix && i === words.length - 1;
		const lexemes = stems.get(word) ?? [];
		const stop = lexemes.length === 0;
		const known =
			(prefix ? ready.vocabulary.hasPrefix(word) : ready.vocabulary.has(word)) ||
			(!stop && lexemes.every((lexeme) => ready.index.hasTerm(lexeme, prefix)));
		const suggestion = stop || known || word.length < 3 ? null : correctionOf(ready.vocabulary, word);
		return { word, stop, known, suggestion };
	});
}

/** Corrections already made, per vocabulary (a new one comes with each change of words): typos come back. */
const corrections = new WeakMap<Vocabulary, Map<string, string | null>>();
const MAX_CORRECTIONS_KEPT = 10_000;

function correctionOf(vocabulary: Vocabulary, word: string): string | null {
	let made = corrections.get(vocabulary);
	if (!made || made.size >= MAX_CORRECTIONS_KEPT) corrections.set(vocabulary, (made = new Map()));
	let corrected = made.get(word);
	if (corrected === undefined) {
		corrected = vocabulary.correction(word, CORRECTION_SIMILARITY, transpositions(word));
		made.set(word, corrected);
	}
	return corrected;
}

export async function searchInIndex(ready: ReadyIndex, spec: SearchSpec): Promise<SearchPage | null> {
	let text: QueryText | null = null;
	if (spec.text) {
		const { words, groups } = spec.text;
		const stems = await ready.stem([...new Set(groups.flat().flatMap((alt) => alt.words))]);
		const termGroups: QueryTerm[][][] = [];
		for (const alternatives of groups) {
			const group: QueryTerm[][] = [];
			for (const alt of alternatives) {
				const terms: QueryTerm[] = [];
				for (const [i, word] of alt.words.entries()) {
					const lexemes = stems.get(word) ?? [];
					// a stop word inside a synonym: to_tsquery() leaves it out of the AND, and so does the index
					if (lexemes.length === 0 && alternatives.length > 1) continue;
					// a query word of no lexeme or several: SQL answers (to_tsquery's own way with them)
					if (lexemes.length !== 1) return null;
					terms.push({ word, lexeme: lexemes[0]!, prefix: alt.prefix && i === alt.words.length - 1 });
				}
				if (terms.length) group.push(terms);
			}
			if (group.length === 0) return null;
			termGroups.push(group);
		}
		text = { words, groups: termGroups };
	}
	return ready.index.search(spec, text);
}
