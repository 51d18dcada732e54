import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { apiCall, apiSignIn, useServer } from '../support/server';
import { clickAndWait, expectNoAxeViolations, open, signInAs, useBrowser } from '../support/browser';
import { pdfText } from '../../src/lib/server/charters/pdf-text.test-support';
import { frenchTypographyErrors } from '../../src/lib/i18n/typography';

const typography = async (page: Page) => frenchTypographyErrors(await page.locator('main').innerText());

/**
 * Issue 10 "Done when": a charter from a template approved by three parties with one change request in between,
 * frozen, its PDF downloaded and read; axe on every charter page. The demo's « Coopération insertion du Grand
 * Cahors » has three parties (CCAS de Cahors pilot, CAF, Quercy Solidarités) and no charter yet.
 */
const server = useServer();
const b = useBrowser();

const INSERTION = 'Coopération insertion du Grand Cahors (démo)';
const VIF = 'Réseau violences intrafamiliales du Lot (démo)';

/** The demo cooperations' ids, found from the audit log (instance admin) and their charter page's title. */
async function cooperationIds(): Promise<Record<string, string>> {
	const cookie = await apiSignIn(server, 'admin@demo.maillage.fr');
	const events = await apiCall(server, 'GET', '/audit-events?action=cooperation.create&limit=200', cookie);
	const out: Record<string, string> = {};
	for (const e of events.body.items as { objectId: string }[]) {
		const html = await (
			await fetch(`${server.url}/cooperations/${e.objectId}/charte`, { headers: { cookie } })
		).text();
		for (const name of [INSERTION, VIF]) if (html.includes(name)) out[name] = e.objectId;
	}
	return out;
}

async function signedIn(email: string, then: string): Promise<Page> {
	const { page } = await b.newPage({ acceptDownloads: true });
	await signInAs(page, server.url, email);
	await open(page, `${server.url}${then}`);
	return page;
}

async function answer(page: Page, party: string, decision: 'approve' | 'changes', reason = '') {
	const form = page.locator('form.decide').filter({ hasText: party });
	if (reason) await form.getByLabel('Motif (obligatoire pour demander des modifications)').fill(reason);
	await clickAndWait(
		page,
		form.getByRole('button', {
			name: decision === 'approve' ? `Approuver au nom de ${party}` : 'Demander des modifications'
		})
	);
}

const statusOf = async (page: Page, party: string) =>
	(
		await page.getByRole('row').filter({ hasText: party }).first().getByRole('cell').nth(1).textContent()
	)?.trim();

