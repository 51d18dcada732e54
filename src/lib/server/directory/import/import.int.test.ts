import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../testing/db';
import { actorWith } from '../../testing/actors';
import { rows } from '../../db/client';
import type { Actor } from '../../policy/actor';
import { ForbiddenError } from '../../policy/policy';
import type { Context } from '../../context';
import { insertOrganisation } from '../../organisations/repository';
import { importDirectory } from './importer';
import { readImportFiles, readJsonDocument } from './read';
import { exportToString } from '../export/export';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const file = (name: string) => ({ name, bytes: new Uint8Array(fs.readFileSync(path.join(FIXTURES, name))) });
const read = (...names: string[]) => readImportFiles(names.map(file));

let t: TestDatabase;
let ccas: string;
let gers: string;
const USER = '00000000-0000-4000-8000-000000000001';
const ctxOf = (actor: Actor): Context => ({ db: t.db, actor });
const admin = () => ctxOf(actorWith([], { instanceAdmin: true, id: USER }));
const ccasAdmin = () => ctxOf(actorWith([{ organisationId: ccas, role: 'admin' }], { id: USER }));
const gersCoordinator = () =>
	ctxOf(
		actorWith([{ organisationId: gers, role: 'admin', territory: { type: 'departement', code: '32' } }], {
			coordinations: [{ type: 'departement', code: '32' }]
		})
	);

const count = async (table: 'services' | 'structures', source: string) =>
	(
		await rows<{ n: number }>(
			t.db,
			sql`select count(*)::int as n from ${sql.raw(table)} where source = ${source}`
		)
	)[0]!.n;
const serviceNamed = async (source: string, sourceId: string) =>
	(
		await rows<Record<string, unknown>>(
			t.db,
			sql`select * from services where source = ${source} and source_id = ${sourceId}`
		)
	)[0];

beforeAll(async () => {
	t = await createTestDatabase();
	const org = (name: string, slug: string, kind: string, territoryType: string, territoryCode: string) =>
		insertOrganisation(t.db, { name, slug, kind, territoryType, territoryCode }).then((o) => o.id);
	ccas = await org('CCAS de Cahors', 'ccas-cahors', 'ccas', 'commune', '46042');
	gers = await org('Conseil départemental du Gers', 'cd-32', 'departement', 'departement', '32');
	await t.db.execute(
		sql`insert into users (id, email, display_name) values (${USER}, 'agent@example.fr', 'Agent de test')`
	);
});
afterAll(() => t?.drop());

