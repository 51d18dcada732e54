import { describe, expect, it } from 'vitest';
import { needTitle, normaliseTag, normaliseTags, statusOf } from './rules';

describe('forum rules', () => {
	it('normalises tags: case, spaces, « # », list characters, repeats', () => {
		expect(normaliseTag('  #Mobilité   RURALE ')).toBe('mobilité rurale');
		expect(normaliseTag('a,b{c}"d')).toBe('a b c d');
		expect(normaliseTags(['Santé', 'santé ', '#SANTÉ', '', '  ', 'Logement'])).toEqual(['santé', 'logement']);
	});

	it('derives the status from the dates unless a facilitator set it', () => {
		const s = {
			startsAt: new Date('2026-06-10T14:00:00Z'),
			endsAt: new Date('2026-06-10T16:00:00Z'),
			status: null
		};
		expect(statusOf(s, new Date('2026-06-09T10:00:00Z'))).toBe('upcoming');
		expect(statusOf(s, new Date('2026-06-10T15:00:00Z'))).toBe('ongoing');
		expect(statusOf(s, new Date('2026-06-10T16:00:01Z'))).toBe('ended');
		expect(statusOf({ ...s, status: 'ended' }, new Date('2026-06-09T10:00:00Z'))).toBe('ended');
	});

	it('titles a need with the first line, cut at a word', () => {
		expect(needTitle('\nPas de transport le samedi\nsuite')).toBe('Pas de transport le samedi');
		const long = 'mot '.repeat(60);
		const title = needTitle(long);
		expect(title.length).toBeLessThanOrEqual(120);
		expect(title.endsWith('mot…')).toBe(true);
	});
});
