import fs from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import * as schema from './schema';
import { nameRepeatedStatements } from './statement-cache';

export type Schema = typeof schema;
/** Common type of the PGlite and node-postgres Drizzle clients: domain code never knows which it has. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
	db: Db;
	kind: 'pglite' | 'postgres';
	close(): Promise<void>;
}

export interface DatabaseOptions {
	/** postgres://… ; when absent the embedded PGlite is used. */
	url?: string;
	/** PGlite data directory; undefined = in memory. */
	dataDir?: string;
	/** node-postgres pool size. */
	poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
	return options.url ? openPostgres(options.url, options.poolSize ?? 10) : openPglite(options.dataDir);
}

async function openPostgres(url: string, max: number): Promise<Database> {
	const { default: pg } = await import('pg');
	const { drizzle } = await import('drizzle-orm/node-postgres');
	// bigint counts come back as strings otherwise; our counts stay far below 2^53.
	pg.types.setTypeParser(20, (v: string) => Number(v));
	const pool = new pg.Pool({ connectionString: url, max });
	// An idle client whose server connection dies (restart, failover, DROP DATABASE) emits 'error' on the pool;
	// unhandled, that would crash the process. The pool replaces the client on next use.
	pool.on('error', (error) => process.emitWarning(`PostgreSQL idle client error: ${error.message}`));
	nameRepeatedStatements(pool);
	const db = drizzle({ client: pool, schema }) as unknown as Db;
	return { db, kind: 'postgres', close: () => pool.end() };
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
	const { PGlite } = await import('@electric-sql/pglite');
	const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
	const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent');
	const { cube } = await import('@electric-sql/pglite/contrib/cube');
	const { earthdistance } = await import('@electric-sql/pglite/contrib/earthdistance');
	const { drizzle } = await import('drizzle-orm/pglite');
	if (dataDir) fs.mkdirSync(path.dirname(dataDir), { recursive: true });
	const client = await PGlite.create({
		dataDir,
		extensions: { pg_trgm, unaccent, cube, earthdistance },
		parsers: { 20: (v: string) => Number(v) }
	});
	const db = drizzle({ client, schema }) as unknown as Db;
	return { db, kind: 'pglite', close: () => client.close() };
}

/** Rows of a raw SQL query, whichever driver runs it. */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
	const result = (await db.execute(query)) as unknown as { rows: T[] };
	return result.rows;
}

export async function ping(db: Db): Promise<boolean> {
	const [row] = await rows<{ ok: number }>(db, sql`select 1 as ok`);
	return row?.ok === 1;
}
