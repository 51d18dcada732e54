import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { projectRoot } from '../lib/server/db/migrate';
import { createTestDatabase, testDriver, type TestDatabase } from '../lib/server/testing/db';

/** `maillage import-indicators` as an operator runs it: a child process on a throw-away database. */
const ROOT = projectRoot();
const BIN = path.join(ROOT, 'bin', 'maillage.js');

let tmp: string;
let env: Record<string, string>;
let database: TestDatabase | undefined;

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
	const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
	if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
	return new Promise((resolve) => {
		execFile(
			process.execPath,
			[BIN, ...args],
			{ cwd: ROOT, env: childEnv, timeout: 120_000 },
			(error, stdout, stderr) =>
				resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr })
		);
	});
}

const MAPPING = {
	communeColumn: 'commune',
	source: 'Observatoire départemental du Lot',
	vintage: '2024',
	indicators: [{ column: 'pop', code: 'T_POP', label: 'Population', period: '2023', aggregation: 'sum' }]
};

beforeAll(async () => {
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'maillage-indicators-'));
	if (testDriver() === 'postgres') {
		database = await createTestDatabase({ territories: false });
		env = { DATABASE_URL: database.url! };
	} else env = { MAILLAGE_DATA_DIR: path.join(tmp, 'data') };
	fs.writeFileSync(path.join(tmp, 'mapping.json'), JSON.stringify(MAPPING));
	const territories = await cli('import-territories', '--departements', '46');
	expect(territories.code).toBe(0);
}, 200_000);

afterAll(async () => {
	await database?.drop();
	fs.rmSync(tmp, { recursive: true, force: true });
});

describe('maillage import-indicators', () => {
	it(
		'refuses a bad file with the report by line and exit code 1, writing nothing',
		{ timeout: 120_000 },
		async () => {
			fs.writeFileSync(path.join(tmp, 'bad.csv'), 'commune;pop\n46042;19907\n46042;20000\n99999;3\n');
			const run = await cli(
				'import-indicators',
				path.join(tmp, 'bad.csv'),
				'--mapping',
				path.join(tmp, 'mapping.json')
			);
			expect(run.code).toBe(1);
			expect(run.stderr).toContain(
				'Ligne 3 : commune 46042 en double avec d’autres valeurs que la ligne 2 : laquelle garder ?'
			);
			expect(run.stderr).toContain('Ligne 4 : code commune inconnu « 99999 » : ligne ignorée');
			expect(run.stderr).toContain('Rien n’a été importé');
		}
	);

	it(
		'imports the CSV of a .zip, and the shipped Insee extract with --preset',
		{ timeout: 120_000 },
		async () => {
			const csv = new TextEncoder().encode('commune,pop\n46042,"19907,5"\n46102,9793\n');
			fs.writeFileSync(path.join(tmp, 'pop.zip'), zipSync({ 'pop.csv': csv }));
			const run = await cli(
				'import-indicators',
				path.join(tmp, 'pop.zip'),
				'--mapping',
				path.join(tmp, 'mapping.json')
			);
			expect(run.stderr).not.toMatch(/Erreur/);
			expect(run.code).toBe(0);
			expect(run.stdout).toMatch(
				/^Import terminé en .+ s : 1 indicateur, 2 communes, 2 valeurs dont 0 sous secret statistique et 0 manquante\.\n$/
			);

			const extract = path.join(ROOT, 'assets', 'indicators', 'insee-comparateur-46-32.csv.gz');
			const insee = await cli('import-indicators', extract, '--preset', 'insee-comparateur');
			expect(insee.code).toBe(0);
			// the Gers is not loaded here: its lines are reported, the Lot's 312 communes imported
			expect(insee.stdout).toMatch(/32 indicateurs, 312 communes/);
			expect(insee.stdout).toContain('code commune inconnu « 32013 » : ligne ignorée');
		}
	);

	it('asks for a mapping or a preset, in French', { timeout: 60_000 }, async () => {
		const run = await cli('import-indicators', path.join(tmp, 'bad.csv'));
		expect(run.code).toBe(1);
		expect(run.stderr).toBe(
			'Erreur : Donnez soit --mapping <fichier.json>, soit --preset insee-comparateur.\n'
		);
	});
});
