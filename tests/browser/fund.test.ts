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
 * Issue 11 "Done when": an advance request approved by two approvers, paid and repaid; axe on every fund page.
 * The demo's VIF cooperation has a charter v1 in force naming three approvers (Département, CAF, CCAS; any
 * authorised member: coordination@, caf@, ccas@) with a quorum of two, and a person followed by the CCAS (invented name).
 */
const server = useServer();
const b = useBrowser();
const VIF = 'Réseau violences intrafamiliales du Lot (démo)';

async function vifId(): Promise<string> {
	const cookie = await apiSignIn(server, 'admin@demo.maillage.fr');
	const events = await apiCall(server, 'GET', '/audit-events?action=cooperation.create&limit=200', cookie);
	for (const e of events.body.items as { objectId: string }[]) {
		const html = await (
			await fetch(`${server.url}/cooperations/${e.objectId}`, { headers: { cookie } })
		).text();
		if (html.includes(VIF)) return e.objectId;
	}
	throw new Error('demo VIF cooperation not found');
}

async function signedIn(email: string, then: string): Promise<Page> {
	const { page } = await b.newPage();
	await signInAs(page, server.url, email);
	await open(page, `${server.url}${then}`);
	return page;
}

async function approve(email: string, url: string) {
	const page = await signedIn(email, url);
	await expectNoAxeViolations(page);
	await page.getByLabel('Accorder').check();
	await clickAndWait(page, page.getByRole('button', { name: 'Envoyer' }));
	return page;
}

describe('advance fund', () => {
	it('a request approved by two approvers of three, paid, then repaid in two parts', async () => {
		const id = await vifId();
		const fund = `/cooperations/${id}/fonds`;

		// the CCAS professional asks for an advance for a person the CCAS follows
		const ccas = await signedIn('ccas@demo.maillage.fr', fund);
		expect(await ccas.getByRole('heading', { level: 1 }).textContent()).toBe('Fonds d’avance');
		await expectNoAxeViolations(ccas);
		await ccas.getByRole('link', { name: 'Nouvelle demande d’avance' }).click();
		await ccas.waitForURL(`${server.url}${fund}/nouvelle`);
		await waitForApp(ccas);
		await expectNoAxeViolations(ccas);
		await ccas.getByLabel('Personne').selectOption({ label: 'Capucine Fictivelle-Lalbenque' });
		// over the ceiling per request: the field says it
		await ccas.getByLabel(/^Montant/).fill('650');
		await ccas.getByLabel(/^Objet de l’avance/).fill('Nuitées d’hôtel et repas ce soir');
		await ccas.getByLabel('immédiate').check();
		await clickAndWait(ccas, ccas.getByRole('button', { name: 'Envoyer la demande' }));
		expect(await ccas.locator('#error-amount').textContent()).toContain('plafond par demande');
		await expectNoAxeViolations(ccas);
		await ccas.getByLabel(/^Montant/).fill('120,50');
		await clickAndWait(ccas, ccas.getByRole('button', { name: 'Envoyer la demande' }));
		const url = new URL(ccas.url()).pathname;
		expect(url).toMatch(new RegExp(`^${fund}/[0-9a-f-]{36}$`));
		expect(await ccas.locator('#answers-counter').textContent()).toContain('0/3 réponses');
		// the requester's organisation is an approver, but the requester may not answer their own request
		expect(await ccas.getByRole('button', { name: 'Envoyer' }).count()).toBe(0);
		await expectNoAxeViolations(ccas);

		// the Département then the CAF approve: 2 of 3, the quorum
		const dept = await approve('coordination@demo.maillage.fr', url);
		expect(await dept.locator('#answers-counter').textContent()).toContain('1/3 réponses');
		expect(await dept.locator('#request-status').textContent()).toBe('en attente');
		const caf = await approve('caf@demo.maillage.fr', url);
		expect(await caf.locator('#answers-counter').textContent()).toContain('2/3 réponses');
		expect(await caf.locator('#request-status').textContent()).toBe('accordée');

		// the CCAS records the payment, then two repayments
		await open(ccas, `${server.url}${url}`);
		await ccas.getByLabel('Moyen de paiement').selectOption('especes');
		await clickAndWait(ccas, ccas.getByRole('button', { name: 'Enregistrer le paiement' }));
		expect(await ccas.locator('#request-status').textContent()).toBe('versée');
		await expectNoAxeViolations(ccas);
		await ccas.getByLabel(/^Montant/).fill('50');
		await clickAndWait(ccas, ccas.getByRole('button', { name: 'Enregistrer un remboursement' }));
		expect(await ccas.locator('#request-status').textContent()).toBe('partiellement remboursée');
		expect(await ccas.locator('#outstanding').textContent()).toBe('70,50\u00a0€');
		await ccas.getByLabel(/^Montant/).fill('70,50');
		await clickAndWait(ccas, ccas.getByRole('button', { name: 'Enregistrer un remboursement' }));
		expect(await ccas.locator('#request-status').textContent()).toBe('remboursée');
		expect(await ccas.locator('#outstanding').textContent()).toBe('0,00\u00a0€');
		await expectNoAxeViolations(ccas);

		// the list shows it with its status; the balance counts it
		await open(ccas, `${server.url}${fund}?status=repaid`);
		expect(await ccas.getByRole('row').filter({ hasText: '120,50' }).count()).toBe(1);
		await expectNoAxeViolations(ccas);
	});
});
