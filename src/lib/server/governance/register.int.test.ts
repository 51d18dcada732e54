import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { actorWith } from '../testing/actors';
import { rows } from '../db/client';
import { ANONYMOUS, type Actor } from '../policy/actor';
import { ForbiddenError } from '../policy/policy';
import { NotFoundError, ValidationError } from '../errors';
import type { Context } from '../context';
import { parseOrThrow } from '../api/errors';
import { getDecision, recentDecisions, searchRegister } from './register';
import { registerQuerySchema } from './register-validation';
import { cooperationAccess } from '../cooperations/service';
import * as f from './register-fixtures';

/** Issue 10 §6: the decisions register, searched per cooperation and per territory, by whom it may concern. */

let t: TestDatabase;
const U = (n: number) => `00000000-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`;
const PILOT = U(1); // member of the Département (pilot of the VIF network and of the Figeac cooperation)
const CAF_READER = U(2); // reader at the CAF (contributor)
const CCAS_MEMBER = U(3); // member of the CCAS, seated in the « partage de situations » cell
const FORMER = U(4); // CCAS member whose seat in the cell ended
const STRANGER = U(5); // admin of a Gers organisation, party of nothing in the Lot
const COORD = U(6);
const ADMIN = U(7);
let dep: string, caf: string, ccas: string, gers: string;
let vif: string, figeac: string, gersCoop: string;
let copil: string, cell: string, tech: string, gersCopil: string;
const ids: Record<string, string> = {};

const ctxOf = (actor: Actor): Context => ({ db: t.db, actor, now: () => new Date('2026-06-15T10:00:00Z') });
const as = (id: string, orgId: string, role: 'admin' | 'member' | 'reader') =>
	ctxOf(actorWith([{ organisationId: orgId, role }], { id }));
const pilot = () => as(PILOT, dep, 'member');
const cafReader = () => as(CAF_READER, caf, 'reader');
const cellMember = () => as(CCAS_MEMBER, ccas, 'member');
const former = () => as(FORMER, ccas, 'member');
const stranger = () => as(STRANGER, gers, 'admin');
const coordinator = () =>
	ctxOf(actorWith([], { id: COORD, coordinations: [{ type: 'departement', code: '46' }] }));
const admin = () => ctxOf(actorWith([], { id: ADMIN, instanceAdmin: true }));
const query = (raw: Record<string, string>) => parseOrThrow(registerQuerySchema, raw);
const titles = async (ctx: Context, raw: Record<string, string>) =>
	(await searchRegister(ctx, query(raw))).items.map((i) => i.title);

