import fs from 'node:fs';
import path from 'node:path';
import type { RequestEvent } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../testing/db';
import { actorWith } from '../../testing/actors';
import { rows } from '../../db/client';
import { importDirectoryCsv, importDirectoryJson } from '../../api/v1/imports';
import { importDirectory } from './importer';
import { readImportUploads, readJsonDocument, type ImportFile } from './read';
import type { ImportIssue } from './types';

/**
 * data·inclusion's producer files imported as published (tests/fixtures/standards/data-inclusion, PROVENANCE.md):
 * the official workbook (dataset.xlsx) and its two sheets saved as CSV, and a valid producer workbook in the same
 * layout (lot-producteur.xlsx, and as CSV). The template has no source column: the source of the whole file is
 * given by the caller (CLI --source, the upload page, the API), and a row's own source still wins.
 */

// the API handlers and the page action take their database from the server's bootstrap: the test database
const server = vi.hoisted(() => ({ database: undefined as unknown }));
vi.mock('../../bootstrap', () => ({
	currentDatabase: () => {
		if (!server.database) throw new Error('database not started');
		return server.database;
	}
}));

const STANDARD = path.resolve(import.meta.dirname, '../../../../../tests/fixtures/standards/data-inclusion');
const official = (...names: string[]): ImportFile[] =>
	names.map((name) => ({ name, bytes: new Uint8Array(fs.readFileSync(path.join(STANDARD, name))) }));
const USER = '00000000-0000-4000-8000-000000000001';

let t: TestDatabase;
const admin = () => ({ db: t.db, actor: actorWith([], { instanceAdmin: true, id: USER }) });
const brief = (issues: ImportIssue[]) =>
	issues.map((i) => `${i.file ?? ''}:${i.line} ${i.field} ${i.message}`);

const structure = async (source: string, sourceId: string) =>
	(
		await rows<Record<string, unknown>>(
			t.db,
			sql`select *, to_char(source_updated_on, 'YYYY-MM-DD') as date_maj from structures where source = ${source} and source_id = ${sourceId}`
		)
	)[0];
const service = async (source: string, sourceId: string) =>
	(
		await rows<Record<string, unknown>>(
			t.db,
			sql`select *, to_char(source_updated_on, 'YYYY-MM-DD') as date_maj from services where source = ${source} and source_id = ${sourceId}`
		)
	)[0];
const countFrom = async (source: string) =>
	(
		await rows<{ n: number }>(
			t.db,
			sql`select (select count(*) from structures where source = ${source}) + (select count(*) from services where source = ${source}) as n`
		)
	)[0]!.n;

beforeAll(async () => {
	t = await createTestDatabase();
	server.database = t;
	await t.db.execute(
		sql`insert into users (id, email, display_name) values (${USER}, 'admin@example.fr', 'Administratrice')`
	);
}, 120_000);
afterAll(() => t?.drop());

