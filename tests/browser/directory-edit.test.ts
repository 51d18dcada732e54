import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { useServer } from '../support/server';
import { clickAndWait, expectNoAxeViolations, open, useBrowser, signInAs } from '../support/browser';

/** A partner edits its own services in the directory (demo data of the CCAS de Cahors). */
const server = useServer();
const b = useBrowser();

const SERVICE = 'Épicerie sociale (démo)';
const RENAMED = 'Épicerie sociale et solidaire (démo)';
const STALE_SERVICE = 'Domiciliation administrative (démo)';
const BUDGET = 'Améliorer sa gestion budgétaire'; // codes.thematique.difficultes-financieres--ameliorer-sa-gestion-budgetaire

/** Signs in and lands on the directory (the sign-in form follows ?suite=). */
const signIn = (page: Page, email: string) => signInAs(page, server.url, email, { then: '/annuaire' });

/** Follows a link: SvelteKit navigates in place (no new document), so wait for the URL and the new heading. */
async function follow(page: Page, link: Locator, heading: string) {
	const from = new URL(page.url()).pathname;
	await Promise.all([page.waitForURL((u) => u.pathname !== from), link.click()]);
	await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

const mainText = async (page: Page) => (await page.locator('main').textContent()) ?? '';

describe('a partner edits its own services', () => {
	it('lists its services with the stale ones flagged, then edits one: field error, save, history', async () => {
		const { page } = await b.newPage();
		await signIn(page, 'ccas@demo.maillage.fr');
		await open(page, `${server.url}/annuaire`);
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
			'Annuaire\u202f: les services de mes organisations'
		);
		const banner = page.getByTestId('stale-banner');
		expect(await banner.textContent()).toMatch(
			/\d+ fiches? n’(a|ont) pas été vérifiées? depuis plus de 6 mois\./
		);
		const table = page.getByRole('table', { name: 'Services de CCAS de Cahors (démo)' });
		const staleRow = table.getByRole('row').filter({ hasText: STALE_SERVICE });
		expect(await staleRow.getByRole('cell').last().textContent()).toBe('À vérifier');
		for (const link of ['Référentiel Politique → Mission → Action', 'Qui fait quoi', 'Importer des données'])
			expect(await page.getByRole('link', { name: link }).count()).toBe(1);
		await expectNoAxeViolations(page);

		await follow(
			page,
			table.getByRole('link', { name: SERVICE, exact: true }),
			`Modifier «\u202f${SERVICE}\u202f»`
		);
		await expectNoAxeViolations(page);

		// an invalid e-mail: the form comes back with a French message on that field, the rest kept
		await page.getByLabel('Nom du service').fill(RENAMED);
		const budget = page.getByRole('checkbox', { name: BUDGET });
		expect(await budget.isChecked()).toBe(false);
		await budget.check();
		await page.getByLabel('Adresse e-mail').fill('epicerie@');
		await clickAndWait(page, page.getByRole('button', { name: 'Enregistrer', exact: true }));
		const email = page.getByLabel('Adresse e-mail');
		expect(await email.getAttribute('aria-invalid')).toBe('true');
		expect((await page.locator('#field-email-error').textContent())?.trim()).toBe(
			'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.'
		);
		expect(await page.getByRole('alert').first().textContent()).toContain(
			'Le formulaire contient des erreurs'
		);
		expect(await page.getByLabel('Nom du service').inputValue()).toBe(RENAMED);
		expect(await page.getByRole('checkbox', { name: BUDGET }).isChecked()).toBe(true);
		await expectNoAxeViolations(page);

		// fixed: saved, and the history shows what changed
		await email.fill('epicerie@ccas-cahors.example.fr');
		await clickAndWait(page, page.getByRole('button', { name: 'Enregistrer', exact: true }));
		expect((await page.getByRole('status').first().textContent())?.trim()).toBe(
			'Modifications enregistrées. La fiche est confirmée à jour.'
		);
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
			`Modifier «\u202f${RENAMED}\u202f»`
		);
		const history = page.getByRole('table', { name: 'Historique des modifications' });
		const latest = history.locator('tbody tr').first();
		const what = (await latest.getByRole('cell').nth(2).textContent()) ?? '';
		expect(what).toContain(`Nom du service : ${SERVICE} → ${RENAMED}`);
		expect(what).toContain(BUDGET);
		expect(what).toMatch(/Adresse e-mail : .+ → epicerie@ccas-cahors\.example\.fr/);
		expect(await latest.getByRole('cell').nth(1).textContent()).toBe('Léa Directrice CCAS');
		await expectNoAxeViolations(page);
	});

	it('“Toujours à jour” confirms a stale entry without changing it', async () => {
		const { page } = await b.newPage();
		await signIn(page, 'ccas@demo.maillage.fr');
		await open(page, `${server.url}/annuaire`);
		const before = (await page.getByTestId('stale-banner').textContent()) ?? '';
		const count = Number(/(\d+) fiche/.exec(before)?.[1]);
		await follow(
			page,
			page.getByRole('link', { name: STALE_SERVICE, exact: true }),
			`Modifier «\u202f${STALE_SERVICE}\u202f»`
		);
		const checked = page.getByTestId('last-checked');
		expect(await checked.textContent()).toContain('À vérifier');
		expect(await mainText(page)).toContain('Cette fiche n’a pas été vérifiée depuis plus de 6 mois.');
		await expectNoAxeViolations(page);
		await clickAndWait(page, page.getByRole('button', { name: 'Toujours à jour' }));
		expect((await page.getByRole('status').first().textContent())?.trim()).toBe(
			'Merci\u202f: la fiche est confirmée à jour.'
		);
		const today = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeZone: 'Europe/Paris' }).format(
			new Date()
		);
		expect(await checked.textContent()).toContain(today);
		expect(await checked.textContent()).not.toContain('À vérifier');
		expect(
			await page
				.getByRole('table', { name: 'Historique des modifications' })
				.locator('tbody tr')
				.first()
				.textContent()
		).toContain('Confirmée à jour, sans changement');
		await expectNoAxeViolations(page);

		await open(page, `${server.url}/annuaire`);
		const row = page.getByRole('row').filter({ hasText: STALE_SERVICE });
		expect(await row.getByRole('cell').last().textContent()).toBe('À jour');
		const banner = page.getByTestId('stale-banner');
		if (count > 1) expect(await banner.textContent()).toContain(`${count - 1} fiche`);
		else expect(await banner.count()).toBe(0);
	});

	it('cannot open the edit page of another organisation’s service (403)', async () => {
		const matrix = await (await fetch(`${server.url}/api/v1/matrix?territory=departement:46`)).json();
		const caf = matrix.columns.find((c: { label: string }) => c.label === 'CAF du Lot (démo)');
		const cafService = matrix.cells.find((c: { column: string }) => c.column === caf.key).services[0];
		const { page } = await b.newPage();
		await signIn(page, 'ccas@demo.maillage.fr');
		const response = await open(page, `${server.url}/annuaire/services/${cafService.id}`);
		expect(response?.status()).toBe(403);
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Erreur 403');
		expect(await mainText(page)).toContain('Vous n’avez pas les droits nécessaires pour cette action.');
		expect(await page.getByRole('button', { name: 'Enregistrer' }).count()).toBe(0);
		await expectNoAxeViolations(page);
	});

	it('creates a service, manages the structure’s correspondents, and reads the who-does-what matrix', async () => {
		const { page } = await b.newPage();
		await signIn(page, 'ccas@demo.maillage.fr');
		await follow(page, page.getByRole('link', { name: 'Créer un service' }), 'Créer un service');
		await expectNoAxeViolations(page);
		await page.getByLabel('Structure qui porte le service').selectOption({ label: 'CCAS de Cahors (démo)' });
		await page.getByLabel('Nom du service').fill('Permanence d’accès aux droits du CCAS');
		await page.getByLabel('Description').fill('Un agent aide à ouvrir et à faire valoir les droits sociaux.');
		await page.getByRole('checkbox', { name: 'Accompagnement pour l’accès aux droits' }).check();
		await page.getByLabel('Latitude').fill('40.4168');
		await page.getByLabel('Longitude').fill('-3.7038');
		await clickAndWait(page, page.getByRole('button', { name: 'Créer le service' }));
		expect((await page.locator('#field-latitude-error').textContent())?.trim()).toBe(
			'Ces coordonnées sont hors de France.'
		);
		await expectNoAxeViolations(page);
		await page.getByLabel('Latitude').fill('44.4475');
		await page.getByLabel('Longitude').fill('1.4419');
		await clickAndWait(page, page.getByRole('button', { name: 'Créer le service' }));
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
			'Modifier «\u202fPermanence d’accès aux droits du CCAS\u202f»'
		);
		expect((await page.getByRole('status').first().textContent())?.trim()).toBe('Le service est créé.');

		// the structure page: correspondents, for signed-in partners only
		await follow(
			page,
			page.getByRole('navigation', { name: 'Annuaire' }).getByRole('link', { name: 'CCAS de Cahors (démo)' }),
			'CCAS de Cahors (démo)'
		);
		const form = page.getByRole('form', { name: 'Ajouter un correspondant' });
		await form.getByLabel('Thème').selectOption({ label: 'Logement et hébergement' });
		await form.getByLabel('Prénom et nom').fill('Margaux Delpech');
		await form.getByLabel('Fonction').fill('Conseillère en économie sociale et familiale');
		await form.getByLabel('Adresse e-mail').fill('m.delpech@ccas-cahors.example.fr');
		await clickAndWait(page, form.getByRole('button', { name: 'Ajouter le correspondant' }));
		expect((await page.getByRole('status').first().textContent())?.trim()).toBe('Correspondant ajouté.');
		const row = page
			.getByRole('table', { name: 'Correspondants' })
			.getByRole('row')
			.filter({ hasText: 'Margaux Delpech' });
		expect(await row.getByRole('cell').first().textContent()).toBe('Logement et hébergement');
		await expectNoAxeViolations(page);
		await clickAndWait(page, row.getByRole('button', { name: 'Retirer Margaux Delpech' }));
		expect(await page.getByRole('row').filter({ hasText: 'Margaux Delpech' }).count()).toBe(0);

		// the matrix: an accessible table, and its CSV
		await open(page, `${server.url}/annuaire/matrice?type=commune&code=46042&lignes=categories`);
		const table = page.getByRole('table', { name: /^Qui fait quoi\s: Cahors \(\d+ services\)$/ });
		const header = await table.locator('thead th[scope="col"]').allTextContents();
		expect(header[0]).toBe('Domaine');
		expect(header).toContain('CCAS de Cahors (démo)');
		const rights = table.getByRole('row').filter({
			has: page.getByRole('rowheader', { name: 'Difficultés administratives ou juridiques' })
		});
		expect(await rights.textContent()).toContain('Permanence d’accès aux droits du CCAS');
		// each service links to its public sheet
		expect(
			await rights.getByRole('link', { name: 'Permanence d’accès aux droits du CCAS' }).getAttribute('href')
		).toMatch(/^\/aide\/services\/[0-9a-f-]{36}$/);
		await expectNoAxeViolations(page);
		const csv = page.getByRole('link', { name: 'Télécharger en CSV (tableur)' });
		expect(await csv.getAttribute('href')).toBe(
			'/api/v1/matrix.csv?territory=commune%3A46042&rows=categories'
		);
	});

	it('the structure creation form is accessible and explains its errors in French', async () => {
		const { page } = await b.newPage();
		await signIn(page, 'ccas@demo.maillage.fr');
		await follow(page, page.getByRole('link', { name: 'Créer une structure' }), 'Créer une structure');
		await expectNoAxeViolations(page);
		await page.getByLabel('Nom de la structure').fill('CCAS de Cahors — antenne du Pont-Valentré');
		// the commune is typed by name (or code); an unknown one is said on the field
		await page.getByLabel('Commune', { exact: false }).fill('Zzzzville');
		await clickAndWait(page, page.getByRole('button', { name: 'Créer la structure' }));
		expect((await page.locator('#field-communeCode-error').textContent())?.trim()).toBe(
			'Lieu introuvable\u202f: Zzzzville. Vérifiez l’orthographe ou indiquez le code INSEE.'
		);
		await expectNoAxeViolations(page);
		await page.getByLabel('Commune', { exact: false }).fill('Cahors');
		await clickAndWait(page, page.getByRole('button', { name: 'Créer la structure' }));
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
			'CCAS de Cahors — antenne du Pont-Valentré'
		);
		expect((await page.getByRole('status').first().textContent())?.trim()).toBe(
			'La structure est créée. Vous pouvez y ajouter des services.'
		);
	});

	it('deletes a service only after a confirmation page', async () => {
		const name = 'Permanence d’accès aux droits du CCAS'; // created by the case above
		const { page } = await b.newPage();
		await signIn(page, 'ccas@demo.maillage.fr');
		await follow(page, page.getByRole('link', { name, exact: true }), `Modifier «\u202f${name}\u202f»`);
		await follow(
			page,
			page.getByRole('link', { name: 'Supprimer ce service' }),
			`Supprimer «\u202f${name}\u202f» ?`
		);
		await expectNoAxeViolations(page);
		await clickAndWait(page, page.getByRole('button', { name: 'Supprimer définitivement' }));
		expect(new URL(page.url()).pathname).toBe('/annuaire');
		expect((await page.getByRole('status').first().textContent())?.trim()).toBe('Le service a été supprimé.');
		expect(await page.getByRole('link', { name, exact: true }).count()).toBe(0);
	});

	it('without JavaScript, saving an unchanged form changes nothing (text areas are sent back as they were)', async () => {
		const name = 'Accompagnement budgétaire (démo)';
		const { page } = await b.newPage({ javaScriptEnabled: false });
		await signIn(page, 'ccas@demo.maillage.fr');
		await clickAndWait(page, page.getByRole('link', { name, exact: true }));
		const description = await page.locator('#field-description').inputValue();
		expect(description.length).toBeGreaterThan(20);
		await clickAndWait(page, page.getByRole('button', { name: 'Enregistrer', exact: true }));
		expect((await page.getByRole('status').first().textContent())?.trim()).toBe(
			'Modifications enregistrées. La fiche est confirmée à jour.'
		);
		expect(await page.locator('#field-description').inputValue()).toBe(description);
		const history = page.getByRole('table', { name: 'Historique des modifications' });
		// only the demo's creation: the save found nothing to change
		expect(await history.locator('tbody').textContent()).not.toContain('Modification');
		// (axe needs JavaScript in the page: the same page is checked with it in the first case)
	});
});
