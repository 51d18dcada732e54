import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { ANONYMOUS } from '../policy/actor';
import type { Context } from '../context';
import { insertService, insertStructure } from '../directory/repository';
import { refreshSearchWords } from '../directory/search-words';
import { resolvePlace } from './place';
import { portalSearch } from './view';
import { parsePortalParams } from './query';
import { publicSheet } from './sheet';
import { buildSitemap, directorySitemapSource } from './sitemap';

let t: TestDatabase;
let ctx: Context;
const ids: Record<string, string> = {};

const params = (query: string) => parsePortalParams(new URLSearchParams(query));

beforeAll(async () => {
	t = await createTestDatabase();
	ctx = { db: t.db, actor: ANONYMOUS };
	const structure = await insertStructure(t.db, {
		source: 'test',
		sourceId: 'cidff',
		name: 'Centre d’information sur les droits des femmes du Lot',
		communeCode: '46042',
		postalCode: '46000',
		address: '12 rue Wilson',
		phone: '05 65 30 07 34',
		email: 'accueil@cidff-lot.example.fr',
		website: 'https://cidff-lot.example.fr',
		openingHours: 'Mo-Fr 09:00-12:00,14:00-17:00',
		latitude: 44.4475,
		longitude: 1.4405
	});
	const base = { structureId: structure.id, source: 'test', lastCheckedAt: new Date('2026-11-01T10:00:00Z') };
	ids.cahors = (
		await insertService(t.db, {
			...base,
			sourceId: 'violences-cahors',
			name: 'Accueil des femmes victimes de violences',
			description:
				'Écoute, information juridique et hébergement d’urgence pour les femmes victimes de violences.',
			type: 'accompagnement',
			thematiques: ['famille--surmonter-conflits-separation-violence'],
			fees: 'gratuit',
			publics: ['femmes'],
			receptionModes: ['en-presentiel'],
			mobilisableBy: ['usagers'],
			mobilisationModes: ['telephoner', 'se-presenter'],
			contactName: 'Martine Delpech',
			communeCode: '46042',
			postalCode: '46000',
			address: '12 rue Wilson',
			latitude: 44.4475,
			longitude: 1.4405,
			eligibilityZone: ['46', '46102'],
			languages: ['fr', 'es']
		})
	).id;
	ids.figeac = (
		await insertService(t.db, {
			...base,
			sourceId: 'violences-figeac',
			name: 'Permanence violences conjugales de Figeac',
			description: 'Une juriste reçoit les victimes de violences conjugales, sur rendez-vous.',
			type: 'information',
			thematiques: ['famille--surmonter-conflits-separation-violence'],
			fees: 'gratuit',
			publics: ['tous-publics'],
			receptionModes: ['en-presentiel', 'a-distance'],
			communeCode: '46102',
			postalCode: '46100',
			latitude: 44.6086,
			longitude: 2.0317
		})
	).id;
	ids.budget = (
		await insertService(t.db, {
			...base,
			sourceId: 'budget-cahors',
			name: 'Point conseil budget',
			description: 'Aide pour faire son budget et sortir du surendettement.',
			type: 'accompagnement',
			thematiques: ['difficultes-financieres--situation-dendettement-surendettement'],
			fees: 'payant',
			publics: ['tous-publics'],
			receptionModes: ['en-presentiel'],
			communeCode: '46042',
			latitude: 44.449,
			longitude: 1.44
		})
	).id;
	await refreshSearchWords(t.db);
}, 120_000);

afterAll(async () => {
	await t?.drop();
});

describe('where: commune name or postal code', () => {
	it('a postal code resolves to its main commune and lists the others', async () => {
		const cahors = await resolvePlace(ctx, '46000', null);
		expect(cahors).toMatchObject({ status: 'resolved', commune: { code: '46042', name: 'Cahors' } });
		const figeac = await resolvePlace(ctx, '46100', null);
		expect(figeac.status).toBe('resolved');
		if (figeac.status !== 'resolved') return;
		expect(figeac.commune.name).toBe('Figeac');
		expect(figeac.others.map((o) => o.name)).toContain('Capdenac');
		expect(await resolvePlace(ctx, '99999', null)).toEqual({ status: 'notFound' });
	});

	it('a unique name resolves, whatever the case and accents; a prefix asks which one', async () => {
		expect(await resolvePlace(ctx, 'saint-cere', null)).toMatchObject({
			status: 'resolved',
			commune: { code: '46251', name: 'Saint-Céré', context: 'Lot' }
		});
		const ambiguous = await resolvePlace(ctx, 'Saint-Cirq', null);
		expect(ambiguous.status).toBe('ambiguous');
		if (ambiguous.status !== 'ambiguous') return;
		expect(ambiguous.candidates.map((c) => c.name)).toEqual(
			expect.arrayContaining(['Saint-Cirq-Lapopie', 'Saint-Cirq-Madelon', 'Saint-Cirq-Souillaguet'])
		);
		expect(await resolvePlace(ctx, 'Xyzzyville', null)).toEqual({ status: 'notFound' });
		expect(await resolvePlace(ctx, '  ', null)).toEqual({ status: 'none' });
	});

	it('the commune picked in the list holds while the text still names it', async () => {
		expect(await resolvePlace(ctx, 'Saint-Cirq-Lapopie', '46256')).toMatchObject({
			status: 'resolved',
			commune: { code: '46256' }
		});
		// the person typed another place over the chosen one
		expect(await resolvePlace(ctx, 'Gourdon', '46256')).toMatchObject({
			status: 'resolved',
			commune: { code: '46127' }
		});
	});
});

