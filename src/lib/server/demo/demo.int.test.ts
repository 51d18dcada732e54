import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { rows } from '../db/client';
import { categoryOf, THEMATIQUES } from '../directory/codes';
import { serviceInputSchema } from '../directory/validation';
import { isStale } from '../directory/service';
import { seedDemo } from './seed';
import { DEMO_SOURCE, DEMO_STRUCTURES } from './services';

let t: TestDatabase;

interface Counts {
	structures: number;
	services: number;
	correspondents: number;
	nodes: number;
	links: number;
	organisations: number;
	users: number;
	words: number;
	indicatorValues: number;
}

const counts = async (): Promise<Counts> =>
	(
		await rows<Counts>(
			t.db,
			sql`select
				(select count(*)::int from structures) as structures,
				(select count(*)::int from services) as services,
				(select count(*)::int from correspondents) as correspondents,
				(select count(*)::int from referential_nodes) as nodes,
				(select count(*)::int from action_services) as links,
				(select count(*)::int from organisations) as organisations,
				(select count(*)::int from users) as users,
				(select count(*)::int from search_words) as words,
				(select count(*)::int from indicator_values) as "indicatorValues"`
		)
	)[0]!;

let first: Counts;

beforeAll(async () => {
	t = await createTestDatabase();
	await seedDemo(t.db, { password: 'demo-password-123' });
	first = await counts();
	await seedDemo(t.db, { password: 'demo-password-123' });
});

afterAll(async () => {
	await t.drop();
});

