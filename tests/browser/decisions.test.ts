import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';
import type { Locator, Page } from 'playwright-core';
import {
	clickAndWait,
	expectNoAxeViolations,
	open,
	signInAs,
	useBrowser,
	waitForApp
} from '../support/browser';
import { openDatabase } from '../../src/lib/server/db/client';
import { seedRegisterSample } from '../../src/lib/server/governance/register-fixtures';

/**
 * The decisions register as a person uses it (issue 10 §6): search the territory's register with a typo, open a
 * decision, read its actions and history, change its status with a reason — keyboard forms, no JavaScript
 * needed, zero axe violations. The demo has no decisions yet: a sample register is written between two starts.
 */

let server: RunningServer;

/** A GET form or a link: the app navigates in place (SvelteKit's router); wait for the new URL and its data. */
async function clickAndNavigate(page: Page, target: Locator, url: RegExp) {
	await target.click();
	await page.waitForURL(url);
	await waitForApp(page);
}
let sample: Awaited<ReturnType<typeof seedRegisterSample>>;
const b = useBrowser();

beforeAll(async () => {
	const first = await startServer();
	await first.stop();
	const database = await openDatabase({ dataDir: path.join(first.dataDir, 'pglite') });
	try {
		sample = await seedRegisterSample(database.db);
	} finally {
		await database.close();
	}
	server = await startServer({ dataDir: first.dataDir });
}, 240_000);
afterAll(async () => {
	await server?.stop();
});

describe('decisions register', () => {
	it('searches the territory register with a typo, opens a decision, changes its status, reads its history', async () => {
		const { page } = await b.newPage();
		await signInAs(page, server.url, 'coordination@demo.maillage.fr');
		await clickAndWait(page, page.getByRole('banner').getByRole('link', { name: 'Décisions' }));
		await page.getByRole('heading', { level: 1, name: 'Registre des décisions d’un territoire' }).waitFor();
		await expectNoAxeViolations(page);

		await page.getByLabel('Territoire').selectOption({ label: 'Département 46' });
		await page.getByLabel('Mots cherchés').fill('hébergment');
		await clickAndNavigate(page, page.getByRole('button', { name: 'Rechercher' }), /q=h/);
		expect(await page.getByText('Recherche approchée pour').textContent()).toContain('hebergment');
		const result = page.getByRole('link', { name: 'Hébergement d’urgence des victimes' });
		await result.waitFor();
		// the « partage de situations » decision is not shown to the coordinator
		expect(await page.getByText('Orientation de la situation de Mme D.').count()).toBe(0);
		await expectNoAxeViolations(page);

		await clickAndNavigate(page, result, /\/decisions\/[0-9a-f-]{36}$/);
		await page.getByRole('heading', { level: 1, name: 'Hébergement d’urgence des victimes' }).waitFor();
		expect(
			await page.getByRole('region', { name: 'Actions qui la mettent en œuvre' }).textContent()
		).toContain('Signer la convention de réservation des places');
		expect(await page.getByRole('region', { name: 'Historique' }).textContent()).toContain(
			'Aucune modification depuis que la décision a été prise.'
		);
		await expectNoAxeViolations(page);

		// a reason is required: said beside the field, nothing changed
		const form = page.locator('form[action="?/status"]');
		await form.getByLabel('Nouveau statut').selectOption({ label: 'Mise en œuvre' });
		await clickAndWait(page, form.getByRole('button', { name: 'Changer le statut' }));
		expect(await page.getByRole('alert').textContent()).toContain('Indiquez le motif du changement.');
		expect(await page.getByLabel('Motif (obligatoire)').getAttribute('aria-invalid')).toBe('true');
		await expectNoAxeViolations(page);

		await page.getByLabel('Nouveau statut').selectOption({ label: 'Mise en œuvre' });
		await page.getByLabel('Motif (obligatoire)').fill('Trois places ouvertes au CCAS');
		await clickAndWait(page, page.getByRole('button', { name: 'Changer le statut' }));
		expect(await page.getByRole('status').textContent()).toContain('Le statut a été changé.');
		const history = await page.getByRole('region', { name: 'Historique' }).textContent();
		expect(history).toContain('Changement de statut');
		expect(history).toContain('Trois places ouvertes au CCAS');
		expect(history).toContain('Hélène Coordinatrice');
		await expectNoAxeViolations(page);
	});

	it('the cooperation register filters by body and status and fits a 320 px screen', async () => {
		const { page } = await b.newPage({ viewport: { width: 320, height: 640 } });
		await signInAs(page, server.url, 'caf@demo.maillage.fr');
		await open(page, `${server.url}/cooperations/${sample.cooperationId}/decisions`);
		await page.getByLabel('Instance').selectOption({ label: 'Comité de pilotage VIF' });
		await page.getByLabel('Statut').selectOption({ label: 'Mise en œuvre' });
		await clickAndNavigate(page, page.getByRole('button', { name: 'Rechercher' }), /status=carried_out/);
		await page.getByRole('link', { name: 'Adoption de la charte de coopération' }).waitFor();
		expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toMatch(/décision/);
		const sticking = await page.evaluate(() => {
			const width = document.documentElement.clientWidth;
			return [...document.querySelectorAll('main *')]
				.filter((e) => e.getBoundingClientRect().right > width + 1)
				.map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
		});
		expect(sticking).toEqual([]);
		await expectNoAxeViolations(page);
	});
});
