import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { useServer } from '../support/server';
import { clickAndWait, expectNoAxeViolations, open, signInAs, useBrowser } from '../support/browser';

/**
 * Issue 12 "Done when": anonymous feedback left on a sheet, moderated, answered by the service. A person on a phone
 * (320 px) leaves feedback from the public sheet without an account; the names and numbers typed are removed; the
 * Lot's coordinator approves it; a member of the organisation owning the service answers; the sheet then shows both.
 */
const server = useServer();
const b = useBrowser();

const SERVICE = 'Épicerie sociale (démo)';
const PHONE = { width: 320, height: 740 };
const TEXT =
	'Mme Durand m’a très bien reçue, mais rappelez-moi au 06 12 34 56 78 : les horaires ne vont pas.';
const CLEAN =
	'Mme [nom retiré] m’a très bien reçue, mais rappelez-moi au [téléphone retiré] : les horaires ne vont pas.';
const ANSWER = 'Merci : nous ouvrons désormais le samedi matin.';

async function follow(page: Page, target: Locator, url: RegExp) {
	await Promise.all([page.waitForURL(url), target.click()]);
	await page.waitForLoadState('load');
}

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

describe('Votre avis', () => {
	it('feedback left on a sheet is de-identified, moderated by the coordinator, answered by the service', async () => {
		const id = await serviceId();
		const { page } = await b.newPage({ viewport: PHONE });
		await page.goto(`${server.url}/aide/services/${id}`);
		await page.waitForLoadState('load');
		const form = page.locator('form.feedback-form');
		expect(await page.getByRole('heading', { level: 2, name: 'Votre avis' }).count()).toBe(1);
		await expectNoAxeViolations(page);
		await expectNoHorizontalScroll(page);

		// more than 1,000 words: refused with a French message, what was typed kept
		const long = Array.from({ length: 1001 }, () => 'trop').join(' ');
		await form.getByLabel('Votre avis (facultatif)').fill(long);
		await follow(page, form.getByRole('button', { name: 'Envoyer mon avis' }), /\/avis$/);
		const text = page.getByLabel('Votre avis (facultatif)');
		expect(await text.getAttribute('aria-invalid')).toBe('true');
		expect(await page.locator('#feedback-text-error').textContent()).toContain('1001 mots');
		expect((await text.inputValue()).length).toBe(long.length);
		await expectNoAxeViolations(page);
		await expectNoHorizontalScroll(page);

		// a real one: the thanks
		await page.getByRole('radio', { name: 'Oui' }).check();
		await page.getByRole('checkbox', { name: 'Des horaires adaptés' }).check();
		await text.fill(TEXT);
		await follow(page, page.getByRole('button', { name: 'Envoyer mon avis' }), /\?envoye$/);
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Merci pour votre avis');
		await expectNoAxeViolations(page);
		await expectNoHorizontalScroll(page);

		// the Lot's coordinator sees it de-identified and approves it
		const coordinator = (await b.newPage({ viewport: PHONE })).page;
		await signInAs(coordinator, server.url, 'coordination@demo.maillage.fr', { then: '/coordination/avis' });
		await coordinator.getByRole('heading', { level: 1, name: 'Avis à modérer' }).waitFor();
		const pending = coordinator.getByRole('article', { name: new RegExp(SERVICE.replace(/[()]/g, '\\$&')) });
		expect(await pending.getByRole('textbox', { name: /Texte de l’avis/ }).inputValue()).toBe(CLEAN);
		await expectNoAxeViolations(coordinator);
		await expectNoHorizontalScroll(coordinator);
		await clickAndWait(coordinator, pending.getByRole('button', { name: 'Approuver' }));
		expect((await coordinator.getByRole('status').first().textContent())?.trim()).toBe('Avis approuvé.');

		// a member of the owning organisation answers it
		const partner = (await b.newPage({ viewport: PHONE })).page;
		await signInAs(partner, server.url, 'travailleur.social@demo.maillage.fr', { then: '/annuaire/avis' });
		await partner.getByRole('heading', { level: 1, name: 'Avis sur vos services' }).waitFor();
		const approved = partner.getByRole('article', { name: new RegExp(SERVICE.replace(/[()]/g, '\\$&')) });
		expect(await approved.textContent()).toContain(CLEAN);
		await expectNoAxeViolations(partner);
		await expectNoHorizontalScroll(partner);
		await approved.getByLabel(/Votre réponse à l’avis/).fill(ANSWER);
		await clickAndWait(partner, approved.getByRole('button', { name: 'Publier la réponse' }));
		expect((await partner.getByRole('status').first().textContent())?.trim()).toBe('Réponse enregistrée.');

		// the public sheet shows the approved feedback with its answer, as text
		await open(page, `${server.url}/aide/services/${id}`);
		const published = page.getByRole('region', { name: 'Avis des personnes accompagnées' });
		expect(await published.textContent()).toContain(CLEAN);
		expect(await published.textContent()).toContain(ANSWER);
		expect(await published.textContent()).not.toContain('Durand');
		await expectNoAxeViolations(page);
		await expectNoHorizontalScroll(page);
	});
});