describe('public search view', () => {
	it('near Cahors within 10 km: the Figeac service (60 km) is left out; facets count what is shown', async () => {
		const view = await portalSearch(ctx, params('commune=Cahors&rayon=10'), '/aide');
		expect(view.placeName).toBe('Cahors');
		expect(view.items.map((i) => i.id).sort()).toEqual([ids.cahors, ids.budget].sort());
		expect(view.items.every((i) => i.distanceKm !== null && i.distanceKm < 10)).toBe(true);
		const frais = view.filters.find((g) => g.param === 'frais')!;
		expect(frais.options).toEqual(
			expect.arrayContaining([
				{ code: 'gratuit', count: 1, checked: false },
				{ code: 'payant', count: 1, checked: false }
			])
		);
		expect(view.hidden).toEqual([
			['commune', 'Cahors'],
			['lieu', '46042'],
			['rayon', '10']
		]);
	});

	it('a filter narrows the results and keeps the checked option; a typo is corrected', async () => {
		const free = await portalSearch(ctx, params('commune=46000&frais=gratuit&rayon=tout'), '/aide');
		expect(free.items.map((i) => i.id).sort()).toEqual([ids.cahors, ids.figeac].sort());
		expect(free.placeName).toBeNull(); // any distance: not "near Cahors"
		// but still nearest first (ADR 010)
		expect(free.items.map((i) => i.id)).toEqual([ids.cahors, ids.figeac]);
		expect(free.items[1]!.distanceKm).toBeGreaterThan(40);
		expect(free.resetHref).toBe('/aide?commune=46000&rayon=tout');
		const typo = await portalSearch(ctx, params('q=violances'), '/aide');
		expect(typo.correctedQuery).toBe('violences');
		expect(typo.items.map((i) => i.id)).toEqual(expect.arrayContaining([ids.cahors, ids.figeac]));
	});

	it('a life event keeps to its thématiques; an ambiguous place offers links that carry the INSEE code', async () => {
		const view = await portalSearch(
			ctx,
			{ ...params('commune=saint-cirq'), situation: 'je-subis-des-violences-dans-mon-couple' },
			'/aide/situations/je-subis-des-violences-dans-mon-couple'
		);
		expect(view.items.map((i) => i.id)).not.toContain(ids.budget);
		expect(view.place.status).toBe('ambiguous');
		if (view.place.status !== 'ambiguous') return;
		const lapopie = view.place.choices.find((c) => c.code === '46256')!;
		expect(lapopie.href).toBe(
			'/aide/situations/je-subis-des-violences-dans-mon-couple?commune=Saint-Cirq-Lapopie&lieu=46256'
		);
	});
});

describe('public service sheet', () => {
	it('shows the service, its place and zone by name, never the contact person', async () => {
		const sheet = await publicSheet(ctx, ids.cahors!);
		expect(sheet.service.name).toBe('Accueil des femmes victimes de violences');
		expect(sheet.communeName).toBe('Cahors');
		expect(sheet.contact).toMatchObject({
			phone: '05 65 30 07 34',
			openingHours: 'Mo-Fr 09:00-12:00,14:00-17:00'
		});
		expect(sheet.zone).toEqual([
			{ type: 'departement', code: '46', name: 'Lot' },
			{ type: 'commune', code: '46102', name: 'Figeac' }
		]);
		expect(JSON.stringify(sheet)).not.toContain('Delpech');
	});
});

describe('sitemap source', () => {
	it('counts and pages the services with their last change as a date', async () => {
		const result = await buildSitemap(directorySitemapSource(ctx), 'https://m.fr', null);
		expect(result.status).toBe(200);
		const xml = result.status === 200 ? result.xml : '';
		for (const id of Object.values(ids)) expect(xml).toContain(`<loc>https://m.fr/aide/services/${id}</loc>`);
		expect(xml).toMatch(/<lastmod>\d{4}-\d{2}-\d{2}<\/lastmod>/);
	});
});
