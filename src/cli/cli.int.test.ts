import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { verifyPassword } from '../lib/server/auth/crypto';
import { createUser, findUserByEmail } from '../lib/server/auth/service';
import { tableChecksums } from '../lib/server/backup/checksum';
import { tableContents, tablesToBackUp } from '../lib/server/backup/testing';
import { openDatabase, rows, type Database } from '../lib/server/db/client';
import { migrationStatus, projectRoot } from '../lib/server/db/migrate';
import { createTestDatabase, testDriver, type TestDatabase } from '../lib/server/testing/db';

/**
 * The real CLI, as an administrator runs it: `node bin/maillage.js …` in a child process,
 * against a throw-away PGlite data directory (or, with TEST_DB=postgres, a throw-away database).
 */
const ROOT = projectRoot();
const BIN = path.join(ROOT, 'bin', 'maillage.js');
// a first PGlite start creates its data directory, which takes a few seconds on a slow machine
const CHILD_TIMEOUT_MS = 90_000;

interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** Where a CLI child process points, and how the test reads the same database afterwards. */
interface Target {
	env: Record<string, string>;
	/** opens the database in this process; close it before the next CLI run (PGlite has one writer) */
	open(): Promise<Database>;
	cleanup(): Promise<void>;
}

async function createTarget(tmp: string, name: string): Promise<Target> {
	if (testDriver() === 'postgres') {
		const database: TestDatabase = await createTestDatabase({ territories: false });
		return {
			env: { DATABASE_URL: database.url! },
			// the pool stays open between runs: PostgreSQL has no single-writer constraint
			open: async () => ({ ...database, close: async () => {} }),
			cleanup: () => database.drop()
		};
	}
	const dataDir = path.join(tmp, name);
	return {
		env: { MAILLAGE_DATA_DIR: dataDir },
		open: () => openDatabase({ dataDir: path.join(dataDir, 'pglite') }),
		cleanup: async () => {}
	};
}

function cli(target: Target, ...args: string[]): Promise<Run> {
	const env: NodeJS.ProcessEnv = { ...process.env, ...target.env };
	if (!target.env.DATABASE_URL) delete env.DATABASE_URL;
	delete env.MAILLAGE_DEMO_PASSWORD;
	return new Promise((resolve) => {
		execFile(
			process.execPath,
			[BIN, ...args],
			{ cwd: ROOT, env, timeout: CHILD_TIMEOUT_MS, killSignal: 'SIGKILL' },
			(error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
				resolve({ code, stdout, stderr });
			}
		);
	});
}

async function withDb<T>(target: Target, read: (database: Database) => Promise<T>): Promise<T> {
	const database = await target.open();
	try {
		return await read(database);
	} finally {
		await database.close();
	}
}

const noStackTrace = (run: Run) => expect(run.stderr).not.toMatch(/^\s+at /m);

let tmp: string;
let source: Target;

beforeAll(async () => {
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'maillage-cli-'));
	source = await createTarget(tmp, 'source');
});

