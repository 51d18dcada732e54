import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useServer } from '../support/server';
import { clickAndWait, expectNoAxeViolations, open, useBrowser, signInAs } from '../support/browser';

const ORGANISATION = 'CCAS de Cahors (démo)';
const INVITEE = 'nouvelle.recrue@ccas-cahors.fr';
const INVITEE_NAME = 'Zoé Lefèvre';
const INVITEE_PASSWORD = 'Recrue-Cahors-2026!';

const server = useServer();
const b = useBrowser();

const signIn = (page: Page, email: string) => signInAs(page, server.url, email);

async function submit(page: Page, name: string) {
	await clickAndWait(page, page.getByRole('button', { name }));
}

// The steps share the invitation link: each case depends on the previous ones (files and cases run in order).
describe('invitation of a new member, from the admin to the new account', () => {
	let inviteLink = '';

	it('the CCAS admin invites a new member and gets the single-use link', async () => {
		const { page } = await b.newPage();
		await signIn(page, 'ccas@demo.maillage.fr');
		await page.getByRole('banner').getByRole('link', { name: 'Organisations' }).click();
		await page.waitForURL(/\/organisations$/);
		await Promise.all([
			page.waitForURL(/\/organisations\/[0-9a-f-]{36}$/),
			page.getByRole('link', { name: ORGANISATION, exact: true }).click()
		]);
		await page.getByRole('heading', { level: 1, name: ORGANISATION }).waitFor();
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(ORGANISATION);
		await expectNoAxeViolations(page);

		const form = page.getByRole('form', { name: 'Inviter une personne' });
		await form.getByLabel('Adresse e-mail').fill(INVITEE);
		await form.getByLabel('Rôle').selectOption({ label: 'membre' });
		await clickAndWait(page, form.getByRole('button', { name: 'Envoyer l’invitation' }));

		const status = page.getByRole('status');
		expect(await status.textContent()).toContain(`Invitation envoyée à ${INVITEE}.`);
		inviteLink = ((await page.getByTestId('invite-link').textContent()) ?? '').trim();
		expect(inviteLink).toMatch(
			new RegExp(`^${server.url.replace(/[.]/g, '\\.')}/invitation/[A-Za-z0-9_-]{20,}$`)
		);
		// listed among the pending invitations, with its role
		const pending = page.getByRole('table', { name: 'Invitations en attente' });
		const row = pending.getByRole('row').filter({ hasText: INVITEE });
		expect(await row.count()).toBe(1);
		expect(await row.getByRole('cell').nth(1).textContent()).toBe('membre');
		await expectNoAxeViolations(page);
	});

	it('the invited person opens the link, is told what is wrong, then creates the account', async () => {
		expect(inviteLink, 'needs the link of the previous case').not.toBe('');
		const { page } = await b.newPage();
		await open(page, inviteLink);
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Rejoindre Maillage');
		expect(await page.locator('main').textContent()).toContain(
			`Vous êtes invité·e à rejoindre «\u202f${ORGANISATION}\u202f» avec le rôle membre.`
		);
		expect(await page.locator('main').textContent()).toContain(INVITEE);
		await expectNoAxeViolations(page);

		// a password that is too short: the form comes back with a French error on that field
		await page.getByLabel('Prénom et nom').fill(INVITEE_NAME);
		await page.getByLabel(/^Mot de passe/).fill('court');
		await submit(page, 'Accepter l’invitation');
		expect(new URL(page.url()).pathname).toBe(new URL(inviteLink).pathname);
		const password = page.getByLabel(/^Mot de passe/);
		expect(await password.getAttribute('aria-invalid')).toBe('true');
		const describedBy = (await password.getAttribute('aria-describedby'))?.split(/\s+/) ?? [];
		expect(describedBy).toContain('field-password-error');
		expect((await page.locator('#field-password-error').textContent())?.trim()).toBe(
			'Le mot de passe doit contenir au moins 12 caractères.'
		);
		expect(await password.inputValue()).toBe('');
		expect(await page.getByLabel('Prénom et nom').inputValue()).toBe(INVITEE_NAME);
		await expectNoAxeViolations(page);

		// valid: the account is created, the person lands signed in on the organisations, welcomed
		await page.getByLabel(/^Mot de passe/).fill(INVITEE_PASSWORD);
		await clickAndWait(page, page.getByRole('button', { name: 'Accepter l’invitation' }));
		expect(page.url()).toMatch(/\/organisations\?bienvenue=1$/);
		expect((await page.getByRole('status').textContent())?.trim()).toBe(
			'Bienvenue\u202f! Votre compte est créé.'
		);
		expect(await page.getByRole('banner').getByText(INVITEE_NAME, { exact: true }).count()).toBe(1);
		expect(await page.getByRole('link', { name: ORGANISATION, exact: true }).count()).toBe(1);
		await expectNoAxeViolations(page);
	});

	it('the same link cannot be used twice', async () => {
		expect(inviteLink, 'needs the link of the first case').not.toBe('');
		const { page } = await b.newPage();
		await open(page, inviteLink);
		const alert = page.getByRole('alert');
		expect(await alert.textContent()).toContain('Ce lien d’invitation a déjà été utilisé.');
		expect(await page.locator('main form').count()).toBe(0);
		expect(await page.getByRole('button', { name: 'Accepter l’invitation' }).count()).toBe(0);
		await expectNoAxeViolations(page);
	});

	it('the new member can sign in with the chosen password', async () => {
		const { page } = await b.newPage();
		await open(page, `${server.url}/connexion`);
		await page.getByLabel('Adresse e-mail').fill(INVITEE);
		await page.getByLabel('Mot de passe').fill(INVITEE_PASSWORD);
		await clickAndWait(page, page.getByRole('button', { name: 'Se connecter' }));
		expect(page.url()).toBe(`${server.url}/`);
		expect(await page.getByRole('banner').getByText(INVITEE_NAME, { exact: true }).count()).toBe(1);
		// a plain member: no audit log in the navigation
		expect(await page.getByRole('banner').getByRole('link', { name: 'Journal d’audit' }).count()).toBe(0);
	});

	it('a garbage token is refused, without a form', async () => {
		const { page } = await b.newPage();
		await open(page, `${server.url}/invitation/nimporte-quoi-0123456789`);
		expect(await page.getByRole('alert').textContent()).toContain('Ce lien d’invitation n’est pas valide.');
		expect(await page.getByRole('button', { name: 'Accepter l’invitation' }).count()).toBe(0);
		await expectNoAxeViolations(page);
	});

	it('the instance admin finds the acceptance in the audit log', async () => {
		const { page } = await b.newPage();
		await signIn(page, 'admin@demo.maillage.fr');
		await page.getByRole('banner').getByRole('link', { name: 'Journal d’audit' }).click();
		await page.waitForURL(/\/admin\/journal$/);
		await page.getByRole('heading', { level: 1, name: 'Journal d’audit' }).waitFor();
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Journal d’audit');
		const table = page.getByRole('table', { name: 'Journal d’audit' });
		const accepted = table
			.getByRole('row')
			// the readable name, then the code
			.filter({ has: page.getByRole('cell', { name: /^Invitation acceptée\s*invitation\.accept$/ }) });
		expect(await accepted.count()).toBe(1);
		expect(await accepted.getByRole('cell').nth(1).textContent()).toBe(INVITEE);
		const created = table
			.getByRole('row')
			.filter({ has: page.getByRole('cell', { name: /^Invitation envoyée\s*invitation\.create$/ }) });
		expect(await created.count()).toBe(1);
		expect(await created.getByRole('cell').nth(1).textContent()).toBe('ccas@demo.maillage.fr');
		await expectNoAxeViolations(page);

		// the filter form narrows the log to that action
		await page.getByLabel(/^Action/).fill('invitation.accept');
		await Promise.all([
			page.waitForURL(/action=invitation\.accept/),
			page.getByRole('button', { name: 'Filtrer' }).click()
		]);
		const rows = page.getByRole('table', { name: 'Journal d’audit' }).locator('tbody').getByRole('row');
		await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
		expect(await rows.getByRole('cell').nth(2).locator('code').textContent()).toBe('invitation.accept');
		await expectNoAxeViolations(page);
	});
});
