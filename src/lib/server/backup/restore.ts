import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { rows, type Database, type Db } from '../db/client';
import { migrationStatus } from '../db/migrate';
import { listTables, quoteIdent, type TableInfo } from './catalog';
import { stabiliseOutput, tableChecksum } from './checksum';
import { readGzipLines } from './lines';
import { BackupError, parseHeader, parseTableEnd, parseTableStart, type TableStart } from './format';

/** Rows per INSERT, and a size cap so that wide rows do not make huge statements. */
const BATCH_ROWS = 1_000;
const BATCH_CHARS = 4_000_000;

export interface RestoreSummary {
	tables: number;
	rows: number;
	createdAt: string;
}

/**
 * Restores a backup (format.ts) into a migrated, empty database, in one transaction: rows are
 * inserted table by table, then each table's row count and checksum are compared with the
 * backup's, and any difference, damage or error rolls everything back.
 */
export async function restoreDatabase(
	database: Database,
	file: string,
	options: { batchRows?: number } = {}
): Promise<RestoreSummary> {
	const batchRows = options.batchRows ?? BATCH_ROWS;
	if (!fs.existsSync(file)) throw new BackupError(`Fichier introuvable : ${file}`);
	const status = await migrationStatus(database);
	if (status.applied === 0 || status.applied < status.expected) {
		throw new BackupError('La base cible n’est pas migrée : lancez d’abord « maillage migrate ».');
	}
	const lines = readGzipLines(file);
	try {
		const next = async () => {
			const step = await lines.next();
			return step.done ? undefined : step.value;
		};
		const header = parseHeader(await next());
		if (header.migrations > status.applied) {
			throw new BackupError(
				`Cette sauvegarde vient d’une version plus récente de Maillage (${header.migrations} migrations, ${status.applied} ici) : mettez l’application à jour avant de restaurer.`
			);
		}
		let total = 0;
		await database.db.transaction(async (transaction) => {
			const tx = transaction as unknown as Db;
			await stabiliseOutput(tx);
			const catalog = new Map((await listTables(tx)).map((t) => [t.name, t]));
			await assertRestorable(tx, header.tables, catalog);
			for (const name of header.tables) {
				const start = parseTableStart(await next(), name);
				const table = targetTable(catalog.get(name)!, start);
				let batch: string[] = [];
				let chars = 0;
				let count = 0;
				for (;;) {
					const line = await next();
					if (line === undefined)
						throw new BackupError(
							`Sauvegarde incomplète : la table ${name} n’est pas terminée (fichier tronqué ?).`
						);
					if (!line.startsWith('[')) {
						await insertRows(tx, table, batch);
						const end = parseTableEnd(line, name);
						if (end.rows !== count) {
							throw new BackupError(
								`Sauvegarde incohérente : ${count} lignes lues pour la table ${name}, ${end.rows} annoncées.`
							);
						}
						const restored = await tableChecksum(tx, table);
						if (restored.rows !== end.rows || restored.checksum !== end.checksum) {
							throw new BackupError(
								`La table ${name} restaurée ne correspond pas à la sauvegarde (somme de contrôle différente) : restauration annulée.`
							);
						}
						break;
					}
					batch.push(line);
					chars += line.length;
					count++;
					if (batch.length >= batchRows || chars >= BATCH_CHARS) {
						await insertRows(tx, table, batch);
						batch = [];
						chars = 0;
					}
				}
				total += count;
				await resetSequences(tx, table);
			}
			if ((await next()) !== undefined)
				throw new BackupError('Sauvegarde invalide : contenu inattendu après la dernière table.');
		});
		return { tables: header.tables.length, rows: total, createdAt: header.createdAt };
	} finally {
		await lines.return(undefined);
	}
}

/** Every backed-up table must exist here and be empty: a restore never merges into live data. */
async function assertRestorable(tx: Db, tables: string[], catalog: Map<string, TableInfo>): Promise<void> {
	const missing = tables.filter((t) => !catalog.has(t));
	if (missing.length > 0) {
		throw new BackupError(
			`Tables absentes de la base cible : ${missing.join(', ')}. Vérifiez la version de Maillage.`
		);
	}
	const filled: string[] = [];
	for (const name of tables) {
		const [row] = await rows<{ filled: boolean }>(
			tx,
			sql.raw(`select exists (select 1 from ${quoteIdent(name)}) as filled`)
		);
		if (row?.filled) filled.push(name);
	}
	if (filled.length > 0) {
		throw new BackupError(
			`La base cible n’est pas vide (${filled.join(', ')}) : la restauration ne se fait que dans une base migrée et vide.`
		);
	}
}

/** The target table restricted to the backed-up columns, which must all be stored columns here. */
function targetTable(target: TableInfo, start: TableStart): TableInfo {
	const unknown = start.columns.filter((c) => !target.columns.includes(c));
	if (unknown.length > 0) {
		throw new BackupError(
			`Colonnes inconnues dans la table ${target.name} de la base cible : ${unknown.join(', ')}.`
		);
	}
	return {
		...target,
		columns: start.columns,
		identityAlways: target.identityAlways.filter((c) => start.columns.includes(c)),
		sequences: target.sequences.filter((s) => start.columns.includes(s.column))
	};
}

/**
 * Inserts rows given as JSON arrays. PostgreSQL itself turns each array into a record
 * (json_populate_record converts strings, numbers, JSON arrays and objects to the column types),
 * so values never go through JavaScript numbers or dates and keep their exact precision.
 */
async function insertRows(tx: Db, table: TableInfo, batch: string[]): Promise<void> {
	if (batch.length === 0) return;
	const name = quoteIdent(table.name);
	const columns = table.columns.map(quoteIdent).join(', ');
	const overriding = table.identityAlways.length > 0 ? 'overriding system value' : '';
	const payload = `[${batch.join(',')}]`;
	try {
		await tx.execute(sql`insert into ${sql.raw(name)} (${sql.raw(columns)}) ${sql.raw(overriding)}
			select ${sql.raw(table.columns.map((c) => `p.${quoteIdent(c)}`).join(', '))}
			from json_array_elements(${payload}::json) with ordinality as e(v, n)
			cross join lateral json_populate_record(null::${sql.raw(name)}, (
				select json_object_agg(k.name, e.v -> (k.i - 1)::int)
				from json_array_elements_text(${JSON.stringify(table.columns)}::json) with ordinality as k(name, i)
			)) as p
			order by e.n`);
	} catch (error) {
		throw new BackupError(`Restauration de la table ${table.name} impossible : ${messageOf(error)}`, {
			cause: error
		});
	}
}

/** Identity and serial sequences continue after the restored values, as they did in the source. */
async function resetSequences(tx: Db, table: TableInfo): Promise<void> {
	for (const { column, sequence } of table.sequences) {
		const col = quoteIdent(column);
		await tx.execute(
			sql`select setval(${sequence}::regclass, coalesce(max(${sql.raw(col)}), 1), max(${sql.raw(col)}) is not null)
				from ${sql.raw(quoteIdent(table.name))}`
		);
	}
}

function messageOf(error: unknown): string {
	// drizzle wraps driver errors ("Failed query: …"): the driver's message is the useful part
	const cause = (error as { cause?: unknown })?.cause;
	if (cause instanceof Error) return cause.message;
	return error instanceof Error ? error.message : String(error);
}
