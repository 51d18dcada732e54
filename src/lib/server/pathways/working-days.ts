import Holidays from 'date-holidays';

/**
 * Working days for referral deadlines (issue 11 §4): Monday to Friday, French public holidays excluded (metropolitan
 * France, `date-holidays` type « public »: Pentecost Sunday is an observance, Whit Monday counts as a holiday as the
 * library lists it). Days are Paris calendar days written YYYY-MM-DD; the caller turns an instant into its Paris day
 * (`parisDay` of jobs/clock.ts) so a referral sent at 23:30 in Paris counts from that Paris day.
 */

const fr = new Holidays('FR');
const byYear = new Map<number, Set<string>>();

function holidaysOf(year: number): Set<string> {
	let set = byYear.get(year);
	if (!set) {
		set = new Set(
			fr
				.getHolidays(year)
				.filter((h) => h.type === 'public')
				.map((h) => h.date.slice(0, 10))
		);
		byYear.set(year, set);
	}
	return set;
}

const toDate = (day: string) => new Date(`${day}T12:00:00Z`);
const toDay = (d: Date) => d.toISOString().slice(0, 10);

export function isPublicHoliday(day: string): boolean {
	return holidaysOf(Number(day.slice(0, 4))).has(day);
}

export function isWorkingDay(day: string): boolean {
	const weekday = toDate(day).getUTCDay();
	return weekday !== 0 && weekday !== 6 && !isPublicHoliday(day);
}

/** The day `n` working days after `day` (n ≥ 0; n = 0 gives `day` itself or the next working day if it is not one). */
export function addWorkingDays(day: string, n: number): string {
	const d = toDate(day);
	if (n <= 0) {
		while (!isWorkingDay(toDay(d))) d.setUTCDate(d.getUTCDate() + 1);
		return toDay(d);
	}
	let left = n;
	while (left > 0) {
		d.setUTCDate(d.getUTCDate() + 1);
		if (isWorkingDay(toDay(d))) left--;
	}
	return toDay(d);
}

/** Working days strictly after `from` up to and including `to` (0 when `to` ≤ `from`). */
export function workingDaysBetween(from: string, to: string): number {
	if (to <= from) return 0;
	let count = 0;
	const d = toDate(from);
	while (toDay(d) < to) {
		d.setUTCDate(d.getUTCDate() + 1);
		if (isWorkingDay(toDay(d))) count++;
	}
	return count;
}
