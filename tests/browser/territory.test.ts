import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useServer } from '../support/server';
import { clickAndWait, expectNoAxeViolations, open, useBrowser } from '../support/browser';

const NNBSP = '\u202f'; // the French thousands separator (narrow no-break space)
const LOT_EPCIS = [
	'CA du Grand Cahors',
	'CC Cazals-Salviac',
	'CC du Quercy Blanc',
	'CC Causses et Vallée de la Dordogne',
	'CC Grand-Figeac',
	'CC Ouest Aveyron Communauté',
	'CC de la Vallée du Lot et du Vignoble',
	'CC Quercy - Bouriane',
	'CC du Pays de Lalbenque-Limogne',
	'CC du Causse de Labastide Murat'
];

const server = useServer();
const b = useBrowser();

const text = async (page: Page, selector: string) =>
	((await page.locator(selector).first().textContent()) ?? '').trim();

/** The value (dd) that follows a term (dt) in the facts list. */
const fact = (page: Page, term: string) =>
	page.locator('dl.facts dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');

async function switchLanguage(page: Page, buttonName: 'English' | 'Français', expectedLang: 'en' | 'fr') {
	const before = new URL(page.url());
	await clickAndWait(page, page.getByRole('banner').getByRole('button', { name: buttonName }));
	// back on the same page
	expect(new URL(page.url()).pathname).toBe(before.pathname);
	expect(await page.locator('html').getAttribute('lang')).toBe(expectedLang);
}

