import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiCall, apiSignIn, useServer } from '../support/server';
import {
	clickAndWait,
	expectNoAxeViolations,
	open,
	signInAs,
	useBrowser,
	waitForApp
} from '../support/browser';

/**
 * Issue 12 "Done when" (needs part): a CCAS professional adds a need through the form, the Lot's coordinator
 * merges a duplicate into it; the duplicate's page says where it went; axe on every page, at desktop and 320 px.
 */
const server = useServer();
const b = useBrowser();

const PHONE = { width: 320, height: 740 };
const CCAS = 'ccas@demo.maillage.fr';
const COORDINATION = 'coordination@demo.maillage.fr';

async function expectNoHorizontalScroll(page: Page) {
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width, `${page.url()} is ${width} px wide`).toBeLessThanOrEqual(PHONE.width);
}

async function check(page: Page, phone: boolean) {
	await expectNoAxeViolations(page);
	if (phone) await expectNoHorizontalScroll(page);
}

describe('the needs inventory', () => {
	for (const phone of [false, true])
		it(`a need added, then merged with a duplicate (${phone ? '320 px' : 'desktop'})`, async () => {
			const suffix = phone ? 'téléphone' : 'bureau';
			const { page } = await b.newPage(phone ? { viewport: PHONE } : {});
			await signInAs(page, server.url, CCAS, { then: '/besoins' });
			expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Besoins du territoire');
			await check(page, phone);
			await page.getByRole('link', { name: 'Signaler un besoin' }).click();
			await page.waitForURL('**/besoins/nouveau');
			await waitForApp(page);
			await check(page, phone);
			// an empty title is refused with its field named, what was typed is kept
			await page.getByLabel('Code du territoire').fill('46042');
			await clickAndWait(page, page.getByRole('button', { name: 'Enregistrer le besoin' }));
			expect(await page.locator('#field-title-error').textContent()).toBe('Donnez un intitulé au besoin.');
			expect(await page.getByLabel('Code du territoire').inputValue()).toBe('46042');
			await check(page, phone);
			const title = `Laverie solidaire introuvable à Cahors (${suffix})`;
			await page.getByLabel('Intitulé').fill(title);
			await page
				.getByLabel('Description')
				.fill('Des personnes hébergées à l’hôtel ne peuvent pas laver leur linge.');
			await page.locator('summary', { hasText: 'Famille' }).click();
			await page.getByLabel('Garde d’enfants', { exact: true }).check();
			await page.getByLabel('Source', { exact: true }).selectOption('field_observation');
			await page.getByLabel('Nature de l’expertise').selectOption('usage');
			await page.getByLabel('Élément qui l’étaye').fill('Trois demandes par semaine à l’accueil');
			await clickAndWait(page, page.getByRole('button', { name: 'Enregistrer le besoin' }));
			expect(new URL(page.url()).pathname).toMatch(/^\/besoins\/[0-9a-f-]{36}$/);
			expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
			expect(await page.getByRole('status').textContent()).toContain('Besoin enregistré.');
			const keptId = new URL(page.url()).pathname.split('/')[2]!;
			await check(page, phone);

			// a partner reported the same need in other words (through the API)
			const cookie = await apiSignIn(server, CCAS);
			const dup = await apiCall(server, 'POST', '/needs', cookie, {
				title: `Pas de machine à laver pour les personnes hébergées (${suffix})`,
				territoryType: 'commune',
				territoryCode: '46042',
				source: 'forum',
				themes: ['famille--soutien-aidants'],
				evidenceUrl: 'https://www.example.fr/compte-rendu-forum'
			});
			expect(dup.status).toBe(201);

			// the CCAS cannot merge: no merge form for them
			await open(page, `${server.url}/besoins/${keptId}`);
			expect(await page.getByRole('button', { name: 'Fusionner' }).count()).toBe(0);

			const coordinator = (await b.newPage(phone ? { viewport: PHONE } : {})).page;
			await signInAs(coordinator, server.url, COORDINATION, { then: `/besoins/${keptId}` });
			await check(coordinator, phone);
			await coordinator.getByLabel('Doublon (il sera retiré des listes)').selectOption(dup.body.id);
			await clickAndWait(coordinator, coordinator.getByRole('button', { name: 'Fusionner' }));
			expect(await coordinator.getByRole('status').textContent()).toContain('Doublon fusionné.');
			expect(await coordinator.locator('.facts').textContent()).toContain('signalé 2 fois');
			expect(await coordinator.getByRole('link', { name: dup.body.title }).count()).toBeGreaterThan(0);
			expect(await coordinator.locator('ol[aria-labelledby="historique"] li').count()).toBe(2);
			await check(coordinator, phone);

			// the duplicate left the list; its page says where it went
			await open(coordinator, `${server.url}/besoins?q=${encodeURIComponent(suffix)}`);
			const items = coordinator.locator('ul.cards li a');
			expect(await items.allTextContents()).toEqual([title]);
			await check(coordinator, phone);
			await open(coordinator, `${server.url}/besoins/${dup.body.id}`);
			const notice = coordinator.getByRole('link', { name: /fusionné dans/ });
			expect(await notice.textContent()).toBe(`Ce besoin a été fusionné dans «\u202f${title}\u202f».`);
			await notice.click();
			await coordinator.waitForURL(`**/besoins/${keptId}`);
			expect(new URL(coordinator.url()).pathname).toBe(`/besoins/${keptId}`);
		});
});
