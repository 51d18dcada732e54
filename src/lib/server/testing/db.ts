import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openDatabase, type Database } from '../db/client';
import { migrate } from '../db/migrate';
import { loadTerritories } from '../demo/seed';

/**
 * A fresh, migrated database for one test file, with the territories of the Lot (46) and the Gers (32).
 * TEST_DB=postgres runs the same suite on a throw-away database of the TEST_DATABASE_URL server.
 */
export interface TestDatabase extends Database {
	drop(): Promise<void>;
	url?: string;
}

export const testDriver = (): 'pglite' | 'postgres' =>
	process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';

export async function createTestDatabase(options: { territories?: boolean } = {}): Promise<TestDatabase> {
	const { database, drop, url } = testDriver() === 'postgres' ? await createPostgres() : await createPglite();
	await migrate(database);
	if (options.territories !== false) await loadTerritories(database.db, { departements: ['46', '32'] });
	return { ...database, url, drop };
}

async function createPglite() {
	const database = await openDatabase({});
	return { database, drop: () => database.close(), url: undefined };
}

async function createPostgres() {
	const adminUrl = process.env.TEST_DATABASE_URL;
	if (!adminUrl) throw new Error('TEST_DB=postgres needs TEST_DATABASE_URL');
	const name = `maillage_t_${randomBytes(6).toString('hex')}`;
	const admin = new pg.Client({ connectionString: adminUrl });
	await admin.connect();
	await admin.query(`create database ${name}`);
	await admin.end();
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	const database = await openDatabase({ url: url.toString(), poolSize: 4 });
	const drop = async () => {
		await database.close();
		const c = new pg.Client({ connectionString: adminUrl });
		await c.connect();
		await c.query(`drop database if exists ${name} with (force)`);
		await c.end();
	};
	return { database, drop, url: url.toString() };
}