describe('territories', () => {
	it('search "figeac" from the territory search, open Figeac (Lot): heading, breadcrumb, French population', async () => {
		const { page } = await b.newPage();
		await open(page, `${server.url}/territoires`);
		await page
			.getByRole('search')
			.getByLabel('Commune, intercommunalité, département ou région')
			.fill('figeac');
		await Promise.all([
			page.waitForURL(/\/territoires\?q=figeac$/),
			page.getByRole('search').getByRole('button', { name: 'Rechercher' }).click()
		]);
		await page.getByRole('heading', { level: 1, name: 'Rechercher un territoire' }).waitFor();

		const results = page.getByRole('list', { name: /résultats? pour « figeac »/ });
		await results.waitFor();
		const figeac = results
			.getByRole('listitem')
			.filter({ has: page.getByRole('link', { name: 'Figeac', exact: true }) })
			.filter({ hasText: 'Lot' });
		expect(await figeac.count()).toBe(1);
		expect(await figeac.textContent()).toContain(`9${NNBSP}793 hab.`);
		expect(
			await page
				.getByRole('search')
				.getByLabel('Commune, intercommunalité, département ou région')
				.inputValue()
		).toBe('figeac');
		await expectNoAxeViolations(page);

		await Promise.all([
			page.waitForURL(/\/territoires\/commune\/46102$/),
			figeac.getByRole('link', { name: 'Figeac', exact: true }).click()
		]);
		await page.getByRole('heading', { level: 1, name: /^Figeac/ }).waitFor();
		const h1 = page.getByRole('heading', { level: 1 });
		expect(await h1.textContent()).toContain('Figeac');
		expect(await page.title()).toBe('Figeac · Commune · Maillage');

		const crumbs = page.getByRole('navigation', { name: 'Hiérarchie administrative' }).getByRole('listitem');
		expect((await crumbs.allTextContents()).map((c) => c.trim())).toEqual([
			'Territoires',
			'Occitanie',
			'Lot',
			'CC Grand-Figeac',
			'Figeac'
		]);
		expect(await crumbs.last().getAttribute('aria-current')).toBe('page');
		const crumbLinks = page.getByRole('navigation', { name: 'Hiérarchie administrative' }).getByRole('link');
		expect(await crumbLinks.evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual([
			'/territoires',
			'/territoires/region/76',
			'/territoires/departement/46',
			'/territoires/epci/200067361'
		]);

		const population = ((await fact(page, 'Population municipale').textContent()) ?? '').trim();
		expect(population).toBe(`9${NNBSP}793 habitants`);
		expect(await text(page, 'dl.facts dd')).toBe('46102');
		await expectNoAxeViolations(page);
	});

	it('the département page lists its 10 intercommunalités', async () => {
		const { page } = await b.newPage();
		await open(page, `${server.url}/territoires/commune/46102`);
		await Promise.all([
			page.waitForURL(/\/territoires\/departement\/46$/),
			page
				.getByRole('navigation', { name: 'Hiérarchie administrative' })
				.getByRole('link', { name: 'Lot' })
				.click()
		]);
		await page.getByRole('heading', { level: 1, name: /^Lot/ }).waitFor();
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Lot');
		expect(await page.getByRole('heading', { level: 2, name: '10 intercommunalités' }).count()).toBe(1);
		const table = page.getByRole('table', { name: '10 intercommunalités' });
		const rows = table.locator('tbody').getByRole('row');
		expect(await rows.count()).toBe(10);
		const names = (await table.locator('tbody tr td:first-child').allTextContents()).map((n) => n.trim());
		expect([...names].sort()).toEqual([...LOT_EPCIS].sort());
		// numbers in the table use the French separator too
		const populations = await table.locator('tbody td.num').allTextContents();
		expect(populations.some((p) => p.includes(NNBSP))).toBe(true);
		expect(populations.every((p) => /^\d{1,3}(\u202f\d{3})*$/.test(p.trim()))).toBe(true);
		await expectNoAxeViolations(page);
	});

	it('the language switch turns the interface to English and back', async () => {
		const { page } = await b.newPage();
		await open(page, `${server.url}/territoires/commune/46102`);
		expect(((await fact(page, 'Population municipale').textContent()) ?? '').trim()).toBe(
			`9${NNBSP}793 habitants`
		);

		await switchLanguage(page, 'English', 'en');
		expect(await page.locator('dl.facts dt', { hasText: 'Municipal population' }).count()).toBe(1);
		expect(((await fact(page, 'Municipal population').textContent()) ?? '').trim()).toBe('9,793 inhabitants');
		expect(await page.getByRole('navigation', { name: 'Administrative hierarchy' }).count()).toBe(1);
		expect(
			await page.getByRole('banner').getByRole('button', { name: 'Français' }).getAttribute('lang')
		).toBe('fr');
		await expectNoAxeViolations(page);

		// the choice sticks across pages
		await open(page, server.url);
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Find help near you');

		await open(page, `${server.url}/territoires/commune/46102`);
		await switchLanguage(page, 'Français', 'fr');
		expect(((await fact(page, 'Population municipale').textContent()) ?? '').trim()).toBe(
			`9${NNBSP}793 habitants`
		);
		expect(await page.getByRole('banner').getByRole('button', { name: 'English' }).count()).toBe(1);
	});

	it('the language switch works without JavaScript too', async () => {
		const { page } = await b.newPage({ javaScriptEnabled: false });
		await open(page, `${server.url}/territoires/commune/46102?origine=test`);
		await clickAndWait(page, page.getByRole('button', { name: 'English' }));
		expect(new URL(page.url()).search).toBe('?origine=test');
		expect(await page.locator('html').getAttribute('lang')).toBe('en');
		expect(((await fact(page, 'Municipal population').textContent()) ?? '').trim()).toBe('9,793 inhabitants');

		await clickAndWait(page, page.getByRole('button', { name: 'Français' }));
		expect(await page.locator('html').getAttribute('lang')).toBe('fr');
		expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(
			'/territoires/commune/46102?origine=test'
		);
		expect(((await fact(page, 'Population municipale').textContent()) ?? '').trim()).toBe(
			`9${NNBSP}793 habitants`
		);
	});

	it('an unknown commune gives a French 404 page', async () => {
		const { page } = await b.newPage();
		const response = await open(page, `${server.url}/territoires/commune/46999`);
		expect(response?.status()).toBe(404);
		expect(await page.locator('html').getAttribute('lang')).toBe('fr');
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Page introuvable');
		expect(await page.locator('main').textContent()).toContain('Ce territoire n’existe pas.');
		expect(await page.title()).toBe('Erreur 404 · Maillage');
		expect(await page.getByRole('link', { name: 'Retour à l’accueil' }).getAttribute('href')).toBe('/');
		await expectNoAxeViolations(page);
	});

	for (const javaScriptEnabled of [true, false]) {
		it(`keyboard: the skip link is the first Tab stop and moves focus to main (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
			const { page } = await b.newPage({ javaScriptEnabled });
			await open(page, `${server.url}/territoires/commune/46102`);
			await page.keyboard.press('Tab');
			const first = await page.evaluate(() => {
				const el = document.activeElement as HTMLElement | null;
				return { tag: el?.tagName, text: el?.textContent?.trim(), href: el?.getAttribute('href') };
			});
			expect(first).toEqual({ tag: 'A', text: 'Aller au contenu', href: '#contenu' });
			// visible when focused (it is moved off-screen otherwise)
			const box = await page.getByRole('link', { name: 'Aller au contenu' }).boundingBox();
			expect(box && box.x >= 0 && box.y >= 0).toBe(true);

			await page.keyboard.press('Enter');
			await page
				.waitForFunction(() => document.activeElement?.id === 'contenu', undefined, { timeout: 5_000 })
				.catch(() => undefined);
			const focused = await page.evaluate(() => ({
				tag: document.activeElement?.tagName,
				id: document.activeElement?.id
			}));
			expect(focused).toEqual({ tag: 'MAIN', id: 'contenu' });
			// the next Tab stop is inside main, not back in the header
			await page.keyboard.press('Tab');
			expect(await page.evaluate(() => !!document.activeElement?.closest('main'))).toBe(true);
		});
	}
});
