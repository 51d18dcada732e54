import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, useServer } from '../support/server';
import { clickAndWait, expectNoAxeViolations, open, useBrowser } from '../support/browser';

const CCAS_EMAIL = 'ccas@demo.maillage.fr';
const CCAS_NAME = 'Léa Directrice CCAS';
const DEMO_ORGANISATION_NAMES = [
	'Département du Lot (démo)',
	'CAF du Lot (démo)',
	'CPAM du Lot (démo)',
	'CCAS de Cahors (démo)',
	'Association Quercy Solidarités (démo)',
	'Association Écoute Violences Lot (démo)',
	'Groupement de gendarmerie du Lot (démo)',
	'DDETS du Lot (démo)'
];

const server = useServer();
const b = useBrowser();

const header = (page: Page) => page.getByRole('banner');

async function signIn(page: Page, email: string, password: string) {
	await open(page, `${server.url}/connexion`);
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByLabel('Mot de passe').fill(password);
	await clickAndWait(page, page.getByRole('button', { name: 'Se connecter' }));
}

describe('sign-in (with JavaScript)', () => {
	it('home page has no axe violations', async () => {
		const { page } = await b.newPage();
		const response = await open(page, server.url);
		expect(response?.status()).toBe(200);
		expect(await page.locator('html').getAttribute('lang')).toBe('fr');
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
			'Trouver de l’aide près de chez vous'
		);
		await expectNoAxeViolations(page);
	});

	it('sign-in page has no axe violations', async () => {
		const { page } = await b.newPage();
		await open(page, server.url);
		await page.getByRole('banner').getByRole('link', { name: 'Se connecter' }).click();
		await page.waitForURL(/\/connexion$/);
		await page.getByRole('heading', { level: 1, name: 'Se connecter' }).waitFor();
		await expect.poll(() => page.title()).toBe('Se connecter · Maillage');
		expect(await page.getByLabel('Adresse e-mail').getAttribute('type')).toBe('email');
		expect(await page.getByLabel('Mot de passe').getAttribute('type')).toBe('password');
		await expectNoAxeViolations(page);
	});

	it('a wrong password shows the generic French error, keeps the form usable and accessible', async () => {
		const { page } = await b.newPage();
		await signIn(page, CCAS_EMAIL, 'pas-le-bon-mot-de-passe');
		expect(new URL(page.url()).pathname).toBe('/connexion');
		const alert = page.getByRole('alert');
		expect((await alert.textContent())?.trim()).toBe('Adresse e-mail ou mot de passe incorrect.');
		// the e-mail is kept, the password is not sent back
		expect(await page.getByLabel('Adresse e-mail').inputValue()).toBe(CCAS_EMAIL);
		expect(await page.getByLabel('Mot de passe').inputValue()).toBe('');
		// same message whatever the account: no hint that the address exists
		await signIn(page, 'personne@inconnue.fr', 'pas-le-bon-mot-de-passe');
		expect((await page.getByRole('alert').textContent())?.trim()).toBe(
			'Adresse e-mail ou mot de passe incorrect.'
		);
		// the form can still be reached and used with the keyboard
		const password = page.getByLabel('Mot de passe');
		await password.focus();
		expect(await password.evaluate((el) => el === document.activeElement)).toBe(true);
		await expect.poll(() => header(page).getByText(CCAS_NAME).count()).toBe(0);
		await expectNoAxeViolations(page);
	});

	it('an empty submit shows French field errors tied to their inputs', async () => {
		const { page } = await b.newPage();
		await open(page, `${server.url}/connexion`);
		await clickAndWait(page, page.getByRole('button', { name: 'Se connecter' }));
		expect(new URL(page.url()).pathname).toBe('/connexion');
		for (const label of ['Adresse e-mail', 'Mot de passe']) {
			const input = page.getByLabel(label);
			expect(await input.getAttribute('aria-invalid'), label).toBe('true');
			const describedBy = await input.getAttribute('aria-describedby');
			expect(describedBy, label).toBeTruthy();
			const description = (
				await Promise.all(describedBy!.split(/\s+/).map((id) => page.locator(`[id="${id}"]`).textContent()))
			).join(' ');
			expect(description, label).toMatch(/^(Saisissez|Ce champ)/);
		}
		const emailError = await page
			.locator(`[id="${await page.getByLabel('Adresse e-mail').getAttribute('aria-describedby')}"]`)
			.textContent();
		expect([
			'Saisissez votre adresse e-mail.',
			'Ce champ est obligatoire.',
			'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.'
		]).toContain(emailError?.trim());
		const passwordError = await page
			.locator(`[id="${await page.getByLabel('Mot de passe').getAttribute('aria-describedby')}"]`)
			.textContent();
		expect(['Saisissez votre mot de passe.', 'Ce champ est obligatoire.']).toContain(passwordError?.trim());
		await expectNoAxeViolations(page);
	});

	it('signs in as the CCAS admin, lists the 8 demo organisations (DDETS included), signs out', async () => {
		const { page } = await b.newPage();
		await signIn(page, CCAS_EMAIL, DEMO_PASSWORD);
		expect(new URL(page.url()).pathname).toBe('/');
		expect(await header(page).getByText(CCAS_NAME, { exact: true }).count()).toBe(1);
		expect(await header(page).getByRole('button', { name: 'Se déconnecter' }).count()).toBe(1);
		expect(await header(page).getByRole('link', { name: 'Se connecter' }).count()).toBe(0);

		await header(page).getByRole('link', { name: 'Organisations' }).click();
		await page.waitForURL(/\/organisations$/);
		await page.getByRole('heading', { level: 1, name: 'Organisations partenaires' }).waitFor();
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Organisations partenaires');
		const rows = page
			.getByRole('table', { name: 'Organisations partenaires' })
			.locator('tbody')
			.getByRole('row');
		expect(await rows.count()).toBe(8);
		const names = await page.getByRole('table').locator('tbody tr td:first-child a').allTextContents();
		expect(names.map((n) => n.trim()).sort()).toEqual([...DEMO_ORGANISATION_NAMES].sort());
		await expectNoAxeViolations(page);

		await clickAndWait(page, header(page).getByRole('button', { name: 'Se déconnecter' }));
		expect(page.url()).toBe(`${server.url}/`);
		expect(await header(page).getByRole('link', { name: 'Se connecter' }).count()).toBe(1);
		expect(await header(page).getByText(CCAS_NAME).count()).toBe(0);
		expect(await header(page).getByRole('link', { name: 'Organisations' }).count()).toBe(0);
	});

	it('/organisations redirects an anonymous visitor to /connexion', async () => {
		const { page } = await b.newPage();
		const response = await open(page, `${server.url}/organisations`);
		expect(response?.status()).toBe(200);
		const url = new URL(page.url());
		expect(url.pathname).toBe('/connexion');
		expect(url.searchParams.get('suite')).toBe('/organisations');
		// after signing in, the person is taken back to where they were going
		await page.getByLabel('Adresse e-mail').fill(CCAS_EMAIL);
		await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
		await clickAndWait(page, page.getByRole('button', { name: 'Se connecter' }));
		expect(page.url()).toMatch(/\/organisations$/);
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Organisations partenaires');
	});
});