beforeAll(async () => {
	t = await createTestDatabase();
	const names: [string, string][] = [
		[PILOT, 'Paule Pilote'],
		[CAF_READER, 'Camille Lectrice'],
		[CCAS_MEMBER, 'Céline du CCAS'],
		[FORMER, 'Fabien Ancien'],
		[STRANGER, 'Sam du Gers'],
		[COORD, 'Coralie Coordinatrice'],
		[ADMIN, 'Admin']
	];
	for (const [id, name] of names) await f.insertUser(t.db, id, name);
	dep = await f.insertOrg(t.db, 'Département du Lot', 'cd46');
	caf = await f.insertOrg(t.db, 'CAF du Lot', 'caf46');
	ccas = await f.insertOrg(t.db, 'CCAS de Cahors', 'ccas-cahors');
	gers = await f.insertOrg(t.db, 'Maison des solidarités d’Auch', 'mds-auch', '32013');
	await f.member(t.db, PILOT, dep, 'member');
	await f.member(t.db, CAF_READER, caf, 'reader');
	await f.member(t.db, CCAS_MEMBER, ccas, 'member');
	await f.member(t.db, FORMER, ccas, 'member');
	await f.member(t.db, STRANGER, gers, 'admin');
	vif = await f.cooperationWith(t.db, {
		name: 'Réseau violences intrafamiliales du Lot',
		territoryType: 'departement',
		territoryCode: '46',
		themes: ['famille--surmonter-conflits-separation-violence'],
		adminId: ADMIN,
		parties: [
			{ organisationId: dep, role: 'pilote' },
			{ organisationId: caf, role: 'contributeur' },
			{ organisationId: ccas, role: 'contributeur' }
		]
	});
	figeac = await f.cooperationWith(t.db, {
		name: 'Coopération socio-éducative du Grand Figeac',
		territoryType: 'epci',
		territoryCode: '200067361',
		adminId: ADMIN,
		parties: [{ organisationId: dep, role: 'pilote' }]
	});
	gersCoop = await f.cooperationWith(t.db, {
		name: 'Réseau solidarités du Gers',
		territoryType: 'departement',
		territoryCode: '32',
		adminId: ADMIN,
		parties: [{ organisationId: gers, role: 'pilote' }]
	});
	// an EPCI outside Figeac's and a commune inside it, both piloted by the CAF
	const cahorsAgglo = await f.cooperationWith(t.db, {
		name: 'Coopération du Grand Cahors',
		territoryType: 'epci',
		territoryCode: '200023737',
		adminId: ADMIN,
		parties: [{ organisationId: caf, role: 'pilote' }]
	});
	const figeacTown = await f.cooperationWith(t.db, {
		name: 'Coopération de la ville de Figeac',
		territoryType: 'commune',
		territoryCode: '46102',
		adminId: ADMIN,
		parties: [{ organisationId: caf, role: 'pilote' }]
	});
	const agglo = await f.body(t.db, cahorsAgglo, 'Comité du Grand Cahors', 'pilotage');
	const town = await f.body(t.db, figeacTown, 'Comité de la ville de Figeac', 'pilotage');
	await f.decision(t.db, cahorsAgglo, agglo, {
		title: 'Permanence commune à Cahors',
		text: 'Une permanence commune est ouverte.',
		decidedOn: '2025-06-01'
	});
	await f.decision(t.db, figeacTown, town, {
		title: 'Atelier numérique à Figeac',
		text: 'Un atelier numérique est ouvert.',
		decidedOn: '2025-06-01'
	});
	copil = await f.body(t.db, vif, 'Comité de pilotage VIF', 'pilotage');
	cell = await f.body(t.db, vif, 'Cellule de partage de situations', 'partage_situations');
	tech = await f.body(t.db, figeac, 'Comité technique du Grand Figeac', 'technique', [
		'mobilite--etre-accompagne-dans-son-parcours-mobilite'
	]);
	gersCopil = await f.body(t.db, gersCoop, 'Copil du Gers', 'pilotage');
	await f.seat(t.db, cell, CCAS_MEMBER, ccas);
	await f.seat(t.db, cell, FORMER, ccas, '2026-06-14');
	const d = async (key: string, bodyId: string, coop: string, fields: Parameters<typeof f.decision>[3]) =>
		(ids[key] = await f.decision(t.db, coop, bodyId, fields));
	await d('cellule', copil, vif, {
		title: 'Création d’une cellule de veille',
		text: 'Le comité décide la création d’une cellule de veille sur les violences intrafamiliales, réunie chaque mois, et d’une solution d’hébergement d’urgence pour les victimes.',
		outcome: 'adopté à l’unanimité',
		decidedOn: '2026-02-10',
		reviewOn: '2026-12-10'
	});
	await d('hebergement', copil, vif, {
		title: 'Hébergement d’urgence des victimes',
		text: 'Trois places d’hébergement sont réservées par le CCAS de Cahors.',
		decidedOn: '2026-04-02'
	});
	await d('charte', copil, vif, {
		title: 'Adoption de la charte de coopération',
		text: 'La décision d’adopter la charte est prise après l’approbation de chaque partie.',
		decidedOn: '2025-11-20',
		status: 'carried_out'
	});
	await d('situation', cell, vif, {
		title: 'Orientation de la situation de Mme D.',
		text: 'Orientation vers l’hébergement d’urgence et accompagnement par la CAF.',
		decidedOn: '2026-05-05'
	});
	await d('transport', tech, figeac, {
		title: 'Transport solidaire vers le collège',
		text: 'Décision de financer un transport solidaire pour les élèves de Figeac.',
		decidedOn: '2026-03-15'
	});
	await d('gers', gersCopil, gersCoop, {
		title: 'Hébergement d’urgence dans le Gers',
		text: 'Décision du copil du Gers sur l’hébergement.',
		decidedOn: '2026-03-01'
	});
});
afterAll(() => t.drop());

