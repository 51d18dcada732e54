import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { rows, type Database } from './client';

/** The project root, found from this file whether it runs from src/ or from the built bundle. */
export function projectRoot(): string {
	let dir = path.dirname(fileURLToPath(import.meta.url));
	for (;;) {
		const pkg = path.join(dir, 'package.json');
		if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'maillage') return dir;
		const parent = path.dirname(dir);
		if (parent === dir) return process.cwd();
		dir = parent;
	}
}

export const migrationsFolder = () => path.join(projectRoot(), 'drizzle');

// Arbitrary constant: serialises migrations when several app processes start against one server.
const MIGRATION_LOCK = 4_637_042;

export async function migrate(database: Database): Promise<void> {
	const folder = migrationsFolder();
	if (database.kind === 'pglite') {
		const { migrate: run } = await import('drizzle-orm/pglite/migrator');
		await run(database.db as never, { migrationsFolder: folder });
		return;
	}
	const { migrate: run } = await import('drizzle-orm/node-postgres/migrator');
	await database.db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK})`);
	try {
		await run(database.db as never, { migrationsFolder: folder });
	} finally {
		await database.db.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK})`);
	}
}

/** Migrations known to this build vs applied to the database (for /readyz). */
export async function migrationStatus(database: Database): Promise<{ expected: number; applied: number }> {
	const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder(), 'meta', '_journal.json'), 'utf8'));
	const expected = (journal.entries as unknown[]).length;
	const [exists] = await rows<{ present: boolean }>(
		database.db,
		sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`
	);
	if (!exists?.present) return { expected, applied: 0 };
	const [row] = await rows<{ n: number }>(
		database.db,
		sql`select count(*)::int as n from drizzle.__drizzle_migrations`
	);
	return { expected, applied: row?.n ?? 0 };
}
