import { AxeBuilder } from '@axe-core/playwright';
import {
	chromium,
	type Browser,
	type BrowserContext,
	type BrowserContextOptions,
	type Locator,
	type Page
} from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { DEMO_PASSWORD } from './server';

/**
 * Browser-test helpers: the system Chromium (never a downloaded one), one context per page so that
 * AxeBuilder can work, axe with the WCAG 2.1 A/AA rules, and a watch on the console: any console error,
 * uncaught page error or CSP violation makes the test fail.
 */

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-quic'
];

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Bounds for every Playwright action and navigation, well under the vitest test timeout. */
export const ACTION_TIMEOUT_MS = 10_000;
export const NAVIGATION_TIMEOUT_MS = 15_000;

export async function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: CHROMIUM_PATH,
		args: CHROMIUM_ARGS,
		headless: true,
		timeout: 30_000
	});
}

export interface PageProblem {
	kind: 'console' | 'pageerror' | 'csp';
	text: string;
	url?: string;
}

export interface WatchedPage {
	page: Page;
	context: BrowserContext;
	/** what the page reported so far (console errors, uncaught errors, CSP violations), accepted ones left out */
	readonly problems: PageProblem[];
	/** accepts console errors matching this pattern (for an error the test provokes on purpose) */
	allow(pattern: RegExp): void;
}

const CSP_PATTERN = /Content Security Policy|Refused to (load|execute|apply|connect|frame)/i;
const FAILED_RESOURCE = /^Failed to load resource: the server responded with a status of \d{3}/;

/** A fresh context (own cookies) and its page, watched for console errors, page errors and CSP violations. */
export async function newWatchedPage(
	browser: Browser,
	options: BrowserContextOptions = {}
): Promise<WatchedPage> {
	const context = await browser.newContext({ locale: 'fr-FR', ...options });
	context.setDefaultTimeout(ACTION_TIMEOUT_MS);
	context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
	const page = await context.newPage();
	javaScriptOf.set(page, options.javaScriptEnabled !== false);
	const reported: PageProblem[] = [];
	const allowed: RegExp[] = [];
	// Pages answered with a deliberate error status (a form re-displayed with 400, a 404 page): Chromium logs
	// "Failed to load resource" for the document itself; that is the status the test asserts, not a page fault.
	const documentsWithErrorStatus = new Set<string>();
	page.on('response', (response) => {
		const request = response.request();
		if (
			response.status() >= 400 &&
			request.resourceType() === 'document' &&
			request.frame() === page.mainFrame()
		) {
			documentsWithErrorStatus.add(response.url());
		}
	});
	page.on('console', (message) => {
		if (message.type() !== 'error') return;
		const text = message.text();
		reported.push({
			kind: CSP_PATTERN.test(text) ? 'csp' : 'console',
			text,
			url: message.location().url || page.url()
		});
	});
	page.on('pageerror', (error) =>
		reported.push({ kind: 'pageerror', text: error.stack ?? String(error), url: page.url() })
	);
	return {
		page,
		context,
		// filtered when read: the response event and the console message of a document may come in either order
		get problems() {
			return reported.filter(
				(p) =>
					p.kind === 'pageerror' ||
					!(
						allowed.some((pattern) => pattern.test(p.text)) ||
						(FAILED_RESOURCE.test(p.text) && p.url !== undefined && documentsWithErrorStatus.has(p.url))
					)
			);
		},
		allow: (pattern) => void allowed.push(pattern)
	};
}

export function formatProblems(problems: PageProblem[]): string {
	return problems.map((p) => `  - [${p.kind}] ${p.text}${p.url ? ` (${p.url})` : ''}`).join('\n');
}

/** Fails with the list of what the page reported (console errors, page errors, CSP violations), if anything. */
export function expectNoPageProblems(watched: Pick<WatchedPage, 'problems'>): void {
	if (watched.problems.length > 0) {
		throw new Error(
			`The page reported ${watched.problems.length} problem(s):\n${formatProblems(watched.problems)}`
		);
	}
}

