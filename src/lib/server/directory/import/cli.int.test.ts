import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, rows, type Database } from '../../db/client';
import { projectRoot } from '../../db/migrate';
import { createTestDatabase, testDriver, type TestDatabase } from '../../testing/db';
import { failInsertsAfter, fingerprint, FAILURE_MESSAGE, removeFailure } from '../../testing/failures';

/**
 * `maillage import` and `maillage export` as an operator runs them: `node bin/maillage.js …` in a child
 * process, against a throw-away PGlite data directory (or, with TEST_DB=postgres, a throw-away database).
 */
const ROOT = projectRoot();
const BIN = path.join(ROOT, 'bin', 'maillage.js');
const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const STANDARD = path.resolve(import.meta.dirname, '../../../../../tests/fixtures/standards/data-inclusion');
const CHILD_TIMEOUT_MS = 120_000;

interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

let tmp: string;
let env: Record<string, string>;
let database: TestDatabase | undefined;

function run(file: string, args: string[]): Promise<Run> {
	const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
	if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
	return new Promise((resolve) => {
		execFile(
			file,
			args,
			{
				cwd: ROOT,
				env: childEnv,
				timeout: CHILD_TIMEOUT_MS,
				killSignal: 'SIGKILL',
				maxBuffer: 16 * 1024 * 1024
			},
			(error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
				resolve({ code, stdout, stderr });
			}
		);
	});
}

const cli = (...args: string[]) => run(process.execPath, [BIN, ...args]);

/** util-linux `script` (Debian's bsdutils) gives the CLI a pseudo-terminal, where the progress bar draws. */
const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0;
const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;
/** The CLI in a terminal: its output (stdout and stderr together) comes back as stdout. */
const cliInTerminal = (...args: string[]) =>
	run('script', ['-qec', [process.execPath, BIN, ...args].map(quote).join(' '), '/dev/null']);

beforeAll(async () => {
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'maillage-import-cli-'));
	if (testDriver() === 'postgres') {
		database = await createTestDatabase();
		env = { DATABASE_URL: database.url! };
	} else env = { MAILLAGE_DATA_DIR: path.join(tmp, 'data') };
});

