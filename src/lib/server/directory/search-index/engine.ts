import { CORRECTION_SIMILARITY, transpositions } from '../search-query';
import type { WordCheck } from '../search-sql';
import type { SearchPage, SearchSpec } from '../search-spec';
import type { ReadyIndex } from './handle';
import type { QueryTerm } from './index';
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
	let terms: QueryTerm[] | null = null;
	if (spec.text) {
		const { words, prefixLast } = spec.text;
		const stems = await ready.stem(words);
		terms = [];
		for (const [i, word] of words.entries()) {
			const lexemes = stems.get(word) ?? [];
			if (lexemes.length !== 1) return null;
			terms.push({ word, lexeme: lexemes[0]!, prefix: prefixLast && i === words.length - 1 });
		}
	}
	return ready.index.search(spec, terms);
}
