import type { Translate } from '$lib/i18n';
import type { Locale } from '$lib/i18n/locales';

/**
 * Opening hours are stored as given, in OpenStreetMap opening_hours syntax (data·inclusion horaires_accueil):
 * "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00". The portal reads the common forms out in plain words
 * ("Du lundi au vendredi : 9 h – 12 h et 14 h – 17 h"); anything richer (months, weeks, comments…) returns
 * null and the page shows the text as given rather than risk a wrong reading.
 */
const DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const;
const DAY = '(?:Mo|Tu|We|Th|Fr|Sa|Su)';
const DAY_ITEM = `(?:${DAY}(?:-${DAY})?|PH)`;
const TIME = '(?:[01]?\\d|2[0-4]):[0-5]\\d';
const SPAN = `${TIME}-${TIME}`;
const RULE = new RegExp(`^(?:(${DAY_ITEM}(?:,${DAY_ITEM})*)\\s+)?(${SPAN}(?:,${SPAN})*|off|closed)$`);

export function readableHours(raw: string, locale: Locale, t: Translate): string[] | null {
	const text = raw.trim();
	if (text === '24/7') return [t('portal.hours.always')];
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

function dayNames(locale: Locale) {
	const format = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
		weekday: 'long',
		timeZone: 'UTC'
	});
	// 1 January 2024 was a Monday
	const names = DAYS.map((_, i) => format.format(new Date(Date.UTC(2024, 0, 1 + i))));
	return (code: string) => names[DAYS.indexOf(code as (typeof DAYS)[number])] ?? code;
}

/** 09:00 → "9 h", 12:30 → "12 h 30" in French; "9:00", "12:30" in English. */
function clock(time: string, locale: Locale) {
	const [h, m] = time.split(':') as [string, string];
	const hours = String(Number(h));
	if (locale !== 'fr') return `${hours}:${m}`;
	return m === '00' ? `${hours} h` : `${hours} h ${m}`;
}

function list(items: string[], t: Translate) {
	if (items.length <= 1) return items.join('');
	return `${items.slice(0, -1).join(', ')} ${t('portal.hours.and')} ${items.at(-1)}`;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
