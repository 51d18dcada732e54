import { describe, expect, it } from 'vitest';
import { CORRECTION_SIMILARITY, transpositions } from '../search-query';
import { compareCodeUnits, lowerBound, similarity, trigrams, Vocabulary } from './vocabulary';

const sorted = (set: Set<string>) => [...set].sort(compareCodeUnits);

describe('trigrams()', () => {
	it('pads like pg_trgm: two spaces before, one after (show_trgm on PostgreSQL 15)', () => {
		expect(sorted(trigrams('urgense'))).toEqual(['  u', ' ur', 'ens', 'gen', 'nse', 'rge', 'se ', 'urg']);
		expect(sorted(trigrams('a1b'))).toEqual(['  a', ' a1', '1b ', 'a1b']);
	});

	it('keeps each trigram once', () => {
		// "  a", " aa", "aaa" (twice), "aa "
		expect(sorted(trigrams('aaaa'))).toEqual(['  a', ' aa', 'aa ', 'aaa']);
	});

	it('gives a one-letter word its two padded trigrams', () => {
		expect(sorted(trigrams('a'))).toEqual(['  a', ' a ']);
	});
});

describe('similarity()', () => {
	it('equals pg_trgm similarity() as float4 (measured on PostgreSQL 15)', () => {
		expect(similarity('urgense', 'urgence')).toBe(Math.fround(0.45454547));
		expect(similarity('acceuil', 'accueil')).toBe(Math.fround(0.33333334));
		// the float4 value, not the float8 quotient 5/11
		expect(similarity('urgense', 'urgence')).not.toBe(5 / 11);
	});

	it('is symmetric, 1 for the same word, 0 without a shared trigram', () => {
		expect(similarity('urgence', 'urgense')).toBe(similarity('urgense', 'urgence'));
		expect(similarity('hebergement', 'hebergement')).toBe(1);
		expect(similarity('loyer', 'impayes')).toBe(0);
	});

	it('gives 9/20 as float4, just below the float8 threshold 0.45', () => {
		// solidaire: 10 trigrams, solidaireepiceries: 19, 9 shared → 9 / (10 + 19 − 9)
		const s = similarity('solidaire', 'solidaireepiceries');
		expect(s).toBe(Math.fround(9 / 20));
		expect(s).toBeLessThan(0.45);
	});
});

describe('Vocabulary.has / hasPrefix', () => {
	const vocabulary = new Vocabulary([
		{ word: 'urgence', frequency: 40 },
		{ word: 'hebergement', frequency: 25 },
		{ word: 'heberge', frequency: 3 },
		{ word: 'loyer', frequency: 9 }
	]);

	it('knows whole words only', () => {
		expect(vocabulary.size).toBe(4);
		expect(vocabulary.has('urgence')).toBe(true);
		expect(vocabulary.has('heberge')).toBe(true);
		expect(vocabulary.has('urgen')).toBe(false);
		expect(vocabulary.has('urgences')).toBe(false);
	});

	it('finds a prefix of a word, whatever the insertion order', () => {
		expect(vocabulary.hasPrefix('heb')).toBe(true);
		expect(vocabulary.hasPrefix('hebergem')).toBe(true);
		expect(vocabulary.hasPrefix('urgence')).toBe(true);
		expect(vocabulary.hasPrefix('l')).toBe(true);
	});

	it('rejects what no word starts with: longer words, inner substrings, gaps between words', () => {
		expect(vocabulary.hasPrefix('urgences')).toBe(false);
		expect(vocabulary.hasPrefix('rgence')).toBe(false);
		// sorts between "heberge" and "hebergement" but starts neither
		expect(vocabulary.hasPrefix('hebergea')).toBe(false);
		// sorts after every word
		expect(vocabulary.hasPrefix('v')).toBe(false);
		expect(vocabulary.hasPrefix('a')).toBe(false);
	});

	it('knows nothing when empty', () => {
		const empty = new Vocabulary([]);
		expect(empty.size).toBe(0);
		expect(empty.has('urgence')).toBe(false);
		expect(empty.hasPrefix('u')).toBe(false);
		expect(empty.hasPrefix('')).toBe(false);
		expect(empty.closest('urgence', 0)).toBeNull();
		expect(empty.correction('acceuil', CORRECTION_SIMILARITY, transpositions('acceuil'))).toBeNull();
	});
});

