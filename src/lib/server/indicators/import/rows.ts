import { readNumber, IndicatorFileError, type CsvTable } from './read';
import type { ImportIssue } from './types';
import { definitionsOf, type IndicatorMapping, type ValueStatus } from '../validation';

export interface CellValue {
	status: ValueStatus;
	value: number | null;
}

/** One commune's values, in the order of the mapping's indicators. */
export interface CommuneRow {
	code: string;
	line: number;
	values: CellValue[];
}

const MISSING: CellValue = { status: 'missing', value: null };
const SECRET: CellValue = { status: 'secret', value: null };

const sameValues = (a: CellValue[], b: CellValue[]) =>
	a.every((v, i) => v.status === b[i]!.status && v.value === b[i]!.value);

/** The mapped columns of every line; cells that are not numbers and repeated communes are reported by line. */
export function readRows(
	table: CsvTable,
	mapping: IndicatorMapping
): { rows: CommuneRow[]; issues: ImportIssue[] } {
	const position = (column: string) => table.header.findIndex((h) => h.replace(/^\uFEFF/, '') === column);
	const codeAt = position(mapping.communeColumn);
	const absent = [mapping.communeColumn, ...mapping.indicators.map((c) => c.column)].filter(
		(c) => position(c) < 0
	);
	if (absent.length > 0)
		throw new IndicatorFileError(
			`colonne${absent.length > 1 ? 's' : ''} absente${absent.length > 1 ? 's' : ''} de la ligne 1 : ${absent.map((c) => `« ${c} »`).join(', ')}`
		);
	const columns = mapping.indicators.map((c) => ({ ...c, at: position(c.column) }));
	const issues: ImportIssue[] = [];
	const seen = new Map<string, CommuneRow>();
	for (const { line, cells } of table.records) {
		// a spreadsheet may have dropped the leading zero of Ain's or Aisne's codes
		const code = (cells[codeAt] ?? '').trim().replace(/^(\d{4})$/, '0$1');
		if (code === '') {
			issues.push({
				line,
				level: 'error',
				message: `colonne « ${mapping.communeColumn} » : code commune vide`
			});
			continue;
		}
		let readable = true;
		const values = columns.map((column): CellValue => {
			const cell = (cells[column.at] ?? '').trim();
			if (cell === '') return column.blank === 'secret' ? SECRET : MISSING;
			const value = readNumber(cell);
			if (value !== undefined) return { status: 'value', value };
			readable = false;
			issues.push({
				line,
				level: 'error',
				message: `colonne « ${column.column} » : « ${cell} » n’est pas un nombre (commune ${code})`
			});
			return MISSING;
		});
		if (!readable) continue;
		const first = seen.get(code);
		if (!first) seen.set(code, { code, line, values });
		else if (sameValues(first.values, values))
			issues.push({
				line,
				level: 'warning',
				message: `commune ${code} en double (déjà ligne ${first.line}, mêmes valeurs) : ligne ignorée`
			});
		else
			issues.push({
				line,
				level: 'error',
				message: `commune ${code} en double avec d’autres valeurs que la ligne ${first.line} : laquelle garder ?`
			});
	}
	return { rows: [...seen.values()], issues };
}

export interface Communes {
	/** codes of today's communes */
	known: Set<string>;
	/** former code → current communes (anciensCodes) */
	former: Map<string, string[]>;
}

/**
 * Rows carried over to today's communes: a merged commune's values are combined with the others of its new
 * commune by each indicator's rule; unknown codes are reported by line and left out.
 */
export function toCurrentCommunes(
	rows: CommuneRow[],
	mapping: IndicatorMapping,
	communes: Communes
): { rows: CommuneRow[]; issues: ImportIssue[] } {
	const issues: ImportIssue[] = [];
	const groups = new Map<string, CommuneRow[]>();
	for (const row of rows) {
		let target = row.code;
		if (!communes.known.has(row.code)) {
			const current = (communes.former.get(row.code) ?? []).filter((c) => communes.known.has(c));
			if (current.length !== 1) {
				issues.push({
					line: row.line,
					level: 'warning',
					message:
						current.length === 0
							? `code commune inconnu « ${row.code} » : ligne ignorée`
							: `commune ${row.code} partagée entre ${current.join(', ')} : ligne ignorée, à répartir à la main`
				});
				continue;
			}
			target = current[0]!;
			issues.push({
				line: row.line,
				level: 'warning',
				message: `commune ${row.code} fusionnée dans ${target} : valeurs reportées sur la commune actuelle`
			});
		}
		groups.set(target, [...(groups.get(target) ?? []), row]);
	}
	const definitions = definitionsOf(mapping);
	const indexOf = new Map(definitions.map((d, i) => [d.code, i]));
	const combined = [...groups].map(([code, parts]): CommuneRow => {
		if (parts.length === 1) return { ...parts[0]!, code };
		const line = parts[0]!.line;
		const values = definitions.map((definition, i) => {
			const cells = parts.map((p) => p.values[i]!);
			const weightAt = definition.denominatorCode ? indexOf.get(definition.denominatorCode) : undefined;
			const result = combine(
				definition.aggregation,
				cells,
				weightAt === undefined ? undefined : parts.map((p) => p.values[weightAt]!)
			);
			if (result === 'not-combinable')
				issues.push({
					line,
					level: 'warning',
					message: `${definition.code} de la commune ${code} : ${definition.aggregation === 'none' ? 'les valeurs des communes fusionnées ne se combinent pas (médiane…)' : `dénominateur ${definition.denominatorCode} absent du fichier`} ; valeur manquante`
				});
			return result === 'not-combinable' ? MISSING : result;
		});
		return { code, line, values };
	});
	return { rows: combined, issues };
}

/** Several communes' values as one, by the indicator's rule; a part that is secret or missing makes it so. */
export function combine(
	rule: 'sum' | 'ratio' | 'none',
	cells: CellValue[],
	weights?: CellValue[]
): CellValue | 'not-combinable' {
	if (cells.some((c) => c.status === 'secret')) return SECRET;
	if (cells.some((c) => c.status === 'missing')) return MISSING;
	if (rule === 'sum') return { status: 'value', value: cells.reduce((s, c) => s + c.value!, 0) };
	if (rule === 'none' || !weights) return 'not-combinable';
	if (weights.some((w) => w.status !== 'value')) return MISSING;
	const total = weights.reduce((s, w) => s + w.value!, 0);
	if (total === 0) return MISSING;
	return { status: 'value', value: cells.reduce((s, c, i) => s + c.value! * weights[i]!.value!, 0) / total };
}
