import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { apiSignIn, useServer } from '../support/server';
import { expectNoAxeViolations, useBrowser } from '../support/browser';
import { PUBLIC_PAGES } from '../../src/lib/server/portal/public-pages';
import { frenchTypographyErrors } from '../../src/lib/i18n/typography';

/**
 * The portal as a person in danger uses it on a phone: one history entry for the whole visit and a quick exit
 * that leaves no way Back; every public page at 320 px without horizontal scrolling and without axe
 * violations; the sheet opening with what to do (call, go there, open now); filters reachable before the
 * results; French typography on the rendered pages.
 */

const server = useServer();
const b = useBrowser();

const EXIT = 'https://www.meteofrance.com/';
/** the page the person was on before the portal: a search engine, say */
const BEFORE = 'https://recherche.example/';
const VIOLENCE = 'je-subis-des-violences-dans-mon-couple';
const NEUTRAL_TITLE = 'Trouver de l’aide · Maillage';
const PHONE = { width: 320, height: 640 };

async function fakeSites(context: BrowserContext) {
	await context.route(`${EXIT}**`, (route) =>
		route.fulfill({
			body: '<html lang="fr"><title>Météo</title></html>',
			contentType: 'text/html; charset=utf-8'
		})
	);
	await context.route(`${BEFORE}**`, (route) =>
		route.fulfill({
			body: `<html lang="fr"><title>Recherche</title><a id="go" href="${server.url}/">Maillage</a></html>`,
			contentType: 'text/html; charset=utf-8'
		})
	);
}

/** Waits for a new document at a URL matching `url` after `action`. */
async function navigates(page: Page, url: RegExp | string, action: () => Promise<unknown>) {
	await Promise.all([page.waitForURL(url), action()]);
	await page.waitForLoadState('load');
}

const historyLength = (page: Page) => page.evaluate(() => history.length);

/** Services made for these tests through the API (their hours and contacts make the page deterministic). */
const made: Record<'always' | 'never' | 'noPhone' | 'nothing', string> = {
	always: '',
	never: '',
	noPhone: '',
	nothing: ''
};

beforeAll(async () => {
	const cookie = await apiSignIn(server, 'ccas@demo.maillage.fr');
	const headers = { 'content-type': 'application/json', origin: server.url, cookie };
	const post = async (path: string, body: object) => {
		const res = await fetch(`${server.url}/api/v1${path}`, {
			method: 'POST',
			headers,
			body: JSON.stringify(body)
		});
		const json = await res.json();
		if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
		return json as { id: string; organisationId?: string };
	};
	const me = await (await fetch(`${server.url}/api/v1/me`, { headers: { cookie } })).json();
	const organisationId = (me.memberships as { organisationId: string; organisationName: string }[]).find(
		(m) => m.organisationName === 'CCAS de Cahors (démo)'
	)!.organisationId;
	const withPhone = await post('/structures', {
		name: 'CCAS de Cahors — accueil de nuit',
		organisationId,
		communeCode: '46042',
		phone: '05 65 20 10 10'
	});
	const bare = await post('/structures', {
		name: 'Point relais de Cahors',
		organisationId,
		communeCode: '46042'
	});
	const service = (structureId: string, name: string, extra: object) =>
		post('/services', {
			structureId,
			name,
			description:
				'Un accueil pour les personnes sans solution ce soir. Appelez le 115 ou le 05 65 53 01 01.',
			thematiques: ['logement-hebergement--rechercher-une-solution-dhebergement-temporaire'],
			communeCode: '46042',
			...extra
		});
	made.always = (
		await service(withPhone.id, 'Veille de nuit du CCAS', { openingHours: '24/7', phone: '05 65 53 01 01' })
	).id;
	made.never = (await service(withPhone.id, 'Accueil fermé pour travaux', { openingHours: 'Mo-Su off' })).id;
	made.noPhone = (await service(withPhone.id, 'Permanence sans téléphone', {})).id;
	made.nothing = (await service(bare.id, 'Relais sans contact', {})).id;
}, 60_000);

