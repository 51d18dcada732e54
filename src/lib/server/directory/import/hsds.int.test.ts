import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { createTestDatabase, type TestDatabase } from '../../testing/db';
import { actorWith } from '../../testing/actors';
import { rows } from '../../db/client';
import type { Context } from '../../context';
import { importDirectory } from './importer';
import { readImportFiles, readJsonDocument } from './read';
import { exportToString } from '../export/export';

/**
 * Open Referral HSDS 3.0: the specification's own examples (tests/fixtures/standards/hsds, see PROVENANCE.md) import
 * as published, the export validates against the specification's JSON schemas, and export → import updates the
 * records instead of creating copies.
 */
const HSDS = path.join(import.meta.dirname, '../../../../../tests/fixtures/standards/hsds');
const EXAMPLES = path.join(HSDS, 'examples');
const OWN_FIXTURES = path.join(import.meta.dirname, 'fixtures');
const file = (dir: string, name: string) => ({
	name,
	bytes: new Uint8Array(fs.readFileSync(path.join(dir, name)))
});
const example = (name: string) => readImportFiles([file(EXAMPLES, name)]);
const csvTables = () =>
	readImportFiles(fs.readdirSync(path.join(EXAMPLES, 'csv')).map((n) => file(path.join(EXAMPLES, 'csv'), n)));

// the specification's examples all describe one organization and one service, under the same ids
const ORGANIZATION = 'd9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610';
const SERVICE = 'ac148810-d857-441c-9679-408f346de14b';

let t: TestDatabase;
const USER = '00000000-0000-4000-8000-000000000001';
const admin = (): Context => ({ db: t.db, actor: actorWith([], { instanceAdmin: true, id: USER }) });
const counts = async () =>
	(
		await rows<{ structures: number; services: number }>(
			t.db,
			sql`select (select count(*)::int from structures) as structures, (select count(*)::int from services) as services`
		)
	)[0]!;

beforeAll(async () => {
	t = await createTestDatabase();
	await t.db.execute(
		sql`insert into users (id, email, display_name) values (${USER}, 'agent@example.fr', 'Agent de test')`
	);
});
afterAll(() => t?.drop());

/**
 * The schemas of the specification, loaded as they are (ajv resolves their `$ref: "location.json"` by file name;
 * the HSDS-specific keywords — constraints, core, datapackage_metadata… — are ignored with strict: false). The
 * export is one page of `/organizations?full=true`: the openapi.json's Page, whose contents are organizations
 * (organization.json) with their services nested (service.json), as the specification's compiled organization
 * schema describes them.
 */
function hsdsValidators() {
	const ajv = new Ajv({ strict: false, allErrors: true });
	addFormats(ajv);
	for (const name of fs.readdirSync(path.join(HSDS, 'schema')))
		if (name !== 'openapi.json')
			ajv.addSchema(JSON.parse(fs.readFileSync(path.join(HSDS, 'schema', name), 'utf8')), name);
	const openapi = JSON.parse(fs.readFileSync(path.join(HSDS, 'schema', 'openapi.json'), 'utf8'));
	const page = ajv.compile({
		allOf: [
			openapi.components.schemas.Page,
			{
				type: 'object',
				required: ['total_items', 'contents'],
				properties: {
					contents: {
						type: 'array',
						items: {
							allOf: [{ $ref: 'organization.json' }],
							properties: { services: { type: 'array', items: { $ref: 'service.json' } } }
						}
					}
				}
			}
		]
	});
	return { page, organization: ajv.getSchema('organization.json')!, service: ajv.getSchema('service.json')! };
}

const errorsOf = (validate: ValidateFunction, document: unknown) =>
	validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