describe('demo directory of the Lot', () => {
	it('is idempotent: seeding twice gives the same rows', async () => {
		expect(await counts()).toEqual(first);
		expect(first.services).toBeGreaterThanOrEqual(55);
		expect(first.correspondents).toBeGreaterThanOrEqual(3);
		expect(first.nodes).toBeGreaterThanOrEqual(10);
		expect(first.links).toBeGreaterThanOrEqual(10);
		expect(first.words).toBeGreaterThan(100);
		// the Insee comparateur: 32 indicators for the 770 communes of the Lot and the Gers
		expect(first.indicatorValues).toBe(32 * 770);
	});

	it('covers at least ten data·inclusion categories with valid codes', async () => {
		const list = await rows<{ thematique: string }>(
			t.db,
			sql`select distinct unnest(thematiques) as thematique from services`
		);
		for (const { thematique } of list) expect(THEMATIQUES).toContain(thematique);
		const categories = new Set(list.map((r) => categoryOf(r.thematique)));
		expect(categories.size).toBeGreaterThanOrEqual(10);
		expect(categories).toContain('famille');
		expect(list.map((r) => r.thematique)).toContain('famille--surmonter-conflits-separation-violence');
	});

	it('marks every structure and service as demo, in the Lot, with coordinates in the Lot', async () => {
		const list = await rows<{
			name: string;
			structure: string;
			is_demo: boolean;
			structure_demo: boolean;
			source: string;
			departement_code: string;
			latitude: number;
			longitude: number;
		}>(
			t.db,
			sql`select s.name, st.name as structure, s.is_demo, st.is_demo as structure_demo, s.source,
				c.departement_code, s.latitude, s.longitude
			from services s join structures st on st.id = s.structure_id join communes c on c.code = s.commune_code`
		);
		expect(list.length).toBe(first.services);
		for (const s of list) {
			expect(s.name).toContain('(démo)');
			expect(s.structure).toContain('(démo)');
			expect(s.is_demo && s.structure_demo).toBe(true);
			expect(s.source).toBe(DEMO_SOURCE);
			expect(s.departement_code).toBe('46');
			// the Lot's bounding box
			expect(s.latitude).toBeGreaterThan(44.2);
			expect(s.latitude).toBeLessThan(45.05);
			expect(s.longitude).toBeGreaterThan(0.98);
			expect(s.longitude).toBeLessThan(2.22);
		}
		// no two services drawn on the same point
		expect(new Set(list.map((s) => `${s.latitude},${s.longitude}`)).size).toBe(list.length);
	});

	it('every demo service passes the directory validation', () => {
		for (const structure of DEMO_STRUCTURES) {
			for (const service of structure.services) {
				const result = serviceInputSchema.safeParse({
					...service,
					structureId: '00000000-0000-4000-8000-000000000000'
				});
				expect(result.error?.issues ?? [], service.id).toEqual([]);
			}
		}
	});

	it('has the CCAS of Cahors emergency shelter searched by the tests, and stale entries', async () => {
		const [shelter] = await rows<{ organisation: string; thematiques: string[]; publics: string[] }>(
			t.db,
			sql`select o.name as organisation, s.thematiques, s.publics
			from services s join structures st on st.id = s.structure_id join organisations o on o.id = st.organisation_id
			where s.name = 'Hébergement d’urgence (démo)'`
		);
		expect(shelter).toEqual({
			organisation: 'CCAS de Cahors (démo)',
			thematiques: ['logement-hebergement--rechercher-une-solution-dhebergement-temporaire'],
			publics: ['personnes-en-situation-durgence']
		});
		const ccas = await rows<{ name: string; last_checked_at: Date | string }>(
			t.db,
			sql`select s.name, s.last_checked_at from services s join structures st on st.id = s.structure_id
			join organisations o on o.id = st.organisation_id where o.name = 'CCAS de Cahors (démo)'`
		);
		expect(ccas.length).toBeGreaterThanOrEqual(5);
		const stale = ccas.filter((s) => isStale(new Date(s.last_checked_at), new Date()));
		expect(stale.length).toBeGreaterThanOrEqual(1);
		expect(stale.length).toBeLessThan(ccas.length);
	});

	it('links structures to the demo organisations, and keeps some without one', async () => {
		const list = await rows<{ organisation: string | null; n: number }>(
			t.db,
			sql`select o.name as organisation, count(*)::int as n
			from structures st left join organisations o on o.id = st.organisation_id group by o.name`
		);
		const byOrg = new Map(list.map((r) => [r.organisation, r.n]));
		for (const name of [
			'Département du Lot (démo)',
			'CAF du Lot (démo)',
			'CPAM du Lot (démo)',
			'CCAS de Cahors (démo)',
			'Association Quercy Solidarités (démo)',
			'Association Écoute Violences Lot (démo)',
			'Groupement de gendarmerie du Lot (démo)'
		])
			expect(byOrg.get(name), name).toBeGreaterThanOrEqual(1);
		expect(byOrg.get(null)).toBeGreaterThanOrEqual(2);
		expect(byOrg.get('Département du Lot (démo)')).toBeGreaterThanOrEqual(7);
	});

	it('builds a Politique → Mission → Action tree with services on actions only', async () => {
		const tree = await rows<{ name: string; level: string; parent: string | null; services: number }>(
			t.db,
			sql`select n.name, n.level, p.level as parent,
				(select count(*)::int from action_services a where a.node_id = n.id) as services
			from referential_nodes n left join referential_nodes p on p.id = n.parent_id
			where n.departement_code = '46'`
		);
		expect(tree.filter((n) => n.level === 'politique').length).toBeGreaterThanOrEqual(2);
		for (const n of tree) {
			expect(n.parent).toBe({ politique: null, mission: 'politique', action: 'mission' }[n.level]);
			if (n.level !== 'action') expect(n.services).toBe(0);
		}
		const shelter = tree.find((n) => n.name === 'Accueil et mise à l’abri des victimes');
		expect(shelter?.services).toBeGreaterThanOrEqual(2);
	});

	it('indexes the demo words for typo correction', async () => {
		const words = await rows<{ word: string }>(
			t.db,
			sql`select word from search_words where word in ('hebergement', 'urgence', 'alimentaire')`
		);
		expect(words.map((w) => w.word).sort()).toEqual(['alimentaire', 'hebergement', 'urgence']);
	});
});
