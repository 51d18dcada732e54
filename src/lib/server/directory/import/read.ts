import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import readXlsxFile from 'read-excel-file/node';
import { foldAccents } from '../../text';
import { isRecord } from './coerce';
import {
	IGNORE_COLUMN,
	issueAt,
	KNOWN_COLUMNS,
	looksLikeService,
	readService,
	readStructure,
	type PendingIssue
} from './data-inclusion';
import { isLegacyRecord } from './legacy-v0';
import { isHsdsDocument, readHsds } from './hsds';
import { isHsdsTableSet, readHsdsCsv } from './hsds-csv';
import { describeIssue } from './messages';
import { emptyImport, type ImportFormat, type ParsedImport, type Position } from './types';

export interface ImportFile {
	name: string;
	bytes: Uint8Array;
}

/**
 * Windows-1252 characters of bytes 0x80–0x9F (€, ’, œ, «…): Node's TextDecoder('windows-1252') decodes
 * them as ISO-8859-1 control characters, so they are mapped here (undefined bytes stay as they are).
 */
const CP1252_HIGH =
	'\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
	'\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** Text of a file: UTF-8 (BOM stripped) or, when that fails, Windows-1252 (Latin-1 files from office software). */
export function decodeText(bytes: Uint8Array): { text: string; latin1: boolean } {
	try {
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), latin1: false };
	} catch {
		const text = new TextDecoder('latin1')
			.decode(bytes)
			.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
		return { text, latin1: true };
	}
}

const fileIssue = (code: string, value?: string, line = 1) =>
	describeIssue({ line, position: 'line', entity: 'file', id: '', field: '', code, value });

function push(
	parsed: ParsedImport,
	result: ReturnType<typeof readStructure> | ReturnType<typeof readService>
) {
	if (
		'entity' in result &&
		(result.entity === 'structure' || result.entity === 'service') &&
		'fields' in result
	) {
		if (result.entity === 'structure') parsed.structures.push(result);
		else parsed.services.push(result);
	} else parsed.errors.push(describeIssue(result as PendingIssue));
}

/** What the whole file says of its rows: the producer (`source`) when the rows do not carry one. */
export interface ReadOptions {
	source?: string;
}

/** data·inclusion JSON: {structures, services}, or an array of structures or of services (told apart by fields). */
export function readDataInclusionDocument(
	document: unknown,
	parsed = emptyImport('data-inclusion'),
	options: ReadOptions = {}
): ParsedImport {
	const read = (items: unknown[], kind: 'structure' | 'service' | 'auto') => {
		items.forEach((item, index) => {
			const where = { line: index + 1, position: 'item' as Position };
			if (!isRecord(item)) {
				parsed.errors.push(
					describeIssue(issueAt(where, kind === 'auto' ? 'file' : kind, '', '', 'notAnObject'))
				);
				return;
			}
			const legacy = isLegacyRecord(item);
			if (legacy) parsed.format = 'data-inclusion-v0';
			const entity = kind === 'auto' ? (looksLikeService(item) ? 'service' : 'structure') : kind;
			push(
				parsed,
				entity === 'service'
					? readService(item, where, legacy, options.source)
					: readStructure(item, where, legacy, options.source)
			);
		});
	};
	if (Array.isArray(document)) read(document, 'auto');
	else if (isRecord(document) && (Array.isArray(document.structures) || Array.isArray(document.services))) {
		if (Array.isArray(document.structures)) read(document.structures, 'structure');
		if (Array.isArray(document.services)) read(document.services, 'service');
	} else parsed.errors.push(fileIssue('file.unknownFormat'));
	if (parsed.format === 'data-inclusion-v0') parsed.warnings.push(fileIssue('file.legacyV0'));
	return parsed;
}

/** A JSON document: HSDS when it has organizations, data·inclusion otherwise. */
export function readJsonDocument(
	document: unknown,
	format?: 'data-inclusion' | 'hsds',
	options: ReadOptions = {}
): ParsedImport {
	if (format === 'hsds' || (format === undefined && isHsdsDocument(document))) return readHsds(document);
	return readDataInclusionDocument(document, undefined, options);
}

