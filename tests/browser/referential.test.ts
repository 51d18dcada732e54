import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useServer } from '../support/server';
import { clickAndWait, expectNoAxeViolations, open, useBrowser, signInAs } from '../support/browser';

/** The coordinator of the Lot edits the Politique → Mission → Action tree; a member reads it. */
const server = useServer();
const b = useBrowser();

const POLITIQUE = 'Santé mentale et lien social';
const MISSION = 'Prévenir l’isolement';
const ACTION = 'Groupes de parole';
const RENAMED = 'Groupes de parole des aidants';
const SERVICE = 'Épicerie sociale (démo)';

/** Signs in and lands on the directory (the sign-in form follows ?suite=). */
const signIn = (page: Page, email: string) => signInAs(page, server.url, email, { then: '/annuaire' });

async function add(page: Page, formName: string, name: string) {
	const form = page.getByRole('form', { name: formName });
	await form.getByLabel('Nom').fill(name);
	await clickAndWait(page, form.getByRole('button', { name: formName }));
}

describe('the Politique → Mission → Action referential', () => {
	it('the coordinator adds a politique, a mission, an action, attaches a service and renames the action', async () => {
		const { page } = await b.newPage();
		await signIn(page, 'coordination@demo.maillage.fr');
		await open(page, `${server.url}/annuaire/referentiel`);
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
			'Référentiel\u202f: qui fait quoi, pourquoi et comment'
		);
		await expectNoAxeViolations(page);

		await add(page, 'Ajouter une politique', POLITIQUE);
		expect((await page.getByRole('status').first().textContent())?.trim()).toBe('Ajouté.');
		expect(await page.getByRole('heading', { level: 2, name: new RegExp(`^${POLITIQUE}`) }).count()).toBe(1);
		await add(page, `Ajouter une mission à «\u202f${POLITIQUE}\u202f»`, MISSION);
		await add(page, `Ajouter une action à «\u202f${MISSION}\u202f»`, ACTION);
		expect(await page.getByRole('heading', { level: 4, name: new RegExp(`^${ACTION}`) }).count()).toBe(1);

		// a name too short is refused with a French message
		await add(page, `Ajouter une action à «\u202f${MISSION}\u202f»`, 'x');
		expect(await page.getByRole('alert').first().textContent()).toContain(
			'Le nom doit contenir au moins 2 caractères.'
		);

		// attach a service found by name (accents and case ignored)
		await open(page, `${server.url}/annuaire/referentiel`);
		const search = page.getByRole('form', { name: 'Chercher un service par son nom' });
		await search.getByLabel('Chercher un service par son nom').fill('epicerie SOCIALE');
		// a GET form: SvelteKit navigates in place
		await Promise.all([
			page.waitForURL(/[?&]q=epicerie/),
			search.getByRole('button', { name: 'Chercher' }).click()
		]);
		await page.getByRole('form', { name: 'Rattacher un service à une action' }).waitFor();
		const attach = page.getByRole('form', { name: 'Rattacher un service à une action' });
		await attach.getByLabel('Action').selectOption({ label: `${POLITIQUE} › ${MISSION} › ${ACTION}` });
		const service = attach.getByLabel('Service');
		const option = (await service.locator('option').allTextContents()).find((o) => o.startsWith(SERVICE));
		expect(option, 'the demo service is offered').toBeDefined();
		await service.selectOption({ label: option! });
		await clickAndWait(page, attach.getByRole('button', { name: 'Rattacher' }));
		expect((await page.getByRole('status').first().textContent())?.trim()).toBe('Service rattaché.');

		// rename the action
		await page.getByText(`Modifier «\u202f${ACTION}\u202f»`, { exact: true }).click();
		const rename = page.getByRole('form', { name: `Modifier «\u202f${ACTION}\u202f»` });
		await rename.getByLabel('Nom').fill(RENAMED);
		await rename.getByLabel('Description').fill('Un lieu pour parler de ce qu’on vit, entre pairs.');
		await clickAndWait(page, rename.getByRole('button', { name: 'Enregistrer' }));

		const action = page.locator('li.action').filter({
			has: page.getByRole('heading', { level: 4, name: new RegExp(`^${RENAMED}`) })
		});
		expect(await action.count()).toBe(1);
		expect(await action.textContent()).toContain(SERVICE);
		expect(await action.textContent()).toContain('Un lieu pour parler de ce qu’on vit, entre pairs.');
		const politique = page.locator('li.politique').filter({
			has: page.getByRole('heading', { level: 2, name: new RegExp(`^${POLITIQUE}`) })
		});
		expect(await politique.locator('> p.count').textContent()).toBe('1 service');
		expect(
			await page.getByRole('heading', { level: 4, name: new RegExp(`^${ACTION} Action$`) }).count()
		).toBe(0);
		await expectNoAxeViolations(page);
	});

	it('deleting a node with children asks for confirmation first', async () => {
		const { page } = await b.newPage();
		await signIn(page, 'coordination@demo.maillage.fr');
		await open(page, `${server.url}/annuaire/referentiel`);
		await add(page, 'Ajouter une politique', 'Politique à supprimer');
		await add(page, 'Ajouter une mission à «\u202fPolitique à supprimer\u202f»', 'Mission à supprimer');
		await clickAndWait(
			page,
			page.getByRole('button', { name: 'Supprimer «\u202fPolitique à supprimer\u202f»' })
		);
		const confirm = page.getByRole('region', {
			name: 'Supprimer «\u202fPolitique à supprimer\u202f» et tout ce qu’il contient\u202f?'
		});
		expect(await confirm.textContent()).toContain('Ce nœud contient 1 élément directement en dessous');
		await expectNoAxeViolations(page);
		await clickAndWait(page, confirm.getByRole('button', { name: 'Oui, tout supprimer' }));
		expect((await page.getByRole('status').first().textContent())?.trim()).toBe('Supprimé.');
		expect(await page.getByRole('heading', { name: /^Politique à supprimer/ }).count()).toBe(0);
		expect(await page.getByRole('heading', { name: /^Mission à supprimer/ }).count()).toBe(0);
	});

	it('a member of the CCAS reads the tree without any editing control', async () => {
		const { page } = await b.newPage();
		await signIn(page, 'travailleur.social@demo.maillage.fr');
		await open(page, `${server.url}/annuaire/referentiel`);
		expect(await page.locator('main').textContent()).toContain(
			'Seuls les coordinateurs du territoire peuvent modifier ce référentiel.'
		);
		expect(await page.getByRole('heading', { level: 4, name: new RegExp(`^${RENAMED}`) }).count()).toBe(1);
		expect(await page.locator('main form[method="POST"], main form[method="post"]').count()).toBe(0);
		expect(
			await page.getByRole('button', { name: /Ajouter|Supprimer|Monter|Descendre|Rattacher/ }).count()
		).toBe(0);
		await expectNoAxeViolations(page);
	});
});
