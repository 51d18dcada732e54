import { describe, expect, it } from 'vitest';
import { transpositions } from './search-query';

describe('transpositions()', () => {
	it('swaps each pair of neighbouring letters, in order', () => {
		expect(transpositions('loyer')).toEqual(['olyer', 'lyoer', 'loeyr', 'loyre']);
		expect(transpositions('acceuil')).toContain('accueil');
		expect(transpositions('imapyes')).toContain('impayes');
	});

	it('gives length − 1 words when no neighbours are equal', () => {
		const words = transpositions('hebergement');
		expect(words).toHaveLength('hebergement'.length - 1);
		for (const w of words) {
			expect(w).toHaveLength('hebergement'.length);
			expect([...w].sort().join('')).toBe([...'hebergement'].sort().join(''));
			expect(w).not.toBe('hebergement');
		}
	});

	it('skips equal neighbours (a swap would give the word back)', () => {
		expect(transpositions('accueil')).not.toContain('accueil');
		expect(transpositions('aa')).toEqual([]);
		expect(transpositions('aab')).toEqual(['aba']);
	});

	it('lists distinct words, even with repeated letters', () => {
		expect(transpositions('abab')).toEqual(['baab', 'aabb', 'abba']);
		// the middle "bb" is skipped
		expect(transpositions('abba')).toEqual(['baba', 'abab']);
		const words = transpositions('solidaire');
		expect(new Set(words).size).toBe(words.length);
	});

	it('gives nothing for words shorter than two letters', () => {
		expect(transpositions('')).toEqual([]);
		expect(transpositions('a')).toEqual([]);
	});
});