describe('sign-in without JavaScript', () => {
	it('signs in and out through the plain form POST', async () => {
		const { page } = await b.newPage({ javaScriptEnabled: false });
		// no client-side router: every step is a full page load
		await open(page, `${server.url}/organisations`);
		expect(new URL(page.url()).pathname).toBe('/connexion');

		await clickAndWait(page, page.getByRole('button', { name: 'Se connecter' }));
		expect(await page.getByLabel('Adresse e-mail').getAttribute('aria-invalid')).toBe('true');

		await page.getByLabel('Adresse e-mail').fill(CCAS_EMAIL);
		await page.getByLabel('Mot de passe').fill('mauvais-mot-de-passe');
		await clickAndWait(page, page.getByRole('button', { name: 'Se connecter' }));
		expect((await page.getByRole('alert').textContent())?.trim()).toBe(
			'Adresse e-mail ou mot de passe incorrect.'
		);

		await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
		await clickAndWait(page, page.getByRole('button', { name: 'Se connecter' }));
		expect(page.url()).toMatch(/\/organisations$/);
		expect(await header(page).getByText(CCAS_NAME, { exact: true }).count()).toBe(1);
		expect(await page.getByRole('table').locator('tbody').getByRole('row').count()).toBe(8);

		await clickAndWait(page, header(page).getByRole('button', { name: 'Se déconnecter' }));
		expect(page.url()).toBe(`${server.url}/`);
		expect(await header(page).getByRole('link', { name: 'Se connecter' }).count()).toBe(1);
		await open(page, `${server.url}/organisations`);
		expect(new URL(page.url()).pathname).toBe('/connexion');
	});
});
