import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useServer } from '../support/server';
import { clickAndWait, expectNoAxeViolations, open, useBrowser, signInAs } from '../support/browser';

const server = useServer();
const b = useBrowser();

const signIn = (page: Page, email: string) => signInAs(page, server.url, email);

describe('territory coordinations admin page (issue 8 §1)', () => {
	it('the Lot coordinator gives the coordination of Cahors, sees it listed, then revokes it', async () => {
		const { page } = await b.newPage();
		await signIn(page, 'coordination@demo.maillage.fr');
		await clickAndWait(page, page.getByRole('banner').getByRole('link', { name: 'Coordinations' }));
		await page.getByRole('heading', { level: 1, name: 'Coordinations de territoire' }).waitFor();
		await expectNoAxeViolations(page);

		const grant = page.locator('form[action="?/grant"]');
		await grant.getByLabel('Adresse e-mail du compte').fill('ccas@demo.maillage.fr');
		await grant.getByLabel('Niveau du territoire').selectOption({ label: 'Commune' });
		await grant.getByLabel('Code du territoire').fill('46042');
		await clickAndWait(page, grant.getByRole('button', { name: 'Confier la coordination' }));
		expect(await page.getByRole('status').textContent()).toContain(
			'Coordination confiée à ccas@demo.maillage.fr.'
		);
		const row = page.getByRole('row').filter({ hasText: 'ccas@demo.maillage.fr' });
		expect(await row.getByRole('cell').nth(1).textContent()).toContain('Cahors');
		expect(await row.getByRole('cell').nth(2).textContent()).toBe('Hélène Coordinatrice');
		await expectNoAxeViolations(page);

		// the same grant twice: a French message, nothing added
		await grant.getByLabel('Adresse e-mail du compte').fill('ccas@demo.maillage.fr');
		await grant.getByLabel('Niveau du territoire').selectOption({ label: 'Commune' });
		await grant.getByLabel('Code du territoire').fill('46042');
		await clickAndWait(page, grant.getByRole('button', { name: 'Confier la coordination' }));
		expect(await page.getByRole('alert').textContent()).toContain(
			'Cette personne coordonne déjà ce territoire.'
		);

		await clickAndWait(page, row.getByRole('button', { name: /Retirer/ }));
		expect(await page.getByRole('status').textContent()).toContain('La coordination a été retirée.');
		expect(await page.getByRole('row').filter({ hasText: 'ccas@demo.maillage.fr' }).count()).toBe(0);
	});

	it('names the field of an unknown account, keeps what was typed, and fits a 320 px screen', async () => {
		const { page } = await b.newPage({ viewport: { width: 320, height: 640 } });
		await signIn(page, 'admin@demo.maillage.fr');
		await open(page, `${server.url}/admin/coordinations`);
		const grant = page.locator('form[action="?/grant"]');
		await grant.getByLabel('Adresse e-mail du compte').fill('personne@exemple.fr');
		await grant.getByLabel('Code du territoire').fill('46');
		await clickAndWait(page, grant.getByRole('button', { name: 'Confier la coordination' }));
		const email = page.getByLabel('Adresse e-mail du compte');
		expect(await email.getAttribute('aria-invalid')).toBe('true');
		expect(await page.locator('#field-email-error').textContent()).toContain(
			'Aucun compte ne correspond à cette adresse'
		);
		expect(await email.inputValue()).toBe('personne@exemple.fr');
		expect(await page.getByLabel('Code du territoire').inputValue()).toBe('46');
		// nothing sticks out of a 320 px screen (a wide table scrolls inside its own region)
		const sticking = await page.evaluate(() => {
			const width = document.documentElement.clientWidth;
			return [...document.querySelectorAll('body *')]
				.filter(
					(e) => e.getBoundingClientRect().right > width + 1 && !e.parentElement?.closest('.table-scroll')
				)
				.map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
		});
		expect(sticking).toEqual([]);
		await expectNoAxeViolations(page);
	});

	it('an organisation admin who coordinates nothing is refused the page', async () => {
		const { page, allow } = await b.newPage();
		allow(/403/);
		await signIn(page, 'ccas@demo.maillage.fr');
		expect(await page.getByRole('banner').getByRole('link', { name: 'Coordinations' }).count()).toBe(0);
		const response = await page.goto(`${server.url}/admin/coordinations`);
		expect(response?.status()).toBe(403);
		await expectNoAxeViolations(page);
	});
});
