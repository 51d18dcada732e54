import { describe, expect, it } from 'vitest';
import { useServer } from '../support/server';

/**
 * The public portal through the built server: pages light enough for old phones on a poor connection
 * (< 100 KB of HTML + CSS + JS, images aside), and the files search engines read (sitemap.xml, robots.txt).
 */

const server = useServer();
const BUDGET = 100 * 1024;

/** Sizes of a page and of every stylesheet and script it loads (href/src resolved against the page URL). */
async function pageWeight(path: string) {
	const url = `${server.url}${path}`;
	const res = await fetch(url);
	expect(res.status).toBe(200);
	const html = await res.text();
	const assets = new Set<string>();
	for (const tag of html.match(/<link\b[^>]*>/g) ?? []) {
		const rel = /\brel="([^"]*)"/.exec(tag)?.[1] ?? '';
		const href = /\bhref="([^"]*)"/.exec(tag)?.[1];
		if (href && /\b(stylesheet|modulepreload|preload)\b/.test(rel)) assets.add(new URL(href, url).href);
	}
	for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
		const src = /\bsrc="([^"]*)"/.exec(tag)?.[1];
		if (src) assets.add(new URL(src, url).href);
	}
	let total = Buffer.byteLength(html);
	const files: Record<string, number> = { [path]: total };
	for (const asset of assets) {
		const r = await fetch(asset);
		expect(r.status, asset).toBe(200);
		const size = (await r.arrayBuffer()).byteLength;
		files[new URL(asset).pathname] = size;
		total += size;
	}
	return { total, files, html, assets: [...assets].map((a) => new URL(a).pathname) };
}

/** Minimal well-formedness check of generated XML: one root, balanced tags, only the five XML entities. */
function wellFormedXml(xml: string): boolean {
	if (!xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')) return false;
	const body = xml.replace(/^<\?xml[^>]*\?>/, '');
	if (/&(?!(amp|lt|gt|quot|apos);)/.test(body)) return false;
	const stack: string[] = [];
	let roots = 0;
	for (const m of body.matchAll(/<(\/?)([A-Za-z][\w:-]*)[^>]*?(\/?)>/g)) {
		const [, closing, name, selfClosing] = m;
		if (closing) {
			if (stack.pop() !== name) return false;
		} else if (!selfClosing) {
			if (stack.length === 0) roots++;
			stack.push(name!);
		}
	}
	return stack.length === 0 && roots === 1 && !/<(?![/?A-Za-z])/.test(body);
}

describe('public portal pages', () => {
	it('each public page weighs under 100 KB with what it loads, and loads no script but the quick exit', async () => {
		const home = await fetch(`${server.url}/`).then((r) => r.text());
		const lifeEvent = /href="(\/aide\/situations\/[^"]+)"/.exec(home)?.[1];
		expect(lifeEvent).toBeDefined();
		const results = await fetch(`${server.url}/aide?commune=Cahors&rayon=tout`).then((r) => r.text());
		const sheet = /href="(\/aide\/services\/[0-9a-f-]{36})"/.exec(results)?.[1];
		expect(sheet).toBeDefined();

		for (const path of [
			'/',
			'/aide?q=aide&commune=Cahors&rayon=tout',
			'/aide?commune=Cahors&rayon=tout',
			`${lifeEvent}?commune=46000`,
			'/aide/situations/je-subis-des-violences-dans-mon-couple?commune=Figeac&rayon=100',
			sheet!
		]) {
			const weight = await pageWeight(path);
			expect(weight.total, `${path}: ${JSON.stringify(weight.files)}`).toBeLessThan(BUDGET);
			expect(weight.assets.filter((a) => a.endsWith('.js'))).toEqual(['/quick-exit.js']);
			expect(weight.html).not.toContain('modulepreload');
			expect(weight.html).toContain('Quitter rapidement');
			expect(weight.html).toMatch(/<link rel="canonical" href="http:\/\/127\.0\.0\.1:\d+\/[^"]*"/);
			expect(weight.html).toMatch(/<meta name="description" content="[^"]{20,}"/);
		}
	});

	it('the quick-exit script is served from our origin, as JavaScript the CSP allows', async () => {
		const res = await fetch(`${server.url}/quick-exit.js`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/javascript/);
		const js = await res.text();
		expect(js).toContain('location.replace');
		expect(js).toContain('Escape');
		const page = await fetch(`${server.url}/`);
		const csp = page.headers.get('content-security-policy') ?? '';
		expect(csp).toMatch(/script-src 'self'/);
		expect(csp).not.toContain('unsafe-inline');
	});

	it('the JSON-LD of a sheet cannot be closed by text: no "<" inside the data block', async () => {
		const results = await fetch(`${server.url}/aide?commune=Cahors&rayon=tout`).then((r) => r.text());
		const sheet = /href="(\/aide\/services\/[0-9a-f-]{36})"/.exec(results)![1]!;
		const html = await fetch(`${server.url}${sheet}`).then((r) => r.text());
		const block = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)?.[1];
		expect(block).toBeDefined();
		expect(block).not.toContain('<');
		expect(JSON.parse(block!)['@type']).toBe('Service');
	});

	it('unknown sheets and life events are 404 pages', async () => {
		expect((await fetch(`${server.url}/aide/services/00000000-0000-4000-8000-000000000000`)).status).toBe(
			404
		);
		expect((await fetch(`${server.url}/aide/services/pas-un-identifiant`)).status).toBe(404);
		expect((await fetch(`${server.url}/aide/situations/je-n-existe-pas`)).status).toBe(404);
	});
});

describe('files for search engines', () => {
	it('sitemap.xml is well-formed and lists the home, the life events and every service sheet', async () => {
		const res = await fetch(`${server.url}/sitemap.xml`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
		const xml = await res.text();
		expect(wellFormedXml(xml)).toBe(true);
		expect(xml).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
		const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
		expect(locs[0]).toBe(`${server.url}/`);
		expect(locs).toContain(`${server.url}/aide/situations/je-perds-mon-logement`);
		const sheets = locs.filter((l) => /\/aide\/services\/[0-9a-f-]{36}$/.test(l));
		expect(sheets.length).toBeGreaterThanOrEqual(50);
		expect(new Set(locs).size).toBe(locs.length);
		// the listed sheets exist
		for (const loc of sheets.slice(0, 3)) expect((await fetch(loc)).status).toBe(200);
		// parts only exist when the directory outgrows one file
		expect((await fetch(`${server.url}/sitemap.xml?partie=2`)).status).toBe(404);
	});

	it('robots.txt points to the sitemap and keeps crawlers out of the app and the API', async () => {
		const res = await fetch(`${server.url}/robots.txt`);
		expect(res.status).toBe(200);
		const text = await res.text();
		expect(text).toContain(`Sitemap: ${server.url}/sitemap.xml`);
		expect(text).toContain('Disallow: /api/');
		expect(text).toContain('Disallow: /organisations');
		expect(text).not.toMatch(/Disallow: \/aide/);
	});
});
