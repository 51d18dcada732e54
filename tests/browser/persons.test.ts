import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useServer } from '../support/server';
import { clickAndWait, expectNoAxeViolations, open, signInAs, useBrowser } from '../support/browser';

/**
 * Issue 11 « Done when » (persons part): a CCAS professional creates a person with consent for the CAF and the
 * association; the CAF sees what is shared and why the rest is hidden; a withdrawal hides everything from the
 * CAF on its next request. Under the demo VIF charter the CAF (contributor) sees identity, contact, situation and
 * needs, never finances. axe on each page. The holder edits the record through its form (desktop and 320 px);
 * each consent says who collected it.
 */
const server = useServer();
const b = useBrowser();

const signIn = (page: Page, email: string) => signInAs(page, server.url, email);
const PHONE = { width: 320, height: 740 };

/** Nothing wider than the screen: no horizontal scrolling at 320 px. */
async function expectNoHorizontalScroll(page: Page) {
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width, `${page.url()} is ${width} px wide`).toBeLessThanOrEqual(PHONE.width);
}

describe('persons and consent (issue 11 §1–2)', () => {
	it('create with consent, the CAF sees what is shared, withdrawal cuts it on reload', async () => {
		const { page: ccas } = await b.newPage();
		await signIn(ccas, 'travailleur.social@demo.maillage.fr');
		// with JavaScript a link is a client-side navigation: open its address as a new document instead
		expect(await ccas.getByRole('banner').getByRole('link', { name: 'Personnes' }).getAttribute('href')).toBe(
			'/personnes'
		);
		await open(ccas, `${server.url}/personnes`);
		await ccas.getByRole('heading', { level: 1, name: 'Personnes suivies' }).waitFor();
		await expectNoAxeViolations(ccas);

		expect(await ccas.getByRole('link', { name: 'Nouvelle personne' }).getAttribute('href')).toBe(
			'/personnes/nouvelle'
		);
		await open(ccas, `${server.url}/personnes/nouvelle`);
		await ccas.getByLabel('Prénom').fill('Gwendoline');
		await ccas.getByLabel('Nom', { exact: true }).fill('Navigatrice (fictive)');
		await ccas.getByLabel(/Date de naissance/).fill('1984-07-21');
		await ccas.getByLabel(/Commune de résidence/).fill('46042');
		await ccas.getByLabel('Téléphone').fill('06 11 22 33 44');
		await ccas.getByLabel('Résumé de la situation').fill('Recherche d’un logement après une séparation.');
		await expectNoAxeViolations(ccas);
		await clickAndWait(ccas, ccas.getByRole('button', { name: 'Créer la fiche' }));
		await ccas.getByRole('heading', { level: 1, name: 'Navigatrice (fictive) Gwendoline' }).waitFor();
		const path = new URL(ccas.url()).pathname;
		expect(path).toMatch(/^\/personnes\/[0-9a-f-]{36}$/);

		// consent for the CAF (identity, contact, finances) and for associations (identity, violence)
		// « Recueilli par »: the CCAS's professionals, the one signed in chosen by default
		const collector = ccas.locator('form[action="?/consent"]').getByLabel('Recueilli par');
		expect(await collector.locator('option').allTextContents()).toEqual([
			'Léa Directrice CCAS',
			'Théo Travailleur social'
		]);
		expect(await collector.locator('option:checked').textContent()).toBe('Théo Travailleur social');
		const consent = async (
			recipient: { org?: string; kind?: string },
			categories: string[],
			collectedBy?: string
		) => {
			const form = ccas.locator('form[action="?/consent"]');
			if (recipient.org) await form.getByLabel(recipient.org).check();
			if (recipient.kind) await form.getByLabel(recipient.kind).check();
			for (const c of categories) await form.getByLabel(c, { exact: true }).check();
			await form.getByLabel('Finalité').fill('Ouverture des droits et accompagnement');
			await form.getByLabel('Donné le').fill('2026-09-01');
			if (collectedBy) await form.getByLabel('Recueilli par').selectOption({ label: collectedBy });
			await clickAndWait(ccas, form.getByRole('button', { name: 'Enregistrer un consentement' }));
			await ccas.getByText('Le consentement a été enregistré.').waitFor();
		};
		await consent({ org: 'CAF du Lot (démo)' }, ['Identité', 'Coordonnées', 'Finances']);
		await consent({ kind: 'Associations' }, ['Identité', 'Violences'], 'Léa Directrice CCAS');
		await expectNoAxeViolations(ccas);
		const consents = ccas.getByRole('region', { name: 'Consentements' }).getByRole('listitem');
		expect(await consents.filter({ hasText: 'CAF du Lot (démo)' }).textContent()).toContain(
			'recueilli par Théo Travailleur social'
		);
		expect(await consents.filter({ hasText: 'Associations' }).textContent()).toContain(
			'recueilli par Léa Directrice CCAS'
		);

		const { page: caf } = await b.newPage();
		await signIn(caf, 'caf@demo.maillage.fr');
		await open(caf, `${server.url}/personnes`);
		const link = caf.getByRole('link', { name: 'Navigatrice (fictive) Gwendoline' });
		expect(await link.getAttribute('href')).toBe(path);
		await open(caf, `${server.url}${path}`);
		await caf.getByRole('heading', { level: 1, name: 'Navigatrice (fictive) Gwendoline' }).waitFor();
		expect(await caf.getByText('06 11 22 33 44').count()).toBe(1);
		// situation: not in the consent; finances: consented, but the charter keeps it to the steering parties
		expect(await caf.getByText('Recherche d’un logement').count()).toBe(0);
		const body = (await caf.locator('main').textContent()) ?? '';
		expect(body).toContain('masqué\u202f: cette information n’est pas couverte par le consentement');
		expect(body).toContain('masqué\u202f: la charte ne partage pas cette information avec votre organisme');
		expect(await caf.locator('form[action="?/consent"]').count()).toBe(0);
		await expectNoAxeViolations(caf);
		// only the holding organisation edits the record: no link, and the form's address answers 403 as the API
		expect(await caf.getByRole('link', { name: 'Modifier la fiche' }).count()).toBe(0);
		expect((await caf.goto(`${server.url}${path}/modifier`))?.status()).toBe(403);
		expect(await caf.getByLabel('Prénom').count()).toBe(0);
		await open(caf, `${server.url}${path}`);

		// the CCAS withdraws the CAF's consent; the CAF's next request shows nothing (404, not 403)
		const cafConsent = ccas.getByRole('listitem').filter({ hasText: 'CAF du Lot (démo)' });
		await clickAndWait(ccas, cafConsent.getByRole('button', { name: 'Retirer ce consentement' }));
		await ccas.getByText('Le consentement a été retiré.').waitFor();
		const response = await caf.reload();
		expect(response?.status()).toBe(404);
		expect(await caf.getByText('Gwendoline').count()).toBe(0);
		await open(caf, `${server.url}/personnes`);
		expect(await caf.getByText('Gwendoline').count()).toBe(0);
		expect(path).not.toMatch(/Gwendoline|Navigatrice/);
		expect((await caf.goto(`${server.url}${path}/modifier`))?.status()).toBe(404);
	});

	it('the edit form works without JavaScript and sends only what was changed', async () => {
		const { page } = await b.newPage({ javaScriptEnabled: false });
		await signIn(page, 'travailleur.social@demo.maillage.fr');
		await open(page, `${server.url}/personnes/nouvelle`);
		await page.getByLabel('Prénom').fill('Sans-Script');
		await page.getByLabel('Nom', { exact: true }).fill('Modifiée (fictive)');
		await page.getByLabel('Langue préférée').selectOption({ label: 'ukrainien' });
		await page.getByLabel('Résumé de la situation').fill('Première visite au CCAS.');
		await clickAndWait(page, page.getByRole('button', { name: 'Créer la fiche' }));
		const path = new URL(page.url()).pathname;
		await open(page, `${server.url}${path}/modifier`);
		expect(await page.getByLabel('Langue préférée').locator('option:checked').textContent()).toBe(
			'ukrainien'
		);

		// meanwhile the CCAS's director changes the situation from her own edit form
		const { page: director } = await b.newPage({ javaScriptEnabled: false });
		await signIn(director, 'ccas@demo.maillage.fr');
		await open(director, `${server.url}${path}/modifier`);
		await director.getByLabel('Résumé de la situation').fill('Rendez-vous CAF fixé au 14 décembre.');
		await clickAndWait(director, director.getByRole('button', { name: 'Enregistrer les modifications' }));
		await director.getByText('La fiche a été modifiée.').waitFor();

		// the first form only changes the usual name: the director's situation stays
		await page.getByLabel('Nom d’usage').fill('Sacha');
		await clickAndWait(page, page.getByRole('button', { name: 'Enregistrer les modifications' }));
		expect(new URL(page.url()).pathname).toBe(path);
		await page.getByText('La fiche a été modifiée.').waitFor();
		const main = (await page.locator('main').textContent()) ?? '';
		expect(main).toContain('Sacha');
		expect(main).toContain('ukrainien');
		expect(main).toContain('Rendez-vous CAF fixé au 14 décembre.');
		expect(main).not.toContain('Première visite');
	});

	for (const viewport of [undefined, PHONE])
		it(`the holder edits the record through its form, errors next to the field (${viewport ? '320 px' : 'desktop'})`, async () => {
			const { page } = await b.newPage(viewport ? { viewport } : {});
			await signIn(page, 'travailleur.social@demo.maillage.fr');
			const firstName = viewport ? 'Léonie' : 'Édith';
			await open(page, `${server.url}/personnes/nouvelle`);
			await page.getByLabel('Prénom').fill(firstName);
			await page.getByLabel('Nom', { exact: true }).fill('Modifiée (fictive)');
			await page.getByLabel('Téléphone').fill('06 55 44 33 22');
			await page.getByLabel('Résumé de la situation').fill('Hébergée chez sa sœur à Figeac.');
			await clickAndWait(page, page.getByRole('button', { name: 'Créer la fiche' }));
			const path = new URL(page.url()).pathname;

			const edit = page.getByRole('link', { name: 'Modifier la fiche' });
			expect(await edit.getAttribute('href')).toBe(`${path}/modifier`);
			await open(page, `${server.url}${path}/modifier`);
			await page.getByRole('heading', { level: 1, name: 'Modifier la fiche' }).waitFor();
			// prefilled with the record's current values
			expect(await page.getByLabel('Prénom').inputValue()).toBe(firstName);
			expect(await page.getByLabel('Téléphone').inputValue()).toBe('06 55 44 33 22');
			expect(await page.getByLabel('Résumé de la situation').inputValue()).toBe(
				'Hébergée chez sa sœur à Figeac.'
			);
			await expectNoAxeViolations(page);
			if (viewport) await expectNoHorizontalScroll(page);

			// a bad value: the form comes back with the French message next to the field and what was typed
			await page.getByLabel('Prénom').fill('');
			await page.getByLabel('Téléphone').fill('05 65 22 11 00');
			await page.getByLabel(/Commune de résidence/).fill('46999');
			await clickAndWait(page, page.getByRole('button', { name: 'Enregistrer les modifications' }));
			expect(new URL(page.url()).pathname).toBe(`${path}/modifier`);
			expect(await page.locator('#field-firstName-error').textContent()).toBe('Saisissez le prénom.');
			expect(await page.getByLabel('Prénom').getAttribute('aria-invalid')).toBe('true');
			expect(await page.getByLabel('Téléphone').inputValue()).toBe('05 65 22 11 00');
			expect(await page.getByLabel(/Commune de résidence/).inputValue()).toBe('46999');
			await expectNoAxeViolations(page);
			if (viewport) await expectNoHorizontalScroll(page);

			await page.getByLabel('Prénom').fill(firstName);
			await clickAndWait(page, page.getByRole('button', { name: 'Enregistrer les modifications' }));
			expect(await page.locator('#field-communeCode-error').textContent()).toMatch(/46999/);
			await page.getByLabel(/Commune de résidence/).fill('46102');
			await page.getByLabel('Résumé de la situation').fill('Relogée à Figeac en décembre.');
			await clickAndWait(page, page.getByRole('button', { name: 'Enregistrer les modifications' }));
			expect(new URL(page.url()).pathname).toBe(path);
			await page.getByText('La fiche a été modifiée.').waitFor();
			const main = (await page.locator('main').textContent()) ?? '';
			expect(main).toContain('05 65 22 11 00');
			expect(main).toContain('46102');
			expect(main).toContain('Relogée à Figeac en décembre.');
			expect(main).not.toContain('06 55 44 33 22');
			await page.getByRole('heading', { level: 1, name: `Modifiée (fictive) ${firstName}` }).waitFor();
			await expectNoAxeViolations(page);
			if (viewport) await expectNoHorizontalScroll(page);
		});
});
