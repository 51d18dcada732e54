import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { listTables, rowOrder, storedColumns, type TableInfo } from './catalog';

export interface TableChecksum {
	rows: number;
	checksum: string;
}

/** Rows per block of the checksum: each block is aggregated in memory by PostgreSQL. */
const BLOCK = 10_000;

/**
 * Fixes the session settings that change how values render as text (time zone, float digits…),
 * so that a backup made on one server and restored on another computes the same checksums.
 * Only lasts until the end of the current transaction.
 */
export async function stabiliseOutput(tx: Db): Promise<void> {
	await tx.execute(sql`set local timezone to 'UTC'`);
	await tx.execute(sql`set local extra_float_digits to 1`);
	await tx.execute(sql`set local datestyle to 'ISO, YMD'`);
	await tx.execute(sql`set local intervalstyle to 'postgres'`);
	await tx.execute(sql`set local bytea_output to 'hex'`);
}

/**
 * md5 over the table's rows in primary-key order, each row rendered by row_to_json over its
 * stored columns. Rows are hashed in blocks of 10,000 (md5 of the rows joined by "\n"), then the
 * blocks' hex digests are concatenated and hashed again: a single string_agg over a big table
 * would hit PostgreSQL's 1 GB limit on a value. An empty table hashes to md5('').
 * Computed in SQL so that backup and restore agree whichever driver runs them.
 */
export async function tableChecksum(
	tx: Db,
	table: Pick<TableInfo, 'name' | 'columns' | 'primaryKey'>
): Promise<TableChecksum> {
	const [row] = await rows<TableChecksum>(
		tx,
		sql.raw(`select coalesce(sum(b.n), 0)::bigint as rows,
				coalesce(md5(string_agg(b.digest, '' order by b.block)), md5('')) as checksum
			from (
				select (r.position - 1) / ${BLOCK} as block, count(*) as n,
					md5(string_agg(r.line, E'\\n' order by r.position)) as digest
				from (
					select row_to_json(t)::text as line, row_number() over (order by ${rowOrder(table)}) as position
					from (${storedColumns(table)}) t
				) r
				group by 1
			) b`)
	);
	return { rows: Number(row!.rows), checksum: row!.checksum };
}

/** Row count and checksum of every table of the `public` schema (tests compare two databases with it). */
export async function tableChecksums(db: Db): Promise<Record<string, TableChecksum>> {
	return db.transaction(
		async (transaction) => {
			const tx = transaction as unknown as Db;
			await stabiliseOutput(tx);
			const result: Record<string, TableChecksum> = {};
			for (const table of await listTables(tx)) result[table.name] = await tableChecksum(tx, table);
			return result;
		},
		{ isolationLevel: 'repeatable read', accessMode: 'read only' }
	);
}
