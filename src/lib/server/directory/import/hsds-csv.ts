import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import { readHsds } from './hsds';
import { describeIssue } from './messages';
import { emptyImport, type ParsedImport } from './types';

/** The tables of HSDS 3.0's tabular form (examples/csv of the specification). */
export const HSDS_TABLES = new Set([
	'organizations.csv',
	'services.csv',
	'locations.csv',
	'service_at_location.csv',
	'addresses.csv',
	'phones.csv',
	'schedules.csv',
	'languages.csv',
	'service_areas.csv',
	'attributes.csv',
	'taxonomy_terms.csv',
	'taxonomies.csv',
	'organization_identifiers.csv',
	'accessibility.csv',
	'cost_options.csv',
	'required_documents.csv',
	'contacts.csv',
	'funding.csv',
	'programs.csv',
	'metadata.csv',
	'meta_table_descriptions.csv'
]);

const baseName = (name: string) => name.split(/[\\/]/).pop()!.toLowerCase();

/**
 * CSV files are the HSDS tabular form when --format hsds says so, or when they hold a table data·inclusion does
 * not have (organizations.csv, service_at_location.csv…); structures.csv + services.csv stay data·inclusion.
 */
export function isHsdsTableSet(names: string[], format: 'data-inclusion' | 'hsds' | undefined) {
	if (format === 'data-inclusion') return false;
	if (format === 'hsds') return true;
	return names.some((n) => HSDS_TABLES.has(baseName(n)) && baseName(n) !== 'services.csv');
}

/** The CSV tables of an HSDS export → one import (rows named by file and line, columns by name). */
export function readHsdsCsv(files: { name: string; text: string }[]): ParsedImport {
	const tables: Record<string, Record<string, string>[]> = {};
	const problems = emptyImport('hsds');
	const fileIssue = (file: string, code: string, value?: string, line = 1) =>
		describeIssue({ line, position: 'line', entity: 'file', id: '', field: '', code, value, file });
	for (const { name, text } of files) {
		const table = baseName(name);
		if (!HSDS_TABLES.has(table)) {
			problems.warnings.push(fileIssue(name, 'hsds.unknownTable', name));
			continue;
		}
		try {
			tables[table] = parseCsv(text, {
				columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
				bom: true,
				skip_empty_lines: true,
				relax_column_count: false
			}) as Record<string, string>[];
		} catch (error) {
			const line = error instanceof CsvError ? ((error as unknown as { lines?: number }).lines ?? 1) : 1;
			problems.errors.push(fileIssue(name, 'file.malformedCsv', String(line), line));
		}
	}
	if (problems.errors.length) return problems;
	if (!tables['organizations.csv'] && !tables['services.csv']) {
		problems.errors.push(fileIssue(files.map((f) => f.name).join(', '), 'hsds.noTable'));
		return problems;
	}
	const parsed = readHsds(tables, { csv: true });
	parsed.warnings = [...problems.warnings, ...parsed.warnings];
	return parsed;
}
