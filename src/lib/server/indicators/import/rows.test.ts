import { describe, expect, it } from 'vitest';
import { readCsv, readNumber, unzipCsv, IndicatorFileError } from './read';
import { combine, readRows, toCurrentCommunes } from './rows';
import type { IndicatorMapping } from '../validation';
import { zipSync } from 'fflate';

const value = (v: number) => ({ status: 'value' as const, value: v });
const SECRET = { status: 'secret' as const, value: null };
const MISSING = { status: 'missing' as const, value: null };

const MAPPING: IndicatorMapping = {
	communeColumn: 'CODGEO',
	source: 'Insee',
	vintage: '2022',
	indicators: [
		{
			column: 'POP',
			label: 'Population',
			unit: '',
			method: '',
			period: '2018',
			aggregation: 'sum',
			visibility: 'public',
			blank: 'missing'
		},
		{
			column: 'TP',
			label: 'Taux de pauvreté',
			unit: '%',
			method: '',
			period: '2019',
			aggregation: 'ratio',
			denominator: 'POP',
			visibility: 'public',
			blank: 'secret'
		},
		{
			column: 'MED',
			label: 'Médiane',
			unit: '€',
			method: '',
			period: '2019',
			aggregation: 'none',
			visibility: 'public',
			blank: 'secret'
		}
	]
};

describe('readNumber', () => {
	it('reads decimal commas and points, thousands spaces, and refuses text', () => {
		expect(readNumber('12,5')).toBe(12.5);
		expect(readNumber('12.5')).toBe(12.5);
		expect(readNumber('19\u00a0907')).toBe(19907);
		expect(readNumber('-3')).toBe(-3);
		expect(readNumber('n.d.')).toBeUndefined();
		expect(readNumber('1,2,3')).toBeUndefined();
	});
});

describe('readCsv', () => {
	it('detects the delimiter', () => {
		expect(readCsv(new TextEncoder().encode('a;b\n1;2\n')).table.delimiter).toBe(';');
		expect(readCsv(new TextEncoder().encode('a,b\n1,2\n')).table.delimiter).toBe(',');
	});

	it('decodes a Latin-1 file as Latin-1, never as mojibake', () => {
		const { table, issues } = readCsv(
			new Uint8Array(Buffer.from('Numéro;Libellé\n46042;Cahors é\n', 'latin1'))
		);
		expect(table.header).toEqual(['Numéro', 'Libellé']);
		expect(table.records[0]!.cells).toEqual(['46042', 'Cahors é']);
		expect(table.latin1).toBe(true);
		expect(issues[0]!.message).toContain('Latin-1');
	});

	it('refuses an empty file in French', () => {
		expect(() => readCsv(new Uint8Array())).toThrow('fichier vide : la ligne 1 doit nommer les colonnes');
	});
});

describe('unzipCsv', () => {
	it('takes the data CSV of an archive, not the meta file', () => {
		const zip = zipSync({
			'base.CSV': new TextEncoder().encode('CODGEO;POP\n'),
			'meta_base.CSV': new TextEncoder().encode('COD_VAR\n')
		});
		expect(unzipCsv(zip).name).toBe('base.CSV');
		expect(() => unzipCsv(new Uint8Array([1, 2, 3]))).toThrow(IndicatorFileError);
	});
});

describe('combine (merged communes)', () => {
	it('adds counts, weighs rates by their denominator, refuses to combine medians', () => {
		expect(combine('sum', [value(500), value(443)])).toEqual(value(943));
		// (10 × 100 + 20 × 300) / 400 = 17.5, not (10 + 20) / 2
		expect(combine('ratio', [value(10), value(20)], [value(100), value(300)])).toEqual(value(17.5));
		expect(combine('none', [value(20000), value(21000)])).toBe('not-combinable');
		expect(combine('ratio', [value(10), value(20)])).toBe('not-combinable');
	});

	it('carries secret and missing parts as such, never as 0', () => {
		expect(combine('sum', [value(5), SECRET])).toEqual(SECRET);
		expect(combine('sum', [value(5), MISSING])).toEqual(MISSING);
	});
});

describe('readRows and toCurrentCommunes', () => {
	const table = (lines: string[]) => readCsv(new TextEncoder().encode(lines.join('\n'))).table;

	it('reads blanks by the mapping: missing, or secret', () => {
		const { rows } = readRows(table(['CODGEO;POP;TP;MED', '46002;;;']), MAPPING);
		expect(rows[0]!.values).toEqual([MISSING, SECRET, SECRET]);
	});

	it('carries a merged commune over to its new commune and reports it with its line', () => {
		const { rows } = readRows(
			table(['CODGEO;POP;TP;MED', '46172;500;10;20000', '46217;443;20;21000']),
			MAPPING
		);
		const current = toCurrentCommunes(rows, MAPPING, {
			known: new Set(['46172']),
			former: new Map([['46217', ['46172']]])
		});
		expect(current.rows).toEqual([
			{ code: '46172', line: 2, values: [value(943), value((10 * 500 + 20 * 443) / 943), MISSING] }
		]);
		expect(current.issues.map((i) => `${i.line} ${i.message}`)).toEqual([
			'3 commune 46217 fusionnée dans 46172 : valeurs reportées sur la commune actuelle',
			'2 MED de la commune 46172 : les valeurs des communes fusionnées ne se combinent pas (médiane…) ; valeur manquante'
		]);
	});

	it('reports a former commune split between two and an unknown code, by line', () => {
		const { rows } = readRows(table(['CODGEO;POP;TP;MED', '99999;1;1;1', '46300;1;1;1']), MAPPING);
		const current = toCurrentCommunes(rows, MAPPING, {
			known: new Set(['46033', '46034']),
			former: new Map([['46300', ['46033', '46034']]])
		});
		expect(current.rows).toEqual([]);
		expect(current.issues.map((i) => `${i.line} ${i.message}`)).toEqual([
			'2 code commune inconnu « 99999 » : ligne ignorée',
			'3 commune 46300 partagée entre 46033, 46034 : ligne ignorée, à répartir à la main'
		]);
	});
});