describe('the official producer workbook (dataset.xlsx) and its sheets as CSV', () => {
	it('without a source, every row says how to give one', async () => {
		const parsed = await readImportUploads(official('dataset.xlsx'));
		expect(parsed.structures).toEqual([]);
		expect(parsed.services).toEqual([]);
		expect(parsed.errors.map((e) => [e.file, e.line, e.code])).toEqual([
			['Structures', 4, 'sourceMissing'],
			['Services', 4, 'sourceMissing'],
			['Services', 5, 'sourceMissing']
		]);
	});

	it('with --source, reads both sheets as published and reports each mistake on its line, value quoted', async () => {
		const report = await importDirectory(
			admin(),
			await readImportUploads(official('dataset.xlsx'), undefined, { source: 'action-logement' })
		);
		// the template's description and example rows (__ignore__) are not data; its own mistakes are reported
		expect(brief(report.warnings)).toEqual([
			'Structures:1  Colonne inconnue du schéma data·inclusion, ignorée\u202f: «\u202f2026-02-23\u202f».',
			'Structures:1  Colonne inconnue du schéma data·inclusion, ignorée\u202f: «\u202fcolonne en trop\u202f».',
			'Structures:1  Colonne inconnue du schéma data·inclusion, ignorée\u202f: «\u202fcolonne en double\u202f».',
			'Services:1  Colonne inconnue du schéma data·inclusion, ignorée\u202f: «\u202f2026-03-03\u202f».',
			'Services:1  Colonne «\u202flien_source\u202f» présente deux fois\u202f: pour chaque ligne, la première valeur non vide est lue.',
			'Services:1  Colonne inconnue du schéma data·inclusion, ignorée\u202f: «\u202flien_url_gen\u202f».',
			'Services:1  Colonne inconnue du schéma data·inclusion, ignorée\u202f: «\u202flien_url_widget\u202f».'
		]);
		expect(report.errors.map((e) => [e.line, e.entity, e.field, e.code, e.value])).toEqual([
			[4, 'structure', 'code_postal', 'postalCode.invalid', '750121'],
			[4, 'structure', 'courriel', 'email.invalid', 'pas une adresse'],
			[4, 'structure', 'site_web', 'url.invalid', 'pas une url !'],
			[4, 'service', 'thematiques', 'thematique.unknown', 'logement-hebergement--louer-un-appartement'],
			[4, 'service', 'mobilisable_par', 'mobilisablePar.unknown', 'autres'],
			[4, 'service', 'nombre_semaines', 'producer.durationWeeks', 'beaucoup'],
			[5, 'service', 'mobilisable_par', 'mobilisablePar.unknown', 'autres'],
			[5, 'service', 'nombre_semaines', 'producer.durationWeeks', 'beaucoup']
		]);
		// of the three items of mobilisable_par, the unknown one is named
		expect(report.errors[4]!.message).toMatch(/«.autres.»/);
		expect(report.structures).toMatchObject({ created: 0, rejected: 1 });
		expect(report.services).toMatchObject({ created: 0, rejected: 2 });
		expect(await countFrom('action-logement')).toBe(0);
	});

	it('the same sheets as CSV: the same reports, each on the line where its record starts', async () => {
		const report = await importDirectory(
			admin(),
			await readImportUploads(official('dataset-structures.csv', 'dataset-services.csv'), undefined, {
				source: 'action-logement'
			})
		);
		const text = fs.readFileSync(path.join(STANDARD, 'dataset-services.csv'), 'utf8').split('\n');
		const startOf = (id: string) => text.findIndex((l) => l.includes(`,${id},`)) + 1;
		// the descriptions span many lines: line 25 is where the second service starts, not where it ends
		expect(startOf('53669028-8862-4f42-a80c-d3f269456ed2')).toBe(25);
		expect(
			report.errors.filter((e) => e.entity === 'service').map((e) => [e.file, e.line, e.field, e.value])
		).toEqual([
			['dataset-services.csv', 4, 'thematiques', 'logement-hebergement--louer-un-appartement'],
			['dataset-services.csv', 4, 'mobilisable_par', 'autres'],
			['dataset-services.csv', 4, 'nombre_semaines', 'beaucoup'],
			['dataset-services.csv', 25, 'mobilisable_par', 'autres'],
			['dataset-services.csv', 25, 'nombre_semaines', 'beaucoup']
		]);
		expect(report.warnings.map((w) => w.value)).toContain('lien_source');
		expect(await countFrom('action-logement')).toBe(0);
	});
});

