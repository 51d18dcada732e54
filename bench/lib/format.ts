import type { Cell, Table } from './types';

/** Readable number: grouping for large values, more decimals for small ones. */
export function formatNumber(value: number): string {
	if (!Number.isFinite(value)) return 'n/a';
	const abs = Math.abs(value);
	if (Number.isInteger(value)) return value.toLocaleString('en-US');
	if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
	if (abs >= 100) return value.toFixed(0);
	if (abs >= 10) return value.toFixed(1);
	if (abs >= 1) return value.toFixed(2);
	return value.toFixed(3);
}

const cellText = (cell: Cell) => (cell === null ? '—' : typeof cell === 'number' ? formatNumber(cell) : cell);

/** A plain-text table: first column left-aligned, the others right-aligned. */
export function renderTable(table: Table): string {
	const body = table.rows.map((row) => table.columns.map((_, i) => cellText(row[i] ?? null)));
	const widths = table.columns.map((title, i) =>
		Math.max(title.length, ...body.map((row) => (row[i] ?? '').length))
	);
	const line = (cells: string[]) =>
		cells
			.map((text, i) => (i === 0 ? text.padEnd(widths[i] ?? 0) : text.padStart(widths[i] ?? 0)))
			.join('  ');
	return [
		table.title,
		line(table.columns),
		widths.map((w) => '─'.repeat(w)).join('  '),
		...body.map(line)
	].join('\n');
}
