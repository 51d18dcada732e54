import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { createTestDatabase, type TestDatabase } from '../../testing/db';
import { actorWith } from '../../testing/actors';
import { seedDemo } from '../../demo/seed';
import { importDirectory } from '../import/importer';
import { readImportUploads, readJsonDocument } from '../import/read';
import { exportToString } from './export';
import { RESEAUX_PORTEURS } from '../reseaux-porteurs';

/**
 * The data·inclusion export validates against data·inclusion's own JSON schemas (v1.0.8, vendored with their
 * provenance in tests/fixtures/standards/data-inclusion/): every structure and every service of the demo, and of
 * real producer files imported as published (the official workbook's rows and the Lot producer workbook).
 */
const STANDARD = path.resolve(import.meta.dirname, '../../../../../tests/fixtures/standards/data-inclusion');
const schema = (name: string) => JSON.parse(fs.readFileSync(path.join(STANDARD, name), 'utf8'));
const upload = (name: string) => ({
	name,
	bytes: new Uint8Array(fs.readFileSync(path.join(STANDARD, name)))
});
const LOT_FIXTURES = path.resolve(import.meta.dirname, '../import/fixtures');

let t: TestDatabase;
let validateStructure: ValidateFunction;
let validateService: ValidateFunction;
const admin = () => ({ db: t.db, actor: actorWith([], { instanceAdmin: true }) });

type Records = { structures: Record<string, unknown>[]; services: Record<string, unknown>[] };
const exported = async (): Promise<Records> => JSON.parse(await exportToString(admin(), 'di-json'));

/** Every schema error of every record, as "structure cd46--x: /description must NOT have fewer than 5 characters". */
function schemaErrors(records: Records) {
	const errors: string[] = [];
	const check = (kind: string, validate: ValidateFunction, list: Record<string, unknown>[]) => {
		for (const record of list) {
			const id = String(record.id);
			if (!validate(record))
				for (const e of validate.errors ?? [])
					errors.push(`${kind} ${id}: ${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
		}
	};
	check('structure', validateStructure, records.structures);
	check('service', validateService, records.services);
	return errors;
}

beforeAll(async () => {
	const ajv = new Ajv({ allErrors: true, strict: false });
	addFormats(ajv);
	validateStructure = ajv.compile(schema('schemas/structure.json'));
	validateService = ajv.compile(schema('schemas/service.json'));
	t = await createTestDatabase();
}, 120_000);
afterAll(() => t?.drop());

describe('data·inclusion export against the official v1 JSON schema', () => {
	it('the vendored schemas are the ones the code follows (reseaux_porteurs list)', () => {
		const listed = schema('schemas/extra/reseaux-porteurs.json').map((r: { value: string }) => r.value);
		expect([...RESEAUX_PORTEURS].sort()).toEqual([...listed].sort());
		expect([...schema('schemas/structure.json').$defs.ReseauPorteur.enum].sort()).toEqual(
			[...RESEAUX_PORTEURS].sort()
		);
	});

	it('every structure and service of the demo validates, with date_maj and no empty description', async () => {
		await seedDemo(t.db, { password: 'demo-password-123' });
		const records = await exported();
		expect(records.structures.length).toBeGreaterThan(10);
		expect(records.services.length).toBeGreaterThan(20);
		expect(schemaErrors(records)).toEqual([]);
		for (const record of [...records.structures, ...records.services]) {
			expect(record.date_maj).toMatch(/^\d{4}-\d{2}-\d{2}$/);
			expect(record.description ?? 'absent').not.toBe('');
		}
	}, 240_000);

	it('so does every record of real producer files imported as published, and of the Lot fixture file', async () => {
		const files = [
			{ files: [upload('lot-producteur.xlsx')], source: 'cd46' },
			{ files: [upload('dataset.xlsx')], source: 'action-logement' },
			{
				files: ['lot-data-inclusion.json', 'lot-structures.csv', 'lot-services.csv'].map((name) => ({
					name,
					bytes: new Uint8Array(fs.readFileSync(path.join(LOT_FIXTURES, name)))
				})),
				source: undefined
			}
		];
		for (const { files: f, source } of files)
			await importDirectory(admin(), await readImportUploads(f, undefined, { source }));
		const records = await exported();
		const imported = (prefix: string) => records.services.filter((s) => String(s.id).startsWith(prefix));
		expect(imported('cd46--').length).toBe(3);
		expect(imported('lot-solidarites--').length).toBe(4);
		expect(schemaErrors(records)).toEqual([]);
		// the fields data·inclusion has and Maillage keeps
		expect(records.services.find((s) => s.id === 'cd46--epicerie-figeac-atelier-cuisine')).toMatchObject({
			volume_horaire_hebdomadaire: 3,
			nombre_semaines: 10,
			code_insee: '46102',
			commune: 'Figeac'
		});
		// a structure whose file had no date_maj: the day it was imported into Maillage
		const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
		expect(records.structures.find((s) => s.id === 'cd46--epicerie-figeac')?.date_maj).toBe(today);
	}, 240_000);

	it('date_maj without a producer date is the day of the last change in Maillage (Europe/Paris)', async () => {
		await t.db.execute(
			sql`update structures set updated_at = '2025-06-01T23:30:00Z' where source = 'cd46' and source_id = 'epicerie-figeac'`
		);
		const records = await exported();
		expect(records.structures.find((s) => s.id === 'cd46--epicerie-figeac')?.date_maj).toBe('2025-06-02');
	});

	it('descriptions too short for the schema (empty, or under 5 characters) are left out, not exported as ""', async () => {
		await importDirectory(
			admin(),
			readJsonDocument({
				structures: [
					{
						source: 'lot-courtes',
						id: 'vide',
						nom: 'Mairie de Gramat',
						description: '',
						date_maj: '2025-01-02'
					},
					{
						source: 'lot-courtes',
						id: 'courte',
						nom: 'Mairie de Souillac',
						description: 'Aide',
						date_maj: '2025-01-02'
					}
				]
			})
		);
		const records = await exported();
		const short = records.structures.filter((s) => s.source === 'lot-courtes');
		expect(short.map((s) => [s.id, 'description' in s]).sort()).toEqual([
			['lot-courtes--courte', false],
			['lot-courtes--vide', false]
		]);
		expect(schemaErrors(records)).toEqual([]);
	});

	it('CSV lists read back with data·inclusion’s own split (",", each item stripped) as the JSON lists', async () => {
		const records = await exported();
		const csv = parse(await exportToString(admin(), 'di-csv-services'), { columns: true }) as Record<
			string,
			string
		>[];
		const splitLikeDataInclusion = (cell: string) =>
			cell ? cell.split(',').map((s) => s.trim()) : undefined;
		expect(csv.length).toBe(records.services.length);
		let lists = 0;
		for (const row of csv) {
			const json = records.services.find((s) => s.id === row.id)!;
			for (const field of [
				'thematiques',
				'publics',
				'modes_accueil',
				'zone_eligibilite',
				'modes_mobilisation',
				'mobilisable_par'
			]) {
				expect(splitLikeDataInclusion(row[field]!)).toEqual(json[field]);
				if (Array.isArray(json[field]) && (json[field] as unknown[]).length > 1) lists++;
			}
		}
		expect(lists).toBeGreaterThan(5);
	});
});
