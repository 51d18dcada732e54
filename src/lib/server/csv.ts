import { stringify } from 'csv-stringify/sync';

/**
 * The one CSV writer of the application (exports, the who-does-what matrix, the command line): every CSV goes
 * through it, so that no cell can run as a formula when a partner opens the file in a spreadsheet.
 *
 * CSV injection (OWASP): a cell starting with =, +, -, @, a tab or a carriage return is read as a formula by
 * Excel and LibreOffice — a service named `=HYPERLINK("https://evil.example";"Cliquez")` or
 * `+cmd|' /C calc'!A0` would run when the export is opened. Such cells are prefixed with a single quote, which
 * spreadsheets show as text. Plain numbers ("-1.44", "+33") cannot run anything and stay as they are, so negative
 * longitudes are still numbers.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)(?:e[+-]?\d+)?$/i;

/** A value as a safe CSV cell: null and undefined are empty, lists are joined with "|". */
export function csvCell(value: unknown): string {
	if (value === null || value === undefined) return '';
	const text = Array.isArray(value) ? value.join('|') : String(value);
	return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

export interface CsvOptions {
	/** ',' (data·inclusion, the default) or ';' (French spreadsheets, where the comma is the decimal mark) */
	delimiter?: ',' | ';';
	/** '\n' by default; '\r\n' for Excel */
	recordDelimiter?: '\n' | '\r\n';
	/** starts with a UTF-8 byte-order mark, so that Excel reads the accents right */
	bom?: boolean;
}

/** Records → CSV text, every cell neutralised (see above). Stream large exports by calling it page by page. */
export function csvText(records: readonly (readonly unknown[])[], options: CsvOptions = {}): string {
	const text = stringify(
		records.map((record) => record.map(csvCell)),
		{ delimiter: options.delimiter ?? ',', record_delimiter: options.recordDelimiter ?? '\n' }
	);
	return options.bom ? `\uFEFF${text}` : text;
}
