import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiCall, useServer } from '../support/server';
import { clickAndWait, expectNoAxeViolations, open, signInAs, useBrowser } from '../support/browser';

/**
 * Issue 11 "Done when" (referrals part): a CCAS professional refers a person from the association's service sheet,
 * the association accepts and completes, the CCAS sees the outcome; axe on every referral page. The person is one
 * of the CCAS de Cahors's demo persons with consent for Écoute Violences (persons area's demo seed).
 */
const server = useServer();
const b = useBrowser();

const CCAS = 'travailleur.social@demo.maillage.fr';
const ASSO = 'ecoute-violences@demo.maillage.fr';

async function assoServiceId(): Promise<string> {
	const found = await apiCall(server, 'GET', '/services?q=Écoute%20Violences&pageSize=20');
	const item = (found.body.items as { id: string; structureId: string; name: string }[])[0];
	expect(item).toBeDefined();
	return item!.id;
}

async function signedIn(email: string, then: string): Promise<Page> {
	const { page } = await b.newPage();
	await signInAs(page, server.url, email);
	await open(page, `${server.url}${then}`);
	return page;
}

describe('closed-loop referral from the directory', () => {
	it('the CCAS refers, the association accepts and completes, the CCAS sees the outcome', async () => {
		const serviceId = await assoServiceId();
		const ccas = await signedIn(CCAS, `/annuaire/services/${serviceId}/orienter`);
		// the capacity check comes first and asks nothing about the person
		await expect(ccas.getByRole('heading', { name: 'Avant d’orienter' }).isVisible()).resolves.toBe(true);
		await expectNoAxeViolations(ccas);
		const select = ccas.getByLabel('Personne à orienter');
		const options = await select
			.locator('option')
			.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
		expect(options.length).toBeGreaterThan(0);
		// a demo person who consented to share her identity with the association (not every demo person did)
		await select.selectOption({ label: 'Danièle Exemplaire' });
		await ccas.getByLabel('Message au service (besoins, urgence)').fill('Souhaite un premier entretien.');
		await clickAndWait(ccas, ccas.getByRole('button', { name: 'Envoyer l’orientation' }));
		const url = new URL(ccas.url());
		expect(url.pathname).toMatch(/^\/orientations\/[0-9a-f-]{36}$/);
		// ids only in the URL
		expect(url.search).toBe('?envoyee=1');
		await expect(ccas.getByTestId('referral-status').textContent()).resolves.toBe('Envoyée');
		await expectNoAxeViolations(ccas);

		const asso = await signedIn(ASSO, '/orientations');
		await expectNoAxeViolations(asso);
		await open(asso, `${server.url}${url.pathname}`);
		await expect(asso.getByTestId('referral-status').textContent()).resolves.toBe('Reçue');
		await expectNoAxeViolations(asso);
		await clickAndWait(asso, asso.getByRole('button', { name: 'Accepter' }));
		await clickAndWait(asso, asso.getByRole('button', { name: 'Commencer l’accompagnement' }));
		await asso.getByLabel('Résultat de l’accompagnement (facultatif)').fill('Premier entretien réalisé.');
		await clickAndWait(asso, asso.getByRole('button', { name: 'Terminer' }));
		await expect(asso.getByTestId('referral-status').textContent()).resolves.toBe('Terminée');

		await open(ccas, `${server.url}${url.pathname}`);
		await expect(ccas.getByTestId('referral-status').textContent()).resolves.toBe('Terminée');
		await expect(ccas.getByTestId('referral-outcome').textContent()).resolves.toBe(
			'Premier entretien réalisé.'
		);
		await open(ccas, `${server.url}/orientations?box=sent`);
		await expectNoAxeViolations(ccas);
	});
});
