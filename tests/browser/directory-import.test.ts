import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, useServer } from '../support/server';
import { clickAndWait, expectNoAxeViolations, open, useBrowser } from '../support/browser';

const FIXTURES = path.resolve('src/lib/server/directory/import/fixtures');
const server = useServer();
const b = useBrowser();

describe('directory import page', () => {
	it('an organisation admin uploads a file with errors and reads the row report', async () => {
		const { page } = await b.newPage();
		// the sign-in page sends the person back to the page they asked for
		await open(page, `${server.url}/annuaire/import`);
		expect(page.url()).toBe(`${server.url}/connexion?suite=%2Fannuaire%2Fimport`);
		await page.getByLabel('Adresse e-mail').fill('caf@demo.maillage.fr');
		await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
		await clickAndWait(page, page.getByRole('button', { name: 'Se connecter' }));
		expect(page.url()).toBe(`${server.url}/annuaire/import`);
		await page.getByRole('heading', { level: 1, name: 'Importer des structures et des services' }).waitFor();
		await expectNoAxeViolations(page);

		await page.getByLabel('Fichier à importer').setInputFiles(path.join(FIXTURES, 'lot-partial.json'));
		const organisation = page.getByLabel('Organisation de rattachement');
		expect(await organisation.locator('option:checked').textContent()).toBe('CAF du Lot (démo)');
		await clickAndWait(page, page.getByRole('button', { name: 'Importer', exact: true }));

		expect(await page.getByRole('status').textContent()).toMatch(/Import terminé en/);
		const counts = page.getByRole('table', { name: 'Lignes importées par type d’élément' });
		const services = counts.getByRole('row').filter({ hasText: 'Services' });
		// created, updated, unchanged, refused
		expect(await services.getByRole('cell').allTextContents()).toEqual(['3', '0', '0', '3']);

		const errors = page.getByRole('table', { name: /Erreurs par ligne du fichier/ });
		const unknownTheme = errors.getByRole('row').filter({ hasText: 'lot-solidarites--theme-inconnu' });
		expect(await unknownTheme.getByRole('cell').allTextContents()).toEqual([
			'élément 2',
			'service',
			'lot-solidarites--theme-inconnu',
			'thematiques',
			'Thématique inconnue : « logement-hebergement--trouver-un-chateau » (codes data·inclusion v1).'
		]);
		const outside = errors.getByRole('row').filter({ hasText: 'lot-solidarites--hors-france' });
		expect(await outside.getByRole('cell').nth(3).textContent()).toBe('latitude');
		await expectNoAxeViolations(page);
	});
});