describe('charter approved party by party', () => {
	it('from a template, a change request, an edit that reopens, three approvals, frozen, PDF read', async () => {
		const ids = await cooperationIds();
		const id = ids[INSERTION]!;
		const overview = `/cooperations/${id}/charte`;

		// the pilot's signatory starts version 1 from the « insertion » template
		const lea = await signedIn('ccas@demo.maillage.fr', overview);
		expect(await lea.getByRole('heading', { level: 1 }).textContent()).toBe('Charte de la coopération');
		await expectNoAxeViolations(lea);
		await lea.getByLabel(/Partir d’un modèle «\u202fInsertion\u202f»/).check();
		await clickAndWait(lea, lea.getByRole('button', { name: 'Créer la version' }));
		expect(new URL(lea.url()).pathname).toBe(`${overview}/1/modifier`);
		await expectNoAxeViolations(lea);

		// a malformed amount: the field's French message, in the summary too
		const ccas = lea.getByRole('group', { name: 'CCAS de Cahors (démo)' });
		await ccas.getByLabel(/^Montant/).fill('12,345');
		await clickAndWait(lea, lea.getByRole('button', { name: 'Enregistrer' }));
		expect(
			await lea
				.getByRole('group', { name: 'CCAS de Cahors (démo)' })
				.getByLabel(/^Montant/)
				.getAttribute('aria-invalid')
		).toBe('true');
		expect(await lea.getByRole('alert').textContent()).toContain('Indiquez un montant en euros');
		await expectNoAxeViolations(lea);

		const form = lea.getByRole('group', { name: 'CCAS de Cahors (démo)' });
		await form.getByLabel(/^Montant/).fill('12 500,50');
		await form.getByLabel(/^Temps/).fill('0,5');
		await lea.getByLabel('Début').fill('2027-01-01');
		await lea.getByLabel('Fin', { exact: true }).fill('2029-12-31');
		await lea.getByLabel('Réexamen').fill('2028-06-30');
		await clickAndWait(lea, lea.getByRole('button', { name: 'Enregistrer' }));
		expect(new URL(lea.url()).pathname).toBe(`${overview}/1`);
		expect(await lea.getByRole('status').textContent()).toContain('La version a été enregistrée.');
		expect(await lea.locator('main').textContent()).toContain('12\u202f500,50\u00a0€');
		await expectNoAxeViolations(lea);

		await clickAndWait(lea, lea.getByRole('button', { name: 'Soumettre la version 1' }));
		expect(await lea.locator('.status').textContent()).toContain('En cours d’approbation');
		await answer(lea, 'CCAS de Cahors (démo)', 'approve');
		expect(await statusOf(lea, 'CCAS de Cahors (démo)')).toContain('Approuvée');

		// the CAF asks for a change, with a reason (required)
		const joel = await signedIn('caf@demo.maillage.fr', `${overview}/1`);
		await answer(joel, 'CAF du Lot (démo)', 'changes');
		expect(
			await joel
				.locator(
					'#field-reason-' +
						(await joel.locator('form.decide input[name=organisationId]').inputValue()) +
						'-error'
				)
				.textContent()
		).toContain('Indiquez le motif de la demande de modifications.');
		await answer(
			joel,
			'CAF du Lot (démo)',
			'changes',
			'Ajouter la garde d’enfants aux freins périphériques.'
		);
		expect(await statusOf(joel, 'CAF du Lot (démo)')).toContain('Modifications demandées');
		await expectNoAxeViolations(joel);

		// the pilot edits: every approval is reopened and the diff since the CCAS approval is shown
		await open(lea, `${server.url}${overview}/1/modifier`);
		expect(await lea.getByRole('note').textContent()).toContain('rouvrira toutes les approbations');
		const publics = lea.getByLabel('Publics', { exact: true });
		await publics.fill(
			`${await publics.inputValue()}<p>Les parents isolés en recherche de garde d’enfants.</p>`
		);
		await clickAndWait(lea, lea.getByRole('button', { name: 'Enregistrer' }));
		expect(await statusOf(lea, 'CCAS de Cahors (démo)')).toContain('En attente');
		expect(await statusOf(lea, 'CAF du Lot (démo)')).toContain('En attente');
		const changes = lea.locator('section.changes');
		expect(await changes.getByRole('heading', { level: 3 }).textContent()).toContain(
			'Ce qui a changé depuis l’approbation de CCAS de Cahors (démo)'
		);
		expect(await changes.locator('ins').first().textContent()).toContain('garde d’enfants');
		expect(await lea.locator('ol.history').textContent()).toContain('rouverte par une modification');
		await expectNoAxeViolations(lea);

		// three approvals: frozen
		await answer(lea, 'CCAS de Cahors (démo)', 'approve');
		await open(joel, `${server.url}${overview}/1`);
		await answer(joel, 'CAF du Lot (démo)', 'approve');
		const amelie = await signedIn('quercy-solidarites@demo.maillage.fr', `${overview}/1`);
		await answer(amelie, 'Association Quercy Solidarités (démo)', 'approve');
		expect(await amelie.getByRole('status').textContent()).toContain('la version est figée');
		expect(await amelie.locator('.status').textContent()).toContain('En vigueur (figée)');
		const hash = (await amelie.locator('code.hash').textContent())!.trim();
		expect(hash).toMatch(/^[0-9a-f]{64}$/);
		expect(await amelie.locator('form.decide').count()).toBe(0);
		await expectNoAxeViolations(amelie);
		expect(await typography(amelie)).toEqual([]);

		// the PDF, downloaded from the page and read back
		const [download] = await Promise.all([
			amelie.waitForEvent('download'),
			amelie.getByRole('link', { name: 'Télécharger la version 1 en PDF' }).click()
		]);
		const text = await pdfText(new Uint8Array(fs.readFileSync((await download.path())!)));
		expect(text).toContain(hash);
		expect(text).toContain('Convention de la coopération pour l’insertion');
		expect(text).toMatch(/Association Quercy Solidarités \(démo\)\s?: approuvée par Amélie Bénévole/);
		expect(text).toMatch(/12\s500,50\s€/);

		// the overview shows the version in force
		await open(amelie, `${server.url}${overview}`);
		expect(await amelie.locator('#in-force + p').textContent()).toContain('Version 1');
		await expectNoAxeViolations(amelie);
		expect(await typography(amelie)).toEqual([]);
	});

	it('compares the demo’s two versions side by side, changed sections said in words, at 320 px', async () => {
		const ids = await cooperationIds();
		const { page } = await b.newPage({ viewport: { width: 320, height: 740 } });
		await signInAs(page, server.url, 'caf@demo.maillage.fr');
		await open(page, `${server.url}/cooperations/${ids[VIF]}/charte`);
		await expectNoAxeViolations(page);
		// a GET form: SvelteKit's router follows it in the same document
		await Promise.all([
			page.waitForURL(/\/comparer\?a=1&b=2$/),
			page.getByRole('button', { name: 'Comparer' }).click()
		]);
		await page.getByRole('heading', { level: 1, name: 'Comparer deux versions' }).waitFor();
		expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toContain(
			'Version 1 et version 2'
		);
		const observatoire = page
			.locator('section.part')
			.filter({ has: page.getByRole('heading', { name: /Observatoire/ }) });
		expect(await observatoire.locator('.flag').textContent()).toBe('Modifiée');
		expect(await observatoire.locator('ins').first().textContent()).toContain('départemental');
		const objectifs = page
			.locator('section.part')
			.filter({ has: page.getByRole('heading', { name: /^Objectifs/ }) });
		expect(await objectifs.locator('.flag').textContent()).toBe('Inchangée');
		const width = await page.evaluate(() => document.documentElement.scrollWidth);
		expect(width).toBeLessThanOrEqual(320);
		await expectNoAxeViolations(page);
		expect(await typography(page)).toEqual([]);

		// the version in approval, as a party's signatory (the CAF asked for changes in the demo)
		await open(page, `${server.url}/cooperations/${ids[VIF]}/charte/2`);
		expect(await page.locator('main').textContent()).toContain('Préciser qui porte l’observatoire');
		await expectNoAxeViolations(page);
	});
});
