import path from 'node:path';
import type { AppConfig } from '../config';
import type { DatabaseOptions } from './client';

/** Where the configured database lives: DATABASE_URL, or the embedded PGlite under the data directory. */
export function databaseOptions(cfg: Pick<AppConfig, 'databaseUrl' | 'dataDir'>): DatabaseOptions {
	return cfg.databaseUrl ? { url: cfg.databaseUrl } : { dataDir: path.join(cfg.dataDir, 'pglite') };
}

/** A label for messages: the PGlite folder, or the PostgreSQL server and database without credentials. */
export function describeDatabase(options: DatabaseOptions): string {
	if (!options.url) return `PGlite (${options.dataDir ?? 'en mémoire'})`;
	try {
		const url = new URL(options.url);
		return `PostgreSQL (${url.host}${url.pathname})`;
	} catch {
		return 'PostgreSQL';
	}
}
