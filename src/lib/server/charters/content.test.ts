import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	canonicalJson,
	formatEuros,
	parseDecimal,
	sanitizeSection,
	sectionText,
	sumDecimals
} from './content';
import { TEMPLATE_KEYS, templateContent } from './templates';
import { frenchTypographyErrors } from '../../i18n/typography';
import { translator } from '../../i18n/index';

describe('exact euros', () => {
	it('reads French and plain amounts without floating point', () => {
		expect(parseDecimal('12 500,50')).toBe('12500.50');
		expect(parseDecimal('12\u202f500,5 €')).toBe('12500.50');
		expect(parseDecimal('0,1')).toBe('0.10');
		expect(parseDecimal('007')).toBe('7.00');
		expect(parseDecimal('999999999999,99')).toBe('999999999999.99');
		for (const bad of ['', '1,234', '-5', '1e3', '12.345', '1 000 000 000 000', 'douze', '1,2,3'])
			expect(parseDecimal(bad)).toBeNull();
	});

	it('sums through cents: 0.10 + 0.20 = 0.30, whatever the amounts', () => {
		expect(sumDecimals(['0.10', '0.20'])).toBe('0.30');
		expect(sumDecimals([])).toBe('0.00');
		// beyond what a double holds exactly (2^53 cents)
		expect(sumDecimals(Array.from({ length: 100 }, () => '999999999999.99'))).toBe('99999999999999.00');
		expect(sumDecimals(['999999999999.99', '0.01', '0.10', '0.20'])).toBe('1000000000000.30');
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 0, max: 99_999_999_999 }), { maxLength: 20 }), (cents) => {
				const strings = cents.map((c) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`);
				const total = cents.reduce((a, c) => a + BigInt(c), 0n);
				expect(sumDecimals(strings)).toBe(`${total / 100n}.${String(total % 100n).padStart(2, '0')}`);
			})
		);
	});

	it('writes amounts the French way', () => {
		expect(formatEuros('12500.50')).toBe('12\u202f500,50\u00a0€');
	});
});

describe('sanitisation', () => {
	it('keeps the allow-list and drops scripts, handlers and javascript: links', () => {
		const html = sanitizeSection(
			'<h3>Titre</h3><p onclick="x()">Un <b>mot</b> <a href="javascript:alert(1)">piège</a> <a href="mailto:copil@lot.fr">écrire</a></p><script>alert(1)</script><iframe src="https://x"></iframe><svg onload="y()"></svg>'
		);
		expect(html).toBe(
			'<h3>Titre</h3><p>Un <strong>mot</strong> <a>piège</a> <a href="mailto:copil@lot.fr">écrire</a></p>'
		);
		expect(sectionText('<p>A &amp; B</p><ul><li>un</li><li>deux</li></ul>')).toBe('A & B\n• un\n• deux');
	});
});

describe('canonical serialisation', () => {
	it('does not depend on key order', () => {
		expect(canonicalJson({ b: 1, a: [{ d: 'é', c: null }] })).toBe(
			canonicalJson({ a: [{ c: null, d: 'é' }], b: 1 })
		);
	});
});

describe('templates', () => {
	it.each(TEMPLATE_KEYS)('%s has all eight sections in correct French typography', (key) => {
		const content = templateContent(key, ['p1', 'p2']);
		expect(Object.values(content.sections).every((s) => s.length > 50)).toBe(true);
		expect(content.commitments).toHaveLength(2);
		for (const s of [content.title, ...Object.values(content.sections).map(sectionText)])
			expect(frenchTypographyErrors(s)).toEqual([]);
		expect(sanitizeSection(content.sections.objectifs)).toBe(content.sections.objectifs);
	});
});

describe('messages', () => {
	it('field and conflict messages resolve for forms and the API', () => {
		const t = translator('fr');
		expect(t('validation.charters.dateOrder')).toMatch(/postérieure/);
		expect(t('errors.charters.frozen')).toMatch(/figée/);
		expect(translator('en')('errors.charters.frozen')).toMatch(/frozen/);
	});
});
