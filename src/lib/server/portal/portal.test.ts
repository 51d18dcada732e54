import { describe, expect, it } from 'vitest';
import { parsePortalParams, portalHref, toSearchParams, DEFAULT_RADIUS } from './query';
import { serializeJsonLd, jsonLdElement } from './json-ld';
import { buildSitemap, type SitemapSource } from './sitemap';

describe('portal search parameters', () => {
	it('reads the French GET parameters, drops unknown codes and bounds the page', () => {
		const p = parsePortalParams(
			new URLSearchParams(
				'q=  hébergement   urgence &commune=Cahors&lieu=46042&rayon=10&thematique=famille--garde-denfants' +
					'&thematique=inconnue&public=femmes&mode=en-presentiel&frais=gratuit&frais=gratuit&type=atelier' +
					'&situation=je-perds-mon-logement&page=3'
			)
		);
		expect(p).toEqual({
			q: 'hébergement urgence',
			commune: 'Cahors',
			lieu: '46042',
			rayon: 10,
			thematiques: ['famille--garde-denfants'],
			publics: ['femmes'],
			modes: ['en-presentiel'],
			frais: ['gratuit'],
			types: ['atelier'],
			situation: 'je-perds-mon-logement',
			exact: false,
			page: 3
		});
		// « Vous cherchiez »: the words as typed, kept in the links only with a text
		expect(parsePortalParams(new URLSearchParams('q=urgense&exact=1')).exact).toBe(true);
		expect(toSearchParams({ q: 'urgense', exact: true }).toString()).toBe('q=urgense&exact=1');
		expect(toSearchParams({ q: '', exact: true }).toString()).toBe('');
	});

	it('falls back to defaults on nonsense: radius 30 km, page 1, no place code, no life event', () => {
		const p = parsePortalParams(new URLSearchParams('rayon=7&page=-2&lieu=<script>&situation=inconnue'));
		expect(p.rayon).toBe(DEFAULT_RADIUS);
		expect(p.page).toBe(1);
		expect(p.lieu).toBeNull();
		expect(p.situation).toBeNull();
		expect(parsePortalParams(new URLSearchParams('rayon=tout')).rayon).toBeNull();
		expect(parsePortalParams(new URLSearchParams('page=999999')).page).toBe(500);
	});

	it('builds short canonical links: defaults left out, filters repeated', () => {
		const p = parsePortalParams(new URLSearchParams('q=dettes&commune=Figeac&lieu=46102&frais=gratuit'));
		expect(portalHref('/aide', { ...p, page: 2 })).toBe(
			'/aide?q=dettes&commune=Figeac&lieu=46102&frais=gratuit&page=2'
		);
		expect(portalHref('/aide', { ...p, rayon: null })).toContain('rayon=tout');
		expect(portalHref('/aide', {})).toBe('/aide');
		// the radius only means something with a place
		expect(portalHref('/aide', { q: 'x', rayon: 50 })).toBe('/aide?q=x');
	});
});

describe('JSON-LD', () => {
	it('escapes what could close the script element, and stays JSON', () => {
		const evil = { name: '</script><script>alert(1)</script> & <!-- «é»\u2028' };
		const text = serializeJsonLd(evil);
		expect(text).not.toMatch(/[<>&\u2028]/);
		expect(JSON.parse(text)).toEqual(evil);
		const element = jsonLdElement(evil);
		expect(element.match(/<\/script>/g)).toHaveLength(1);
		expect(element.startsWith('<script type="application/ld+json">')).toBe(true);
	});
});

describe('sitemap', () => {
	const source = (services: number): SitemapSource => ({
		staticPaths: ['/', '/aide/situations', '/aide/situations/je-perds-mon-logement'],
		countServices: async () => services,
		services: async (offset, limit) =>
			Array.from({ length: Math.max(0, Math.min(limit, services - offset)) }, (_, i) => ({
				id: `s${offset + i}`,
				lastmod: '2026-11-24'
			}))
	});

	it('one urlset while everything fits, static pages first', async () => {
		const result = await buildSitemap(source(2), 'https://maillage.example.fr', null, 10);
		expect(result.status).toBe(200);
		const xml = result.status === 200 ? result.xml : '';
		expect(xml).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
		expect(xml.match(/<url>/g)).toHaveLength(5);
		expect(xml).toContain(
			'<url><loc>https://maillage.example.fr/aide/services/s1</loc><lastmod>2026-11-24</lastmod></url>'
		);
	});

	it('beyond the limit: an index of parts, each part at most the limit, every URL once', async () => {
		const index = await buildSitemap(source(22), 'https://m.fr', null, 10);
		const xml = index.status === 200 ? index.xml : '';
		expect(xml).toContain('<sitemapindex');
		expect(xml.match(/<sitemap>/g)).toHaveLength(3); // 3 static + 22 services = 25 URLs
		expect(xml).toContain('<loc>https://m.fr/sitemap.xml?partie=3</loc>');
		const locs: string[] = [];
		for (const part of [1, 2, 3]) {
			const r = await buildSitemap(source(22), 'https://m.fr', part, 10);
			const urls = r.status === 200 ? [...r.xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!) : [];
			expect(urls.length).toBeLessThanOrEqual(10);
			locs.push(...urls);
		}
		expect(locs).toHaveLength(25);
		expect(new Set(locs).size).toBe(25);
		expect(locs[0]).toBe('https://m.fr/');
		expect(locs.at(-1)).toBe('https://m.fr/aide/services/s21');
		expect((await buildSitemap(source(22), 'https://m.fr', 4, 10)).status).toBe(404);
	});

	it('escapes XML in URLs', async () => {
		const r = await buildSitemap({ ...source(0), staticPaths: ['/a?b=1&c=2'] }, 'https://m.fr', null);
		expect(r.status === 200 && r.xml).toContain('<loc>https://m.fr/a?b=1&amp;c=2</loc>');
	});
});