describe('full-text search', () => {
	it('ignores accents: « décision » and « decision » find the same decisions', async () => {
		const accented = await titles(pilot(), { q: 'décision' });
		const plain = await titles(pilot(), { q: 'DECISION' });
		expect(accented).toEqual(plain);
		expect(accented).toEqual(
			expect.arrayContaining(['Adoption de la charte de coopération', 'Transport solidaire vers le collège'])
		);
		expect(accented).not.toContain('Hébergement d’urgence des victimes');
	});

	it('tolerates a typo (« hébergment ») and says the search was approximate', async () => {
		const page = await searchRegister(pilot(), query({ q: 'hébergment', cooperation: vif }));
		expect(page.approximateWords).toEqual(['hebergment']);
		expect(page.items.map((i) => i.title)).toEqual(
			expect.arrayContaining(['Hébergement d’urgence des victimes', 'Création d’une cellule de veille'])
		);
		expect(page.items.map((i) => i.title)).not.toContain('Transport solidaire vers le collège');
	});

	it('sorts by relevance (the title weighs more), then by date', async () => {
		const found = await titles(pilot(), { q: 'hébergement urgence', cooperation: vif });
		expect(found[0]).toBe('Hébergement d’urgence des victimes');
		expect(found).toContain('Création d’une cellule de veille');
		// no text: newest first
		expect(await titles(pilot(), { cooperation: vif })).toEqual([
			'Hébergement d’urgence des victimes',
			'Création d’une cellule de veille',
			'Adoption de la charte de coopération'
		]);
	});

	it('a word the full text knows by its stem is not « approximate », though the vocabulary has another form', async () => {
		// the vocabulary has « hebergement », not « hebergements »: both have the stem the decisions' full text has
		const page = await searchRegister(pilot(), query({ q: 'hébergements urgence', cooperation: vif }));
		expect(page.approximateWords).toEqual([]);
		expect(page.items[0]!.title).toBe('Hébergement d’urgence des victimes');
		// a word of two letters (the vocabulary keeps 3 to 40) is asked of the decisions: « ce » is a stop word,
		// « la » too; « ue » is in no decision and nothing is near it
		const short = await searchRegister(pilot(), query({ q: 'ue', cooperation: vif }));
		expect(short.items).toEqual([]);
	});

	it('a word found nowhere, even approximately, finds nothing', async () => {
		expect(await titles(pilot(), { q: 'zythogramme', cooperation: vif })).toEqual([]);
	});
});

describe('filters and counts', () => {
	it('filters by body, status, date range and theme, with counts per status', async () => {
		expect(await titles(pilot(), { status: 'carried_out' })).toEqual([
			'Adoption de la charte de coopération'
		]);
		expect(await titles(pilot(), { body: tech })).toEqual(['Transport solidaire vers le collège']);
		expect(await titles(pilot(), { from: '2026-03-01', to: '2026-03-31' })).toEqual([
			'Transport solidaire vers le collège'
		]);
		// the theme of the cooperation (famille) or of the body (mobilite)
		expect(await titles(pilot(), { theme: 'mobilite' })).toEqual(['Transport solidaire vers le collège']);
		expect((await titles(pilot(), { theme: 'famille' })).length).toBe(3);
		const page = await searchRegister(pilot(), query({ cooperation: vif, status: 'in_force', limit: '1' }));
		expect(page.items).toHaveLength(1);
		expect(page.total).toBe(2);
		expect(page.byStatus).toEqual({ in_force: 2, carried_out: 1 });
		const next = await searchRegister(
			pilot(),
			query({ cooperation: vif, status: 'in_force', limit: '1', offset: '1' })
		);
		expect(next.items[0]!.id).not.toBe(page.items[0]!.id);
	});

	it('refuses bad filters with the field named', () => {
		const fields = (raw: Record<string, string>) => {
			try {
				query(raw);
				return [];
			} catch (e) {
				return (e as ValidationError).issues.map((i) => `${i.field}:${i.message}`);
			}
		};
		expect(fields({ status: 'abrogée' })).toEqual(['status:decisions.statusUnknown']);
		expect(fields({ from: '2026-02-30' })).toEqual(['from:decisions.dateInvalid']);
		expect(fields({ from: '2026-05-01', to: '2026-04-01' })).toEqual(['to:decisions.dateOrder']);
		expect(fields({ territory: 'lot' })).toEqual(['territory:decisions.territoryInvalid']);
		expect(fields({ body: 'x' })).toEqual(['body:decisions.bodyInvalid']);
		expect(fields({ theme: 'cuisine' })).toEqual(['theme:decisions.themeUnknown']);
	});
});

