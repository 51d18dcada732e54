import { describe, expect, it } from 'vitest';
import { useServer } from '../support/server';

/**
 * GET /api/v1/services and GET /api/v1/services/{id} through the built server, on the demo offer of the Lot:
 * public (no session), typo-tolerant, validated with messages in the request's language, documented.
 */
const server = useServer();

async function get(path: string, language = 'fr') {
	const res = await fetch(`${server.url}/api/v1${path}`, { headers: { 'accept-language': language } });
	return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('GET /api/v1/services', () => {
	it('finds the demo emergency shelter despite a typo, without a session, with facets and distances', async () => {
		const res = await get('/services?q=hebergement%20urgense&near=46042&radiusKm=80');
		expect(res.status).toBe(200);
		expect(res.body.correctedQuery).toBe('hebergement urgence');
		const names = (res.body.items as { name: string }[]).map((i) => i.name);
		expect(names).toContain('Hébergement d’urgence (démo)');
		// every match is on this first page: the total and the category counts are exactly those of the items
		const items = res.body.items as { thematiques: string[] }[];
		expect(res.body.total).toBe(items.length);
		const categories: Record<string, number> = {};
		for (const item of items)
			for (const category of new Set(item.thematiques.map((t) => t.split('--')[0]!)))
				categories[category] = (categories[category] ?? 0) + 1;
		expect(res.body.facets.categorie).toEqual(categories);
		expect(res.body.items[0].distanceKm).toEqual(expect.any(Number));
		expect(res.body).toMatchObject({ page: 1, pageSize: 20 });
	});

	it('reads hostile text as plain words: operators change nothing, punctuation is no text, SQL finds nothing', async () => {
		const search = (q?: string) =>
			get(`/services?pageSize=100&facets=true${q === undefined ? '' : `&q=${encodeURIComponent(q)}`}`);
		const everything = await search();
		const urgence = await search('urgence');
		expect(urgence.status).toBe(200);
		// the comparisons below tell the three answers apart
		expect(urgence.body.total).toBeGreaterThan(0);
		expect(urgence.body.total).toBeLessThan(everything.body.total);
		for (const q of ["urgence' | !", 'urgence & (', 'urgence:*', '(urgence)', 'urgence%'])
			expect(await search(q), q).toEqual(urgence);
		for (const q of ['%_\\', ':*', "'--", '&|!()<->']) expect(await search(q), q).toEqual(everything);
		// SQL payloads: the answer of their plain words (typo-corrected as any words), here nothing
		for (const [q, words] of [
			["'); drop table services; --", 'drop table services'],
			["' or '1'='1", 'or']
		] as const) {
			const answer = await search(q);
			expect(answer, q).toEqual(await search(words));
			expect(answer.body, q).toMatchObject({ items: [], total: 0 });
		}
		expect(await search()).toEqual(everything);
	});

	it('pages with repeated keys and comma lists', async () => {
		const first = await get('/services?territoryType=departement&territoryCode=46&pageSize=5&facets=false');
		const second = await get(
			'/services?territoryType=departement&territoryCode=46&pageSize=5&page=2&facets=false'
		);
		expect(first.status).toBe(200);
		expect(first.body.total).toBeGreaterThan(10);
		expect(second.body.total).toBe(first.body.total);
		const ids = new Set([...first.body.items, ...second.body.items].map((i: { id: string }) => i.id));
		expect(ids.size).toBe(10);
		expect(first.body.facets.thematique).toEqual({});
	});

	it('refuses an unknown thématique with a message naming it, in French or English', async () => {
		const fr = await get('/services?thematiques=logement-hebergement,logement--xyz');
		expect(fr.status).toBe(400);
		expect(fr.body.error.issues).toEqual([
			{ field: 'thematiques.1', message: 'Thématique inconnue : logement--xyz.' }
		]);
		const en = await get('/services?latitude=44.45', 'en');
		expect(en.status).toBe(400);
		expect(en.body.error.issues).toEqual([
			{ field: 'longitude', message: 'Give both latitude and longitude, or neither.' }
		]);
	});
});

describe('GET /api/v1/services/{id}', () => {
	it('returns the public sheet with the structure, and 404 for an unknown id', async () => {
		const found = await get('/services?q=hebergement%20urgence&pageSize=1&facets=false');
		const id = found.body.items[0].id as string;
		const sheet = await get(`/services/${id}`);
		expect(sheet.status).toBe(200);
		expect(sheet.body.id).toBe(id);
		expect(sheet.body.structure.name).toEqual(expect.any(String));
		expect(sheet.body).not.toHaveProperty('distanceKm');
		expect((await get('/services/00000000-0000-4000-8000-000000000000')).status).toBe(404);
		expect((await get('/services/pas-un-id')).status).toBe(400);
	});

	it('both operations are in the OpenAPI document', async () => {
		const doc = await get('/openapi.json');
		expect(doc.body.paths['/services'].get.operationId).toBe('searchServices');
		expect(doc.body.paths['/services/{id}'].get.operationId).toBe('getService');
		expect(doc.body.components.schemas).toHaveProperty('ServiceSearchResult');
		expect(doc.body.components.schemas).toHaveProperty('ServiceSheet');
	});
});