/** Runs axe (WCAG 2.0/2.1 A and AA) on the page and fails with a readable list of violations. */
export async function expectNoAxeViolations(page: Page, options: { exclude?: string[] } = {}): Promise<void> {
	let builder = new AxeBuilder({ page }).withTags(AXE_TAGS);
	for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
	const results = await builder.analyze();
	if (results.violations.length === 0) return;
	const lines = results.violations.map((v) => {
		const nodes = v.nodes
			.map(
				(n) =>
					`      • ${n.target.map(String).join(' ')}${n.failureSummary ? `\n        ${n.failureSummary.replace(/\n/g, '\n        ')}` : ''}`
			)
			.join('\n');
		return `  - ${v.id} [${v.impact ?? 'n/a'}] ${v.help} (${v.helpUrl})\n${nodes}`;
	});
	expect.fail(`axe found ${results.violations.length} violation(s) on ${page.url()}:\n${lines.join('\n')}`);
}

/**
 * Installs the browser for a test file: launched once (beforeAll), every page opened during a test is
 * closed after it and its console checked (afterEach), the browser closed at the end (afterAll).
 */
export function useBrowser() {
	let browser: Browser | undefined;
	let opened: WatchedPage[] = [];

	beforeAll(async () => {
		browser = await launchBrowser();
	}, 60_000);

	afterEach(async () => {
		const pages = opened;
		opened = [];
		const problems = pages.flatMap((w) => w.problems);
		await Promise.all(pages.map((w) => w.context.close().catch(() => undefined)));
		if (problems.length > 0)
			throw new Error(`The page reported ${problems.length} problem(s):\n${formatProblems(problems)}`);
	}, 30_000);

	afterAll(async () => {
		await browser?.close();
	}, 30_000);

	return {
		get browser(): Browser {
			if (!browser) throw new Error('browser not launched');
			return browser;
		},
		/** A fresh context and page, closed and checked after the current test. */
		async newPage(options: BrowserContextOptions = {}): Promise<WatchedPage> {
			if (!browser) throw new Error('browser not launched');
			const watched = await newWatchedPage(browser, options);
			opened.push(watched);
			return watched;
		}
	};
}

const javaScriptOf = new WeakMap<Page, boolean>();

/**
 * Waits until the current document has loaded and, with JavaScript, until SvelteKit has hydrated it (its route
 * announcer is mounted last). Before that, SvelteKit's start-up history.replaceState can cancel a form
 * submission that Chromium has just begun, so a click can be lost.
 */
export async function waitForApp(page: Page): Promise<void> {
	await page.waitForLoadState('load');
	// pages rendered with csr = false (the public portal) have no SvelteKit client to wait for
	const hydrates = (await page.locator('script:not([src]):not([type])').count()) > 0;
	if (javaScriptOf.get(page) !== false && hydrates) {
		await page.locator('#svelte-announcer').waitFor({ state: 'attached', timeout: NAVIGATION_TIMEOUT_MS });
	}
}

/** page.goto, then waitForApp; returns the main document's response. */
export async function open(page: Page, url: string) {
	const response = await page.goto(url);
	await waitForApp(page);
	return response;
}

/**
 * Clicks something that loads a new document (a plain form post, a button of a form without enhance) and waits
 * for that new document, loaded and hydrated. Same-document history changes do not count, and unlike
 * waitForLoadState alone it cannot return on the old page when the form comes back to the same URL.
 */
export async function clickAndWait(page: Page, target: Locator): Promise<void> {
	await waitForApp(page);
	const marker = '__maillageOldDocument';
	await page.evaluate((key) => Object.defineProperty(window, key, { value: true }), marker);
	await target.click();
	const deadline = Date.now() + NAVIGATION_TIMEOUT_MS;
	while (await page.evaluate((key) => key in window, marker).catch(() => true)) {
		if (Date.now() > deadline) throw new Error(`no new page loaded after clicking ${target}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	await waitForApp(page);
}

/** Signs in through the sign-in form (asking to go on to `then`, `/` by default) and checks where it lands. */
export async function signInAs(
	page: Page,
	baseUrl: string,
	email: string,
	options: { password?: string; then?: string } = {}
): Promise<void> {
	const then = options.then ?? '/';
	await open(page, `${baseUrl}/connexion${then === '/' ? '' : `?suite=${encodeURIComponent(then)}`}`);
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByLabel('Mot de passe').fill(options.password ?? DEMO_PASSWORD);
	await clickAndWait(page, page.getByRole('button', { name: 'Se connecter' }));
	expect(new URL(page.url()).pathname).toBe(then);
}
