import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { actorWith } from '../testing/actors';
import { ANONYMOUS } from '../policy/actor';
import { rows } from '../db/client';
import { ForbiddenError } from '../policy/policy';
import { NotFoundError, ValidationError } from '../errors';
import { loadTerritories } from '../demo/seed';
import { createZone, deleteZone, getTerritory, getZone, searchTerritories } from './service';
import { insertOrganisation } from '../organisations/repository';

let t: TestDatabase;
let orgId: string;
let otherOrgId: string;

beforeAll(async () => {
	t = await createTestDatabase();
	orgId = (
		await insertOrganisation(t.db, {
			name: 'CCAS de Figeac',
			slug: 'ccas-figeac',
			kind: 'ccas',
			territoryType: 'commune',
			territoryCode: '46102'
		})
	).id;
	otherOrgId = (
		await insertOrganisation(t.db, {
			name: 'CIAS du Grand Auch',
			slug: 'cias-auch',
			kind: 'ccas',
			territoryType: 'departement',
			territoryCode: '32'
		})
	).id;
});
afterAll(() => t.drop());

const anonymous = () => ({ db: t.db, actor: ANONYMOUS });

describe('territory import', () => {
	it('loads the Lot and the Gers with their EPCIs and legal populations', async () => {
		const [counts] = await rows<{ lot: number; gers: number; epcis: number; cahors: number }>(
			t.db,
			sql`select (select count(*)::int from communes where departement_code = '46') as lot,
				(select count(*)::int from communes where departement_code = '32') as gers,
				(select count(*)::int from epcis) as epcis,
				(select population from communes where code = '46042') as cahors`
		);
		expect(counts).toEqual({ lot: 312, gers: 458, epcis: 27, cahors: 20050 });
	});

	it('is idempotent: a second import changes no count', async () => {
		const before = await rows<{ n: number }>(t.db, sql`select count(*)::int as n from communes`);
		const summary = await loadTerritories(t.db, { departements: ['46', '32'] });
		const after = await rows<{ n: number }>(t.db, sql`select count(*)::int as n from communes`);
		expect(after).toEqual(before);
		expect(summary.communes).toBe(770);
	});

	it('computes a centroid inside the Lot for every commune of the Lot', async () => {
		const [box] = await rows<{
			missing: number;
			minLat: number;
			maxLat: number;
			minLon: number;
			maxLon: number;
		}>(
			t.db,
			sql`select count(*) filter (where latitude is null)::int as missing, min(latitude) as "minLat", max(latitude) as "maxLat",
				min(longitude) as "minLon", max(longitude) as "maxLon" from communes where departement_code = '46'`
		);
		expect(box!.missing).toBe(0);
		expect(box!.minLat).toBeGreaterThan(44.2);
		expect(box!.maxLat).toBeLessThan(45.1);
		expect(box!.minLon).toBeGreaterThan(1.0);
		expect(box!.maxLon).toBeLessThan(2.3);
	});
});

describe('territory search', () => {
	it('finds Figeac whatever the case, and the Grand-Figeac EPCI', async () => {
		const hits = await searchTerritories(anonymous(), { q: 'FIGEAC', limit: 5 });
		expect(hits[0]).toMatchObject({ type: 'commune', code: '46102', name: 'Figeac', context: 'Lot' });
		expect(hits.map((h) => h.code)).toContain('200067361');
	});

	it('ignores accents and hyphens', async () => {
		const hits = await searchTerritories(anonymous(), { q: 'saint cere', limit: 3 });
		expect(hits[0]).toMatchObject({ code: '46251', name: 'Saint-Céré' });
		const lot = await searchTerritories(anonymous(), { q: 'Lot', limit: 1 });
		expect(lot[0]).toMatchObject({ type: 'departement', code: '46' });
	});

	it('tolerates a small typo', async () => {
		const hits = await searchTerritories(anonymous(), { q: 'gourdn', limit: 5 });
		expect(hits.map((h) => h.name)).toContain('Gourdon');
	});

	it('returns nothing for a one-letter query', async () => {
		expect(await searchTerritories(anonymous(), { q: 'é', limit: 5 })).toEqual([]);
	});
});

