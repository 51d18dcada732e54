import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { useServer } from '../support/server';
import { clickAndWait, expectNoAxeViolations, open, signInAs, useBrowser } from '../support/browser';

/**
 * Issue 9 "Done when": an error reported on a sheet and seen by the owner. A person on a phone (320 px) reports
 * a wrong phone number from the public sheet, without an account; a member of the organisation that owns the
 * service signs in, sees it flagged on the directory home and in the list, and marks it handled.
 */
const server = useServer();
const b = useBrowser();

const SERVICE = 'Épicerie sociale (démo)';
const PHONE = { width: 320, height: 740 };
const MESSAGE = 'Le numéro a changé : c’est désormais le 05 65 20 88 00.';

/** Follows a link of a page rendered without client (the public portal): a new document loads. */
async function follow(page: Page, target: Locator, url: RegExp) {
	await Promise.all([page.waitForURL(url), target.click()]);
	await page.waitForLoadState('load');
}

/** Nothing wider than the screen: no horizontal scrolling at 320 px. */
async function expectNoHorizontalScroll(page: Page) {
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width, `${page.url()} is ${width} px wide`).toBeLessThanOrEqual(PHONE.width);
}

async function serviceId(): Promise<string> {
	const res = await fetch(`${server.url}/api/v1/services?q=${encodeURIComponent('épicerie sociale')}`);
	const body = (await res.json()) as { items: { id: string; name: string }[] };
	const found = body.items.find((s) => s.name === SERVICE);
	if (!found) throw new Error('demo service not found');
	return found.id;
}

describe('Signaler une erreur', () => {
	it('an error reported on a sheet is seen by the owner, who marks it handled', async () => {
		const id = await serviceId();
		const { page } = await b.newPage({ viewport: PHONE });

		// the public sheet → the form
		await page.goto(`${server.url}/aide/services/${id}`);
		await page.waitForLoadState('load');
		await follow(
			page,
			page.getByRole('link', { name: 'Signaler une erreur sur cette fiche' }),
			/\/signaler$/
		);
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Signaler une erreur');
		expect(await page.locator('main').textContent()).toContain(SERVICE);
		await expectNoAxeViolations(page);
		await expectNoHorizontalScroll(page);

		// sent empty: the French message on the field, in the summary too
		await follow(page, page.getByRole('button', { name: 'Envoyer le signalement' }), /\/signaler$/);
		const message = page.getByLabel('Ce qui est faux');
		expect(await message.getAttribute('aria-invalid')).toBe('true');
		expect((await page.locator('#field-message-error').textContent())?.trim()).toBe(
			'Décrivez ce qui est faux sur la fiche.'
		);
		expect(await page.getByRole('alert').first().textContent()).toContain(
			'Le formulaire contient des erreurs'
		);
		await expectNoAxeViolations(page);
		await expectNoHorizontalScroll(page);

		// filled: the confirmation
		await page.getByRole('radio', { name: 'Le téléphone' }).check();
		await message.fill(MESSAGE);
		await page
			.getByLabel('Votre adresse e-mail ou votre téléphone (facultatif)')
			.fill('marie.dupuy@example.fr');
		await follow(page, page.getByRole('button', { name: 'Envoyer le signalement' }), /\?envoye$/);
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
			'Merci, votre signalement est envoyé'
		);
		await expectNoAxeViolations(page);
		await expectNoHorizontalScroll(page);

		// the owner's member signs in: flagged on the directory home next to the stale flags
		const partner = (await b.newPage({ viewport: PHONE })).page;
		await signInAs(partner, server.url, 'travailleur.social@demo.maillage.fr', { then: '/annuaire' });
		const banner = partner.getByTestId('corrections-banner');
		expect(await banner.textContent()).toContain('1 erreur signalée sur vos fiches attend une réponse.');
		// the partners' app navigates in place (SvelteKit client): wait for the URL and the new heading
		await Promise.all([
			partner.waitForURL(/\/annuaire\/signalements$/),
			banner.getByRole('link', { name: 'Voir les erreurs signalées' }).click()
		]);
		await partner.getByRole('heading', { level: 1, name: 'Erreurs signalées sur vos fiches' }).waitFor();
		expect(await partner.getByRole('heading', { level: 1 }).textContent()).toBe(
			'Erreurs signalées sur vos fiches'
		);
		const request = partner.getByRole('article', { name: new RegExp(SERVICE.replace(/[()]/g, '\\$&')) });
		expect(await request.textContent()).toContain(MESSAGE);
		expect(await request.textContent()).toContain('marie.dupuy@example.fr');
		expect(await request.textContent()).toContain('Le téléphone');
		await expectNoAxeViolations(partner);
		await expectNoHorizontalScroll(partner);

		// dismissing needs a reason; then it is answered instead
		await clickAndWait(partner, request.getByRole('button', { name: 'Écarter' }));
		expect(await partner.locator('.field-error').first().textContent()).toBe(
			'Indiquez le motif pour écarter ce signalement.'
		);
		await expectNoAxeViolations(partner);
		const again = partner.getByRole('article', { name: new RegExp(SERVICE.replace(/[()]/g, '\\$&')) });
		await again.getByLabel('Réponse (facultative)').fill('Numéro corrigé sur la fiche.');
		await clickAndWait(partner, again.getByRole('button', { name: 'Marquer comme traité' }));
		expect((await partner.getByRole('status').first().textContent())?.trim()).toBe(
			'Signalement marqué comme traité.'
		);
		const handled = partner.getByRole('article', { name: new RegExp(SERVICE.replace(/[()]/g, '\\$&')) });
		const text = (await handled.textContent()) ?? '';
		expect(text).toContain('Traité le');
		expect(text).toContain('par Théo Travailleur social');
		expect(text).toContain('Réponse\u202f: Numéro corrigé sur la fiche.');
		// handled: the contact is gone, no action offered any more
		expect(text).not.toContain('marie.dupuy@example.fr');
		expect(await handled.getByRole('button').count()).toBe(0);
		await expectNoAxeViolations(partner);

		// and the home no longer flags it
		await open(partner, `${server.url}/annuaire`);
		expect(await partner.getByTestId('corrections-banner').count()).toBe(0);
	});
});
