import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { decodeText } from '../../directory/import/read';
import type { ImportIssue } from './types';

export interface CsvTable {
	header: string[];
	/** data lines; `line` is the line number in the file (the header is line 1) */
	records: { line: number; cells: string[] }[];
	delimiter: ';' | ',';
	latin1: boolean;
}

/** The CSV entry of a .zip (the Insee comparateur ships its data file beside a `meta_` file). */
export function unzipCsv(bytes: Uint8Array): { name: string; bytes: Uint8Array } {
	let entries: Record<string, Uint8Array>;
	try {
		entries = unzipSync(bytes);
	} catch {
		throw new IndicatorFileError('archive .zip illisible');
	}
	const csv = Object.keys(entries)
		.filter((name) => /\.csv$/i.test(name) && !/(^|\/)meta_/i.test(name))
		.sort();
	if (csv.length !== 1)
		throw new IndicatorFileError(
			csv.length === 0
				? 'aucun fichier CSV de données dans l’archive .zip'
				: `plusieurs fichiers CSV dans l’archive .zip (${csv.join(', ')}) : extrayez celui à importer`
		);
	return { name: csv[0]!, bytes: entries[csv[0]!]! };
}

/** A file that cannot be read at all (its message says why, in French). */
export class IndicatorFileError extends Error {}

/** `;` (French spreadsheets) or `,`: whichever splits the header into more columns. */
function detectDelimiter(firstLine: string): ';' | ',' {
	return firstLine.split(';').length >= firstLine.split(',').length ? ';' : ',';
}

/** Bytes → header and records; UTF-8 or, when the bytes are not valid UTF-8, Latin-1 (never mojibake). */
export function readCsv(bytes: Uint8Array): { table: CsvTable; issues: ImportIssue[] } {
	const { text, latin1 } = decodeText(bytes);
	const body = text.replace(/^\uFEFF/, '');
	const firstLine = body.slice(0, body.search(/\r?\n|$/));
	if (firstLine.trim() === '')
		throw new IndicatorFileError('fichier vide : la ligne 1 doit nommer les colonnes');
	const delimiter = detectDelimiter(firstLine);
	let raw: { record: string[]; info: { lines: number } }[];
	try {
		raw = parseCsv(body, {
			delimiter,
			relax_column_count: true,
			skip_empty_lines: true,
			info: true,
			trim: true
		}) as unknown as typeof raw;
	} catch (error) {
		if (error instanceof CsvError) throw new IndicatorFileError(`CSV mal formé : ${error.message}`);
		throw error;
	}
	const [head, ...rest] = raw;
	const issues: ImportIssue[] = latin1
		? [
				{
					line: null,
					level: 'warning',
					message: 'fichier lu en Latin-1 (Windows-1252) : il n’est pas en UTF-8'
				}
			]
		: [];
	return {
		table: {
			header: head!.record,
			records: rest.map((r) => ({ line: r.info.lines, cells: r.record })),
			delimiter,
			latin1
		},
		issues
	};
}

/**
 * A cell as a number: decimal comma or point, spaces as thousands separators; undefined when it is not one.
 * With `,` as delimiter a decimal comma can only come quoted, so both are read the same way.
 */
export function readNumber(cell: string): number | undefined {
	const compact = cell.replace(/[\s\u00a0\u202f]/g, '');
	if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)(e[+-]?\d+)?$/i.test(compact)) return undefined;
	const value = Number(compact.replace(',', '.'));
	return Number.isFinite(value) ? value : undefined;
}
