import OpeningHours from 'opening_hours';
import type { Translate } from '$lib/i18n';
import type { Locale } from '$lib/i18n/locales';

/**
 * Opening hours are stored as given, in OpenStreetMap opening_hours syntax (data·inclusion horaires_accueil):
 * "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00". The portal reads the common forms out in plain words
 * ("Du lundi au vendredi, 9 h – 12 h et 14 h – 17 h"); anything richer (months, weeks, comments…) returns
 * null and the page shows the text as given rather than risk a wrong reading.
 *
 * Whether the place is open now (« Ouvert maintenant, ferme à 17 h », « Fermé, ouvre lundi à 8 h 30 ») is
 * computed by the OpenStreetMap `opening_hours` library, on the wall clock of Europe/Paris, with the French
 * public holidays (PH).
 */
const DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const;
const DAY = '(?:Mo|Tu|We|Th|Fr|Sa|Su)';
const DAY_ITEM = `(?:${DAY}(?:-${DAY})?|PH)`;
const TIME = '(?:[01]?\\d|2[0-4]):[0-5]\\d';
const SPAN = `${TIME}-${TIME}`;
const RULE = new RegExp(`^(?:(${DAY_ITEM}(?:,${DAY_ITEM})*)\\s+)?(${SPAN}(?:,${SPAN})*|off|closed)$`);

/** No-break space: "8 h 30" never breaks across lines. */
const NBSP = '\u00a0';

export function readableHours(raw: string, locale: Locale, t: Translate): string[] | null {
	const text = raw.trim();
	if (text === '24/7') return [capitalise(t('portal.hours.always'))];
	const rules = text
		.split(';')
		.map((r) => r.trim())
		.filter(Boolean);
	if (rules.length === 0 || rules.length > 10) return null;
	const weekday = dayNames(locale);
	const lines: string[] = [];
	for (const rule of rules) {
		const m = RULE.exec(rule);
		if (!m) return null;
		const [, daySel, timeSel] = m;
		const days = daySel
			? list(
					daySel.split(',').map((item) => {
						if (item === 'PH') return t('portal.hours.holidays');
						const [from, to] = item.split('-') as [string, string | undefined];
						return to ? t('portal.hours.range', { from: weekday(from), to: weekday(to) }) : weekday(from);
					}),
					t
				)
			: t('portal.hours.everyDay');
		const times =
			timeSel === 'off' || timeSel === 'closed'
				? t('portal.hours.closed')
				: list(
						timeSel!.split(',').map((span) => {
							const [a, b] = span.split('-') as [string, string];
							return `${clock(a, locale)} – ${clock(b, locale)}`;
						}),
						t
					);
		lines.push(t('portal.hours.line', { days: capitalise(days), times }));
	}
	return lines;
}

/** What the hours mean right now, for a card or a sheet. */
export interface OpenState {
	open: boolean;
	/** « Ouvert maintenant, ferme à 17 h », « Fermé, ouvre lundi à 8 h 30 »… */
	label: string;
}

/**
 * Parsed with the French public holidays: the library needs a country (and a region, unused for France) to
 * know which days "PH" means. Coordinates of Cahors; they only matter for sunrise/sunset rules.
 */
const FRANCE = { lat: 44.4475, lon: 1.4419, address: { country_code: 'fr', state: 'Occitanie' } };

/** The Europe/Paris wall-clock time of `instant`, as a Date whose local fields carry it (what the library reads). */
function parisWallClock(instant: Date): Date {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-GB', {
			timeZone: 'Europe/Paris',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
			hourCycle: 'h23'
		})
			.formatToParts(instant)
			.map((p) => [p.type, p.value])
	) as Record<string, string>;
	return new Date(
		Number(parts.year),
		Number(parts.month) - 1,
		Number(parts.day),
		Number(parts.hour),
		Number(parts.minute),
		Number(parts.second)
	);
}

const dayNumber = (d: Date) => Math.floor(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / 86_400_000);

/**
 * Open or closed at `now` (an instant; read in Europe/Paris), and when that changes. null when the text is
 * not opening_hours syntax or the state is unknown ("sur rendez-vous", comments): better say nothing.
 */
export function openState(raw: string | null, now: Date, locale: Locale, t: Translate): OpenState | null {
	if (!raw || !raw.trim()) return null;
	let oh: OpeningHours;
	try {
		oh = new OpeningHours(raw.trim(), FRANCE, { locale: 'fr', mode: 0 } as never);
	} catch {
		return null;
	}
	const wall = parisWallClock(now);
	try {
		if (oh.getUnknown(wall)) return null;
		const open = oh.getState(wall);
		// look one week and a day ahead: beyond that, "ferme le 3 mars" helps no one
		const limit = new Date(wall.getTime() + 8 * 86_400_000);
		const next = oh.getNextChange(wall, limit);
		if (!next) return { open, label: t(open ? 'portal.hours.openNow' : 'portal.hours.closedNow') };
		const when = whenOf(next, wall, locale, t);
		return {
			open,
			label: t(open ? 'portal.hours.openUntil' : 'portal.hours.closedUntil', when)
		};
	} catch {
		return null;
	}
}

/** Cards of a result list with their "open now" line (the service's own hours; none: no line). */
export function withOpenState<T extends { openingHours?: string | null }>(
	items: T[],
	now: Date,
	locale: Locale,
	t: Translate
): (T & { open: OpenState | null })[] {
	return items.map((item) => ({ ...item, open: openState(item.openingHours ?? null, now, locale, t) }));
}

function whenOf(next: Date, wall: Date, locale: Locale, t: Translate) {
	const days = dayNumber(next) - dayNumber(wall);
	const time = clock(`${next.getHours()}:${String(next.getMinutes()).padStart(2, '0')}`, locale);
	const weekday = dayNames(locale)(DAYS[(next.getDay() + 6) % 7]!);
	const day =
		days === 0
			? ''
			: days === 1
				? t('portal.hours.tomorrow')
				: days < 7
					? weekday
					: t('portal.hours.nextWeekday', { day: weekday });
	return { time, day: day ? `${day} ` : '' };
}

function dayNames(locale: Locale) {
	const format = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
		weekday: 'long',
		timeZone: 'UTC'
	});
	// 1 January 2024 was a Monday
	const names = DAYS.map((_, i) => format.format(new Date(Date.UTC(2024, 0, 1 + i))));
	return (code: string) => names[DAYS.indexOf(code as (typeof DAYS)[number])] ?? code;
}

/** 09:00 → "9 h", 12:30 → "12 h 30" in French (no-break spaces); "9:00", "12:30" in English. */
function clock(time: string, locale: Locale) {
	const [h, m] = time.split(':') as [string, string];
	const hours = String(Number(h));
	if (locale !== 'fr') return `${hours}:${m}`;
	return m === '00' ? `${hours}${NBSP}h` : `${hours}${NBSP}h${NBSP}${m}`;
}

function list(items: string[], t: Translate) {
	if (items.length <= 1) return items.join('');
	return `${items.slice(0, -1).join(', ')} ${t('portal.hours.and')} ${items.at(-1)}`;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
