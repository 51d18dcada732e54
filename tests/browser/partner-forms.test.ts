import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { useServer } from '../support/server';
import { clickAndWait, expectNoAxeViolations, useBrowser, signInAs } from '../support/browser';

/**
 * Issue 9 §4 in a browser, on a 320 px wide phone: a partner edits a structure (opening hours in the grid),
 * and a reader (the gendarmerie) searches the whole directory without being offered any edit.
 */
const server = useServer();
const b = useBrowser();

const PHONE = { viewport: { width: 320, height: 640 } };

/** Follows a link or a GET form: SvelteKit navigates in place, so wait for the URL and the new heading. */
async function follow(page: Page, target: Locator, heading: string | RegExp) {
	const from = page.url();
	await Promise.all([page.waitForURL((u) => u.toString() !== from), target.click()]);
	await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

const noHorizontalScroll = async (page: Page) => {
	if (process.env.DEBUG_WIDTH)
		console.log(
			await page.evaluate(() =>
				[...document.querySelectorAll('body *')]
					.filter((e) => e.getBoundingClientRect().right > 320)
					.slice(0, 8)
					.map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)
					.join('\n')
			)
		);
	return expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
};

describe('partner forms on a phone', () => {
	it('a partner edits a structure: hours in the grid, an error on the slot, then saved', async () => {
		const { page } = await b.newPage(PHONE);
		await signInAs(page, server.url, 'ccas@demo.maillage.fr', { then: '/annuaire' });
		await follow(
			page,
			page.getByRole('link', { name: 'CCAS de Cahors (démo)', exact: true }).first(),
			/CCAS de Cahors/
		);
		await follow(page, page.getByRole('link', { name: 'Modifier la structure' }), /^Modifier/);
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
			'Modifier «\u202fCCAS de Cahors (démo)\u202f»'
		);
		expect(await page.getByLabel('Commune', { exact: false }).inputValue()).toBe('Cahors (46042)');
		await expectNoAxeViolations(page);
		await noHorizontalScroll(page);

		// the demo hours (Mo-Fr 08:30-12:00,13:30-17:00) are in the grid; Tuesday: the end before the start
		expect(await page.getByLabel('Mardi, créneau 2, de').inputValue()).toBe('13:30');
		await page.getByLabel('Mardi, créneau 1, de').fill('10:00');
		await page.getByLabel('Mardi, créneau 1, à').fill('09:00');
		await page.getByLabel('Samedi, créneau 1, de').fill('09:00');
		await page.getByLabel('Samedi, créneau 1, à').fill('12:00');
		await clickAndWait(page, page.getByRole('button', { name: 'Enregistrer les modifications' }));
		const end = page.getByLabel('Mardi, créneau 1, à');
		expect(await end.getAttribute('aria-invalid')).toBe('true');
		expect((await page.locator('#field-hours-Tu-1-end-error').textContent())?.trim()).toBe(
			'L’heure de fin doit être après l’heure de début.'
		);
		expect(await page.getByLabel('Samedi, créneau 1, de').inputValue()).toBe('09:00');
		await expectNoAxeViolations(page);
		await noHorizontalScroll(page);

		await end.fill('12:00');
		await clickAndWait(page, page.getByRole('button', { name: 'Enregistrer les modifications' }));
		expect((await page.getByRole('status').first().textContent())?.trim()).toBe('Structure enregistrée.');
		await follow(page, page.getByRole('link', { name: 'Modifier la structure' }), /^Modifier/);
		expect(await page.getByLabel('Samedi, créneau 1, à').inputValue()).toBe('12:00');
		const history = page.getByRole('table', { name: 'Historique des modifications' });
		expect(await history.textContent()).toContain('Sa 09:00-12:00');
	});

	it('the service form’s hours grid is usable at 320 px and keeps what was typed', async () => {
		const { page } = await b.newPage(PHONE);
		await signInAs(page, server.url, 'ccas@demo.maillage.fr', { then: '/annuaire' });
		await follow(page, page.getByRole('link', { name: 'Épicerie sociale (démo)', exact: true }), /^Modifier/);
		await page.getByLabel('Lundi, créneau 2, de').fill('13:30');
		await page.getByLabel('Lundi, créneau 2, à').fill('17:00');
		await page.getByLabel('Adresse e-mail').fill('epicerie@');
		await clickAndWait(page, page.getByRole('button', { name: 'Enregistrer', exact: true }));
		expect(await page.getByLabel('Lundi, créneau 2, de').inputValue()).toBe('13:30');
		await expectNoAxeViolations(page);
		await noHorizontalScroll(page);
	});

	it('a reader searches the whole directory, sees correspondents, and is offered no edit', async () => {
		const { page } = await b.newPage(PHONE);
		await signInAs(page, server.url, 'gendarmerie@demo.maillage.fr', { then: '/annuaire' });
		await follow(page, page.getByRole('link', { name: 'Rechercher dans tout l’annuaire' }), /^Recherche/);
		await page.getByLabel('Que cherchez-vous', { exact: false }).fill('PMI');
		await follow(page, page.getByRole('button', { name: 'Rechercher' }), /^Recherche/);
		await page.getByTestId('result-count').waitFor();
		const results = page.getByTestId('pro-result');
		expect(await results.count()).toBeGreaterThan(0);
		expect(await page.getByTestId('correspondents').first().textContent()).toContain(
			'Docteure Claire Vidal (démo)'
		);
		expect(await page.getByTestId('edit-service').count()).toBe(0);
		expect(await page.getByTestId('edit-structure').count()).toBe(0);
		expect(await page.getByRole('link', { name: /^Modifier/ }).count()).toBe(0);
		await expectNoAxeViolations(page);
		await noHorizontalScroll(page);
	});
});
