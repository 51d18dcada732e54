import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import { rows, type Database, type Db } from '../db/client';
import { migrationStatus } from '../db/migrate';
import { listTables, quoteIdent, rowOrder, storedColumns, type TableInfo } from './catalog';
import { stabiliseOutput, tableChecksum } from './checksum';
import { BACKUP_FORMAT, BACKUP_VERSION, BackupError, type BackupHeader, type TableEnd } from './format';

/** Rows fetched per round trip: bounds the memory used by a big table. */
const PAGE = 5_000;
const CURSOR = 'maillage_backup_rows';

export interface BackupSummary {
	file: string;
	tables: number;
	rows: number;
	bytes: number;
}

/**
 * Writes the whole `public` schema to `file` (format: see format.ts). Everything is read in one
 * repeatable-read transaction, so the backup is a consistent snapshot even while the app runs.
 * The file appears only once complete: it is written next to its final name, then renamed.
 */
export async function backupDatabase(
	database: Database,
	file: string,
	options: { overwrite?: boolean; pageSize?: number } = {}
): Promise<BackupSummary> {
	if (!options.overwrite && fs.existsSync(file)) throw new BackupError(`Le fichier ${file} existe déjà.`);
	const status = await migrationStatus(database);
	if (status.applied === 0) throw new BackupError('La base n’est pas migrée : il n’y a rien à sauvegarder.');
	const pageSize = Math.max(1, Math.floor(options.pageSize ?? PAGE));
	const partial = `${file}.partial`;
	let total = 0;
	let tableCount = 0;
	try {
		await database.db.transaction(
			async (transaction) => {
				const tx = transaction as unknown as Db;
				await stabiliseOutput(tx);
				const tables = await listTables(tx);
				tableCount = tables.length;
				const header: BackupHeader = {
					format: BACKUP_FORMAT,
					version: BACKUP_VERSION,
					createdAt: new Date().toISOString(),
					migrations: status.applied,
					tables: tables.map((t) => t.name)
				};
				async function* lines() {
					yield JSON.stringify(header) + '\n';
					for (const table of tables) {
						yield JSON.stringify({ table: table.name, columns: table.columns }) + '\n';
						let count = 0;
						for await (const page of tableRows(tx, table, pageSize)) {
							count += page.length;
							yield page.join('\n') + '\n';
						}
						const end: TableEnd = { table: table.name, ...(await tableChecksum(tx, table)) };
						// the snapshot is fixed, so a difference here is a bug, not a concurrent write
						if (end.rows !== count) throw new Error(`${table.name}: ${count} rows read, ${end.rows} counted`);
						total += count;
						yield JSON.stringify(end) + '\n';
					}
				}
				await pipeline(Readable.from(lines()), zlib.createGzip(), fs.createWriteStream(partial));
			},
			{ isolationLevel: 'repeatable read', accessMode: 'read only' }
		);
		fs.renameSync(partial, file);
	} catch (error) {
		fs.rmSync(partial, { force: true });
		throw error;
	}
	return { file, tables: tableCount, rows: total, bytes: fs.statSync(file).size };
}

/** A table's rows as JSON arrays (values in column order), page by page through a cursor. */
async function* tableRows(tx: Db, table: TableInfo, pageSize: number): AsyncGenerator<string[]> {
	// json_each keeps row_to_json's column order; array_to_json writes the array on one line
	// (json_agg would put a line break between objects, which NDJSON cannot have).
	await tx.execute(
		sql.raw(`declare ${CURSOR} no scroll cursor for
			select array_to_json(array(select e.value from json_each(row_to_json(t)) with ordinality as e(key, value, n) order by e.n))::text as line
			from (${storedColumns(table)}) t
			order by ${rowOrder(table)}`)
	);
	for (;;) {
		const page = await rows<{ line: string }>(tx, sql.raw(`fetch forward ${pageSize} from ${CURSOR}`));
		if (page.length === 0) break;
		const lines = page.map((r) => r.line);
		// only a `json` column (not jsonb) keeps its original text, line breaks included
		if (lines.some((l) => l.includes('\n') || l.includes('\r'))) {
			throw new BackupError(
				`La table ${quoteIdent(table.name)} contient une valeur JSON sur plusieurs lignes : format non pris en charge.`
			);
		}
		yield lines;
		if (page.length < pageSize) break;
	}
	// on failure the rollback closes the cursor: closing it here would hide the first error
	await tx.execute(sql.raw(`close ${CURSOR}`));
}
