import { beforeAll, describe, expect, it } from 'vitest';
import { apiCall, apiSignIn, useServer } from '../support/server';

/**
 * The glossary through the built server: GET /api/v1/glossary (200, 400 naming the field in French), the public
 * page without JavaScript, terms explained on a service sheet, and a coordinator's local term reaching both.
 */
const server = useServer();
const api = (path: string) => apiCall(server, 'GET', path);
const page = async (path: string) => {
	const res = await fetch(`${server.url}${path}`, { headers: { 'accept-language': 'fr' } });
	return { status: res.status, html: await res.text() };
};

let sheetId: string;
let coordination: string;
let caf: string;

beforeAll(async () => {
	const found = await api(`/services?q=${encodeURIComponent('domiciliation administrative')}`);
	const sheet = (found.body.items as { id: string; name: string }[]).find(
		(s) => s.name === 'Domiciliation administrative (démo)'
	);
	if (!sheet) throw new Error('demo service not found');
	sheetId = sheet.id;
	coordination = await apiSignIn(server, 'coordination@demo.maillage.fr');
	caf = await apiSignIn(server, 'caf@demo.maillage.fr');
}, 60_000);

/** A form post as a browser sends it (same origin, asking for HTML). */
const postForm = (path: string, cookie: string, fields: Record<string, string>) =>
	fetch(`${server.url}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: server.url,
			cookie,
			accept: 'text/html',
			'accept-language': 'fr',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams(fields).toString()
	});

describe('GET /api/v1/glossary', () => {
	it('returns the term with its definition and source, whatever the case and accents', async () => {
		for (const q of [
			'CCAS',
			'ccas',
			'Centre communal d’action sociale',
			'centre communal d action sociale'
		]) {
			const res = await api(`/glossary?q=${encodeURIComponent(q)}`);
			expect(res.status, q).toBe(200);
			expect(res.body.items[0], q).toMatchObject({
				key: 'ccas',
				term: 'CCAS',
				longForm: 'Centre communal d’action sociale',
				origin: 'national',
				source: { url: expect.stringMatching(/^https:\/\/www\.legifrance\.gouv\.fr\//) }
			});
			expect(res.body.items[0].definition).toMatch(/^Établissement public de la commune/);
		}
		const all = await api('/glossary?territory=departement:46&limit=500');
		expect(all.status).toBe(200);
		expect(all.body.total).toBeGreaterThanOrEqual(60);
		expect((await api('/glossary?q=zzzz')).body).toEqual({ items: [], total: 0 });
	});

	it('refuses bad input with a 400 naming the field, in French', async () => {
		const cases: [string, string, RegExp][] = [
			['territory=departement:99', 'territory', /Territoire inconnu/],
			['territory=lot', 'territory', /type:code/],
			[`q=${'a'.repeat(201)}`, 'q', /200 caractères/],
			['limit=0', 'limit', /par page/],
			['offset=-1', 'offset', /Décalage/]
		];
		for (const [query, field, message] of cases) {
			const res = await api(`/glossary?${query}`);
			expect(res.status, query).toBe(400);
			expect(res.body.error.issues, query).toEqual([{ field, message: expect.stringMatching(message) }]);
		}
	});
});

describe('glossary pages', () => {
	it('the public page lists the terms alphabetically with anchors and sources, and searches without JavaScript', async () => {
		const all = await page('/glossaire');
		expect(all.status).toBe(200);
		expect(all.html).toContain('<dt id="ccas"');
		expect(all.html).toContain('href="#lettre-c"');
		expect(all.html).not.toMatch(/<script(?![^>]*quick-exit)/);
		const found = await page('/glossaire?q=sortie%20seche');
		expect(found.html).toContain('1 terme pour «\u202fsortie seche\u202f»');
		expect(found.html).toContain('<dt id="sortie-seche"');
		expect((await page('/glossaire?territoire=departement:99')).status).toBe(404);
		expect((await page('/')).html).toContain('<a href="/glossaire">Glossaire</a>');
		expect((await page('/sitemap.xml')).html).toContain(`${server.url}/glossaire</loc>`);
	});

	it('a service sheet explains the terms of its description, first occurrence only', async () => {
		// without Svelte's hydration markers
		const html = (await page(`/aide/services/${sheetId}`)).html.replace(/<!--[^>]*-->/g, '');
		expect(html.match(/data-glossary="ccas"/g)).toHaveLength(1);
		expect(html).toMatch(
			/<a class="gl-term[^"]*" href="\/glossaire#caf" aria-describedby="([^"]+)"[^>]*><abbr[^>]*>CAF<\/abbr><\/a><span class="gl-def[^"]*" role="tooltip" id="\1"[^>]*>CAF \(Caisse d’allocations familiales\)/
		);
	});

	it('a coordinator of the Lot adds a local term; others may not', async () => {
		const fields = {
			niveau: 'departement',
			code: '46',
			term: 'RVIF 46',
			longForm: 'Réseau violences intrafamiliales du Lot',
			definition: 'Le réseau des partenaires du Lot contre les violences intrafamiliales.',
			aliases: 'réseau VIF du Lot\nRVIF',
			sourceName: '',
			sourceUrl: ''
		};
		expect((await postForm('/glossaire/territoire/terme', caf, fields)).status).toBe(403);
		const bad = await postForm('/glossaire/territoire/terme', coordination, {
			...fields,
			definition: '',
			sourceUrl: 'ftp://x'
		});
		expect(bad.status).toBe(400);
		const badHtml = await bad.text();
		expect(badHtml).toContain('id="field-definition-error"');
		expect(badHtml).toContain('Saisissez une adresse web complète, commençant par https://.');
		const saved = await postForm('/glossaire/territoire/terme', coordination, fields);
		expect(saved.status).toBe(303);
		expect(saved.headers.get('location')).toBe(
			'/glossaire/territoire?niveau=departement&code=46&fait=saved#terme-rvif-46'
		);
		const res = await api(`/glossary?q=rvif&territory=departement:46`);
		expect(res.body.items).toMatchObject([
			{ key: 'rvif-46', origin: 'local', territory: { type: 'departement', code: '46' } }
		]);
		expect((await api('/glossary?q=rvif')).body.total).toBe(0);
		expect((await page('/glossaire?territoire=departement:46')).html).toContain('<dt id="rvif-46"');
	});
});
