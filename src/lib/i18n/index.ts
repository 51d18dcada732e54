import i18next, { type TFunction } from 'i18next';
import fr from './messages/fr.json';
import en from './messages/en.json';
import { DEFAULT_LOCALE, type Locale } from './locales';

/** One i18next instance, initialised synchronously with both catalogues (they are small and bundled). */
const instance = i18next.createInstance();
void instance.init({
	resources: { fr: { translation: fr }, en: { translation: en } },
	lng: DEFAULT_LOCALE,
	fallbackLng: DEFAULT_LOCALE,
	initAsync: false,
	interpolation: { escapeValue: false },
	returnNull: false
});

export type Translate = TFunction;

export const translator = (locale: Locale): Translate => instance.getFixedT(locale);

/** Dates and numbers follow the interface language. */
export function formatters(locale: Locale) {
	const tag = locale === 'fr' ? 'fr-FR' : 'en-GB';
	const number = new Intl.NumberFormat(tag);
	const date = new Intl.DateTimeFormat(tag, { dateStyle: 'long' });
	const dateTime = new Intl.DateTimeFormat(tag, {
		dateStyle: 'medium',
		timeStyle: 'short',
		timeZone: 'Europe/Paris'
	});
	return {
		number: (n: number) => number.format(n),
		date: (d: Date | string) => date.format(new Date(d)),
		dateTime: (d: Date | string) => dateTime.format(new Date(d))
	};
}
