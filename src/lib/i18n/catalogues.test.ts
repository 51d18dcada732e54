import { describe, expect, it } from 'vitest';
import { catalogues, formatters, translator } from './index';

const { fr, en } = catalogues;
import { negotiateLocale } from './locales';

const keys = (obj: object, prefix = ''): string[] =>
	Object.entries(obj).flatMap(([k, v]) =>
		typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]
	);

describe('message catalogues', () => {
	it('French and English have the same keys', () => {
		expect(keys(en).sort()).toEqual(keys(fr).sort());
	});

	it('French text uses typographic apostrophes, not straight ones', () => {
		const straight = keys(fr).filter((k) =>
			/[A-Za-zÀ-ÿ]'[A-Za-zÀ-ÿ]/.test(k.split('.').reduce((o: never, p) => o[p], fr as never))
		);
		expect(straight).toEqual([]);
	});

	it('pluralises and interpolates per language', () => {
		expect(translator('fr')('territories.resultCount', { count: 1, q: 'Figeac' })).toBe(
			'1 résultat pour «\u202fFigeac\u202f»'
		);
		expect(translator('fr')('territories.resultCount', { count: 3, q: 'Figeac' })).toBe(
			'3 résultats pour «\u202fFigeac\u202f»'
		);
		expect(translator('en')('territories.resultCount', { count: 3, q: 'Figeac' })).toBe(
			'3 results for “Figeac”'
		);
	});

	it('formats numbers and dates per locale', () => {
		// French groups thousands with a narrow no-break space
		expect(formatters('fr').number(176473)).toBe('176\u202f473');
		expect(formatters('en').number(176473)).toBe('176,473');
		expect(formatters('fr').date('2026-11-24T12:00:00Z')).toBe('24 novembre 2026');
		expect(formatters('en').date('2026-11-24T12:00:00Z')).toBe('24 November 2026');
	});

	it('negotiates the language from Accept-Language, French by default', () => {
		expect(negotiateLocale('en-GB,en;q=0.9,fr;q=0.8')).toBe('en');
		expect(negotiateLocale('de-DE,fr;q=0.5')).toBe('fr');
		expect(negotiateLocale(null)).toBe('fr');
	});
});
