import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { ANONYMOUS } from '../policy/actor';
import type { Context } from '../context';
import { insertService, insertStructure } from '../directory/repository';
import { refreshSearchWords } from '../directory/search-words';
import { resolvePlace } from './place';
import { portalSearch } from './view';
import { parsePortalParams } from './query';

/** The place of the public search (ADR 010): codes, typos, unknown places; « Vous cherchiez ». */
let t: TestDatabase;
let ctx: Context;
let shelter: string;
const params = (query: string) => parsePortalParams(new URLSearchParams(query));

beforeAll(async () => {
	t = await createTestDatabase();
	ctx = { db: t.db, actor: ANONYMOUS };
	const structure = await insertStructure(t.db, {
		source: 'test',
		sourceId: 'ccas',
		name: 'CCAS de Cahors',
		communeCode: '46042',
		latitude: 44.4475,
		longitude: 1.4405
	});
	shelter = (
		await insertService(t.db, {
			structureId: structure.id,
			source: 'test',
			sourceId: 'urgence',
			name: 'Hébergement d’urgence',
			description: 'Mise à l’abri des personnes sans domicile.',
			thematiques: ['logement-hebergement--rechercher-une-solution-dhebergement-temporaire'],
			publics: ['tous-publics'],
			communeCode: '46042',
			latitude: 44.4475,
			longitude: 1.4405,
			eligibilityZone: ['46']
		})
	).id;
	await refreshSearchWords(t.db);
}, 60_000);
afterAll(() => t.drop());

describe('the place field', () => {
	it('takes an INSEE code, a postal code (first) or a name with a small typo', async () => {
		expect(await resolvePlace(ctx, '46042', null)).toMatchObject({
			status: 'resolved',
			commune: { code: '46042', name: 'Cahors' },
			postalCode: null
		});
		expect(await resolvePlace(ctx, '46100', null)).toMatchObject({
			status: 'resolved',
			commune: { code: '46102', name: 'Figeac' },
			postalCode: '46100'
		});
		expect(await resolvePlace(ctx, 'Figeak', null)).toMatchObject({
			status: 'resolved',
			commune: { code: '46102', name: 'Figeac' },
			corrected: true
		});
		expect(await resolvePlace(ctx, 'Cahors', null)).toMatchObject({
			status: 'resolved',
			commune: { code: '46042' }
		});
	});

	it('says an unknown place is not found, and shows no results as if they were near it', async () => {
		expect(await resolvePlace(ctx, 'Zzzzville', null)).toEqual({ status: 'notFound' });
		// names that share letters with real ones but are neither in them nor a small typo away
		expect(await resolvePlace(ctx, 'Saint-Zzzzville', null)).toEqual({ status: 'notFound' });
		expect(await resolvePlace(ctx, 'Figeacqqqq', null)).toEqual({ status: 'notFound' });
		const view = await portalSearch(ctx, params('q=hebergement&commune=Zzzzville'), '/aide');
		expect(view.place.status).toBe('notFound');
		expect(view.placeUnknown).toBe(true);
		expect(view.total).toBe(0);
		expect(view.items).toEqual([]);
		const known = await portalSearch(ctx, params('q=hebergement&commune=46042'), '/aide');
		expect(known.placeUnknown).toBe(false);
		expect(known.items.map((i) => i.id)).toEqual([shelter]);
		expect(known.items[0]!.reach).toBe('near');
	});

	it('from Figeac, a Cahors service covering the Lot « intervient sur votre commune »', async () => {
		const view = await portalSearch(ctx, params('q=hebergement&commune=Figeac&rayon=10'), '/aide');
		expect(view.items.map((i) => i.id)).toEqual([shelter]);
		expect(view.items[0]!.reach).toBe('covers');
		expect(view.items[0]!.distanceKm).toBeGreaterThan(40);
	});
});

describe('« Vous cherchiez »', () => {
	it('links to the same search with the words as typed', async () => {
		const view = await portalSearch(ctx, params('q=hebergement+urgense&commune=46042'), '/aide');
		expect(view.correctedQuery).toBe('hebergement urgence');
		expect(view.items.map((i) => i.id)).toEqual([shelter]);
		expect(view.typedHref).toBe('/aide?q=hebergement+urgense&exact=1&commune=Cahors&lieu=46042');
		const typed = await portalSearch(
			ctx,
			parsePortalParams(new URL(`http://x${view.typedHref}`).searchParams),
			'/aide'
		);
		expect(typed.correctedQuery).toBeNull();
		expect(typed.typedHref).toBeNull();
	});
});
