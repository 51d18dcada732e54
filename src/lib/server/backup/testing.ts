import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';

/**
 * Test support for backup and restore (backup.int.test.ts, src/cli/cli.int.test.ts): which tables the
 * database itself has, read from information_schema and never from catalog.ts, so that a table left out of
 * the backup's own list cannot also be left out of the check. Not used by the application.
 */

/**
 * Tables of the public schema that backups leave out on purpose, each with its reason. The tests assert that
 * the backup holds every other table of the catalogue, and that it leaves out exactly these.
 */
export const EXCLUDED_FROM_BACKUP: Record<string, string> = {
	search_changes:
		'change log of the in-memory search indexes: its transaction ids mean nothing in another database',
	search_thematique_labels: 'reference data written by migration 0012, already in every migrated database'
};

/** Tables the migrations themselves fill: a migrated, empty database holds their rows. */
export const WRITTEN_BY_MIGRATIONS = ['search_thematique_labels'];
// Migration bookkeeping (drizzle.__drizzle_migrations) is in the drizzle schema, not public: restore checks
// that the target is migrated instead. schemasWithTables() shows that no other schema holds tables.

/** Schemas other than PostgreSQL's own that hold at least one table. */
export async function schemasWithTables(db: Db): Promise<string[]> {
	const found = await rows<{ schema: string }>(
		db,
		sql`select distinct table_schema::text as schema from information_schema.tables
			where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
			order by 1`
	);
	return found.map((r) => r.schema);
}

/** Every table of the public schema, sorted by name. */
export async function catalogueTables(db: Db): Promise<string[]> {
	const found = await rows<{ name: string }>(
		db,
		sql`select table_name::text as name from information_schema.tables
			where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`
	);
	return found.map((r) => r.name);
}

/** The tables a backup must hold: the catalogue's, minus EXCLUDED_FROM_BACKUP. */
export async function tablesToBackUp(db: Db): Promise<string[]> {
	return (await catalogueTables(db)).filter((name) => !(name in EXCLUDED_FROM_BACKUP));
}

export interface TableContent {
	rows: number;
	/** md5 of the rows as text (every column, generated ones included), sorted */
	md5: string;
}

/** Row count and md5 of each of these tables. */
export async function tableContents(db: Db, tables: string[]): Promise<Record<string, TableContent>> {
	const result: Record<string, TableContent> = {};
	for (const name of tables) {
		const [row] = await rows<TableContent>(
			db,
			sql.raw(`select count(*)::int as rows, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as md5
				from public."${name.replace(/"/g, '""')}" t`)
		);
		result[name] = row!;
	}
	return result;
}
