import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { onCleanup } from './cleanup';

/** Server used for the throw-away databases; must stay on the loopback interface. */
export const adminUrl = () => process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

export interface ThrowAwayDatabase {
	name: string;
	url: string;
	drop(): Promise<void>;
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
	const client = new pg.Client({ connectionString: adminUrl(), connectionTimeoutMillis: 5_000 });
	await client.connect();
	try {
		return await fn(client);
	} finally {
		await client.end();
	}
}

/**
 * Creates `maillage_bench_<random>` on the admin server. Returns `{ skipped }` with the reason
 * when the server does not answer, so that suites can report PostgreSQL as skipped and go on.
 */
export async function createThrowAwayDatabase(): Promise<ThrowAwayDatabase | { skipped: string }> {
	const server = new URL(adminUrl());
	if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(server.hostname)) {
		return {
			skipped: `BENCH_DATABASE_URL host ${server.hostname} is not loopback; benchmarks only talk to 127.0.0.1`
		};
	}
	const name = `maillage_bench_${randomBytes(6).toString('hex')}`;
	try {
		await withAdmin((c) => c.query(`create database ${name}`));
	} catch (error) {
		return {
			skipped: `PostgreSQL at ${server.host} did not answer (${error instanceof Error ? error.message : error})`
		};
	}
	const url = new URL(server);
	url.pathname = `/${name}`;
	let dropped = false;
	const drop = async () => {
		if (dropped) return;
		dropped = true;
		unregister();
		await withAdmin((c) => c.query(`drop database if exists ${name} with (force)`));
	};
	const unregister = onCleanup(drop);
	return { name, url: url.toString(), drop };
}
