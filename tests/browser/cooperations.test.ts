import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useServer } from '../support/server';
import { clickAndWait, expectNoAxeViolations, open, signInAs, useBrowser } from '../support/browser';

const server = useServer();
const b = useBrowser();

const signIn = (page: Page, email: string) => signInAs(page, server.url, email);

/** Elements that stick out of the viewport (a wide table scrolls inside its own region). */
const sticking = (page: Page) =>
	page.evaluate(() => {
		const width = document.documentElement.clientWidth;
		return [...document.querySelectorAll('body *')]
			.filter(
				(e) => e.getBoundingClientRect().right > width + 1 && !e.parentElement?.closest('.table-scroll')
			)
			.map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
	});

describe('cooperations (issue 10 §1)', () => {
	// axe needs JavaScript in the page: the no-JavaScript path is checked for what it does, axe runs below
	it('a coordinator creates a cooperation with parties, without JavaScript, then edits it', async () => {
		const { page } = await b.newPage({ javaScriptEnabled: false });
		await signIn(page, 'coordination@demo.maillage.fr');
		await clickAndWait(page, page.getByRole('banner').getByRole('link', { name: 'Coopérations' }));
		await page.getByRole('heading', { level: 1, name: 'Coopérations' }).waitFor();
		expect(
			await page.getByRole('link', { name: 'Réseau violences intrafamiliales du Lot (démo)' }).count()
		).toBe(1);

		await clickAndWait(page, page.getByRole('link', { name: 'Créer une coopération' }));
		await page.getByRole('heading', { level: 1, name: 'Nouvelle coopération' }).waitFor();
		await page.getByLabel('Nom', { exact: true }).fill('Réseau insertion du Figeacois');
		await page.getByLabel('Description').fill('Coordonner l’accompagnement vers l’emploi.');
		await page.getByLabel('Code du territoire').fill('46');
		await page
			.locator('summary')
			.filter({ hasText: /^Famille$/ })
			.click();
		await page.getByLabel('Surmonter les conflits liés à la séparation ou à la violence').check();
		const row = (n: number) => page.getByRole('group', { name: `Partie ${n}`, exact: true });
		await row(1).getByLabel('Organisation', { exact: true }).selectOption({ label: 'CAF du Lot (démo)' });
		await row(1).getByLabel('Rôle').selectOption({ label: 'Pilote' });
		await row(1).getByLabel('Membres autorisés à engager l’organisation').fill('caf@demo.maillage.fr');
		await row(2).getByLabel('Organisation', { exact: true }).selectOption({ label: 'CPAM du Lot (démo)' });
		await row(2).getByLabel('Membres autorisés à engager l’organisation').fill('caf@demo.maillage.fr');

		// one more row, without losing what was typed
		await clickAndWait(page, page.getByRole('button', { name: 'Ajouter une ligne' }));
		expect(await page.getByLabel('Nom', { exact: true }).inputValue()).toBe('Réseau insertion du Figeacois');
		expect(await row(4).count()).toBe(1);
		await row(4).getByLabel('Organisation', { exact: true }).selectOption({ label: 'CCAS de Cahors (démo)' });
		await row(4).getByLabel('Rôle').selectOption({ label: 'Facilitateur' });

		// an address that is not the CPAM's: named on its row, everything kept
		await clickAndWait(page, page.getByRole('button', { name: 'Créer la coopération' }));
		const alert = page.getByRole('alert');
		expect(await alert.textContent()).toContain(
			'pas de compte de cette organisation pour\u202f: caf@demo.maillage.fr'
		);
		const cpamSignatories = row(2).getByLabel('Membres autorisés à engager l’organisation');
		expect(await cpamSignatories.getAttribute('aria-invalid')).toBe('true');
		expect(await row(4).getByLabel('Organisation', { exact: true }).inputValue()).not.toBe('');
		await cpamSignatories.fill('cpam@demo.maillage.fr');
		await clickAndWait(page, page.getByRole('button', { name: 'Créer la coopération' }));

		await page.getByRole('heading', { level: 1, name: 'Réseau insertion du Figeacois' }).waitFor();
		expect(await page.getByRole('status').textContent()).toContain('La coopération a été créée.');
		const parties = page.getByRole('table', { name: 'Parties' });
		expect(await parties.getByRole('row').filter({ hasText: 'CAF du Lot (démo)' }).textContent()).toContain(
			'Joël Conseiller CAF'
		);
		expect(
			await parties.getByRole('row').filter({ hasText: 'CCAS de Cahors (démo)' }).textContent()
		).toContain('Facilitateur');
		for (const name of ['Charte', 'Instances', 'Actions en cours', 'Décisions récentes'])
			await page.getByRole('heading', { level: 2, name }).waitFor();

		await clickAndWait(page, page.getByRole('link', { name: 'Modifier' }));
		await page.getByRole('heading', { level: 1, name: 'Modifier la coopération' }).waitFor();
		await page.getByLabel('Nom', { exact: true }).fill('Réseau insertion et emploi du Figeacois');
		await clickAndWait(page, page.getByRole('button', { name: 'Enregistrer', exact: true }));
		expect(await page.getByRole('status').textContent()).toContain('Les modifications ont été enregistrées.');
		// the CAF, only pilot, cannot be removed
		const caf = page.getByRole('region', { name: 'CAF du Lot (démo)' });
		await clickAndWait(page, caf.getByRole('button', { name: /Retirer cette partie/ }));
		expect(await page.getByRole('alert').textContent()).toContain(
			'la coopération doit garder au moins une partie pilote'
		);
		await open(page, page.url().replace(/\/modifier.*$/, ''));
		const history = page.getByRole('table', { name: 'Historique des modifications' });
		expect(await history.getByRole('row').filter({ hasText: 'Nom' }).textContent()).toContain(
			'Réseau insertion et emploi du Figeacois'
		);
	}, 240_000);

	it.each([
		['desktop', { width: 1280, height: 900 }],
		['320 px', { width: 320, height: 640 }]
	])(
		'list, new (with its errors), page and edit have no axe violations (%s) and fit the screen',
		async (_, viewport) => {
			const { page } = await b.newPage({ viewport });
			await signIn(page, 'coordination@demo.maillage.fr');
			await open(page, `${server.url}/cooperations`);
			const href = await page
				.getByRole('link', { name: 'Réseau violences intrafamiliales du Lot (démo)' })
				.getAttribute('href');
			const pageUrl = `${server.url}${href}`;
			for (const url of [
				`${server.url}/cooperations`,
				`${server.url}/cooperations?vue=toutes&q=violences`,
				`${server.url}/cooperations?vue=toutes&q=introuvable`,
				`${server.url}/cooperations/nouvelle`,
				pageUrl,
				`${pageUrl}/modifier`
			]) {
				await open(page, url);
				expect(await sticking(page), url).toEqual([]);
				await expectNoAxeViolations(page);
			}
			// the new form refused: error summary focused, fields marked, still accessible
			await open(page, `${server.url}/cooperations/nouvelle`);
			await clickAndWait(page, page.getByRole('button', { name: 'Créer la coopération' }));
			const alert = page.getByRole('alert');
			expect(await alert.textContent()).toContain('Nom');
			expect(await page.getByLabel('Nom', { exact: true }).getAttribute('aria-invalid')).toBe('true');
			expect(await sticking(page)).toEqual([]);
			await expectNoAxeViolations(page);
		},
		180_000
	);

	it('a contributor sees the cooperation but not the edit link', async () => {
		const { page } = await b.newPage();
		await signIn(page, 'caf@demo.maillage.fr');
		await open(page, `${server.url}/cooperations`);
		const href = await page
			.getByRole('link', { name: 'Réseau violences intrafamiliales du Lot (démo)' })
			.getAttribute('href');
		await open(page, `${server.url}${href}`);
		expect(await page.getByRole('link', { name: 'Modifier' }).count()).toBe(0);
		expect(await page.getByRole('link', { name: 'Créer une coopération' }).count()).toBe(0);
	});
});