describe('data·inclusion JSON', () => {
	it('imports structures and services, then updates them on re-import instead of duplicating', async () => {
		const progress: [number, number][] = [];
		const first = await importDirectory(ccasAdmin(), read('lot-data-inclusion.json'), {
			organisationId: ccas,
			batchSize: 2,
			onProgress: (done, total) => progress.push([done, total])
		});
		expect(progress).toEqual([
			[2, 7],
			[3, 7],
			[5, 7],
			[7, 7]
		]);
		expect(first.errors).toEqual([]);
		expect(first.structures).toMatchObject({ created: 3, updated: 0 });
		expect(first.services).toMatchObject({ created: 4, updated: 0 });
		const service = await serviceNamed('lot-solidarites', 'ccas-cahors-domiciliation');
		expect(service).toMatchObject({
			name: 'Domiciliation administrative',
			commune_code: '46042',
			fees: 'gratuit',
			thematiques: [
				'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives',
				'logement-hebergement--rechercher-une-solution-dhebergement-temporaire'
			],
			mobilisable_by: ['usagers', 'professionnels']
		});
		const [structure] = await rows<{ organisation_id: string }>(
			t.db,
			sql`select organisation_id from structures where source = 'lot-solidarites' and source_id = 'ccas-cahors'`
		);
		expect(structure!.organisation_id).toBe(ccas);

		// same file again: nothing created, nothing changed
		const again = await importDirectory(ccasAdmin(), read('lot-data-inclusion.json'), {
			organisationId: ccas
		});
		expect(again.structures).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
		expect(again.services).toMatchObject({ created: 0, updated: 0, unchanged: 4 });

		// a renamed service is updated in place, with an import entry in its history
		const document = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'lot-data-inclusion.json'), 'utf8'));
		document.services[0].nom = 'Domiciliation administrative (CCAS)';
		const changed = await importDirectory(ccasAdmin(), readJsonDocument(document), { organisationId: ccas });
		expect(changed.services).toMatchObject({ created: 0, updated: 1, unchanged: 3 });
		expect(await count('services', 'lot-solidarites')).toBe(4);
		expect(await count('structures', 'lot-solidarites')).toBe(3);
		const renamed = await serviceNamed('lot-solidarites', 'ccas-cahors-domiciliation');
		expect(renamed!.name).toBe('Domiciliation administrative (CCAS)');
		const history = await rows<{ kind: string }>(
			t.db,
			sql`select kind from service_history where service_id = ${renamed!.id as string}`
		);
		expect(history.map((h) => h.kind)).toEqual(['import']);
		const events = await rows<{ details: { services: { created: number } } }>(
			t.db,
			sql`select details from audit_events where action = 'directory.import' order by id`
		);
		expect(events.length).toBe(3);
		expect(events[0]!.details.services.created).toBe(4);
		// the typo-correction vocabulary knows the imported words
		const words = await rows<{ word: string }>(
			t.db,
			sql`select word from search_words where word = 'domiciliation'`
		);
		expect(words.length).toBe(1);
	});

	it('changes nothing when every row is invalid, and reports each row', async () => {
		const before = await rows<{ n: number }>(t.db, sql`select count(*)::int as n from services`);
		const report = await importDirectory(admin(), read('all-invalid.json'));
		expect(report.services).toMatchObject({ created: 0, updated: 0, rejected: 2 });
		expect(report.structures).toMatchObject({ created: 0, rejected: 1 });
		expect(report.errors).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ entity: 'structure', line: 1, position: 'item', field: 'nom' }),
				expect.objectContaining({ entity: 'structure', line: 1, field: 'date_maj' }),
				expect.objectContaining({
					entity: 'service',
					line: 1,
					field: 'thematiques',
					message: 'Thématique inconnue\u202f: «\u202fpas-une-thematique\u202f» (codes data·inclusion v1).'
				}),
				expect.objectContaining({ entity: 'service', line: 2, field: 'nom' })
			])
		);
		expect((await rows<{ n: number }>(t.db, sql`select count(*)::int as n from services`))[0]!.n).toBe(
			before[0]!.n
		);
		expect(await count('structures', 'lot-solidarites')).toBe(3);
	});

	it('imports the valid rows of a partial file and reports the others with line and field', async () => {
		const report = await importDirectory(admin(), read('lot-partial.json'));
		const byId = (id: string) => report.errors.filter((e) => e.id === id);
		expect(byId('lot-solidarites--theme-inconnu')).toEqual([
			expect.objectContaining({
				line: 2,
				entity: 'service',
				field: 'thematiques',
				message: expect.stringContaining('logement-hebergement--trouver-un-chateau')
			})
		]);
		expect(byId('lot-solidarites--hors-france')).toEqual([
			expect.objectContaining({ line: 3, field: 'latitude', code: 'coordinates.outsideFrance' })
		]);
		expect(byId('lot-solidarites--sans-nom')).toEqual([
			expect.objectContaining({ line: 2, field: 'nom', message: 'Champ obligatoire manquant.' })
		]);
		// its service is refused because its structure is
		expect(byId('lot-solidarites--orphelin')).toEqual([
			expect.objectContaining({ line: 5, field: 'structure_id', code: 'structure.rejected' })
		]);
		// an unknown commune is a warning: the service is kept without it
		expect(report.warnings).toEqual([
			expect.objectContaining({
				id: 'lot-solidarites--commune-inconnue',
				field: 'code_insee',
				code: 'commune.unknown'
			})
		]);
		expect(await serviceNamed('lot-solidarites', 'commune-inconnue')).toMatchObject({ commune_code: null });
		// HTML and scripts are kept as plain text, never interpreted
		const html = await serviceNamed('lot-solidarites', 'html');
		expect(html!.name).toBe("Atelier <script>alert('x')</script> numérique");
		expect(await serviceNamed('lot-solidarites', 'theme-inconnu')).toBeUndefined();
		expect(await serviceNamed('lot-solidarites', 'hors-france')).toBeUndefined();
		expect(report.services.created).toBe(2);
	});

	it('refuses a 10 MB description with a clear message, and keeps the other rows', async () => {
		const document = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'lot-data-inclusion.json'), 'utf8'));
		document.services[1].description = 'Très long texte. '.repeat(620_000);
		const report = await importDirectory(ccasAdmin(), readJsonDocument(document), { organisationId: ccas });
		expect(report.errors).toEqual([
			expect.objectContaining({
				line: 2,
				field: 'description',
				message: expect.stringMatching(
					/^Description trop longue\u202f: 10\s539\s999 caractères, 10 000 au maximum\./
				)
			})
		]);
	});

	it('gives one clear error for malformed JSON and CSV', async () => {
		const json = read('malformed-json.txt');
		expect(json.errors).toEqual([
			expect.objectContaining({ entity: 'file', code: 'file.malformedJson', line: 3 })
		]);
		const csv = read('malformed.csv');
		expect(csv.errors).toHaveLength(1);
		expect(csv.errors[0]!.message).toMatch(/^CSV mal formé/);
		const report = await importDirectory(admin(), json);
		expect(report.services.created + report.structures.created).toBe(0);
	});
});