describe('a valid producer file in the template layout', () => {
	it('imports the workbook with --source: fields, lists, dates, commune resolved, weekly hours', async () => {
		const report = await importDirectory(
			admin(),
			await readImportUploads(official('lot-producteur.xlsx'), undefined, { source: 'cd46' })
		);
		expect(report.errors).toEqual([]);
		expect(report.structures).toMatchObject({ created: 2, rejected: 0 });
		expect(report.services).toMatchObject({ created: 3, rejected: 0 });
		// the Structures row without date_maj: imported, with a warning naming its line
		expect(
			report.warnings.filter((w) => w.code === 'producer.dateMissing').map((w) => [w.line, w.id])
		).toEqual([[5, 'epicerie-figeac']]);
		expect(await structure('cd46', 'ccas-cahors')).toMatchObject({
			name: 'CCAS de Cahors',
			siret: '26460042500017',
			postal_code: '46000',
			commune_code: '46042', // "Cahors" + 46000: one commune
			commune_name: 'Cahors',
			networks: ['ccas-cias'],
			date_maj: '2025-03-14',
			description:
				'Le centre communal d’action sociale accueille, écoute et oriente les habitants de Cahors.\nDomiciliation, aides facultatives, accompagnement aux démarches.'
		});
		expect(await structure('cd46', 'epicerie-figeac')).toMatchObject({
			commune_code: '46102',
			networks: ['banques-alimentaires', 'ccas-cias'],
			date_maj: null
		});
		expect(await service('cd46', 'epicerie-figeac-atelier-cuisine')).toMatchObject({
			weekly_hours: 3,
			duration_weeks: 10,
			commune_code: '46102',
			fees: 'payant',
			publics: ['familles', 'seniors'],
			date_maj: '2025-02-03'
		});
		expect(await service('cd46', 'ccas-cahors-domiciliation')).toMatchObject({
			mobilisation_modes: ['se-presenter', 'telephoner'],
			mobilisable_by: ['usagers', 'professionnels'],
			source_url: 'https://www.cahors.fr/ccas/domiciliation'
		});
		// the duplicated lien_source column: the first one is empty on this row, the second is read
		expect(await service('cd46', 'ccas-cahors-aide-numerique')).toMatchObject({
			source_url: 'https://www.cahors.fr/ccas/numerique',
			reception_modes: ['en-presentiel', 'a-distance']
		});
	});

	it('the same file as CSV reads identically: everything unchanged', async () => {
		const report = await importDirectory(
			admin(),
			await readImportUploads(
				official('lot-producteur-structures.csv', 'lot-producteur-services.csv'),
				undefined,
				{
					source: 'cd46'
				}
			)
		);
		expect(report.errors).toEqual([]);
		expect(report.structures).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
		expect(report.services).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
	});

	it('a row’s own source wins over the one given for the file', async () => {
		const parsed = readJsonDocument(
			{
				structures: [
					{ id: 'mairie-gramat', source: 'mairies-46', nom: 'Mairie de Gramat', date_maj: '2025-01-02' }
				]
			},
			'data-inclusion',
			{ source: 'cd46' }
		);
		expect(parsed.structures.map((s) => [s.source, s.sourceId])).toEqual([['mairies-46', 'mairie-gramat']]);
	});
});

describe('date_maj', () => {
	const doc = (date_maj?: string) => ({
		structures: [
			{
				source: 'lot-dates',
				id: 'souillac',
				nom: 'Point justice de Souillac',
				code_insee: '46309',
				...(date_maj ? { date_maj } : {})
			}
		]
	});

	it('re-importing a record without date_maj keeps the stored date (and says so)', async () => {
		await importDirectory(admin(), readJsonDocument(doc('2025-04-01')));
		const again = await importDirectory(admin(), readJsonDocument(doc()));
		expect(again.warnings.map((w) => [w.line, w.field, w.code])).toEqual([
			[1, 'date_maj', 'producer.dateMissing']
		]);
		expect(again.structures).toMatchObject({ unchanged: 1 });
		expect((await structure('lot-dates', 'souillac'))!.date_maj).toBe('2025-04-01');
		// a new date still replaces it
		await importDirectory(admin(), readJsonDocument(doc('2025-05-02')));
		expect((await structure('lot-dates', 'souillac'))!.date_maj).toBe('2025-05-02');
	});

	it('a date_maj in the future is refused, naming the line, the field and the value', async () => {
		const future = `${new Date().getUTCFullYear() + 1}-01-15`;
		const report = await importDirectory(admin(), readJsonDocument(doc(future)));
		expect(report.errors.map((e) => [e.line, e.field, e.code, e.value])).toEqual([
			[1, 'date_maj', 'producer.dateFuture', future]
		]);
		expect(report.errors[0]!.message).toContain(`«\u202f${future}\u202f»`);
		expect((await structure('lot-dates', 'souillac'))!.date_maj).toBe('2025-05-02');
	});
});