describe('territory page data', () => {
	it('Cahors: population, postal code and hierarchy up to Occitanie', async () => {
		const cahors = await getTerritory(anonymous(), 'commune', '46042');
		expect(cahors).toMatchObject({ name: 'Cahors', population: 20050, postalCodes: ['46000'] });
		expect(cahors.parents.map((p) => `${p.type}:${p.code}`)).toEqual([
			'region:76',
			'departement:46',
			'epci:200023737'
		]);
	});

	it('an EPCI lists its communes and its département', async () => {
		const figeac = await getTerritory(anonymous(), 'epci', '200067361');
		expect(figeac.kind).toBe('CC');
		// 92 members, 6 of them in the Cantal, which this test database does not load
		expect(figeac.children.length).toBe(86);
		expect(figeac.children.map((c) => c.code)).toContain('46102');
		expect(figeac.parents).toContainEqual({ type: 'departement', code: '46', name: 'Lot' });
	});

	it('the Lot lists its EPCIs and sums its communes’ population', async () => {
		const lot = await getTerritory(anonymous(), 'departement', '46');
		expect(lot.children.map((c) => c.code)).toContain('200023737');
		expect(lot.population).toBe(176473);
	});

	it('an unknown code is a not-found error', async () => {
		await expect(getTerritory(anonymous(), 'commune', '46999')).rejects.toBeInstanceOf(NotFoundError);
	});
});

describe('custom zones', () => {
	const coordinator = () =>
		actorWith([{ organisationId: orgId, role: 'admin', territory: { type: 'commune', code: '46102' } }]);

	it('a coordinator creates a zone of communes; its population is the sum', async () => {
		const zone = await createZone(
			{ db: t.db, actor: coordinator() },
			{
				name: 'Bassin de vie de Figeac',
				description: 'Secteur d’action sociale',
				organisationId: orgId,
				communeCodes: ['46102', '46040', '46102']
			}
		);
		expect(zone.communes.map((c) => c.code).sort()).toEqual(['46040', '46102']);
		expect(zone.population).toBe(zone.communes.reduce((s, c) => s + c.population, 0));
		const [event] = await rows<{ action: string }>(
			t.db,
			sql`select action from audit_events where object_id = ${zone.id}`
		);
		expect(event?.action).toBe('zone.create');
	});

	it('names the unknown commune codes by position and creates nothing', async () => {
		const before = await rows<{ n: number }>(t.db, sql`select count(*)::int as n from zones`);
		const error = await createZone(
			{ db: t.db, actor: coordinator() },
			{
				name: 'Quartier prioritaire',
				description: '',
				organisationId: orgId,
				communeCodes: ['46042', '46998']
			}
		).catch((e) => e);
		expect(error).toBeInstanceOf(ValidationError);
		expect(error.issues).toEqual([{ field: 'communeCodes.1', message: 'commune.unknown:46998' }]);
		expect(await rows(t.db, sql`select count(*)::int as n from zones`)).toEqual(before);
	});

	it('a member of another organisation can neither create for nor delete a zone of this one', async () => {
		const outsider = actorWith([
			{ organisationId: otherOrgId, role: 'admin', territory: { type: 'departement', code: '32' } }
		]);
		await expect(
			createZone(
				{ db: t.db, actor: outsider },
				{ name: 'Zone', description: '', organisationId: orgId, communeCodes: ['46042'] }
			)
		).rejects.toBeInstanceOf(ForbiddenError);
		const zone = await createZone(
			{ db: t.db, actor: coordinator() },
			{ name: 'Causse de Gramat', description: '', organisationId: orgId, communeCodes: ['46127'] }
		);
		await expect(deleteZone({ db: t.db, actor: outsider }, zone.id)).rejects.toBeInstanceOf(ForbiddenError);
		await deleteZone({ db: t.db, actor: coordinator() }, zone.id);
		await expect(getZone({ db: t.db, actor: coordinator() }, zone.id)).rejects.toBeInstanceOf(NotFoundError);
	});
});