afterAll(async () => {
	await source?.cleanup();
	if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('maillage CLI', () => {
	it('migrate applies the migrations, then finds nothing new', { timeout: 200_000 }, async () => {
		const first = await cli(source, 'migrate');
		expect(first.stderr).toBe('');
		expect(first.code).toBe(0);
		expect(first.stdout).toMatch(/^Base à jour : \d+ migrations appliquées \(.+\) — (PGlite|PostgreSQL) /);
		const second = await cli(source, 'migrate');
		expect(second.code).toBe(0);
		expect(second.stdout).toMatch(/\(aucune nouvelle\)/);
		const status = await withDb(source, (db) => migrationStatus(db));
		expect(status.applied).toBe(status.expected);
	});

	it('import-territories loads France and checks département codes', { timeout: 200_000 }, async () => {
		const refused = await cli(source, 'import-territories', '--departements', '46,99');
		expect(refused.code).toBe(1);
		expect(refused.stderr).toBe('Erreur : Code de département inconnu : 99.\n');

		const run = await cli(source, 'import-territories');
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(
			/^Territoires importés en .+ s : \d+ régions, \d+ départements, .+ EPCI, .+ communes dont .+ avec un centroïde\.\n$/
		);
		const [row] = await withDb(source, ({ db }) =>
			rows<{ name: string }>(db, sql`select name from communes where code = '46256'`)
		);
		expect(row?.name).toBe('Saint-Cirq-Lapopie');
	});

	it(
		'create-admin creates an instance administrator and prints its password once',
		{ timeout: 200_000 },
		async () => {
			const run = await cli(
				source,
				'create-admin',
				'--email',
				'Mireille.Fabre@cahors.fr',
				'--name',
				'Mireille Fabre'
			);
			expect(run.stderr).toBe('');
			expect(run.code).toBe(0);
			expect(run.stdout).toContain(
				'Compte administrateur de l’instance créé : mireille.fabre@cahors.fr (Mireille Fabre).'
			);
			const password = /une seule fois.*: (\S+)$/m.exec(run.stdout)?.[1];
			expect(password).toMatch(/^\w{4}-\w{4}-\w{4}-\w{4}$/);

			await withDb(source, async ({ db }) => {
				const user = await findUserByEmail(db, 'mireille.fabre@cahors.fr');
				expect(user).toMatchObject({ displayName: 'Mireille Fabre', isInstanceAdmin: true });
				expect(await verifyPassword(user!.passwordHash!, password!)).toBe(true);
			});
		}
	);

	it(
		'create-admin promotes an existing account without touching its password',
		{ timeout: 200_000 },
		async () => {
			await withDb(source, ({ db }) =>
				createUser(db, {
					email: 'rachid.benali@figeac.fr',
					displayName: 'Rachid Benali',
					password: 'Causse-et-Célé-2025'
				})
			);
			const run = await cli(
				source,
				'create-admin',
				'--email',
				'rachid.benali@figeac.fr',
				'--name',
				'Rachid Benali'
			);
			expect(run.code).toBe(0);
			expect(run.stdout).toBe(
				'Le compte existant rachid.benali@figeac.fr est désormais administrateur de l’instance.\n'
			);

			await withDb(source, async ({ db }) => {
				const user = await findUserByEmail(db, 'rachid.benali@figeac.fr');
				expect(user?.isInstanceAdmin).toBe(true);
				expect(await verifyPassword(user!.passwordHash!, 'Causse-et-Célé-2025')).toBe(true);
				const events = await rows<{ action: string }>(
					db,
					sql`select action from audit_events where object_id = ${user!.id} order by id`
				);
				expect(events.map((e) => e.action)).toEqual(['user.instanceAdmin.grant']);
			});
		}
	);

	it(
		'create-admin refuses invalid input with a French message and exit code 1',
		{ timeout: 200_000 },
		async () => {
			const run = await cli(
				source,
				'create-admin',
				'--email',
				'mireille.fabre@',
				'--name',
				'Mireille Fabre',
				'--password',
				'court'
			);
			expect(run.code).toBe(1);
			expect(run.stdout).toBe('');
			expect(run.stderr).toBe(
				'Erreur : Adresse e-mail invalide : « mireille.fabre@ » ; le mot de passe doit contenir au moins 12 caractères.\n'
			);
			noStackTrace(run);

			const missing = await cli(source, 'create-admin', '--email', 'mireille.fabre@cahors.fr');
			expect(missing.code).toBe(1);
			expect(missing.stderr).toBe('Erreur : L’option « --name <nom> » est obligatoire.\n');
		}
	);

	it('backup then restore into an empty database gives identical tables', { timeout: 300_000 }, async () => {
		const file = path.join(tmp, 'maillage-sauvegarde.ndjson.gz');
		const backup = await cli(source, 'backup', file);
		expect(backup.stderr).toBe('');
		expect(backup.code).toBe(0);
		expect(backup.stdout).toMatch(
			/^Sauvegarde de .+ écrite dans .+maillage-sauvegarde\.ndjson\.gz : \d+ tables, .+ lignes/
		);
		// every table of the database's own catalogue (backup/testing.ts), not of the backup's list
		const { tables, original } = await withDb(source, async ({ db }) => {
			const tables = await tablesToBackUp(db);
			return { tables, original: await tableContents(db, tables) };
		});
		expect(backup.stdout).toContain(` : ${tables.length} tables, `);

		const target = await createTarget(tmp, 'cible');
		try {
			const unmigrated = testDriver() === 'pglite' ? await cli(target, 'restore', file) : undefined;
			if (unmigrated) {
				expect(unmigrated.code).toBe(1);
				expect(unmigrated.stderr).toBe(
					'Erreur : La base cible n’est pas migrée : lancez d’abord « maillage migrate ».\n'
				);
			}
			expect((await cli(target, 'migrate')).code).toBe(0);
			const restore = await cli(target, 'restore', file);
			expect(restore.stderr).toBe('');
			expect(restore.code).toBe(0);
			expect(restore.stdout).toMatch(
				/restaurée dans .+ : \d+ tables, .+ lignes, sommes de contrôle vérifiées/
			);

			expect(await withDb(target, ({ db }) => tableContents(db, tables))).toEqual(original);
			const expected = await withDb(source, ({ db }) => tableChecksums(db));
			expect(await withDb(target, ({ db }) => tableChecksums(db))).toEqual(expected);
			expect(expected.users!.rows).toBe(2);

			const again = await cli(target, 'restore', file);
			expect(again.code).toBe(1);
			expect(again.stderr).toMatch(/^Erreur : La base cible n’est pas vide \(.+\)/);
			noStackTrace(again);
		} finally {
			await target.cleanup();
		}
	});
});
