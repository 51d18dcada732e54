import { config } from '../lib/server/config';
import { openDatabase, type Database } from '../lib/server/db/client';
import { databaseOptions, describeDatabase } from '../lib/server/db/options';
import { CliError } from './output';

function checkedConfig() {
	try {
		return config();
	} catch (error) {
		// the production checks of config.ts (secret, embedded database) apply to the CLI too
		throw new CliError(`Configuration refusée : ${(error as Error).message}`);
	}
}

/**
 * Opens the configured database (the same as the server's: DATABASE_URL, or PGlite under
 * MAILLAGE_DATA_DIR), runs the command and always closes it, so the process can exit.
 */
export async function withDatabase<T>(run: (database: Database, label: string) => Promise<T>): Promise<T> {
	const options = { ...databaseOptions(checkedConfig()), poolSize: 2 };
	const database = await openDatabase(options);
	try {
		return await run(database, describeDatabase(options));
	} finally {
		await database.close();
	}
}