describe('HSDS 3.0 official examples', () => {
	it('reads every shape the specification publishes, with what cannot be French left out and said', () => {
		for (const name of [
			'organization_full.json',
			'service_full.json',
			'service_list.json',
			'service_at_location_full.json',
			'service_at_location_list.json',
			'tabular.json'
		]) {
			const parsed = example(name);
			expect(parsed.format, name).toBe('hsds');
			expect(parsed.errors, name).toEqual([]);
			expect(
				parsed.structures.map((s) => s.sourceId),
				name
			).toEqual([ORGANIZATION]);
			expect(
				parsed.services.map((s) => [s.sourceId, s.structureSourceId]),
				name
			).toEqual([[SERVICE, ORGANIZATION]]);
		}
		expect(example('organization_list.json').structures.map((s) => s.fields.name)).toEqual([
			'Example Organization Inc.'
		]);
		const csv = csvTables();
		expect(csv.errors).toEqual([]);
		expect(csv.services.map((s) => s.sourceId)).toEqual([SERVICE]);

		// the example's place is in "MyCity" (latitude 100, postal code ABC 1234): left out, with the path
		const warnings = example('service_at_location_list.json').warnings.map(
			(w) => `${w.field} : ${w.message}`
		);
		expect(warnings).toContain(
			'contents[0].location.latitude : Coordonnées hors de France, non conservées\u202f: «\u202f100, 101\u202f» (latitude, longitude).'
		);
		expect(csv.warnings.map((w) => `${w.file} ligne ${w.line} · ${w.field}`)).toContain(
			'services.csv ligne 2 · locations[0].addresses[0].postal_code'
		);
	});

	it('imports each example into the directory: one structure and one service, updated, never duplicated', async () => {
		const first = await importDirectory(admin(), example('service_full.json'));
		expect(first.errors).toEqual([]);
		expect(first.structures.created).toBe(1);
		expect(first.services.created).toBe(1);
		const [service] = await rows<Record<string, unknown>>(
			t.db,
			sql`select * from services where source = 'hsds' and source_id = ${SERVICE}`
		);
		expect(service).toMatchObject({
			name: 'Community Counselling',
			fees: 'payant',
			mobilisation_url: 'http://example.com/counselling',
			email: 'email@example.com',
			phone: '+44 1234 234567',
			contact_name: 'Ann Persona',
			languages: ['ur'],
			opening_hours: 'Th,Fr 10:00-18:00',
			address: '1-30 Main Street',
			address_complement: 'MyVillage',
			postal_code: null,
			latitude: null,
			source_updated_on: expect.anything()
		});
		expect(service!.access_conditions).toMatch(/^Any official identification document/);
		expect(service!.accessibility).toMatch(/^The building is equipped with induction loops/);

		const before = await counts();
		for (const parsed of [
			example('organization_full.json'),
			example('organization_list.json'),
			example('service_list.json'),
			example('service_at_location_full.json'),
			example('service_at_location_list.json'),
			example('tabular.json'),
			csvTables()
		]) {
			const report = await importDirectory(admin(), parsed);
			expect(report.errors).toEqual([]);
			expect(report.structures.created + report.services.created).toBe(0);
			expect(report.structures.updated + report.structures.unchanged).toBe(1);
		}
		expect(await counts()).toEqual(before);
	});

	it('refuses an item the directory cannot keep, naming its path; never a silent refusal', async () => {
		const page = {
			total_items: 3,
			total_pages: 1,
			page_number: 1,
			size: 3,
			first_page: true,
			last_page: true,
			empty: false,
			contents: [
				{ id: '5b0c5f0e-2f7d-4c55-9f3e-0d3c1f4e4601', name: 'CCAS de Figeac', description: 'Action sociale' },
				'pas un objet',
				{ id: '5b0c5f0e-2f7d-4c55-9f3e-0d3c1f4e4602', description: 'Sans nom' }
			]
		};
		const report = await importDirectory(admin(), readJsonDocument(page));
		expect(report.structures.created).toBe(1);
		expect(report.errors.map((e) => `Élément ${e.line} · ${e.field} : ${e.message}`)).toEqual([
			'Élément 2 · contents[1] : Cet élément n’est pas un objet JSON.',
			'Élément 3 · contents[2].name : Champ obligatoire manquant.'
		]);

		const service = readJsonDocument({
			id: '5b0c5f0e-2f7d-4c55-9f3e-0d3c1f4e4603',
			name: 'Épicerie solidaire',
			status: 'active',
			organization_id: '5b0c5f0e-2f7d-4c55-9f3e-0d3c1f4e4601'
		});
		const refused = await importDirectory(admin(), service);
		expect(refused.errors.map((e) => `${e.field} : ${e.message}`)).toEqual([
			'description : Champ obligatoire manquant.'
		]);
		expect(readJsonDocument({ foo: 1 }, 'hsds').errors.map((e) => e.message)).toEqual([
			expect.stringMatching(/^Document HSDS non reconnu/)
		]);
		expect(readJsonDocument({ ...page, contents: [] }).errors.map((e) => e.message)).toEqual([
			'Aucune organisation ni aucun service dans ce document HSDS\u202f: rien à importer.'
		]);
	});
});

