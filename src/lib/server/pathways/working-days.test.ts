import { describe, expect, it } from 'vitest';
import { addWorkingDays, isPublicHoliday, isWorkingDay, workingDaysBetween } from './working-days';

describe('working days (France, public holidays excluded)', () => {
	it('skips the weekend', () => {
		// Friday 4 December 2026 + 1 → Monday 7
		expect(addWorkingDays('2026-12-04', 1)).toBe('2026-12-07');
		// Monday + 5 → next Monday
		expect(addWorkingDays('2026-12-07', 5)).toBe('2026-12-14');
		// sent on a Saturday: counting starts after it
		expect(addWorkingDays('2026-12-05', 1)).toBe('2026-12-07');
	});

	it('skips Christmas and New Year at the year end', () => {
		expect(isPublicHoliday('2026-12-25')).toBe(true);
		expect(isPublicHoliday('2027-01-01')).toBe(true);
		// Wednesday 23 December 2026 + 5: 24, (25 off), (26-27 weekend), 28, 29, 30, 31
		expect(addWorkingDays('2026-12-23', 5)).toBe('2026-12-31');
		// Thursday 31 December 2026 + 1: (1 Jan off), (2-3 weekend) → Monday 4 January 2027
		expect(addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
	});

	it('skips 1 May, 8 May, Ascension and Whit Monday', () => {
		// 2027: 1 May Saturday, Ascension Thursday 6 May, 8 May Saturday, Whit Monday 17 May
		expect(isWorkingDay('2027-05-06')).toBe(false);
		expect(isWorkingDay('2027-05-17')).toBe(false);
		// Pentecost Sunday is not a working day (Sunday) and Whit Monday is skipped
		// Tuesday 4 May + 5: 5, (6 Ascension), 7, 10, 11, 12
		expect(addWorkingDays('2027-05-04', 5)).toBe('2027-05-12');
		// Friday 14 May + 1 → Tuesday 18 (Whit Monday 17 off)
		expect(addWorkingDays('2027-05-14', 1)).toBe('2027-05-18');
		// 2026: 1 May is a Friday
		expect(addWorkingDays('2026-04-30', 1)).toBe('2026-05-04');
	});

	it('skips 14 July', () => {
		// 2026: 14 July is a Tuesday. Monday 13 + 1 → Wednesday 15
		expect(addWorkingDays('2026-07-13', 1)).toBe('2026-07-15');
		expect(addWorkingDays('2026-07-10', 5)).toBe('2026-07-20');
	});

	it('counts working days between two days', () => {
		expect(workingDaysBetween('2026-12-23', '2026-12-31')).toBe(5);
		expect(workingDaysBetween('2026-12-31', '2026-12-31')).toBe(0);
		expect(workingDaysBetween('2027-01-04', '2026-12-31')).toBe(0);
		expect(workingDaysBetween('2027-05-04', '2027-05-12')).toBe(5);
	});

	it('gives the day itself or the next working day for zero', () => {
		expect(addWorkingDays('2026-12-07', 0)).toBe('2026-12-07');
		expect(addWorkingDays('2026-12-25', 0)).toBe('2026-12-28');
	});
});