describe('data·inclusion CSV', () => {
	it('decodes a Latin-1 file with its accents, with a warning', async () => {
		const parsed = read('latin1-structures.csv');
		expect(parsed.warnings[0]).toMatchObject({ code: 'file.latin1' });
		const report = await importDirectory(admin(), parsed);
		expect(report.structures.created).toBe(3);
		const [row] = await rows<{ name: string; networks: string[] }>(
			t.db,
			sql`select name, networks from structures where source = 'lot-latin1' and source_id = 'saint-cere-msa'`
		);
		expect(row!.name).toBe('Maison France services de Saint-Céré');
		const [gramat] = await rows<{ name: string; networks: string[] }>(
			t.db,
			sql`select name, networks from structures where source = 'lot-latin1' and source_id = 'gramat-epicerie'`
		);
		expect(gramat).toEqual({
			name: 'Épicerie solidaire de Gramat',
			networks: ['banques-alimentaires', 'ccas-cias']
		});
		const [souillac] = await rows<{ description: string }>(
			t.db,
			sql`select description from structures where source = 'lot-latin1' and source_id = 'souillac-ccas'`
		);
		expect(souillac!.description).toBe(
			'Accueil, écoute et orientation des habitants en difficulté : l’équipe vous reçoit sans rendez-vous, cœur de ville.'
		);
	});

	it('reads structures.csv + services.csv with pipe lists, and names the CSV line of a bad row', async () => {
		const report = await importDirectory(admin(), read('lot-services.csv', 'lot-structures.csv'));
		expect(report.structures.created).toBe(2);
		expect(report.services.created).toBe(2);
		expect(report.errors).toEqual([
			expect.objectContaining({
				file: 'lot-services.csv',
				line: 4,
				position: 'line',
				field: 'thematiques',
				message:
					'Thématique inconnue\u202f: «\u202ffamille--atelier-mystere\u202f» (codes data·inclusion v1).'
			})
		]);
		expect(await serviceNamed('lot-csv', 'prayssac-portage')).toMatchObject({
			thematiques: [
				'famille--prise-en-charge-personne-dependante',
				'equipement-et-alimentation--alimentation'
			],
			eligibility_zone: ['46225', '46042'],
			fees: 'payant'
		});
	});
});

describe('other formats', () => {
	it('converts a legacy v0 file to v1', async () => {
		const parsed = read('data-inclusion-v0.json');
		expect(parsed.format).toBe('data-inclusion-v0');
		const report = await importDirectory(admin(), parsed);
		expect(report.errors).toEqual([]);
		expect(report.warnings).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					code: 'legacy.thematiqueDropped',
					value: 'accompagnement-social-et-professionnel-personnalise--definition-du-projet-professionnel'
				})
			])
		);
		expect(await serviceNamed('v0', 'mds-figeac-rsa')).toMatchObject({
			description: 'Un référent vous accompagne dans votre parcours d’insertion.',
			type: 'accompagnement',
			thematiques: ['numerique--acceder-a-des-services-en-ligne'],
			publics: ['beneficiaires-des-minimas-sociaux'],
			fees: 'gratuit',
			access_conditions: 'Être allocataire du RSA\n\nNotification CAF',
			mobilisation_modes: ['envoyer-un-courriel', 'telephoner', 'se-presenter'],
			mobilisable_by: ['professionnels', 'usagers'],
			mobilisation_details: 'Permanence le mardi matin.',
			eligibility_zone: ['46']
		});
		const [structure] = await rows<{ networks: string[]; description: string; opening_hours: string }>(
			t.db,
			sql`select networks, description, opening_hours from structures where source = 'v0'`
		);
		expect(structure).toMatchObject({
			networks: ['maisons-des-solidarites', 'france-service'],
			description:
				'Accueil social de proximité du Département.\n\nAssistants sociaux, protection maternelle et infantile, aide à l’insertion.',
			opening_hours: 'Mo-Fr 09:00-12:00,14:00-17:00'
		});
	});

	it('maps an Open Referral HSDS file (taxonomy terms that are thématiques become thématiques)', async () => {
		const parsed = read('hsds-souillac.json');
		expect(parsed.format).toBe('hsds');
		const report = await importDirectory(admin(), parsed);
		expect(report.errors).toEqual([]);
		expect(report.structures.created).toBe(1);
		const service = await serviceNamed('hsds', '0b6f7a52-3c1e-4f3a-9a53-8c0f0d0a4610');
		expect(service).toMatchObject({
			name: 'Aide aux démarches administratives en ligne',
			thematiques: [
				'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives',
				'numerique--acceder-a-des-services-en-ligne'
			],
			publics: ['tous-publics'],
			fees: 'gratuit',
			commune_code: '46309',
			postal_code: '46200',
			eligibility_zone: ['46309'],
			languages: ['fr', 'oc'],
			opening_hours: 'Mo,Tu,Th 09:00-12:30',
			accessibility: 'Accès de plain-pied, boucle magnétique.',
			source_updated_on: expect.anything()
		});
		const [structure] = await rows<{ siret: string }>(
			t.db,
			sql`select siret from structures where source = 'hsds'`
		);
		expect(structure!.siret).toBe('21460309500015');
	});
});