describe('HSDS export', () => {
	it('validates against the specification’s schemas, and imports back as updates, not copies', async () => {
		// records of every origin: the examples (HSDS ids), a French HSDS file, data·inclusion files
		for (const parsed of [
			readImportFiles([file(OWN_FIXTURES, 'hsds-souillac.json')]),
			readImportFiles([file(OWN_FIXTURES, 'lot-data-inclusion.json')]),
			readImportFiles([file(OWN_FIXTURES, 'lot-structures.csv'), file(OWN_FIXTURES, 'lot-services.csv')])
		])
			expect((await importDirectory(admin(), parsed)).structures.rejected).toBe(0);
		await t.db.execute(
			sql`update services set outreach = true, reception_modes = '{en-presentiel}', source_url = 'https://lot.fr/fiche'
				where name = 'Aide aux démarches administratives en ligne'`
		);
		const stored = await counts();
		const exported = JSON.parse(await exportToString(admin(), 'hsds'));

		const validators = hsdsValidators();
		// the validator is strict enough to fail: the official example passes, a service without status does not
		const official = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'service_full.json'), 'utf8'));
		expect(errorsOf(validators.service, official)).toEqual([]);
		expect(errorsOf(validators.service, { ...official, status: undefined })).not.toEqual([]);
		expect(errorsOf(validators.page, exported)).toEqual([]);
		expect(exported.total_items).toBe(stored.structures);
		expect(exported.contents).toHaveLength(stored.structures);
		const services = exported.contents.flatMap((o: { services?: unknown[] }) => o.services ?? []);
		expect(services).toHaveLength(stored.services);
		for (const organization of exported.contents)
			expect(errorsOf(validators.organization, organization)).toEqual([]);
		for (const service of services) expect(errorsOf(validators.service, service)).toEqual([]);

		// the source's HSDS ids are kept
		expect(exported.contents.map((o: { id: string }) => o.id)).toContain(ORGANIZATION);
		expect(services.map((s: { id: string }) => s.id)).toContain(SERVICE);

		const again = await importDirectory(admin(), readJsonDocument(exported));
		expect(again.errors).toEqual([]);
		expect(again.structures).toEqual({ created: 0, updated: 0, unchanged: stored.structures, rejected: 0 });
		expect(again.services).toEqual({ created: 0, updated: 0, unchanged: stored.services, rejected: 0 });
		expect(await counts()).toEqual(stored);

		// an edited export updates the record it came from (here a data·inclusion one, named by its own id)
		const portage = services.find((s: { name: string }) => s.name.startsWith('Portage de repas'));
		const [before] = await rows<{ id: string; source: string }>(
			t.db,
			sql`select id::text, source from services where id = ${portage.id}::uuid`
		);
		expect(before!.source).not.toBe('hsds');
		portage.name = 'Portage de repas à domicile (Prayssac)';
		// and a service that no longer goes to people loses its Maillage term "aller-vers"
		const online = services.find(
			(s: { name: string }) => s.name === 'Aide aux démarches administratives en ligne'
		);
		online.attributes = online.attributes.filter(
			(a: { taxonomy_term: { code: string } }) => a.taxonomy_term.code !== 'aller-vers'
		);
		const edited = await importDirectory(admin(), readJsonDocument(exported));
		expect(edited.services).toMatchObject({ created: 0, updated: 2 });
		const [outreach] = await rows<{ outreach: boolean }>(
			t.db,
			sql`select outreach from services where id = ${online.id}::uuid or (source = 'hsds' and source_id = ${online.id})`
		);
		expect(outreach).toEqual({ outreach: false });
		const [after] = await rows<{ name: string; source: string }>(
			t.db,
			sql`select name, source from services where id = ${portage.id}::uuid`
		);
		expect(after).toEqual({ name: 'Portage de repas à domicile (Prayssac)', source: before!.source });
		expect(await counts()).toEqual(stored);
	});

	it('keeps every field the directory models through export → import', async () => {
		await t.db.execute(
			sql`update services set outreach = true where name = 'Aide aux démarches administratives en ligne'`
		);
		const [original] = await rows<Record<string, unknown>>(
			t.db,
			sql`select * from services where name = 'Aide aux démarches administratives en ligne'`
		);
		const exported = JSON.parse(await exportToString(admin(), 'hsds'));
		const reread = readJsonDocument(exported);
		const row = reread.services.find((s) => s.fields.name === 'Aide aux démarches administratives en ligne');
		expect(row?.fields).toMatchObject({
			outreach: true,
			receptionModes: ['en-presentiel'],
			sourceUrl: 'https://lot.fr/fiche',
			communeCode: original!.commune_code,
			postalCode: original!.postal_code,
			languages: original!.languages,
			openingHours: original!.opening_hours,
			accessibility: original!.accessibility,
			thematiques: original!.thematiques,
			publics: original!.publics,
			fees: original!.fees,
			eligibilityZone: original!.eligibility_zone
		});
	});
});