/** 1-based line of a character offset, for JSON syntax errors. */
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

function readJsonText(
	text: string,
	format?: 'data-inclusion' | 'hsds',
	options: ReadOptions = {}
): ParsedImport {
	let document: unknown;
	try {
		document = JSON.parse(text);
	} catch (error) {
		const message = (error as Error).message;
		const position = /position (\d+)/.exec(message);
		const line = position ? lineOf(text, Number(position[1])) : 1;
		const parsed = emptyImport(format ?? 'data-inclusion');
		parsed.errors.push(fileIssue('file.malformedJson', String(line), line));
		return parsed;
	}
	return readJsonDocument(document, format, options);
}

/** The separator of a CSV file: the most frequent of ; , tab on its header line. */
function delimiterOf(text: string) {
	const header = text.slice(0, text.indexOf('\n') >>> 0 || text.length);
	const counts = [';', ',', '\t'].map((d) => [d, header.split(d).length] as const);
	return counts.sort((a, b) => b[1] - a[1])[0]![0];
}

/** A row of a table (CSV or sheet): its cells and the line of the file where it starts. */
interface TableRow {
	cells: unknown[];
	line: number;
}

/** Line breaks in a piece of CSV text (\r\n, \n or \r each count once). */
const breaks = (text: string) => text.match(/\r\n|\r|\n/g)?.length ?? 0;

/** "TRUE", "x", "oui", 1…: a value in the template's __ignore__ column marks a description or example row. */
const ignored = (value: unknown) =>
	value !== null &&
	value !== undefined &&
	value !== false &&
	value !== 0 &&
	!/^\s*(|false|faux|non|no|0)\s*$/i.test(String(value));

const blank = (value: unknown) => value === null || value === undefined || String(value).trim() === '';

/**
 * Rows of a data·inclusion table (CSV file or workbook sheet) → records. The header names the columns: a column
 * named twice (`lien_source` in the producer template) is read once — the first non-empty value — and reported;
 * a column the schema does not know is reported too (both as warnings: the rows are still read).
 */
function readTable(
	header: unknown[],
	rows: TableRow[],
	parsed: ParsedImport,
	options: ReadOptions & { entity?: 'structure' | 'service'; headerLine?: number }
) {
	const names = header.map((h) => (blank(h) ? '' : String(h).trim().toLowerCase()));
	const headerLine = options.headerLine ?? 1;
	const firstColumn = new Map<string, number>();
	names.forEach((name, index) => {
		if (!name) return;
		if (firstColumn.has(name)) parsed.warnings.push(fileIssue('producer.duplicateColumn', name, headerLine));
		else {
			firstColumn.set(name, index);
			if (!KNOWN_COLUMNS.has(name))
				parsed.warnings.push(fileIssue('producer.unknownColumn', name, headerLine));
		}
	});
	const isServices = options.entity ? options.entity === 'service' : firstColumn.has('structure_id');
	const ignoreColumn = firstColumn.get(IGNORE_COLUMN);
	for (const { cells, line } of rows) {
		if (cells.every(blank)) continue;
		if (ignoreColumn !== undefined && ignored(cells[ignoreColumn])) continue;
		const record: Record<string, unknown> = {};
		names.forEach((name, index) => {
			if (!name || name === IGNORE_COLUMN) return;
			if (!(name in record) || (blank(record[name]) && !blank(cells[index])))
				record[name] = cells[index] ?? '';
		});
		const legacy = isLegacyRecord(record);
		if (legacy) parsed.format = 'data-inclusion-v0';
		const where = { line, position: 'line' as Position };
		push(
			parsed,
			isServices
				? readService(record, where, legacy, options.source)
				: readStructure(record, where, legacy, options.source)
		);
	}
}

/**
 * data·inclusion CSV: services when the header has structure_id, structures otherwise. Each row is numbered with
 * the line where it starts (a quoted description may span several lines).
 */