describe('authorization', () => {
	it('refuses an import into an organisation one does not belong to', async () => {
		await expect(
			importDirectory(gersCoordinator(), read('lot-data-inclusion.json'), { organisationId: ccas })
		).rejects.toThrow(ForbiddenError);
		await expect(importDirectory(gersCoordinator(), read('lot-data-inclusion.json'))).rejects.toThrow(
			ForbiddenError
		);
	});

	it('does not let an organisation overwrite the structures of another', async () => {
		const report = await importDirectory(gersCoordinator(), read('lot-data-inclusion.json'), {
			organisationId: gers
		});
		expect(report.structures.created + report.structures.updated).toBe(0);
		expect(report.services.created + report.services.updated).toBe(0);
		expect(report.errors[0]).toMatchObject({ code: 'structure.otherOrganisation' });
	});

	it('dry run counts without saving', async () => {
		const document = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'lot-data-inclusion.json'), 'utf8'));
		document.services[0].id = 'lot-solidarites--nouveau-service';
		const report = await importDirectory(ccasAdmin(), readJsonDocument(document), {
			organisationId: ccas,
			dryRun: true
		});
		expect(report.services.created).toBe(1);
		expect(await serviceNamed('lot-solidarites', 'nouveau-service')).toBeUndefined();
	});
});

describe('exports', () => {
	it('round-trips: a data·inclusion export imported into an empty database gives the same services', async () => {
		const exported = await exportToString(admin(), 'di-json');
		const document = JSON.parse(exported);
		expect(document.services.length).toBeGreaterThan(5);
		expect(document.services[0].id).toMatch(/^[a-z0-9-]+--/);
		const other = await createTestDatabase();
		try {
			const otherCtx = { db: other.db, actor: actorWith([], { instanceAdmin: true }) };
			await other.db.execute(sql`select 1`);
			const report = await importDirectory(
				{ ...otherCtx, actor: { ...otherCtx.actor, user: { ...otherCtx.actor.user!, id: '' } } },
				readJsonDocument(document)
			);
			expect(report.errors).toEqual([]);
			expect(report.services.created).toBe(document.services.length);
			const again = JSON.parse(await exportToString(otherCtx, 'di-json'));
			const sortById = (items: { id: string }[]) => [...items].sort((a, b) => a.id.localeCompare(b.id));
			expect(sortById(again.services)).toEqual(sortById(document.services));
			expect(sortById(again.structures)).toEqual(sortById(document.structures));
		} finally {
			await other.drop();
		}
	});

	it('writes data·inclusion CSV that reads back, and HSDS that imports back', async () => {
		const csv = await exportToString(admin(), 'di-csv-services');
		expect(csv.split('\n')[0]).toBe(
			'source,id,structure_id,nom,description,lien_source,type,thematiques,frais,frais_precisions,publics,publics_precisions,conditions_acces,commune,adresse,complement_adresse,code_postal,code_insee,longitude,latitude,telephone,courriel,modes_accueil,zone_eligibilite,contact_nom_prenom,lien_mobilisation,modes_mobilisation,mobilisable_par,mobilisation_precisions,volume_horaire_hebdomadaire,nombre_semaines,horaires_accueil,date_maj'
		);
		const back = readImportFiles([{ name: 'services.csv', bytes: new TextEncoder().encode(csv) }]);
		expect(back.errors).toEqual([]);
		const portage = back.services.find((s) => s.id === 'lot-csv--prayssac-portage');
		expect(portage?.fields.eligibilityZone).toEqual(['46225', '46042']);

		const hsds = JSON.parse(await exportToString(admin(), 'hsds'));
		const souillac = hsds.contents.find((o: { name: string }) => o.name === 'France services de Souillac');
		expect(
			souillac.services[0].attributes.map((a: { taxonomy_term: { code: string } }) => a.taxonomy_term.code)
		).toContain('numerique--acceder-a-des-services-en-ligne');
		const reread = readJsonDocument(hsds);
		expect(reread.errors).toEqual([]);
		const service = reread.services.find(
			(s) => s.fields.name === 'Aide aux démarches administratives en ligne'
		);
		expect(service?.fields).toMatchObject({
			communeCode: '46309',
			languages: ['fr', 'oc'],
			openingHours: 'Mo,Tu,Th 09:00-12:30',
			publics: ['tous-publics']
		});
	});
});
