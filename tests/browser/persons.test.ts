import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useServer } from '../support/server';
import { clickAndWait, expectNoAxeViolations, open, signInAs, useBrowser } from '../support/browser';

/**
 * Issue 11 « Done when » (persons part): a CCAS professional creates a person with consent for the CAF and the
 * association; the CAF sees what is shared and why the rest is hidden; a withdrawal hides everything from the
 * CAF on its next request. Under the demo VIF charter the CAF (contributor) sees identity, contact, situation and
 * needs, never finances. axe on each page.
 */
const server = useServer();
const b = useBrowser();

const signIn = (page: Page, email: string) => signInAs(page, server.url, email);

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
		const consent = async (recipient: { org?: string; kind?: string }, categories: string[]) => {
			const form = ccas.locator('form[action="?/consent"]');
			if (recipient.org) await form.getByLabel(recipient.org).check();
			if (recipient.kind) await form.getByLabel(recipient.kind).check();
			for (const c of categories) await form.getByLabel(c, { exact: true }).check();
			await form.getByLabel('Finalité').fill('Ouverture des droits et accompagnement');
			await form.getByLabel('Donné le').fill('2026-09-01');
			await clickAndWait(ccas, form.getByRole('button', { name: 'Enregistrer un consentement' }));
			await ccas.getByText('Le consentement a été enregistré.').waitFor();
		};
		await consent({ org: 'CAF du Lot (démo)' }, ['Identité', 'Coordonnées', 'Finances']);
		await consent({ kind: 'Associations' }, ['Identité', 'Violences']);
		await expectNoAxeViolations(ccas);

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
	});
});
