import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, csvText } from './csv';

const read = (text: string, delimiter = ',') => parse(text, { delimiter }) as string[][];

describe('csvCell: formula injection (OWASP)', () => {
	it.each([
		[
			'=HYPERLINK("https://evil.example";"Cliquez ici")',
			'\'=HYPERLINK("https://evil.example";"Cliquez ici")'
		],
		["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
		['-2+3+cmd|x', "'-2+3+cmd|x"],
		['@SUM(A1:A9)', "'@SUM(A1:A9)"],
		['\t=1+1', "'\t=1+1"],
		['\r=1+1', "'\r=1+1"],
		['=', "'="]
	])('%j is prefixed with a quote', (value, cell) => {
		expect(csvCell(value)).toBe(cell);
	});

	it.each([
		'Épicerie solidaire de Souillac',
		'Aide = soutien',
		'05 65 53 48 00',
		"'=déjà neutralisé",
		'',
		'-1.44',
		'+33',
		'-0,5',
		'1e308'
	])('%j stays as it is (text, or a plain number)', (value) => {
		expect(csvCell(value)).toBe(value);
	});

	it('writes numbers, booleans, lists and absent values', () => {
		expect(csvCell(-1.4417)).toBe('-1.4417');
		expect(csvCell(true)).toBe('true');
		expect(csvCell(null)).toBe('');
		expect(csvCell(undefined)).toBe('');
		expect(csvCell(['fr', 'en'])).toBe('fr|en');
		expect(csvCell(['=1', 'x'])).toBe("'=1|x");
	});
});

describe('csvText', () => {
	it('neutralises every cell, header included, and quotes what CSV needs', () => {
		const text = csvText([
			['name', '=evil'],
			['@SUM(1;2)', 'a, "b"\nc']
		]);
		expect(read(text)).toEqual([
			['name', "'=evil"],
			["'@SUM(1;2)", 'a, "b"\nc']
		]);
	});

	it('French spreadsheet variant: BOM, semicolons, CRLF', () => {
		const text = csvText([['Thématique', '+cmd']], { delimiter: ';', recordDelimiter: '\r\n', bom: true });
		expect(text).toBe("\uFEFFThématique;'+cmd\r\n");
	});
});

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(full);
		return /\.(ts|js|svelte)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [full] : [];
	});
}

describe('every CSV goes through the shared writer', () => {
	it('no module but src/lib/server/csv.ts imports csv-stringify', () => {
		const writers = [...sourceFiles(path.resolve('src')), ...sourceFiles(path.resolve('bin'))]
			.filter((file) => /from ['"]csv-stringify/.test(fs.readFileSync(file, 'utf8')))
			.map((file) => path.relative(process.cwd(), file));
		expect(writers).toEqual([path.join('src', 'lib', 'server', 'csv.ts')]);
	});
});
