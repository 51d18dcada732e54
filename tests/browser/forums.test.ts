import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';
import { clickAndWait, expectNoAxeViolations, open, signInAs, useBrowser } from '../support/browser';

/**
 * A thematic forum as a facilitator runs it (issue 12 « Done when »): a professional of the CCAS creates a session
 * on mobility in Cahors, records a contribution « au nom d’un participant » with tags, finds it in the queue of
 * unanswered contributions and turns it into a need in one action; the contribution then reads « devenue besoin ».
 */

let server: RunningServer;
const b = useBrowser();

beforeAll(async () => {
	server = await startServer();
}, 240_000);
afterAll(async () => {
	await server?.stop();
});

const nextYear = new Date().getFullYear() + 1;

describe('thematic forums', () => {
	let sessionUrl = '';

	it('a session whose contribution becomes a need', async () => {
		const { page } = await b.newPage();
		await signInAs(page, server.url, 'ccas@demo.maillage.fr');
		await open(page, `${server.url}/forums`);
		await page.getByRole('heading', { level: 1, name: 'Forums thématiques' }).waitFor();
		await expectNoAxeViolations(page);

		expect(await page.getByRole('link', { name: 'Nouvelle session' }).getAttribute('href')).toBe(
			'/forums/nouveau'
		);
		await open(page, `${server.url}/forums/nouveau`);
		await expectNoAxeViolations(page);
		await page.getByLabel('Titre').fill('Se déplacer sans voiture à Cahors');
		await page
			.getByLabel('Thématiques data·inclusion')
			.selectOption(['mobilite--etre-accompagne-dans-son-parcours-mobilite']);
		await page.getByLabel('Type de territoire').selectOption('commune');
		await page.getByLabel('Code du territoire').fill('46042');
		await page.getByLabel('Début').fill(`${nextYear}-03-12T14:00`);
		await page.getByLabel('Fin').fill(`${nextYear}-03-12T16:30`);
		await page.getByLabel('Lieu', { exact: true }).fill('Espace Clément-Marot, Cahors');
		await page.getByLabel('Expertise d’usage', { exact: false }).fill('5');
		await clickAndWait(page, page.getByRole('button', { name: 'Créer la session' }));
		await page.getByRole('heading', { level: 1, name: 'Se déplacer sans voiture à Cahors' }).waitFor();
		sessionUrl = page.url();
		expect(await page.textContent('main')).toContain('0 technique, 0 politique, 5 d’usage');
		await expectNoAxeViolations(page);

		await page
			.getByLabel('Votre contribution')
			.fill('Pas de bus le samedi : <b>impossible</b> d’aller au marché.');
		await page.locator('#field-expertise').selectOption('usage');
		await page.getByLabel('Étiquettes').fill('#Transport, Mobilité  Rurale');
		await page.getByLabel('Enregistrer au nom d’un participant', { exact: false }).check();
		await clickAndWait(page, page.getByRole('button', { name: 'Publier la contribution' }));
		await page.getByRole('status').filter({ hasText: 'Votre contribution est enregistrée' }).waitFor();
		const article = page.locator('article.contribution').first();
		expect(await article.textContent()).toContain('au nom d’un participant');
		expect(await article.textContent()).toContain('<b>impossible</b>');
		expect(await article.locator('b').count()).toBe(0);
		expect(await article.getByRole('listitem').allTextContents()).toEqual(['transport', 'mobilité rurale']);
		await expectNoAxeViolations(page);

		expect(await page.getByRole('link', { name: 'Contributions à traiter' }).getAttribute('href')).toBe(
			`${new URL(sessionUrl).pathname}/a-traiter`
		);
		await open(page, `${sessionUrl}/a-traiter`);
		await expectNoAxeViolations(page);
		expect(await page.locator('ol.queue > li').count()).toBe(1);
		await clickAndWait(page, page.getByRole('button', { name: 'En faire un besoin' }));
		const done = page.getByRole('status').filter({ hasText: 'La contribution est devenue un besoin' });
		await done.waitFor();
		const needHref = await done.getByRole('link').getAttribute('href');
		expect(needHref).toMatch(/^\/besoins\/[0-9a-f-]{36}$/);
		expect(await page.getByText('Aucune contribution à traiter.').count()).toBe(1);
		await expectNoAxeViolations(page);

		await open(page, sessionUrl);
		expect(await page.locator('article.contribution').first().textContent()).toContain('devenue besoin');
		expect(await page.locator(`article.contribution a[href="${needHref}"]`).count()).toBe(1);
	});

	it('a 320 px screen shows the session and the queue without horizontal scrolling', async () => {
		const { page } = await b.newPage({ viewport: { width: 320, height: 700 } });
		await signInAs(page, server.url, 'ccas@demo.maillage.fr');
		for (const url of [
			`${server.url}/forums`,
			sessionUrl,
			`${sessionUrl}/a-traiter`,
			`${server.url}/forums/nouveau`
		]) {
			await open(page, url);
			const width = await page.evaluate(() => document.documentElement.scrollWidth);
			expect(width, url).toBeLessThanOrEqual(320);
		}
		await expectNoAxeViolations(page);
	});
});
