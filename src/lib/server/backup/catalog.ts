import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';

/** What backup and restore need to know about one table of the `public` schema. */
export interface TableInfo {
	name: string;
	/** stored columns in declaration order; generated columns are left out (the database recomputes them) */
	columns: string[];
	primaryKey: string[];
	/** columns declared GENERATED ALWAYS AS IDENTITY: inserting them needs OVERRIDING SYSTEM VALUE */
	identityAlways: string[];
	/** columns fed by a sequence (identity or serial), to move the sequence past the restored values */
	sequences: { column: string; sequence: string }[];
}

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Every table of the `public` schema, parents before children. */
/**
 * Tables left out of backups: search_changes holds transaction ids, which mean nothing in another database
 * (restored, they could look like transactions still to come); search_thematique_labels is reference data that
 * migration 0012 writes, the same in every database at that version (a restore target already holds it).
 */
export const NOT_BACKED_UP = ['search_changes', 'search_thematique_labels'];

export async function listTables(db: Db): Promise<TableInfo[]> {
	const tables = (
		await rows<{ name: string }>(
			db,
			sql`select c.relname::text as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition`
		)
	).filter((t) => !NOT_BACKED_UP.includes(t.name));
	const columns = await rows<{
		table: string;
		column: string;
		generated: boolean;
		identity: string;
		sequence: string | null;
	}>(
		db,
		sql`select c.relname::text as table, a.attname::text as column, a.attgenerated = 's' as generated,
				a.attidentity::text as identity,
				pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname), a.attname) as sequence
			from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
			order by c.relname, a.attnum`
	);
	const keys = await rows<{ table: string; column: string }>(
		db,
		sql`select c.relname::text as table, a.attname::text as column
			from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
			join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
			where i.indisprimary and n.nspname = 'public'
			order by c.relname, array_position(i.indkey::int2[], a.attnum)`
	);
	const references = await rows<{ child: string; parent: string }>(
		db,
		sql`select c.relname::text as child, p.relname::text as parent
			from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
			join pg_namespace n on n.oid = c.relnamespace join pg_namespace pn on pn.oid = p.relnamespace
			where k.contype = 'f' and n.nspname = 'public' and pn.nspname = 'public'`
	);
	const info = new Map<string, TableInfo>(
		tables.map((t) => [
			t.name,
			{ name: t.name, columns: [], primaryKey: [], identityAlways: [], sequences: [] }
		])
	);
	for (const c of columns) {
		const table = info.get(c.table);
		if (!table || c.generated) continue;
		table.columns.push(c.column);
		if (c.identity === 'a') table.identityAlways.push(c.column);
		if (c.sequence) table.sequences.push({ column: c.column, sequence: c.sequence });
	}
	for (const k of keys) info.get(k.table)?.primaryKey.push(k.column);
	const order = dependencyOrder(
		[...info.keys()],
		references.map((r) => [r.child, r.parent])
	);
	return order.map((name) => info.get(name)!);
}

/**
 * Topological order of tables (parents first), alphabetical among equals so that two backups of
 * the same schema list tables identically. Self-references are ignored; tables caught in a cycle
 * come last, alphabetically (restoring them may then fail on a foreign key, and roll back).
 */
export function dependencyOrder(names: string[], edges: [child: string, parent: string][]): string[] {
	const known = new Set(names);
	const parents = new Map(names.map((n) => [n, new Set<string>()]));
	for (const [child, parent] of edges) {
		if (child !== parent && known.has(child) && known.has(parent)) parents.get(child)!.add(parent);
	}
	const done = new Set<string>();
	const order: string[] = [];
	const sorted = [...names].sort();
	for (;;) {
		const ready = sorted.find((n) => !done.has(n) && [...parents.get(n)!].every((p) => done.has(p)));
		if (!ready) break;
		done.add(ready);
		order.push(ready);
	}
	return [...order, ...sorted.filter((n) => !done.has(n))];
}

/** The ORDER BY of a table's rows: its primary key, or the whole row when it has none. */
export function rowOrder(table: Pick<TableInfo, 'primaryKey' | 'columns'>, alias = 't'): string {
	const key = table.primaryKey.filter((c) => table.columns.includes(c));
	if (key.length === 0 || key.length !== table.primaryKey.length) return `row_to_json(${alias})::text`;
	return key.map((c) => `${alias}.${quoteIdent(c)}`).join(', ');
}

/** `select <stored columns> from <table>`, the relation every query of the backup reads from. */
export function storedColumns(table: Pick<TableInfo, 'name' | 'columns'>): string {
	return `select ${table.columns.map(quoteIdent).join(', ')} from ${quoteIdent(table.name)}`;
}