describe('quick exit and history', () => {
	it('the whole visit is one history entry: after the quick exit, Back leaves the site', async () => {
		const { page, context } = await b.newPage({ viewport: PHONE });
		await fakeSites(context);
		await page.goto(BEFORE);
		const start = await historyLength(page);
		await navigates(page, `${server.url}/`, () => page.locator('#go').click());
		expect(await historyLength(page)).toBe(start + 1);
		await navigates(page, new RegExp(`/aide/situations/${VIOLENCE}$`), () =>
			page.getByRole('link', { name: 'Je subis des violences dans mon couple' }).click()
		);
		// a neutral title: the tab and the history do not say what is being read
		expect(await page.title()).toBe(NEUTRAL_TITLE);
		const form = page.getByRole('search');
		await form.getByLabel('Commune ou code postal').fill('Cahors');
		await navigates(page, /commune=Cahors/, () => form.getByRole('button', { name: 'Rechercher' }).click());
		expect(await page.title()).toBe(NEUTRAL_TITLE);
		// the search lands on the results
		expect(new URL(page.url()).hash).toBe('#resultats');
		await navigates(page, /\/aide\/services\//, () =>
			page.locator('ol.service-results h3 a').first().click()
		);
		const sheetUrl = page.url();
		// every step replaced the entry of the one before
		expect(await historyLength(page)).toBe(start + 1);
		await page.goBack();
		await page.waitForLoadState('load');
		expect(page.url()).toBe(BEFORE);
		await page.goForward();
		await page.waitForLoadState('load');
		expect(page.url()).toBe(sheetUrl);

		await navigates(page, EXIT, () => page.getByRole('link', { name: 'Quitter rapidement' }).click());
		expect(await historyLength(page)).toBe(start + 1);
		await page.goBack();
		await page.waitForLoadState('load');
		expect(page.url()).toBe(BEFORE);
		expect(page.url()).not.toContain(server.url);
	});

	it('a jump inside the page (skip link) adds no entry either, and moves the focus', async () => {
		const { page, context } = await b.newPage({ viewport: PHONE });
		await fakeSites(context);
		await page.goto(BEFORE);
		const start = await historyLength(page);
		await navigates(page, `${server.url}/`, () => page.locator('#go').click());
		await page.keyboard.press('Tab');
		await page.keyboard.press('Enter');
		await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('contenu');
		expect(new URL(page.url()).hash).toBe('#contenu');
		expect(await historyLength(page)).toBe(start + 1);
	});

	it('without JavaScript the safety advice says the page stays in the history (private browsing)', async () => {
		const { page } = await b.newPage({ javaScriptEnabled: false, viewport: PHONE });
		await page.goto(`${server.url}/aide/situations/${VIOLENCE}`);
		const note = page.getByRole('region', { name: 'Votre sécurité d’abord' });
		expect(await note.textContent()).toContain('JavaScript est désactivé');
		expect(await note.textContent()).toContain('navigation privée');
		expect(await page.title()).toBe(NEUTRAL_TITLE);
	});

	it('with JavaScript that warning is not shown', async () => {
		const { page } = await b.newPage({ viewport: PHONE });
		await page.goto(`${server.url}/aide/situations/${VIOLENCE}`);
		expect(await page.getByText('JavaScript est désactivé').count()).toBe(0);
	});
});

