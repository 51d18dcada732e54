import { describe, expect, it } from 'vitest';
import { frenchDate, isoWeek, parisDay } from './clock';

describe('dates as read in France', () => {
	it('takes today as the Paris day, summer and winter', () => {
		expect(parisDay(new Date('2026-11-30T23:30:00Z'))).toBe('2026-12-01');
		expect(parisDay(new Date('2026-07-14T21:59:00Z'))).toBe('2026-07-14');
		expect(parisDay(new Date('2026-07-14T22:00:00Z'))).toBe('2026-07-15');
	});

	it('numbers ISO weeks across year ends', () => {
		expect(isoWeek('2026-12-07')).toBe('2026-W50');
		expect(isoWeek('2027-01-03')).toBe('2026-W53');
		expect(isoWeek('2027-01-04')).toBe('2027-W01');
		expect(isoWeek('2024-12-30')).toBe('2025-W01');
		expect(isoWeek('2021-01-03')).toBe('2020-W53');
	});

	it('writes dates in words, « 1er » for the first of the month', () => {
		expect(frenchDate('2026-12-07')).toBe('7 décembre 2026');
		expect(frenchDate('2027-03-01')).toBe('1er mars 2027');
		expect(frenchDate('2027-03-11')).toBe('11 mars 2027');
	});
});
