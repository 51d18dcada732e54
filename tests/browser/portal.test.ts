import { describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { apiSignIn, useServer } from '../support/server';
import { expectNoAxeViolations as checkAxe, useBrowser } from '../support/browser';

/**
 * The public "find help" portal, as a person uses it: from a life event or a typed search to a service sheet,
 * then out through the quick exit. The portal ships no SvelteKit client (csr = false), so pages are awaited
 * with plain loads here rather than the hydration wait of support/browser.ts.
 */

const server = useServer();
const b = useBrowser();

const EXIT = 'https://www.meteofrance.com/';
const VIOLENCE = 'je-subis-des-violences-dans-mon-couple';
const VIOLENCE_THEME = 'Surmonter les conflits liés à la séparation ou à la violence';

/** The neutral site is out of reach from the test machine: answer for it. */
async function fakeExitSite(context: BrowserContext) {
	await context.route('https://www.meteofrance.com/**', (route) =>
		route.fulfill({
			body: '<html lang="fr"><title>Météo</title></html>',
			contentType: 'text/html; charset=utf-8'
		})
	);
}

async function visit(page: Page, path: string) {
	const response = await page.goto(`${server.url}${path}`);
	await page.waitForLoadState('load');
	return response;
}

/** Clicks a link or a GET form button and waits for the new document at a URL matching `url`. */
async function follow(page: Page, target: Locator, url: RegExp) {
	await Promise.all([page.waitForURL(url), target.click()]);
	await page.waitForLoadState('load');
}

const quickExit = (page: Page) => page.getByRole('link', { name: 'Quitter rapidement' });
const resultCount = (page: Page) => page.locator('h2#resultats');
const resultLinks = (page: Page) => page.locator('ol.service-results h3 a');

async function countFrom(page: Page): Promise<number> {
	const text = (await resultCount(page).textContent()) ?? '';
	const n = /^(\d+)/.exec(text.trim());
	if (!n) throw new Error(`no count in "${text}"`);
	return Number(n[1]);
}

/**
 * Home → violence life event → results near Cahors → first service sheet. Returns the sheet's name.
 * axe runs inside the page, so it needs JavaScript: without it the same path is walked without axe, and the
 * markup is checked by a JavaScript context where the quick-exit script (the only one) is left out.
 */
async function lifeEventToSheet(page: Page, axe = true) {
	const expectNoAxeViolations = axe ? checkAxe : async () => undefined;
	await visit(page, '/');
	await expect.poll(() => page.title()).toBe('Trouver de l’aide près de chez vous · Maillage');
	const events = page.getByRole('list', { name: 'Choisissez la situation qui vous ressemble le plus :' });
	expect(await events.getByRole('listitem').count()).toBeGreaterThanOrEqual(12);
	await expectNoAxeViolations(page);

	await follow(
		page,
		events.getByRole('link', { name: 'Je subis des violences dans mon couple' }),
		new RegExp(`/aide/situations/${VIOLENCE}$`)
	);
	const note = page.getByRole('region', { name: 'Votre sécurité d’abord' });
	expect(await note.isVisible()).toBe(true);
	const noteText = (await note.textContent()) ?? '';
	for (const expected of [
		'3919',
		'Violences Femmes Info',
		'17',
		'114',
		'navigation privée',
		'Quitter rapidement'
	])
		expect(noteText).toContain(expected);
	expect(await note.getByRole('link', { name: 'Appeler le 3919' }).getAttribute('href')).toBe('tel:3919');
	expect(await note.getByRole('link', { name: 'Envoyer un SMS au 114' }).getAttribute('href')).toBe(
		'sms:114'
	);
	// the safety note comes before anything else of the page's content
	const firstSection = await page.locator('main section').first().getAttribute('class');
	expect(firstSection).toBe('safety-note');
	await expectNoAxeViolations(page);

	const form = page.getByRole('search');
	await form.getByLabel('Commune ou code postal').fill('Cahors');
	await follow(page, form.getByRole('button', { name: 'Rechercher' }), /commune=Cahors/);
	expect(await resultCount(page).textContent()).toMatch(/^\d+ services? trouvés? près de Cahors$/);
	const results = page.getByRole('list', { name: /trouvés? près de Cahors/ });
	const first = results.getByRole('listitem').first();
	expect(await first.textContent()).toContain(VIOLENCE_THEME);
	// « près de chez vous (12 km) » or « intervient sur votre commune (50 km) » (ADR 010)
	expect(await first.textContent()).toMatch(
		/(près de chez vous|intervient sur votre commune) \(\d+(,\d)? km\)/
	);
	expect(await first.textContent()).toMatch(/Vérifié le \d{1,2} \w+ \d{4}/);
	await expectNoAxeViolations(page);

	const link = resultLinks(page).first();
	const name = ((await link.textContent()) ?? '').trim();
	await follow(page, link, /\/aide\/services\/[0-9a-f-]{36}$/);
	expect(((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim()).toBe(name);
	await expectNoAxeViolations(page);
	return name;
}

const expectNoAxeViolations = checkAxe;

describe('public portal, with JavaScript', () => {
	it('life event → results → service sheet → quick exit; Back does not return to the sheet', async () => {
		const { page, context } = await b.newPage();
		await fakeExitSite(context);
		await lifeEventToSheet(page);
		const sheetUrl = page.url();

		// keyboard: the skip link first, the quick exit right after it
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Aller au contenu');
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe(EXIT);

		await Promise.all([page.waitForURL(EXIT), quickExit(page).click()]);
		expect(await page.title()).toBe('Météo');
		await page.goBack();
		await page.waitForLoadState('load');
		expect(page.url()).not.toBe(sheetUrl);
		expect(page.url()).not.toContain('/aide/services/');
	});

	it('Escape pressed twice leaves at once, replacing the page in the history', async () => {
		const { page, context } = await b.newPage();
		await fakeExitSite(context);
		await visit(page, '/');
		await visit(page, `/aide/situations/${VIOLENCE}`);
		await page.locator('body').click({ position: { x: 5, y: 300 } });
		await Promise.all([
			page.waitForURL(EXIT),
			(async () => {
				await page.keyboard.press('Escape');
				await page.keyboard.press('Escape');
			})()
		]);
		await page.goBack();
		await page.waitForLoadState('load');
		expect(new URL(page.url()).pathname).toBe('/');
	});

	it('a typo in the text search from the home page is corrected ("Vous cherchiez")', async () => {
		const { page } = await b.newPage();
		await visit(page, '/');
		const form = page.getByRole('search');
		await form.getByLabel('Que cherchez-vous ?').fill('hebergement urgense');
		await form.getByLabel('Commune ou code postal').fill('46000');
		await follow(page, form.getByRole('button', { name: 'Rechercher' }), /\/aide\?q=hebergement\+urgense/);
		expect(await page.locator('p.corrected strong').textContent()).toBe(
			'Vous cherchiez\u202f: «\u202fhebergement urgence\u202f»'
		);
		expect(await resultLinks(page).allTextContents()).toContain('Hébergement d’urgence (démo)');
		expect(await resultCount(page).textContent()).toContain('près de Cahors');
		await expectNoAxeViolations(page);
		// the words as typed, on request
		await follow(
			page,
			page.getByRole('link', {
				name: 'Rechercher «\u202fhebergement urgense\u202f» tel que vous l’avez écrit'
			}),
			/exact=1/
		);
		expect(await page.locator('p.corrected').count()).toBe(0);
	});

	it('an ambiguous commune asks "which one", and the choice is kept', async () => {
		const { page } = await b.newPage();
		await visit(page, '/aide?commune=saint-cirq-l');
		const choices = page.getByRole('list', { name: /Plusieurs communes correspondent/ });
		await follow(page, choices.getByRole('link', { name: 'Saint-Cirq-Lapopie (Lot)' }), /lieu=46256/);
		expect(await page.getByLabel('Commune ou code postal').inputValue()).toBe('Saint-Cirq-Lapopie');
		expect(await resultCount(page).textContent()).toContain('près de Saint-Cirq-Lapopie');
		await expectNoAxeViolations(page);
	});

	it('filters narrow the results and show their counts', async () => {
		const { page } = await b.newPage();
		await visit(page, '/aide?commune=Cahors&rayon=tout');
		const all = await countFrom(page);
		const filters = page.getByRole('form', { name: 'Affiner les résultats' });
		const cost = filters.getByRole('group', { name: 'Coût' });
		const free = cost.getByRole('checkbox', { name: /^Gratuit \(\d+\)$/ });
		const paid = cost.getByRole('checkbox', { name: /^Payant \(\d+\)$/ });
		const freeCount = Number(
			/\((\d+)\)/.exec((await cost.locator('label', { hasText: 'Gratuit' }).textContent())!)![1]
		);
		const paidCount = Number(
			/\((\d+)\)/.exec((await cost.locator('label', { hasText: 'Payant' }).textContent())!)![1]
		);
		expect(freeCount).toBeGreaterThan(0);
		expect(paidCount).toBeGreaterThan(0);
		expect(freeCount).toBeLessThan(all);
		await expectNoAxeViolations(page);

		await paid.check();
		expect(await free.isChecked()).toBe(false);
		await follow(page, filters.getByRole('button', { name: 'Appliquer les filtres' }), /frais=payant/);
		expect(await countFrom(page)).toBe(paidCount);
		expect(
			await page
				.getByRole('form', { name: 'Affiner les résultats' })
				.getByRole('checkbox', { name: /^Payant/ })
				.isChecked()
		).toBe(true);
		// every listed service says it is paid
		const facts = await page.locator('ol.service-results .result-facts').allTextContents();
		expect(facts.length).toBe(Math.min(paidCount, 20));
		expect(facts.every((f) => f.includes('Payant'))).toBe(true);
		// the place and the distance travelled with the filters
		expect(page.url()).toContain('lieu=46042');
		expect(page.url()).toContain('rayon=tout');
		await expectNoAxeViolations(page);
	});

	it('the sheet carries parseable JSON-LD (schema.org Service) without any CSP violation', async () => {
		const { page } = await b.newPage();
		await page.addInitScript(() => {
			const seen: string[] = [];
			(window as unknown as { cspViolations: string[] }).cspViolations = seen;
			document.addEventListener('securitypolicyviolation', (e) =>
				seen.push(`${e.violatedDirective} ${e.blockedURI}`)
			);
		});
		await visit(page, `/aide/situations/${VIOLENCE}?commune=46000`);
		await follow(page, resultLinks(page).first(), /\/aide\/services\//);
		const json = await page.locator('script[type="application/ld+json"]').textContent();
		const data = JSON.parse(json ?? '');
		expect(data['@context']).toBe('https://schema.org');
		expect(data['@type']).toBe('Service');
		expect(data.name).toBe(((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim());
		expect(data.provider['@type']).toBe('Organization');
		expect(data.areaServed).toBeDefined();
		expect(data.url).toBe(await page.locator('link[rel="canonical"]').getAttribute('href'));
		expect(
			await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)
		).toEqual([]);
		// the only script the page loads is the quick exit, from our own origin
		const scripts = await page.locator('script[src]').evaluateAll((s) => s.map((e) => e.getAttribute('src')));
		expect(scripts).toEqual(['/quick-exit.js']);
		expect(await page.locator('script[type="module"], link[rel="modulepreload"]').count()).toBe(0);
	});

	it('text typed by a partner stays text: in the page and inside the JSON-LD', async () => {
		const cookie = await apiSignIn(server, 'ccas@demo.maillage.fr');
		const found = await fetch(`${server.url}/api/v1/services?q=epicerie%20sociale&pageSize=1&facets=false`);
		const structureId = (await found.json()).items[0].structureId as string;
		const hostile = '</script><script>window.pwned=1</script><!--';
		const created = await fetch(`${server.url}/api/v1/services`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: server.url, cookie },
			body: JSON.stringify({
				structureId,
				name: 'Atelier <b>budget</b> (test)',
				description: `Un atelier pour faire ses comptes. ${hostile}`,
				thematiques: ['difficultes-financieres--ameliorer-sa-gestion-budgetaire'],
				communeCode: '46042'
			})
		});
		expect(created.status).toBe(201);
		const { id } = await created.json();

		const { page } = await b.newPage();
		let dialog = false;
		page.on('dialog', (d) => {
			dialog = true;
			void d.dismiss();
		});
		await visit(page, `/aide/services/${id}`);
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Atelier <b>budget</b> (test)');
		expect(await page.locator('main b').count()).toBe(0);
		expect(await page.locator('p.text').first().textContent()).toContain(hostile);
		const data = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '');
		expect(data.description).toContain(hostile);
		expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
		expect(await page.locator('script').count()).toBe(2); // quick-exit.js and the JSON-LD block
		expect(dialog).toBe(false);
	});

	it('printing hides the quick exit, the navigation and the search; the sheet shows its links', async () => {
		const { page } = await b.newPage();
		await visit(page, `/aide/situations/${VIOLENCE}?commune=46000`);
		await follow(page, resultLinks(page).first(), /\/aide\/services\//);
		expect(await quickExit(page).isVisible()).toBe(true);
		await page.emulateMedia({ media: 'print' });
		expect(await quickExit(page).isVisible()).toBe(false);
		expect(await page.getByRole('banner').isVisible()).toBe(false);
		const shareUrl = page.locator('a.share-url');
		expect(await shareUrl.isVisible()).toBe(true);
		expect(await shareUrl.textContent()).toBe(page.url());
		// a link whose text is not its address prints the address after it
		const acceslibre = await page.evaluate(() => {
			const a = document.createElement('a');
			a.href = 'https://acceslibre.beta.gouv.fr/';
			a.textContent = 'Voir l’accessibilité';
			document.querySelector('.service-sheet')!.append(a);
			return getComputedStyle(a, '::after').content;
		});
		expect(acceslibre).toContain('https://acceslibre.beta.gouv.fr/');
		await page.emulateMedia({ media: 'screen' });
		expect(await quickExit(page).isVisible()).toBe(true);
	});

	it('an unknown service is a 404 page, still with the quick exit', async () => {
		const { page } = await b.newPage();
		const response = await visit(page, '/aide/services/00000000-0000-4000-8000-000000000000');
		expect(response?.status()).toBe(404);
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Page introuvable');
		expect(await page.locator('main').textContent()).toContain('Ce service n’existe pas');
		expect(await quickExit(page).isVisible()).toBe(true);
		await expectNoAxeViolations(page);
	});

	it('sitemap.xml is well-formed XML listing the life events and the service sheets', async () => {
		const { page } = await b.newPage();
		await visit(page, '/');
		const report = await page.evaluate(async () => {
			const text = await (await fetch('/sitemap.xml')).text();
			const doc = new DOMParser().parseFromString(text, 'application/xml');
			const locs = [...doc.getElementsByTagNameNS('http://www.sitemaps.org/schemas/sitemap/0.9', 'loc')].map(
				(l) => l.textContent ?? ''
			);
			return {
				error: doc.getElementsByTagName('parsererror').length,
				root: doc.documentElement.localName,
				locs
			};
		});
		expect(report.error).toBe(0);
		expect(report.root).toBe('urlset');
		expect(report.locs).toContain(`${server.url}/`);
		expect(report.locs).toContain(`${server.url}/aide/situations/${VIOLENCE}`);
		expect(
			report.locs.filter((l) => /\/aide\/services\/[0-9a-f-]{36}$/.test(l)).length
		).toBeGreaterThanOrEqual(50);
	});
});

describe('public portal, without JavaScript', () => {
	it('the same path works; the quick exit is the second Tab stop and still leaves', async () => {
		const { page, context } = await b.newPage({ javaScriptEnabled: false });
		await fakeExitSite(context);
		await lifeEventToSheet(page, false);
		await page.keyboard.press('Tab');
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe(EXIT);
		await Promise.all([page.waitForURL(EXIT), page.keyboard.press('Enter')]);
		expect(await page.title()).toBe('Météo');
	});

	it('the pages without their one script have no axe violations', async () => {
		// axe needs JavaScript in the page: keep it on, and leave out the only script the portal ships
		const { page, context } = await b.newPage();
		await context.route('**/quick-exit.js', (route) =>
			route.fulfill({ body: '', contentType: 'text/javascript; charset=utf-8' })
		);
		await lifeEventToSheet(page);
	});

	it('filters and pagination are plain links and forms', async () => {
		const { page } = await b.newPage({ javaScriptEnabled: false });
		await visit(page, '/aide?commune=Cahors&rayon=tout');
		const total = await countFrom(page);
		expect(total).toBeGreaterThan(20);
		const pager = page.getByRole('navigation', { name: 'Pages de résultats' });
		await follow(page, pager.getByRole('link', { name: 'Page suivante' }), /page=2/);
		expect(await pager.textContent()).toContain(`Page 2 sur ${Math.ceil(total / 20)}`);
		expect(await page.locator('ol.service-results > li').count()).toBe(Math.min(20, total - 20));
		const filters = page.getByRole('form', { name: 'Affiner les résultats' });
		await filters
			.getByRole('group', { name: 'Coût' })
			.getByRole('checkbox', { name: /^Gratuit/ })
			.check();
		await follow(page, filters.getByRole('button', { name: 'Appliquer les filtres' }), /frais=gratuit/);
		// a new filter starts again from the first page
		expect(page.url()).not.toContain('page=');
		expect(await countFrom(page)).toBeLessThan(total);
	});
});
