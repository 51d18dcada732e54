import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import { isRecord } from './coerce';
import { issueAt, looksLikeService, readService, readStructure, type PendingIssue } from './data-inclusion';
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

/** data·inclusion JSON: {structures, services}, or an array of structures or of services (told apart by fields). */
export function readDataInclusionDocument(
	document: unknown,
	parsed = emptyImport('data-inclusion')
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
			if (isLegacyRecord(item)) parsed.format = 'data-inclusion-v0';
			const entity = kind === 'auto' ? (looksLikeService(item) ? 'service' : 'structure') : kind;
			push(parsed, entity === 'service' ? readService(item, where) : readStructure(item, where));
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
export function readJsonDocument(document: unknown, format?: 'data-inclusion' | 'hsds'): ParsedImport {
	if (format === 'hsds' || (format === undefined && isHsdsDocument(document))) return readHsds(document);
	return readDataInclusionDocument(document);
}

/** 1-based line of a character offset, for JSON syntax errors. */
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

function readJsonText(text: string, format?: 'data-inclusion' | 'hsds'): ParsedImport {
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
	return readJsonDocument(document, format);
}

/** The separator of a CSV file: the most frequent of ; , tab on its header line. */
function delimiterOf(text: string) {
	const header = text.slice(0, text.indexOf('\n') >>> 0 || text.length);
	const counts = [';', ',', '\t'].map((d) => [d, header.split(d).length] as const);
	return counts.sort((a, b) => b[1] - a[1])[0]![0];
}

/** data·inclusion CSV: services when the header has structure_id, structures otherwise. */
export function readDataInclusionCsv(text: string, parsed = emptyImport('data-inclusion')): ParsedImport {
	let records: { record: Record<string, string>; info: { lines: number } }[];
	try {
		records = parseCsv(text, {
			columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
			bom: true,
			skip_empty_lines: true,
			info: true,
			delimiter: delimiterOf(text),
			relax_column_count: false
		}) as unknown as typeof records;
	} catch (error) {
		const line = error instanceof CsvError ? ((error as unknown as { lines?: number }).lines ?? 1) : 1;
		parsed.errors.push(fileIssue('file.malformedCsv', String(line), line));
		return parsed;
	}
	if (records.length === 0) {
		parsed.errors.push(fileIssue('file.empty'));
		return parsed;
	}
	const isServices = 'structure_id' in records[0]!.record;
	for (const { record, info } of records) {
		if (isLegacyRecord(record)) parsed.format = 'data-inclusion-v0';
		const where = { line: info.lines, position: 'line' as Position };
		push(parsed, isServices ? readService(record, where) : readStructure(record, where));
	}
	return parsed;
}

const looksLikeJson = (name: string, text: string) =>
	/\.json$/i.test(name) || (!/\.csv$/i.test(name) && /^\s*[[{]/.test(text));

/**
 * Reads one or more files (a data·inclusion JSON, an HSDS JSON, or structures.csv + services.csv) into one
 * import. Structures come first whatever the order of the files, so services find them.
 */
export function readImportFiles(files: ImportFile[], format?: 'data-inclusion' | 'hsds'): ParsedImport {
	// HSDS tabular form: one CSV file per table (organizations.csv, services.csv, locations.csv…), read together
	const csvFiles = files.filter((f) => /\.csv$/i.test(f.name));
	if (
		csvFiles.length &&
		csvFiles.length === files.length &&
		isHsdsTableSet(
			files.map((f) => f.name),
			format
		)
	)
		return readHsdsCsv(files.map((f) => ({ name: f.name, text: decodeText(f.bytes).text })));
	const parts = files.map((file) => {
		if (file.bytes.length === 0) {
			const empty = emptyImport('data-inclusion');
			empty.errors.push(fileIssue('file.empty'));
			return { file, parsed: empty };
		}
		const { text, latin1 } = decodeText(file.bytes);
		const parsed = looksLikeJson(file.name, text) ? readJsonText(text, format) : readDataInclusionCsv(text);
		if (latin1) parsed.warnings.unshift(fileIssue('file.latin1'));
		if (files.length > 1) {
			for (const issue of [...parsed.errors, ...parsed.warnings]) issue.file = file.name;
			for (const row of [...parsed.structures, ...parsed.services]) row.file = file.name;
		}
		return { file, parsed };
	});
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
