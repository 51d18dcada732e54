/** Dates as people in France read them: « aujourd’hui » is Paris's day, whatever the server's zone. */
const PARIS_DAY = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'Europe/Paris',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit'
});

/** YYYY-MM-DD of this instant in Paris. */
export const parisDay = (at: Date): string => PARIS_DAY.format(at);

/** ISO week of a YYYY-MM-DD day, e.g. 2026-W49 (dedupe keys of weekly reminders). */
export function isoWeek(day: string): string {
	const date = new Date(`${day}T00:00:00Z`);
	const weekday = (date.getUTCDay() + 6) % 7; // Monday = 0
	date.setUTCDate(date.getUTCDate() - weekday + 3); // the Thursday of this week decides the year
	const year = date.getUTCFullYear();
	const firstThursday = new Date(Date.UTC(year, 0, 4));
	const week =
		1 +
		Math.round(
			((date.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) /
				7
		);
	return `${year}-W${String(week).padStart(2, '0')}`;
}

/** 7 décembre 2026, 1er mars 2027 */
export const frenchDate = (day: string): string =>
	new Intl.DateTimeFormat('fr-FR', {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	})
		.format(new Date(`${day}T00:00:00Z`))
		.replace(/^1 /, '1er ');
