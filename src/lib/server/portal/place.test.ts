import { describe, expect, it } from 'vitest';
import { editDistance, isTypoOf } from './place';

describe('typos of a place name', () => {
	it('counts letters added, removed or changed', () => {
		expect(editDistance('figeak', 'figeac')).toBe(1);
		expect(editDistance('cahor', 'cahors')).toBe(1);
		expect(editDistance('zzzzville', 'villeneuve')).toBeGreaterThan(4);
	});

	it('takes one letter off for a short name, two from eight letters, and two neighbours swapped', () => {
		expect(isTypoOf('figeak', 'figeac')).toBe(true);
		expect(isTypoOf('fiegac', 'figeac')).toBe(true);
		expect(isTypoOf('figuak', 'figeac')).toBe(false);
		expect(isTypoOf('souilak', 'souillac')).toBe(true);
		expect(isTypoOf('gramatt', 'gramat')).toBe(true);
		expect(isTypoOf('zzzzville', 'vauxville')).toBe(false);
		expect(isTypoOf('lot', 'lit')).toBe(false);
	});
});
