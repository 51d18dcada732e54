import { config } from './config';
import './personal-data';
import { openDatabase, type Database } from './db/client';
import { migrate } from './db/migrate';
import { formatCredentials, isEmpty, loadTerritories, seedDemo } from './demo/seed';
import { logger } from './log';
import { databaseOptions } from './db/options';
import { enableSearchIndex } from './directory/search-index/handle';
import { currentQueue, setCurrentQueue, startQueue } from './jobs/queue';

let database: Database | undefined;
let opening: Promise<Database> | undefined;

/** Opens the database, applies migrations and, on an empty database only, loads the demo territory. */
export function startDatabase(): Promise<Database> {
	opening ??= (async () => {
		const cfg = config();
		const db = await openDatabase(databaseOptions(cfg));
		const started = Date.now();
		await migrate(db);
		logger.info({ driver: db.kind, ms: Date.now() - started }, 'database ready, migrations applied');
		const empty = await isEmpty(db.db);
		if (empty.territories) {
			const summary = await loadTerritories(db.db);
			logger.info({ ...summary }, 'territories of France loaded');
		}
		if (empty.accounts && cfg.seedDemoOnEmpty) {
			const credentials = await seedDemo(db.db, { password: process.env.MAILLAGE_DEMO_PASSWORD });
			// printed once, on the console only: the structured log never carries passwords
			process.stdout.write(formatCredentials(credentials) + '\n');
			logger.info({ accounts: credentials.length }, 'demo territory seeded (Lot)');
		}
		// built in the background: searches use SQL until it is ready
		if (cfg.searchIndex) enableSearchIndex(db.db);
		// the job queue (ADR 002): reminders and digests on their cron, jobs enqueued on demand
		if (cfg.jobs) {
			await import('./jobs/all');
			setCurrentQueue(await startQueue(db));
			logger.info('job queue started');
		}
		database = db;
		return db;
	})();
	return opening;
}

export function currentDatabase(): Database {
	if (!database) throw new Error('database not started');
	return database;
}

export async function stopDatabase(): Promise<void> {
	const db = database;
	database = undefined;
	opening = undefined;
	const queue = currentQueue();
	setCurrentQueue(undefined);
	if (queue) await queue.stop();
	if (db) await db.close();
}