afterAll(async () => {
	await database?.drop();
	if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const fixture = (name: string) => path.join(FIXTURES, name);

/** The CLI's database, opened in this process between two runs (PGlite has one writer: closed after). */
async function withDb<T>(use: (db: Database['db']) => Promise<T>): Promise<T> {
	if (database) return use(database.db);
	const pglite = await openDatabase({ dataDir: path.join(env.MAILLAGE_DATA_DIR!, 'pglite') });
	try {
		return await use(pglite.db);
	} finally {
		await pglite.close();
	}
}

describe('maillage import / export', () => {
	it(
		'imports a data·inclusion file with a summary, then finds it unchanged',
		{ timeout: 300_000 },
		async () => {
			const first = await cli('import', fixture('lot-data-inclusion.json'));
			expect(first.stderr).not.toMatch(/Erreur/);
			expect(first.code).toBe(0);
			expect(first.stdout).toMatch(/^Import terminé en .+ s\.$/m);
			expect(first.stdout).toMatch(/^Structures\s+3\s+0\s+0\s+0$/m);
			expect(first.stdout).toMatch(/^Services\s+4\s+0\s+0\s+0$/m);

			const again = await cli('import', fixture('lot-data-inclusion.json'));
			expect(again.code).toBe(0);
			expect(again.stdout).toMatch(/^Services\s+0\s+0\s+4\s+0$/m);
		}
	);

	it('prints each refused row and exits with 1 when no row is valid', { timeout: 300_000 }, async () => {
		const run = await cli('import', fixture('all-invalid.json'));
		expect(run.code).toBe(1);
		expect(run.stdout).toContain(
			'Élément 1 · service lot-solidarites--y · thematiques : Thématique inconnue : « pas-une-thematique » (codes data·inclusion v1).'
		);
		expect(run.stdout).toContain('Aucune ligne valide : rien n’a été modifié.');

		const partial = await cli(
			'import',
			'--dry-run',
			fixture('lot-services.csv'),
			fixture('lot-structures.csv')
		);
		expect(partial.code).toBe(0);
		expect(partial.stdout).toMatch(/^Vérification \(rien n’a été enregistré\) terminée/m);
		expect(partial.stdout).toContain('Ligne 4 (lot-services.csv) · service lacapelle-inconnu · thematiques');
	});

	it('refuses an unreadable file with one clear error', { timeout: 300_000 }, async () => {
		const malformed = await cli('import', fixture('malformed-json.txt'));
		expect(malformed.code).toBe(1);
		expect(malformed.stderr).toBe(
			'Erreur : Ligne 3 : JSON mal formé (erreur de syntaxe vers la ligne 3) : le fichier n’a pas été lu.\n'
		);
		const missing = await cli('import', path.join(tmp, 'absent.json'));
		expect(missing.code).toBe(1);
		expect(missing.stderr).toMatch(/^Erreur : Fichier introuvable : /);
		const badOrg = await cli('import', '--organisation', 'cahors', fixture('lot-data-inclusion.json'));
		expect(badOrg.code).toBe(1);
		expect(badOrg.stderr).toContain('--organisation attend l’identifiant (UUID)');
	});

	it('exports data·inclusion JSON and CSV, and HSDS', { timeout: 300_000 }, async () => {
		const json = path.join(tmp, 'annuaire.json');
		const run = await cli('export', json);
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(/^Export di-json écrit dans /);
		const document = JSON.parse(fs.readFileSync(json, 'utf8'));
		expect(document.services.map((s: { id: string }) => s.id)).toContain(
			'lot-solidarites--ccas-cahors-domiciliation'
		);
		const refused = await cli('export', json);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toContain('existe déjà');

		const csv = path.join(tmp, 'structures.csv');
		expect((await cli('export', csv, '--format', 'di-csv-structures')).code).toBe(0);
		expect(fs.readFileSync(csv, 'utf8')).toContain('lot-solidarites--epicerie-figeac');
		const hsds = path.join(tmp, 'hsds.json');
		expect((await cli('export', hsds, '--format', 'hsds')).code).toBe(0);
		expect(JSON.parse(fs.readFileSync(hsds, 'utf8')).contents).toHaveLength(3);
	});

	it(
		'imports the HSDS tables of a folder, and always says why an HSDS file is refused',
		{ timeout: 300_000 },
		async () => {
			const tables = path.join(ROOT, 'tests/fixtures/standards/hsds/examples/csv');
			const csv = await cli('import', tables);
			expect(csv.stderr).not.toMatch(/Erreur/);
			expect(csv.code).toBe(0);
			expect(csv.stdout).toMatch(/^Structures\s+1\s+0\s+0\s+0$/m);
			expect(csv.stdout).toMatch(/^Services\s+1\s+0\s+0\s+0$/m);
			expect(csv.stdout).toContain(
				'Ligne 2 (services.csv) · service ac148810-d857-441c-9679-408f346de14b · locations[0].latitude : Coordonnées hors de France'
			);
			const page = path.join(tmp, 'page.json');
			const item = (id: string, name?: string) => ({ id, name, description: 'Accueil de jour' });
			fs.writeFileSync(
				page,
				JSON.stringify({
					total_items: 2,
					total_pages: 1,
					page_number: 1,
					size: 2,
					first_page: true,
					last_page: true,
					empty: false,
					contents: [item('5b0c5f0e-2f7d-4c55-9f3e-0d3c1f4e4611'), 'x']
				})
			);
			const refused = await cli('import', '--format', 'hsds', page);
			expect(refused.code).toBe(1);
			expect(refused.stdout + refused.stderr).toContain(
				'Élément 1 · structure 5b0c5f0e-2f7d-4c55-9f3e-0d3c1f4e4611 · contents[0].name : Champ obligatoire manquant.'
			);
			expect(refused.stdout + refused.stderr).toContain(
				'Élément 2 · contents[1] : Cet élément n’est pas un objet JSON.'
			);
			// files that are not HSDS, read as HSDS: never an exit 1 without a word
			const notHsds = await cli('import', '--format', 'hsds', fixture('lot-data-inclusion.json'));
			expect(notHsds.code).toBe(1);
			expect(notHsds.stderr).toContain(
				'Erreur : Élément 1 · service lot-solidarites--ccas-cahors-domiciliation · services[0].organization_id : Champ obligatoire manquant.'
			);
			const csvNotHsds = await cli('import', '--format', 'hsds', fixture('lot-structures.csv'));
			expect(csvNotHsds.code).toBe(1);
			expect(csvNotHsds.stderr).toContain('Fichiers CSV HSDS sans organizations.csv ni services.csv');
			const unknown = path.join(tmp, 'inconnu.json');
			fs.writeFileSync(unknown, JSON.stringify({ foo: 1 }));
			const unknownRun = await cli('import', '--format', 'hsds', unknown);
			expect(unknownRun.code).toBe(1);
			expect(unknownRun.stderr).toMatch(/^Erreur : Élément 1 : Document HSDS non reconnu/);
			const empty = path.join(tmp, 'vide.json');
			fs.writeFileSync(empty, JSON.stringify({ structures: [] }));
			const emptyRun = await cli('import', empty);
			expect(emptyRun.code).toBe(1);
			expect(emptyRun.stderr).toBe(`Erreur : aucune structure ni aucun service lu dans ${empty}.\n`);
		}
	);

	it(
		'reports a database failure half-way through an import in one line, exits with 1 and keeps nothing',
		{ timeout: 300_000 },
		async () => {
			const files = [fixture('lot-structures.csv'), fixture('lot-services.csv')];
			// the two structures are written, then the second of the two valid services is refused
			const before = await withDb(async (db) => {
				await failInsertsAfter(db, 'services', 1);
				return fingerprint(db);
			});
			try {
				const run = await cli('import', ...files);
				expect(run.stderr).toBe(
					`Erreur de la base de données : ${FAILURE_MESSAGE} : insertion refusée dans services après 1 lignes.\n`
				);
				expect(run.code).toBe(1);
				expect(run.stdout).toBe('');
			} finally {
				await withDb(async (db) => {
					const after = await fingerprint(db);
					await removeFailure(db, 'services');
					expect(after).toEqual(before);
				});
			}

			const again = await cli('import', ...files);
			expect(again.code).toBe(0);
			expect(again.stdout).toMatch(/^Structures\s+2\s+0\s+0\s+0$/m);
			expect(again.stdout).toMatch(/^Services\s+2\s+0\s+0\s+1$/m);
		}
	);

	it.skipIf(!HAS_SCRIPT)(
		'in a terminal, stops its progress bar when the import fails, so that the command ends',
		{ timeout: 300_000 },
		async () => {
			// the structure is written and the bar drawn, then the first service is refused
			await withDb((db) => failInsertsAfter(db, 'services', 0));
			try {
				const run = await cliInTerminal('import', fixture('hsds-souillac.json'));
				// a bar left running keeps the process alive until the test kills it (code null)
				expect(run.code).toBe(1);
				expect(run.stdout).toContain('Import ');
				expect(run.stdout).toContain(
					`Erreur de la base de données : ${FAILURE_MESSAGE} : insertion refusée dans services après 0 lignes.`
				);
				// the bar hid the cursor: stopping it shows it again
				expect(run.stdout).toContain('\u001b[?25h');
			} finally {
				await withDb((db) => removeFailure(db, 'services'));
			}
		}
	);

	it(
		// last: the export tests above count the whole directory
		'imports data·inclusion’s producer workbook with --source; without it says why each row is refused',
		{ timeout: 300_000 },
		async () => {
			const workbook = path.join(STANDARD, 'lot-producteur.xlsx');
			const without = await cli('import', workbook);
			expect(without.code).toBe(1);
			expect(without.stderr).toContain(
				'Erreur : Ligne 4 (Structures) · structure ccas-cahors · source : Source manquante'
			);
			const bad = await cli('import', '--source', 'Conseil départemental', workbook);
			expect(bad.code).toBe(1);
			expect(bad.stderr).toContain('--source attend un nom de producteur');

			const run = await cli('import', '--source', 'cd46', workbook);
			expect(run.stderr).not.toMatch(/Erreur/);
			expect(run.code).toBe(0);
			expect(run.stdout).toMatch(/^Structures\s+2\s+0\s+0\s+0$/m);
			expect(run.stdout).toMatch(/^Services\s+3\s+0\s+0\s+0$/m);
			expect(run.stdout).toMatch(/Ligne 1 \(Services\) : Colonne «.lien_source.» présente deux fois/);
			const sources = await withDb((db) =>
				rows<{ source: string }>(
					db,
					sql`select distinct source from services where source_id in ('ccas-cahors-aide-numerique', 'epicerie-figeac-atelier-cuisine')`
				)
			);
			expect(sources).toEqual([{ source: 'cd46' }]);
		}
	);
});
