import { describe, expect, it } from 'vitest';
import { useServer } from '../support/server';
import { PUBLIC_PAGES } from '../../src/lib/server/portal/public-pages';

/**
 * The portal's pages as HTML (no browser): every public page answers, the violence pages have a neutral
 * title, searches and filters land on the results, the sheet links its numbers and shares without tracking.
 */

const server = useServer();
const NEUTRAL = '<title>Trouver de l’aide · Maillage</title>';

async function html(path: string, lang = 'fr') {
	const res = await fetch(`${server.url}${path}`, { headers: { 'accept-language': lang } });
	expect(res.status, path).toBe(200);
	return res.text();
}

describe('public pages as HTML', () => {
	it('every public page answers 200 with the quick exit and the footer links', async () => {
		for (const path of PUBLIC_PAGES) {
			const page = await html(path);
			expect(page, path).toContain('data-quick-exit');
			for (const link of ['/accessibilite', '/mentions-legales', '/donnees-personnelles'])
				expect(page, path).toContain(`href="${link}"`);
		}
	});

	it('the violence pages have a neutral title; the others keep theirs', async () => {
		expect(await html('/aide/situations/je-subis-des-violences-dans-mon-couple')).toContain(NEUTRAL);
		expect(await html('/aide?situation=je-subis-des-violences-dans-mon-couple&commune=46042')).toContain(
			NEUTRAL
		);
		expect(await html('/aide?q=violences+conjugales&commune=46042')).toContain(NEUTRAL);
		expect(await html('/aide?q=VIF')).toContain(NEUTRAL);
		expect(await html('/aide/situations/je-perds-mon-logement')).toContain(
			'<title>Je perds mon logement · Maillage</title>'
		);
		expect(await html('/aide?q=logement')).not.toContain(NEUTRAL);
	});

	it('the search form, the filters and the pager land on the results', async () => {
		const page = await html('/aide?commune=Cahors&rayon=tout');
		expect(page).toMatch(/<form class="portal-search" method="GET" action="\/aide#resultats"/);
		expect(page).toMatch(/<form class="portal-filters" method="GET" action="\/aide#resultats"/);
		expect(page).toMatch(/<a href="\/aide\?[^"]*page=2[^"]*#resultats" rel="next"/);
		// « Filtrer » comes before the list of results
		expect(page.indexOf('href="#filtres"')).toBeGreaterThan(0);
		expect(page.indexOf('href="#filtres"')).toBeLessThan(page.indexOf('class="service-results"'));
	});

	it('a demo service says « démo » once, and the facts are spaced (« Gratuit · Vérifié »)', async () => {
		const page = await html('/aide?commune=Cahors&rayon=tout');
		expect(page).toMatch(/\(démo\)<\/a>/);
		expect(page).not.toMatch(/\(démo\)<\/a>\s*<span class="tag">/);
		// (Svelte's block markers are HTML comments: taken out, the text reads « Gratuit · Vérifié le … »)
		const text = page.replace(/<!--[^>]*-->/g, '');
		expect(text).toMatch(/Gratuit<\/span> · Vérifié le/);
		expect(text).not.toMatch(/<\/span>·/);
	});

	it('the life-event intro links the emergency number; the safety note keeps its links', async () => {
		const page = await html('/aide/situations/je-perds-mon-logement');
		expect(page).toContain('<a class="phone" href="tel:115">115</a>');
		const violence = await html('/aide/situations/je-subis-des-violences-dans-mon-couple');
		expect(violence).toContain('href="tel:3919"');
		expect(violence).toMatch(/<noscript><p class="safety-noscript">.*navigation privée/s);
	});

	it('a sheet shares by mailto: and sms: with its own address only; print without JavaScript is explained', async () => {
		const list = await html('/aide?commune=Cahors&rayon=tout');
		const id = /href="\/aide\/services\/([0-9a-f-]{36})"/.exec(list)![1];
		const page = await html(`/aide/services/${id}`);
		const mail = /href="(mailto:\?subject=[^"]*)"/.exec(page)![1]!;
		expect(decodeURIComponent(mail.replace(/&amp;/g, '&'))).toContain(`${server.url}/aide/services/${id}`);
		expect(page).toMatch(/href="sms:\?&amp;body=[^"]*"/);
		// the print button waits, hidden, for the script; the advice for Ctrl+P is there for everyone
		expect(page).toMatch(/<button[^>]*data-print[^>]*hidden/);
		expect(page).toContain('Ctrl+P');
		// nothing of a third party: no tracker, no share widget
		expect(page).not.toMatch(/facebook|twitter|addthis|google-analytics|matomo/i);
	});

	it('the English sheet marks the French texts lang="fr"', async () => {
		const list = await html('/aide?commune=Cahors&rayon=tout');
		const id = /href="\/aide\/services\/([0-9a-f-]{36})"/.exec(list)![1];
		const page = await html(`/aide/services/${id}`, 'en');
		expect(page).toContain('<html lang="en"');
		expect(page).toMatch(/<h1 lang="fr">/);
		expect(page).toMatch(/<p class="text" lang="fr">/);
		const french = await html(`/aide/services/${id}`);
		expect(french).not.toMatch(/<h1 lang="fr">/);
	});
});
