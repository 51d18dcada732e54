import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { actorWith } from '../testing/actors';
import { ANONYMOUS } from '../policy/actor';
import type { Context } from '../context';
import { translator } from '../../i18n/index';
import { insertOrganisation } from '../organisations/repository';
import { createService, createStructure } from './service';
import { attachService, createNode } from './referential';
import { cellIndex, matrixCsv, NONE, whoDoesWhat } from './matrix';
import { serviceInputSchema } from './validation';

let t: TestDatabase;
let ccas: string;
let caf: string;
const tr = translator('fr');
const anonymous = (): Context => ({ db: t.db, actor: ANONYMOUS });

beforeAll(async () => {
	t = await createTestDatabase();
	await t.db.execute(
		sql`insert into users (id, email, display_name) values ('00000000-0000-4000-8000-000000000001', 'agent@example.fr', 'Agent de test')`
	);
	const org = (name: string, slug: string) =>
		insertOrganisation(t.db, {
			name,
			slug,
			kind: 'autre',
			territoryType: 'departement',
			territoryCode: '46'
		}).then((o) => o.id);
	ccas = await org('CCAS de Cahors', 'ccas');
	caf = await org('CAF du Lot', 'caf');
	const admin: Context = { db: t.db, actor: actorWith([], { instanceAdmin: true }) };
	const structure = (name: string, organisationId: string | null, communeCode: string) =>
		createStructure(admin, { name, description: '', organisationId, communeCode, networks: [] });
	const ccasS = await structure('CCAS de Cahors', ccas, '46042');
	const cafS = await structure('CAF — accueil de Figeac', caf, '46102');
	const lone = await structure('Épicerie solidaire de Souillac', null, '46309');
	const gers = await structure('Maison des solidarités d’Auch', null, '32013');
	const svc = (structureId: string, name: string, thematiques: string[], communeCode: string | null = null) =>
		createService(
			admin,
			serviceInputSchema.parse({
				structureId,
				name,
				description: 'Description du service pour les habitants.',
				thematiques,
				communeCode
			})
		);
	await svc(ccasS.id, 'Aide alimentaire', ['equipement-et-alimentation--alimentation']);
	const housing = await svc(ccasS.id, 'Maintien dans le logement', [
		'logement-hebergement--se-maintenir-dans-le-logement',
		'logement-hebergement--reduire-les-impayes-de-loyer'
	]);
	await svc(cafS.id, 'Rendez-vous des droits', [
		'difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits'
	]);
	await svc(lone.id, 'Épicerie solidaire', ['equipement-et-alimentation--alimentation']);
	await svc(lone.id, 'Café des aidants', []);
	await svc(gers.id, 'Accueil social d’Auch', ['equipement-et-alimentation--alimentation']);
	const p = await createNode(admin, { departementCode: '46', name: 'Logement', description: '' });
	const m = await createNode(admin, {
		departementCode: '46',
		parentId: p.id,
		name: 'Prévenir les expulsions',
		description: ''
	});
	const m2 = await createNode(admin, {
		departementCode: '46',
		parentId: p.id,
		name: 'Héberger en urgence',
		description: ''
	});
	const a = await createNode(admin, {
		departementCode: '46',
		parentId: m.id,
		name: 'CCAPEX',
		description: ''
	});
	await attachService(admin, a.id, housing.id);
	void m2;
});
afterAll(() => t.drop());

describe('who does what', () => {
	it('by category for the Lot: organisations in columns, structures without one stand alone, the Gers left out', async () => {
		const m = await whoDoesWhat(
			anonymous(),
			{ territory: { type: 'departement', code: '46' }, rows: 'categories' },
			tr
		);
		expect(m.territory.name).toBe('Lot');
		expect(m.serviceCount).toBe(5);
		expect(m.columns.map((c) => c.label)).toEqual([
			'CAF du Lot',
			'CCAS de Cahors',
			'Épicerie solidaire de Souillac'
		]);
		expect(m.rows).toHaveLength(17); // 16 categories + "sans thématique"
		const cell = cellIndex(m);
		const food = m.columns.map((c) => cell('equipement-et-alimentation', c.key).map((s) => s.name));
		expect(food).toEqual([[], ['Aide alimentaire'], ['Épicerie solidaire']]);
		// a service with two thématiques of the same category appears once in that row
		expect(cell('logement-hebergement', `organisation:${ccas}`).map((s) => s.name)).toEqual([
			'Maintien dans le logement'
		]);
		expect(m.rows.at(-1)).toEqual({ key: NONE, label: expect.any(String) });
		expect(m.cells.find((c) => c.row === NONE)!.services.map((s) => s.name)).toEqual(['Café des aidants']);
	});

	it('narrows to a commune, and reads by leaf thématique or by mission', async () => {
		const cahors = await whoDoesWhat(
			anonymous(),
			{ territory: { type: 'commune', code: '46042' }, rows: 'thematiques' },
			tr
		);
		expect(cahors.columns.map((c) => c.key)).toEqual([`organisation:${ccas}`]);
		expect(cahors.rows.map((r) => r.key)).toEqual([
			'equipement-et-alimentation--alimentation',
			'logement-hebergement--reduire-les-impayes-de-loyer',
			'logement-hebergement--se-maintenir-dans-le-logement'
		]);
		expect(cahors.rows[0]!.label).toBe(tr('codes.thematique.equipement-et-alimentation--alimentation'));
		const missions = await whoDoesWhat(
			anonymous(),
			{ territory: { type: 'departement', code: '46' }, rows: 'missions' },
			tr
		);
		expect(missions.rows.map((r) => r.label).slice(0, 2)).toEqual([
			'Logement › Prévenir les expulsions',
			'Logement › Héberger en urgence'
		]);
		const cell = cellIndex(missions);
		const missionKey = missions.rows[0]!.key;
		expect(cell(missionKey, `organisation:${ccas}`).map((s) => s.name)).toEqual([
			'Maintien dans le logement'
		]);
		expect(missions.cells.filter((c) => c.row === missions.rows[1]!.key)).toEqual([]);
		expect(missions.cells.find((c) => c.column === `organisation:${caf}`)!.row).toBe(NONE);
	});

	it('exports CSV for French Excel: BOM, semicolons, accents intact, one column per organisation', async () => {
		const m = await whoDoesWhat(
			anonymous(),
			{ territory: { type: 'departement', code: '46' }, rows: 'categories' },
			tr
		);
		const csv = matrixCsv(m, 'Thématique');
		expect(csv.charCodeAt(0)).toBe(0xfeff);
		const records = parse(csv.slice(1), { delimiter: ';' }) as string[][];
		expect(records[0]).toEqual([
			'Thématique',
			'CAF du Lot',
			'CCAS de Cahors',
			'Épicerie solidaire de Souillac'
		]);
		const food = records.find((r) => r[0] === tr('codes.categorie.equipement-et-alimentation'))!;
		expect(food).toEqual([food[0], '', 'Aide alimentaire', 'Épicerie solidaire']);
		expect(records).toHaveLength(18);
	});

	it('an unknown territory is a 404, not an empty matrix', async () => {
		await expect(
			whoDoesWhat(anonymous(), { territory: { type: 'commune', code: '99999' }, rows: 'categories' }, tr)
		).rejects.toThrow(/not found/);
	});
});