describe('Vocabulary.closest', () => {
	it('takes the most similar word, before a more frequent one', () => {
		const vocabulary = new Vocabulary([
			{ word: 'urgences', frequency: 100 }, // 5/12 with "urgense"
			{ word: 'urgence', frequency: 1 } // 5/11
		]);
		expect(vocabulary.closest('urgense', 0.4)).toBe('urgence');
	});

	it('applies the threshold: nothing below it', () => {
		const vocabulary = new Vocabulary([{ word: 'urgences', frequency: 100 }]);
		expect(vocabulary.closest('urgense', 0.4)).toBe('urgences');
		expect(vocabulary.closest('urgense', CORRECTION_SIMILARITY)).toBeNull();
		expect(vocabulary.closest('loyer', 0)).toBeNull(); // no shared trigram at all
	});

	it('compares float4 similarities with the float8 threshold, as SQL does', () => {
		// similarity 9/20 as float4 (0.44999998…) fails ">= 0.45::float8"
		const vocabulary = new Vocabulary([{ word: 'solidaireepiceries', frequency: 2 }]);
		expect(vocabulary.closest('solidaire', 0.45)).toBeNull();
		expect(vocabulary.closest('solidaire', Math.fround(0.45))).toBe('solidaireepiceries');
	});

	it('breaks ties on similarity by frequency, then code-unit order', () => {
		// "aider" and "aides" both share 4 of their 6 trigrams with "aide": 4/7
		expect(similarity('aide', 'aider')).toBe(similarity('aide', 'aides'));
		const byFrequency = [
			{ word: 'aider', frequency: 3 },
			{ word: 'aides', frequency: 50 }
		];
		expect(new Vocabulary(byFrequency).closest('aide', 0.45)).toBe('aides');
		expect(new Vocabulary([...byFrequency].reverse()).closest('aide', 0.45)).toBe('aides');
		const sameFrequency = [
			{ word: 'aides', frequency: 7 },
			{ word: 'aider', frequency: 7 }
		];
		expect(new Vocabulary(sameFrequency).closest('aide', 0.45)).toBe('aider');
		expect(new Vocabulary([...sameFrequency].reverse()).closest('aide', 0.45)).toBe('aider');
	});

	it('returns the word itself when it is known', () => {
		const vocabulary = new Vocabulary([
			{ word: 'epicerie', frequency: 1 },
			{ word: 'epiceries', frequency: 90 }
		]);
		expect(vocabulary.closest('epicerie', 0.45)).toBe('epicerie');
	});
});

describe('Vocabulary.correction', () => {
	const vocabulary = new Vocabulary([
		{ word: 'accueil', frequency: 120 },
		{ word: 'impayes', frequency: 30 },
		{ word: 'loyer', frequency: 45 },
		{ word: 'urgence', frequency: 80 },
		{ word: 'alimentaire', frequency: 60 },
		{ word: 'domiciliation', frequency: 12 }
	]);
	const correct = (word: string) => vocabulary.correction(word, CORRECTION_SIMILARITY, transpositions(word));

	it('prefers a trigram match above the threshold', () => {
		expect(correct('urgense')).toBe('urgence');
		expect(correct('alimentair')).toBe('alimentaire');
		expect(correct('domicilation')).toBe('domiciliation');
	});

	it('falls back to a swap of two neighbouring letters when no word is similar enough', () => {
		// 1/3 similarity: below 0.45, but "accueil" is a transposition of "acceuil"
		expect(similarity('acceuil', 'accueil')).toBeLessThan(CORRECTION_SIMILARITY);
		expect(correct('acceuil')).toBe('accueil');
		expect(similarity('imapyes', 'impayes')).toBeLessThan(CORRECTION_SIMILARITY);
		expect(correct('imapyes')).toBe('impayes');
	});

	it('returns null when neither a similar word nor a transposition is known', () => {
		expect(correct('solidaire')).toBeNull();
		expect(correct('xyz')).toBeNull();
	});

	it('takes the most frequent transposition, then the first in code-unit order', () => {
		// "abc": transpositions "bac" and "acb"
		const swaps = transpositions('abc');
		const frequent = new Vocabulary([
			{ word: 'acb', frequency: 2 },
			{ word: 'bac', frequency: 9 }
		]);
		expect(frequent.correction('abc', CORRECTION_SIMILARITY, swaps)).toBe('bac');
		const tied = new Vocabulary([
			{ word: 'bac', frequency: 4 },
			{ word: 'acb', frequency: 4 }
		]);
		expect(tied.correction('abc', CORRECTION_SIMILARITY, swaps)).toBe('acb');
		expect(tied.correction('abc', CORRECTION_SIMILARITY, [...swaps].reverse())).toBe('acb');
	});

	it('ignores swaps that are not words', () => {
		expect(vocabulary.correction('acceuil', CORRECTION_SIMILARITY, ['aecceuil', 'caceuil'])).toBeNull();
	});
});

describe('lowerBound / compareCodeUnits', () => {
	it('orders by UTF-16 code units, not by locale', () => {
		const words = ['epicerie', 'Zebre', 'accueil', '2roues', 'aide'];
		expect([...words].sort(compareCodeUnits)).toEqual(['2roues', 'Zebre', 'accueil', 'aide', 'epicerie']);
		expect(compareCodeUnits('loyer', 'loyer')).toBe(0);
	});

	it('gives the first index whose value is ≥ the one sought', () => {
		const words = ['accueil', 'aide', 'aide', 'loyer', 'urgence'];
		expect(lowerBound(words, '')).toBe(0);
		expect(lowerBound(words, 'accueil')).toBe(0);
		expect(lowerBound(words, 'aide')).toBe(1);
		expect(lowerBound(words, 'aidea')).toBe(3);
		expect(lowerBound(words, 'urgence')).toBe(4);
		expect(lowerBound(words, 'zzz')).toBe(5);
		expect(lowerBound([], 'aide')).toBe(0);
	});
});
