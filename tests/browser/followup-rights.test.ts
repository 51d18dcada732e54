import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useServer } from '../support/server';
import { clickAndWait, expectNoAxeViolations, open, signInAs, useBrowser } from '../support/browser';

/**
 * Issue 11 « Done when » (follow-up and rights): on a demo person held by the CCAS de Cahors (consent for
 * Écoute Violences: identity, contact, situation, violence), a note « visible par mon organisme seulement » stays
 * inside the CCAS while a shared note in a category the charter shares reaches the association; the holder then
 * sees who consulted the record and exports it (JSON and PDF) for a right-of-access request. axe on each page.
 */
const server = useServer();
const b = useBrowser();

const signIn = (page: Page, email: string) => signInAs(page, server.url, email);
const INTERNAL = 'Point d’équipe interne au CCAS (test navigateur)';
const SHARED = 'Rendez-vous logement fixé avec la sœur présente (test navigateur)';

async function addNote(page: Page, text: string, sharing: string) {
	const form = page.locator('form[action="?/add"]');
	await form.getByLabel('Type d’entrée').selectOption('note');
	await form.getByLabel('Catégorie').selectOption('situation');
	await form.getByLabel(sharing).check();
	await form.getByLabel('Texte', { exact: true }).fill(text);
	await clickAndWait(page, form.getByRole('button', { name: 'Enregistrer l’entrée' }));
	await page.getByText('Entrée enregistrée.').waitFor();
}

describe('shared follow-up and the person’s rights (issue 11 §3, §7)', () => {
	it('sharing levels decide who reads a note; the holder sees who consulted and exports the record', async () => {
		const { page: ccas } = await b.newPage();
		await signIn(ccas, 'travailleur.social@demo.maillage.fr');
		await open(ccas, `${server.url}/personnes`);
		const href = await ccas.getByRole('link', { name: 'Fictivelle Amandine' }).first().getAttribute('href');
		expect(href).toMatch(/^\/personnes\/[0-9a-f-]{36}$/);

		await open(ccas, `${server.url}${href}/suivi`);
		await ccas.getByRole('heading', { level: 1, name: /Suivi partagé/ }).waitFor();
		await expectNoAxeViolations(ccas);
		await addNote(ccas, INTERNAL, 'Visible par mon organisme seulement');
		await addNote(ccas, SHARED, 'Partagé selon la charte');
		expect(await ccas.getByText(INTERNAL).count()).toBe(1);
		expect(await ccas.getByText(SHARED).count()).toBe(1);

		const { page: asso } = await b.newPage();
		await signIn(asso, 'ecoute-violences@demo.maillage.fr');
		await open(asso, `${server.url}${href}/suivi`);
		await asso.getByRole('heading', { level: 1, name: /Suivi partagé/ }).waitFor();
		expect(await asso.getByText(SHARED).count()).toBe(1);
		expect(await asso.getByText(INTERNAL).count()).toBe(0);
		await expectNoAxeViolations(asso);

		// the holder: who consulted (the association's reading is there), then the right-of-access export
		await open(ccas, `${server.url}${href}/droits`);
		await ccas.getByRole('heading', { level: 2, name: 'Qui a consulté ce dossier' }).waitFor();
		const log = (await ccas.locator('table').first().textContent()) ?? '';
		expect(log).toContain('Écoute Violences');
		await expectNoAxeViolations(ccas);
		const json = await ccas.request.get(`${server.url}/api/v1/persons/${href!.split('/').pop()}/export`);
		expect(json.status()).toBe(200);
		const exported = JSON.stringify(await json.json());
		expect(exported).toContain('Amandine');
		expect(exported).toContain(INTERNAL);
		const pdf = await ccas.request.get(`${server.url}/api/v1/persons/${href!.split('/').pop()}/export.pdf`);
		expect(pdf.status()).toBe(200);
		expect(pdf.headers()['content-type']).toContain('application/pdf');
		expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
		// the association may not read the holder's log nor export
		const refused = await asso.request.get(`${server.url}/api/v1/persons/${href!.split('/').pop()}/export`);
		expect([403, 404]).toContain(refused.status());
	});
});