export function readDataInclusionCsv(
	text: string,
	parsed = emptyImport('data-inclusion'),
	options: ReadOptions = {}
): ParsedImport {
	let records: { record: string[]; raw: string }[];
	try {
		records = parseCsv(text, {
			bom: true,
			skip_empty_lines: true,
			raw: true,
			delimiter: delimiterOf(text),
			relax_column_count: false
		}) as unknown as typeof records;
	} catch (error) {
		const line = error instanceof CsvError ? ((error as unknown as { lines?: number }).lines ?? 1) : 1;
		parsed.errors.push(fileIssue('file.malformedCsv', String(line), line));
		return parsed;
	}
	if (records.length < 2) {
		parsed.errors.push(fileIssue('file.empty'));
		return parsed;
	}
	let consumed = 0;
	const rows = records.map(({ record, raw }) => {
		const leading = /^(?:\r\n|\r|\n)*/.exec(raw)![0];
		const line = consumed + breaks(leading) + 1;
		consumed += breaks(raw);
		return { cells: record, line };
	});
	readTable(rows[0]!.cells, rows.slice(1), parsed, { ...options, headerLine: rows[0]!.line });
	return parsed;
}

const looksLikeJson = (name: string, text: string) =>
	/\.json$/i.test(name) || (!/\.csv$/i.test(name) && /^\s*[[{]/.test(text));

/**
 * Reads one or more files (a data·inclusion JSON, an HSDS JSON, or structures.csv + services.csv) into one
 * import. Structures come first whatever the order of the files, so services find them.
 */
export function readImportFiles(
	files: ImportFile[],
	format?: 'data-inclusion' | 'hsds',
	options: ReadOptions = {}
): ParsedImport {
	return hsdsTables(files, format) ?? merge(files.map((file) => readOne(file, format, options)));
}

/** HSDS tabular form: one CSV file per table (organizations.csv, services.csv, locations.csv…), read together. */
function hsdsTables(files: ImportFile[], format?: 'data-inclusion' | 'hsds'): ParsedImport | undefined {
	const allCsv = files.length > 0 && files.every((f) => /\.csv$/i.test(f.name));
	if (
		!allCsv ||
		!isHsdsTableSet(
			files.map((f) => f.name),
			format
		)
	)
		return undefined;
	return readHsdsCsv(files.map((f) => ({ name: f.name, text: decodeText(f.bytes).text })));
}

function readOne(
	file: ImportFile,
	format: 'data-inclusion' | 'hsds' | undefined,
	options: ReadOptions
): { file: ImportFile; parsed: ParsedImport } {
	if (file.bytes.length === 0) {
		const empty = emptyImport('data-inclusion');
		empty.errors.push(fileIssue('file.empty'));
		return { file, parsed: empty };
	}
	const { text, latin1 } = decodeText(file.bytes);
	const parsed = looksLikeJson(file.name, text)
		? readJsonText(text, format, options)
		: readDataInclusionCsv(text, undefined, options);
	if (latin1) parsed.warnings.unshift(fileIssue('file.latin1'));
	return { file, parsed };
}

/** Several files read apart → one import; issues and rows name their file when there are several. */
function merge(parts: { file: ImportFile; parsed: ParsedImport }[]): ParsedImport {
	if (parts.length > 1)
		for (const { file, parsed } of parts) {
			for (const issue of [...parsed.errors, ...parsed.warnings]) issue.file = file.name;
			for (const row of [...parsed.structures, ...parsed.services]) row.file = file.name;
		}
	if (parts.length === 1) return parts[0]!.parsed;
	const merged = emptyImport(parts[0]?.parsed.format ?? 'data-inclusion');
	for (const { parsed } of parts) {
		if (parsed.format !== 'data-inclusion') merged.format = parsed.format as ImportFormat;
		// concat, not push(...rows): 200,000 arguments overflow the call stack
		merged.structures = merged.structures.concat(parsed.structures);
		merged.services = merged.services.concat(parsed.services);
		merged.errors = merged.errors.concat(parsed.errors);
		merged.warnings = merged.warnings.concat(parsed.warnings);
	}
	return merged;
}

/** An .xlsx workbook: a zip archive (PK\x03\x04) named .xlsx. */
export const isWorkbook = (file: ImportFile) =>
	/\.xlsx$/i.test(file.name) ||
	(file.bytes[0] === 0x50 && file.bytes[1] === 0x4b && file.bytes[2] === 0x03 && file.bytes[3] === 0x04);

/** A cell of a sheet as a CSV would hold it: dates as YYYY-MM-DD, numbers and booleans as text. */
const cellText = (value: unknown) =>
	value instanceof Date
		? value.toISOString().slice(0, 10)
		: typeof value === 'boolean'
			? value
			: value === null || value === undefined
				? ''
				: String(value);

/** Codes typed as numbers lose their leading zero in a spreadsheet (01000 → 1000): it is put back. */
const ZERO_PADDED = new Set(['code_postal', 'code_insee']);

const sheetKind = (name: string) => {
	const folded = foldAccents(name).trim().toLowerCase();
	return folded === 'structures' ? 'structure' : folded === 'services' ? 'service' : undefined;
};

/**
 * The data·inclusion producer workbook (.xlsx) as published: a "Structures" sheet and a "Services" sheet (the
 * other sheets list the codes), header on the first row, description and example rows marked in `__ignore__`.
 * Read with read-excel-file; lines are the spreadsheet's row numbers.
 */
export async function readDataInclusionWorkbook(
	bytes: Uint8Array,
	options: ReadOptions = {}
): Promise<ParsedImport> {
	const parsed = emptyImport('data-inclusion');
	let sheets: { sheet: string; data: unknown[][] }[];
	try {
		sheets = await readXlsxFile(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
	} catch {
		parsed.errors.push(fileIssue('producer.malformedWorkbook'));
		return parsed;
	}
	const data = sheets.filter((s) => sheetKind(s.sheet));
	if (data.length === 0) {
		parsed.errors.push(fileIssue('producer.noDataSheet', sheets.map((s) => s.sheet).join(', ')));
		return parsed;
	}
	// structures first, so that services find them
	const rank = (s: { sheet: string }) => (sheetKind(s.sheet) === 'structure' ? 0 : 1);
	data.sort((a, b) => rank(a) - rank(b));
	for (const sheet of data) {
		const [header = [], ...rest] = sheet.data;
		const names = header.map((h) => String(cellText(h)).trim().toLowerCase());
		const rows = rest.map((cells, index) => ({
			cells: cells.map((cell, column) => {
				const value = cellText(cell);
				return typeof cell === 'number' && ZERO_PADDED.has(names[column]!) && /^\d{4}$/.test(String(value))
					? `0${value}`
					: value;
			}),
			line: index + 2
		}));
		const before = { errors: parsed.errors.length, warnings: parsed.warnings.length };
		readTable(header.map(cellText), rows, parsed, { ...options, entity: sheetKind(sheet.sheet) });
		for (const issue of [...parsed.errors.slice(before.errors), ...parsed.warnings.slice(before.warnings)])
			issue.file = issue.file ?? sheet.sheet;
	}
	return parsed;
}

/**
 * Like readImportFiles, and also reads .xlsx workbooks (data·inclusion's producer template). Asynchronous:
 * the workbook is unzipped.
 */
export async function readImportUploads(
	files: ImportFile[],
	format?: 'data-inclusion' | 'hsds',
	options: ReadOptions = {}
): Promise<ParsedImport> {
	const tables = hsdsTables(files, format);
	if (tables) return tables;
	const parts = await Promise.all(
		files.map(async (file) =>
			isWorkbook(file) && file.bytes.length > 0
				? { file, parsed: await readDataInclusionWorkbook(file.bytes, options) }
				: readOne(file, format, options)
		)
	);
	return merge(parts);
}