describe('territory register', () => {
	it('covers every cooperation whose territory is in the territory chosen', async () => {
		const lot = await titles(coordinator(), { territory: 'departement:46' });
		expect(lot).toContain('Transport solidaire vers le collège');
		expect(lot).toContain('Création d’une cellule de veille');
		expect(lot).toEqual(
			expect.arrayContaining(['Permanence commune à Cahors', 'Atelier numérique à Figeac'])
		);
		expect(lot).not.toContain('Hébergement d’urgence dans le Gers');
		// the Figeac EPCI: its own cooperation and the commune's inside it, not the Grand Cahors'
		expect(await titles(coordinator(), { territory: 'epci:200067361' })).toEqual([
			'Transport solidaire vers le collège',
			'Atelier numérique à Figeac'
		]);
		expect(await titles(coordinator(), { territory: 'commune:46042' })).toEqual([]);
		// an instance admin sees the Gers; the Lot's coordinator does not, whatever territory is asked
		expect(await titles(admin(), { territory: 'departement:32' })).toEqual([
			'Hébergement d’urgence dans le Gers'
		]);
		expect(await titles(coordinator(), { territory: 'departement:32' })).toEqual([]);
		await expect(searchRegister(coordinator(), query({ territory: 'departement:99' }))).rejects.toMatchObject(
			{
				issues: [{ field: 'territory', message: 'decisions.territoryUnknown' }]
			}
		);
	});
});

describe('who reads what', () => {
	it('members of a party and coordinators read; others see nothing; anonymous is refused', async () => {
		expect((await titles(cafReader(), { cooperation: vif })).length).toBe(3);
		expect(await titles(stranger(), {})).toEqual(['Hébergement d’urgence dans le Gers']);
		await expect(searchRegister(stranger(), query({ cooperation: vif }))).rejects.toBeInstanceOf(
			ForbiddenError
		);
		await expect(getDecision(stranger(), ids.cellule!)).rejects.toMatchObject({ status: 403 });
		await expect(searchRegister(ctxOf(ANONYMOUS), query({}))).rejects.toMatchObject({ status: 401 });
		await expect(getDecision(ctxOf(ANONYMOUS), ids.cellule!)).rejects.toMatchObject({ status: 401 });
		expect((await getDecision(coordinator(), ids.cellule!)).title).toBe('Création d’une cellule de veille');
		expect((await recentDecisions(cafReader(), vif, 2)).map((d) => d.title)).toEqual([
			'Hébergement d’urgence des victimes',
			'Création d’une cellule de veille'
		]);
	});

	it('the cooperation page hands the cooperation it loaded: same decisions, still authorized from it', async () => {
		const loaded = await cooperationAccess(cafReader(), vif);
		expect(await recentDecisions(cafReader(), loaded, 5)).toEqual(await recentDecisions(cafReader(), vif, 5));
		await expect(recentDecisions(stranger(), loaded, 5)).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('a « partage de situations » decision reaches the cell’s current members only, and its reading is audited', async () => {
		const search = { q: 'hebergement', cooperation: vif };
		expect(await titles(cellMember(), search)).toContain('Orientation de la situation de Mme D.');
		for (const ctx of [pilot(), former(), admin(), coordinator()]) {
			expect(await titles(ctx, search)).not.toContain('Orientation de la situation de Mme D.');
			await expect(getDecision(ctx, ids.situation!)).rejects.toBeInstanceOf(NotFoundError);
		}
		expect((await getDecision(cellMember(), ids.situation!)).bodyKind).toBe('partage_situations');
		const audits = await rows<{ actor_user_id: string }>(
			t.db,
			sql`select actor_user_id from audit_events where action = 'decision.read' and object_id = ${ids.situation!}`
		);
		expect(audits.map((a) => a.actor_user_id)).toEqual([CCAS_MEMBER]);
	});
});