describe('commune without code_insee', () => {
	it('is kept as written when name + postal code do not designate one commune, and exported', async () => {
		const report = await importDirectory(
			admin(),
			readJsonDocument({
				structures: [
					{
						source: 'lot-communes',
						id: 'a',
						nom: 'Accueil de jour',
						commune: 'Figeac',
						code_postal: '46000',
						date_maj: '2025-01-02'
					}
				]
			})
		);
		expect(report.warnings.map((w) => [w.field, w.code, w.value])).toEqual([
			['commune', 'producer.communeUnresolved', 'Figeac (46000)']
		]);
		expect(await structure('lot-communes', 'a')).toMatchObject({
			commune_code: null,
			commune_name: 'Figeac'
		});
	});
});

describe('the source field of the API and of the upload page', () => {
	const locals = { actor: admin, locale: 'fr', requestId: 'requete-source', ip: '192.0.2.46' };
	const template = fs.readFileSync(path.join(STANDARD, 'lot-producteur-structures.csv'), 'utf8');

	it('POST /imports/csv?source=… imports the template CSV; without it every row is refused', async () => {
		const post = async (query: string) => {
			const url = new URL(`http://localhost/api/v1/imports/csv${query}`);
			const response = await importDirectoryCsv({
				request: new Request(url, {
					method: 'POST',
					headers: { 'content-type': 'text/csv' },
					body: template
				}),
				url,
				params: {},
				locals: { ...locals, actor: admin().actor }
			} as unknown as RequestEvent);
			return { status: response.status, body: await response.json() };
		};
		const without = await post('');
		expect(without.status).toBe(200);
		expect(without.body.errors.map((e: ImportIssue) => e.code)).toEqual(['sourceMissing', 'sourceMissing']);
		const bad = await post('?source=Mon%20D%C3%A9partement');
		expect(bad.status).toBe(400);
		expect(JSON.stringify(bad.body)).toContain('source');
		const given = await post('?source=api-46');
		expect(given.body.structures).toMatchObject({ created: 2, rejected: 0 });
		expect(await countFrom('api-46')).toBe(2);
	});

	it('POST /imports with source in the body', async () => {
		const url = new URL('http://localhost/api/v1/imports');
		const response = await importDirectoryJson({
			request: new Request(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					format: 'data-inclusion',
					source: 'api-json-46',
					content: {
						structures: [
							{ id: 'mjc-cahors', nom: 'MJC de Cahors', code_insee: '46042', date_maj: '2025-01-02' }
						]
					}
				})
			}),
			url,
			params: {},
			locals: { ...locals, actor: admin().actor }
		} as unknown as RequestEvent);
		expect(response.status).toBe(200);
		expect(await structure('api-json-46', 'mjc-cahors')).toMatchObject({ name: 'MJC de Cahors' });
	});

	it('the upload page: the workbook with the source field imports; a malformed source is refused by name', async () => {
		const { actions } = await import('../../../../routes/(app)/annuaire/import/+page.server');
		const submit = async (fields: Record<string, string>) => {
			const data = new FormData();
			const [xlsx] = official('lot-producteur.xlsx');
			data.set('file', new Blob([Buffer.from(xlsx!.bytes)]), 'lot-producteur.xlsx');
			for (const [k, v] of Object.entries(fields)) data.set(k, v);
			const url = new URL('http://localhost/annuaire/import');
			return (await actions.default!({
				request: new Request(url, { method: 'POST', body: data }),
				url,
				params: {},
				locals: { ...locals, actor: admin().actor, memberships: [] }
			} as unknown as Parameters<NonNullable<typeof actions.default>>[0])) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
		};
		const bad = await submit({ source: 'Conseil départemental', organisationId: '' });
		expect(bad.status).toBe(400);
		expect(bad.data.sourceError).toContain('minuscules');
		expect(bad.data.values.source).toBe('Conseil départemental');
		const ok = await submit({ source: 'page-46', organisationId: '' });
		expect(ok.report.structures).toMatchObject({ created: 2 });
		expect(ok.report.services).toMatchObject({ created: 3 });
		expect(await service('page-46', 'epicerie-figeac-atelier-cuisine')).toMatchObject({ weekly_hours: 3 });
	});
});