/** The width the page would scroll to, beyond the viewport's (0: no horizontal scroll). */
const overflow = (page: Page) =>
	page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Texts of the directory (partners' data) are left out of the typography check: only the site's own words. */
const siteText = (page: Page) =>
	page.evaluate(() => {
		const main = document.querySelector('main')!.cloneNode(true) as HTMLElement;
		main
			.querySelectorAll(
				'.service-results h3, .result-where, .service-sheet h1, .service-sheet [lang], .service-sheet .text, address, .facts dd, .lead span, code, .corrected, .place-notice, table'
			)
			.forEach((e) => e.remove());
		return main.textContent ?? '';
	});

describe('every public page on a phone', () => {
	let sheets: string[] = [];
	beforeAll(() => {
		sheets = [made.always, made.noPhone, made.nothing].map((id) => `/aide/services/${id}`);
	});

	it('no horizontal scroll at 320 px, zero axe violations, French typography, on every public page', async () => {
		const { page } = await b.newPage({ viewport: PHONE });
		// a real sheet of the demo data too: the first result near Cahors, with its long names and addresses
		await page.goto(`${server.url}/aide?commune=Cahors&rayon=tout`);
		const demoSheet = new URL(
			await page
				.locator('ol.service-results h3 a')
				.first()
				.evaluate((a) => (a as HTMLAnchorElement).href)
		).pathname;
		const pages = [...PUBLIC_PAGES, ...sheets, demoSheet];
		expect(pages.length).toBeGreaterThan(25);
		const wide: string[] = [];
		const typography: string[] = [];
		for (const path of pages) {
			const response = await page.goto(`${server.url}${path}`);
			expect(response?.status(), path).toBe(200);
			await page.waitForLoadState('load');
			const extra = await overflow(page);
			if (extra > 0) wide.push(`${path}: ${extra} px too wide`);
			typography.push(...frenchTypographyErrors(await siteText(page)).map((e) => `${path}: ${e}`));
			await expectNoAxeViolations(page);
		}
		expect(wide).toEqual([]);
		expect(typography).toEqual([]);
	}, 240_000);

	it('the sheet fits 320 and 360 px with its contact block whole', async () => {
		for (const width of [320, 360]) {
			const { page } = await b.newPage({ viewport: { width, height: 700 } });
			await page.goto(`${server.url}/aide/services/${made.always}`);
			expect(await overflow(page)).toBe(0);
			const box = (await page.locator('.contact-first').boundingBox())!;
			expect(box.x).toBeGreaterThanOrEqual(0);
			expect(box.x + box.width).toBeLessThanOrEqual(width);
			// what to do comes first: the contact block is the first section of the sheet
			expect(await page.locator('.service-sheet section').first().getAttribute('class')).toContain(
				'contact-first'
			);
		}
	});
});

describe('the service sheet: what to do', () => {
	it('call, route, hours and « Ouvert maintenant », also on the card', async () => {
		const { page } = await b.newPage({ viewport: PHONE });
		await page.goto(`${server.url}/aide/services/${made.always}`);
		const contact = page.getByRole('region', { name: 'Contacter ce service' });
		expect(await contact.locator('.open-state').textContent()).toBe('Ouvert maintenant');
		expect(await contact.getByRole('link', { name: 'Appeler le 05 65 53 01 01' }).getAttribute('href')).toBe(
			'tel:0565530101'
		);
		expect(await contact.textContent()).toContain('24 heures sur 24, 7 jours sur 7');
		const route = await contact
			.getByRole('link', { name: 'Itinéraire sur OpenStreetMap' })
			.getAttribute('href');
		expect(route).toMatch(/^https:\/\/www\.openstreetmap\.org\//);
		// the numbers in the description are links, the text stays text
		const description = page.locator('.service-sheet p.text').first();
		expect(await description.getByRole('link', { name: '115' }).getAttribute('href')).toBe('tel:115');
		expect(await description.getByRole('link', { name: '05 65 53 01 01' }).getAttribute('href')).toBe(
			'tel:0565530101'
		);
		await expectNoAxeViolations(page);

		// the same line on the result card
		await page.goto(`${server.url}/aide?q=${encodeURIComponent('Veille de nuit du CCAS')}&commune=46042`);
		const card = page.locator('ol.service-results > li', { hasText: 'Veille de nuit du CCAS' });
		expect(await card.locator('.result-open').textContent()).toBe('Ouvert maintenant');
	});

	it('a place closed every day says « Fermé »', async () => {
		const { page } = await b.newPage({ viewport: PHONE });
		await page.goto(`${server.url}/aide/services/${made.never}`);
		expect(await page.locator('.open-state').textContent()).toBe('Fermé');
	});

	it('says when the phone is the structure’s, and what to do when there is no contact at all', async () => {
		const { page } = await b.newPage({ viewport: PHONE });
		await page.goto(`${server.url}/aide/services/${made.noPhone}`);
		const contact = page.getByRole('region', { name: 'Contacter ce service' });
		expect(await contact.getByRole('link', { name: 'Appeler le 05 65 20 10 10' }).getAttribute('href')).toBe(
			'tel:0565201010'
		);
		expect(await contact.textContent()).toContain('Ce service n’a pas de numéro à lui');

		await page.goto(`${server.url}/aide/services/${made.nothing}`);
		const none = page.getByRole('region', { name: 'Contacter ce service' });
		expect(await none.getByRole('link', { name: /^Appeler/ }).count()).toBe(0);
		expect(await none.textContent()).toContain('Demandez à votre mairie, au CCAS ou à un travailleur social');
		expect(await none.getByRole('link', { name: '115' }).getAttribute('href')).toBe('tel:115');
		expect(await none.getByRole('link', { name: '17' }).getAttribute('href')).toBe('tel:17');
		await expectNoAxeViolations(page);
	});

	it('share by e-mail or SMS (plain links), print with a button or, without JavaScript, Ctrl+P', async () => {
		const { page } = await b.newPage({ viewport: PHONE });
		await page.goto(`${server.url}/aide/services/${made.always}`);
		const actions = page.getByRole('list', { name: 'Partager ou garder cette fiche' });
		const mail = (await actions.getByRole('link', { name: 'Envoyer par courriel' }).getAttribute('href'))!;
		const sms = (await actions.getByRole('link', { name: 'Envoyer par SMS' }).getAttribute('href'))!;
		expect(mail).toMatch(/^mailto:\?subject=/);
		expect(decodeURIComponent(mail)).toContain(page.url());
		expect(sms).toMatch(/^sms:/);
		expect(decodeURIComponent(sms)).toContain(page.url());
		expect(await actions.getByRole('button', { name: 'Imprimer' }).isVisible()).toBe(true);
		expect(await actions.getByText('Ctrl+P').isVisible()).toBe(false);
		await page.evaluate(() => {
			(window as unknown as { printed: number }).printed = 0;
			window.print = () => void (window as unknown as { printed: number }).printed++;
		});
		await actions.getByRole('button', { name: 'Imprimer' }).click();
		expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

		const noJs = await b.newPage({ javaScriptEnabled: false, viewport: PHONE });
		await noJs.page.goto(`${server.url}/aide/services/${made.always}`);
		const list = noJs.page.getByRole('list', { name: 'Partager ou garder cette fiche' });
		expect(await list.getByRole('button', { name: 'Imprimer' }).count()).toBe(0);
		expect(await list.getByText('Ctrl+P').isVisible()).toBe(true);
	});

	it('a violence service gets a neutral title and the safety note', async () => {
		const { page } = await b.newPage({ viewport: PHONE });
		await page.goto(`${server.url}/aide/situations/${VIOLENCE}?commune=46042`);
		const sheets = await page
			.locator('ol.service-results h3 a')
			.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
		let found = false;
		for (const href of sheets) {
			await page.goto(href);
			if ((await page.getByRole('region', { name: 'Votre sécurité d’abord' }).count()) === 0) continue;
			found = true;
			expect(await page.title()).toBe(NEUTRAL_TITLE);
			break;
		}
		expect(found).toBe(true);
	});

	it('French texts inside the English pages carry lang="fr"', async () => {
		const { page, context } = await b.newPage({ viewport: PHONE });
		await context.addCookies([{ name: 'lang', value: 'en', url: server.url }]);
		await page.goto(`${server.url}/aide/services/${made.always}`);
		expect(await page.locator('html').getAttribute('lang')).toBe('en');
		expect(await page.getByRole('heading', { level: 1 }).getAttribute('lang')).toBe('fr');
		expect(await page.locator('.service-sheet p.text').first().getAttribute('lang')).toBe('fr');
		expect(await page.locator('.open-state').textContent()).toBe('Open now');
		await expectNoAxeViolations(page);
	});
});

describe('filters, results and focus on a phone', () => {
	it('« Filtrer » sits by the count, before the results, and reaches the filters; they land back on the results', async () => {
		for (const javaScriptEnabled of [true, false]) {
			const { page } = await b.newPage({ viewport: { width: 360, height: 700 }, javaScriptEnabled });
			await page.goto(`${server.url}/aide?commune=Cahors&rayon=tout`);
			const jump = page.getByRole('link', { name: 'Filtrer les résultats' });
			expect(await jump.isVisible()).toBe(true);
			// before the list in the reading order
			const before = await page.evaluate(() => {
				const link = document.querySelector('.filter-jump')!;
				const list = document.querySelector('ol.service-results')!;
				return !!(link.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING);
			});
			expect(before).toBe(true);
			await jump.click();
			const heading = page.locator('#filtres');
			await expect
				.poll(() => heading.evaluate((h) => h.getBoundingClientRect().top))
				.toBeGreaterThanOrEqual(0);
			expect(await heading.evaluate((h) => h.getBoundingClientRect().top < window.innerHeight)).toBe(true);
			const filters = page.getByRole('form', { name: 'Affiner les résultats' });
			await filters
				.getByRole('group', { name: 'Coût' })
				.getByRole('checkbox', { name: /^Gratuit/ })
				.check();
			await navigates(page, /frais=gratuit/, () =>
				filters.getByRole('button', { name: 'Appliquer les filtres' }).click()
			);
			expect(new URL(page.url()).hash).toBe('#resultats');
			// landed on the results, the heading not hidden under the sticky quick-exit bar
			const bar = (await page.locator('.quick-exit').boundingBox())!;
			const top = await page.locator('#resultats').evaluate((h) => h.getBoundingClientRect().top);
			expect(top).toBeGreaterThanOrEqual(bar.y + bar.height);
			expect(top).toBeLessThan(700);
		}
	});

	it('on a wide screen the filters are beside the results: no « Filtrer » link', async () => {
		const { page } = await b.newPage({ viewport: { width: 1280, height: 800 } });
		await page.goto(`${server.url}/aide?commune=Cahors&rayon=tout`);
		expect(await page.getByRole('link', { name: 'Filtrer les résultats' }).isVisible()).toBe(false);
	});

	it('the skip link shows above the quick-exit bar, at 320 px and on a wide screen', async () => {
		for (const viewport of [PHONE, { width: 1280, height: 800 }]) {
			const { page } = await b.newPage({ viewport });
			await page.goto(`${server.url}/aide/situations/${VIOLENCE}`);
			await page.keyboard.press('Tab');
			const skip = page.getByRole('link', { name: 'Aller au contenu' });
			expect(await skip.evaluate((e) => e === document.activeElement)).toBe(true);
			const box = (await skip.boundingBox())!;
			expect(box.x).toBeGreaterThanOrEqual(0);
			expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
			// nothing covers it: the element at its centre is the link itself
			const onTop = await skip.evaluate((e) => {
				const r = e.getBoundingClientRect();
				return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === e;
			});
			expect(onTop).toBe(true);
		}
	});

	it('the focus indicator contrasts by at least 3:1 with the background, on white, in the header and on the quick exit', async () => {
		const { page } = await b.newPage({ viewport: PHONE });
		await page.goto(`${server.url}/aide?commune=Cahors&rayon=tout`);
		const ratios = await page.evaluate(() => {
			const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
			const lum = (c: string) => {
				const [r, g, b] = rgb(c).map((v) => {
					const s = v / 255;
					return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
				});
				return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
			};
			const ratio = (a: string, b: string) => {
				const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
				return (x! + 0.05) / (y! + 0.05);
			};
			/** the colour behind an element: the first ancestor with a background */
			const behind = (e: Element | null): string => {
				for (let n = e; n; n = n.parentElement) {
					const bg = getComputedStyle(n).backgroundColor;
					if (bg && !bg.endsWith(', 0)') && bg !== 'transparent') return bg;
				}
				return 'rgb(255, 255, 255)';
			};
			const out: Record<string, number> = {};
			for (const [name, selector] of [
				['main link', 'ol.service-results h3 a'],
				['header link', '.site-header .brand'],
				['quick exit', '.quick-exit'],
				['button', '.portal-search button']
			] as const) {
				const e = document.querySelector(selector) as HTMLElement;
				e.focus({ focusVisible: true } as FocusOptions);
				const style = getComputedStyle(e);
				// outside the element (positive offset) the indicator is seen against the parent's background;
				// inside it (negative offset), against the element's own
				const against = parseFloat(style.outlineOffset) < 0 ? behind(e) : behind(e.parentElement);
				out[name] = style.outlineStyle === 'none' ? 0 : ratio(style.outlineColor, against);
			}
			return out;
		});
		for (const [name, r] of Object.entries(ratios)) expect(r, name).toBeGreaterThanOrEqual(3);
	});

	it('the footer links the accessibility statement, the legal notice and the privacy page', async () => {
		const { page } = await b.newPage({ viewport: PHONE });
		await page.goto(`${server.url}/`);
		const footer = page.getByRole('contentinfo');
		for (const [name, path, heading] of [
			['Accessibilité : non conforme', '/accessibilite', 'Déclaration d’accessibilité'],
			['Mentions légales', '/mentions-legales', 'Mentions légales'],
			['Données personnelles', '/donnees-personnelles', 'Données personnelles']
		] as const) {
			await navigates(page, new RegExp(`${path}$`), () => footer.getByRole('link', { name }).click());
			expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(heading);
		}
		await page.goto(`${server.url}/accessibilite`);
		const text = (await page.locator('main').textContent()) ?? '';
		expect(text).toContain('RGAA');
		expect(text).toContain(`${PUBLIC_PAGES.length + 1} pages testées, 0 anomalie`);
		expect(text).toContain('Défenseur des droits');
	});
});
