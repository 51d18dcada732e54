import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogues } from './index';
import { frenchTypographyErrors } from './typography';

/**
 * French typography in every French catalogue, the registered ones and any *.fr.json file added later: a narrow
 * no-break space (U+202F) before ; : ! ? and inside « ». scripts/french-typography.mjs fixes a catalogue.
 */
const strings = (obj: object, prefix = ''): [string, string][] =>
	Object.entries(obj).flatMap(([k, v]): [string, string][] =>
		typeof v === 'object' && v !== null ? strings(v, `${prefix}${k}.`) : [[`${prefix}${k}`, String(v)]]
	);

const dir = path.resolve('src/lib/i18n/messages');
const frenchFiles = fs.readdirSync(dir).filter((f) => f === 'fr.json' || f.endsWith('.fr.json'));

describe('French typography', () => {
	it('finds the usual mistakes (the checker itself)', () => {
		expect(frenchTypographyErrors('Que cherchez-vous ?')).toHaveLength(1);
		expect(frenchTypographyErrors('Vous cherchiez: x')).toHaveLength(1);
		expect(frenchTypographyErrors('Attention\u00a0!')).toHaveLength(1);
		expect(frenchTypographyErrors('par exemple « logement »')).toHaveLength(2);
		expect(frenchTypographyErrors('un ; deux')).toHaveLength(1);
		expect(frenchTypographyErrors('Gratuit ·Vérifié')).toHaveLength(1);
		expect(frenchTypographyErrors('(démo)— modifier')).toHaveLength(1);
		expect(frenchTypographyErrors('(démo),Maison')).toHaveLength(1);
		// right
		expect(frenchTypographyErrors('Que cherchez-vous\u202f?')).toEqual([]);
		expect(frenchTypographyErrors('« logement »'.replace(/« /, '«\u202f').replace(/ »/, '\u202f»'))).toEqual(
			[]
		);
		expect(frenchTypographyErrors('Gratuit · Vérifié le 3 mars')).toEqual([]);
		// addresses, times, codes and placeholders are not prose
		expect(frenchTypographyErrors('Voir https://m.fr/aide?q=x et 09:00, type:code, {{a}}:{{b}}')).toEqual([]);
	});

	it.each(frenchFiles)('%s: every string', (file) => {
		const catalogue = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as object;
		const wrong = strings(catalogue).flatMap(([key, text]) =>
			frenchTypographyErrors(text).map((e) => `${file} ${key}: ${e}`)
		);
		expect(wrong).toEqual([]);
	});

	it('every French catalogue file is registered', () => {
		const registered = new Set(strings(catalogues.fr).map(([k]) => k));
		for (const file of frenchFiles) {
			const catalogue = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as object;
			const missing = strings(catalogue)
				.map(([k]) => k)
				.filter((k) => !registered.has(k));
			expect(missing, file).toEqual([]);
		}
	});
});
