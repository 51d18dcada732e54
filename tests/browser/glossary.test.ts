import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useServer } from '../support/server';
import {
	clickAndWait,
	expectNoAxeViolations,
	open,
	signInAs,
	useBrowser,
	waitForApp
} from '../support/browser';

/**
 * Issue 10 "Done when": glossary terms shown in context and read by keyboard. On a service sheet, Tab reaches
 * the first « CCAS » of the description; its definition shows under it and is its accessible description.
 * The public glossary page searches without JavaScript. A coordinator of the Lot changes a definition and the
 * sheet explains the term with it. Zero axe violations, at desktop and 320 px.
 */
const server = useServer();
const b = useBrowser();

const PHONE = { width: 320, height: 740 };
const SERVICE = 'Domiciliation administrative (démo)';

async function sheetUrl(): Promise<string> {
	const res = await fetch(
		`${server.url}/api/v1/services?q=${encodeURIComponent('domiciliation administrative')}`
	);
	const body = (await res.json()) as { items: { id: string; name: string }[] };
	const found = body.items.find((s) => s.name === SERVICE);
	if (!found) throw new Error('demo service not found');
	return `${server.url}/aide/services/${found.id}`;
}

/** Presses Tab until the focused element is the glossary link of `term` (at most 80 times). */
async function tabTo(page: Page, term: string) {
	for (let i = 0; i < 80; i++) {
		await page.keyboard.press('Tab');
		const focused = await page.evaluate(() => {
			const el = document.activeElement;
			return el?.classList.contains('gl-term') ? el.textContent : null;
		});
		if (focused === term) return;
	}
	throw new Error(`Tab never reached the glossary term ${term}`);
}

/** The accessible name and description of the focused element, as Chromium exposes them to screen readers. */
async function focusedAccessible(page: Page): Promise<{ name: string; description: string }> {
	const cdp = await page.context().newCDPSession(page);
	const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
		nodes: {
			role?: { value: string };
			properties?: { name: string; value: { value: unknown } }[];
			name?: { value: string };
			description?: { value: string };
		}[];
	};
	const node = nodes.find(
		(n) =>
			n.role?.value === 'link' && n.properties?.some((p) => p.name === 'focused' && p.value.value === true)
	);
	return { name: node?.name?.value ?? '', description: node?.description?.value ?? '' };
}

async function expectNoHorizontalScroll(page: Page) {
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width, `${page.url()} is ${width} px wide`).toBeLessThanOrEqual(PHONE.width);
}

describe('the glossary shown in context', () => {
	for (const viewport of [undefined, PHONE])
		it(`a term of a service sheet is reached by keyboard and its definition read (${viewport ? '320 px' : 'desktop'})`, async () => {
			const { page } = await b.newPage(viewport ? { viewport } : {});
			await open(page, await sheetUrl());
			const definition = page.locator('.gl[data-glossary="ccas"] .gl-def');
			expect(await definition.isVisible()).toBe(false);
			await tabTo(page, 'CCAS');
			expect(await definition.isVisible()).toBe(true);
			expect(await definition.textContent()).toMatch(
				/^CCAS \(Centre communal d’action sociale\)\u00a0: Établissement public/
			);
			const read = await focusedAccessible(page);
			expect(read.name).toBe('CCAS');
			expect(read.description).toMatch(/^CCAS \(Centre communal d’action sociale\)\s?: Établissement public/);
			// the one glossary term per paragraph: « CAF » is explained once
			expect(await page.locator('.gl[data-glossary="caf"]').count()).toBe(1);
			await expectNoAxeViolations(page);
			if (viewport) await expectNoHorizontalScroll(page);
			// the term leads to the glossary page, at its entry
			await clickAndWait(page, page.locator('.gl[data-glossary="ccas"] a.gl-term'));
			expect(new URL(page.url()).hash).toBe('#ccas');
			expect(await page.locator('dt#ccas').textContent()).toContain('CCAS');
		});

	for (const viewport of [undefined, PHONE])
		it(`the public glossary page is searched without JavaScript (${viewport ? '320 px' : 'desktop'})`, async () => {
			// the public portal ships no client script: the search is a plain GET form
			const { page } = await b.newPage(viewport ? { viewport } : {});
			await open(page, `${server.url}/glossaire`);
			expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
				'Glossaire de l’action sociale'
			);
			await expectNoAxeViolations(page);
			if (viewport) await expectNoHorizontalScroll(page);
			await page.getByLabel('Chercher un sigle ou un mot').fill('sortie seche');
			await clickAndWait(page, page.getByRole('button', { name: 'Chercher' }));
			expect(await page.getByRole('status').textContent()).toContain(
				'1 terme pour «\u202fsortie seche\u202f»'
			);
			expect(await page.locator('dt#sortie-seche').textContent()).toContain('sortie sèche');
			await expectNoAxeViolations(page);
			if (viewport) await expectNoHorizontalScroll(page);
		});

	it('a coordinator of the Lot changes a definition; the sheet explains the term with it', async () => {
		const { page } = await b.newPage();
		await signInAs(page, server.url, 'coordination@demo.maillage.fr', { then: '/glossaire/territoire' });
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Glossaire du territoire');
		await expectNoAxeViolations(page);
		// a link of the partners' app: SvelteKit's client navigates without a new document
		await Promise.all([
			page.waitForURL(/\/glossaire\/territoire\/terme\?/),
			page.getByRole('link', { name: 'Modifier «\u202fCCAS\u202f»' }).click()
		]);
		await waitForApp(page);
		await expectNoAxeViolations(page);
		const definition = page.getByLabel(/^Définition/);
		await definition.fill('');
		await clickAndWait(page, page.getByRole('button', { name: 'Enregistrer le terme' }));
		expect(await page.locator('#field-definition-error').textContent()).toBe('Ce champ est obligatoire.');
		await expectNoAxeViolations(page);
		await definition.fill(
			'Le centre communal d’action sociale de votre commune, qui accueille au guichet de la mairie.'
		);
		await clickAndWait(page, page.getByRole('button', { name: 'Enregistrer le terme' }));
		expect(await page.getByRole('status').textContent()).toBe('Le terme est enregistré.');
		await expectNoAxeViolations(page);

		await open(page, await sheetUrl());
		expect(await page.locator('.gl[data-glossary="ccas"] .gl-def').textContent()).toContain(
			'qui accueille au guichet de la mairie'
		);
	});
});
