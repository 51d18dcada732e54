import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiSignIn, DEMO_PASSWORD, useServer } from '../support/server';

/**
 * The HTTP edges of the built server that an attacker or a person in danger meets first: where redirects may
 * send a browser, what the partners' app answers to someone not signed in (pages, their __data.json, their
 * form actions), the quick exit on every public page, and partner text written into pages as text only.
 * Routes are listed from src/routes, so a page added later is covered without touching this file.
 */
const server = useServer();

const ROUTES = path.resolve('src/routes');
const QUICK_EXIT_URL = 'https://www.meteofrance.com/';

const PAGE_FILE = /^\+page(\.server)?\.(svelte|ts|js)$/;

/** Directories (relative to src/routes) holding a page file matching `file` (any +page.svelte/.server.ts by default). */
function pageDirectories(file = PAGE_FILE, dir = ROUTES): string[] {
	const entries = fs.readdirSync(dir, { withFileTypes: true });
	const here = entries.some((e) => file.test(e.name))
		? [path.relative(ROUTES, dir).split(path.sep).join('/')]
		: [];
	for (const e of entries)
		if (e.name.includes('@')) throw new Error(`named layouts are not handled here: ${e.name}`);
	return [
		...here,
		...entries.filter((e) => e.isDirectory()).flatMap((e) => pageDirectories(file, path.join(dir, e.name)))
	];
}

/** The URL path of a route directory, groups left out and each [param] filled by `fill`. */
function urlPath(directory: string, fill: (param: string) => string): string {
	const segments = directory
		.split('/')
		.filter((s) => s && !/^\(.+\)$/.test(s))
		.map((s) => {
			const param = /^\[(\w+)\]$/.exec(s);
			if (param) return encodeURIComponent(fill(param[1]!));
			if (s.includes('[')) throw new Error(`optional or rest parameter not handled here: ${s}`);
			return s;
		});
	return `/${segments.join('/')}`;
}

const manual = (url: string, init: RequestInit = {}) => fetch(url, { redirect: 'manual', ...init });

/** Form post as a browser sends it (same origin, asking for HTML). */
function postForm(url: string, fields: Record<string, string>, cookie?: string) {
	return manual(url, {
		method: 'POST',
		headers: {
			origin: server.url,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			...(cookie ? { cookie } : {})
		},
		body: new URLSearchParams(fields).toString()
	});
}

/** A Location header that a browser resolves to a page of our origin, written as a single-slash path. */
function expectSameOriginPath(location: string | null, context: string) {
	expect(location, context).not.toBeNull();
	expect(location, context).toMatch(/^\/(?![/\\])/);
	// eslint-disable-next-line no-control-regex -- control characters are what this looks for
	expect(location, context).not.toMatch(/[\\\u0000-\u001f]/);
	expect(new URL(location!, server.url).origin, context).toBe(server.url);
}

describe('return addresses stay on the site', () => {
	let cookie: string;
	beforeAll(async () => {
		cookie = await apiSignIn(server, 'ccas@demo.maillage.fr');
	});

	// query strings as they are typed in a phishing link; each must come back as `/`
	const hostileQueries = [
		'/%5Cevil.example/phish',
		'/%5C/evil.example',
		'/\\/evil.example',
		'/%09/evil.example',
		'%2F%09%2Fevil.example',
		'/%0A/evil.example',
		'//evil.example',
		'%2F%2Fevil.example',
		'%2F.%2F%2Fevil.example',
		'https://evil.example/',
		'https%3A%2F%2Fevil.example%2F',
		'javascript:alert(1)',
		'%EF%BC%8F%EF%BC%8Fevil.example'
	];

	it('GET /connexion?suite=… while signed in', async () => {
		for (const suite of hostileQueries) {
			const res = await manual(`${server.url}/connexion?suite=${suite}`, { headers: { cookie } });
			expect(res.status, suite).toBe(303);
			expectSameOriginPath(res.headers.get('location'), suite);
			expect(res.headers.get('location'), suite).toBe('/');
		}
		// a Unicode slash is no separator: a (missing) page of the site
		const unicode = await manual(`${server.url}/connexion?suite=/%E2%88%95evil.example`, {
			headers: { cookie }
		});
		expect(unicode.headers.get('location')).toBe('/%E2%88%95evil.example');
		const kept = await manual(`${server.url}/connexion?suite=%2Fannuaire%3Fx%3D1%23y`, {
			headers: { cookie }
		});
		expect(kept.headers.get('location')).toBe('/annuaire?x=1#y');
	});

	it('POST /connexion: the form sign-in sends back to the same-origin path only', async () => {
		for (const suite of ['/%5Cevil.example/phish', '/%09/evil.example', '%2F.%2F%2Fevil.example']) {
			const res = await postForm(`${server.url}/connexion?suite=${suite}`, {
				email: 'travailleur.social@demo.maillage.fr',
				password: DEMO_PASSWORD
			});
			expect(res.status, suite).toBe(303);
			expect(res.headers.get('set-cookie'), suite).toMatch(/^maillage_session=/);
			expectSameOriginPath(res.headers.get('location'), suite);
			expect(res.headers.get('location'), suite).toBe('/');
		}
		const kept = await postForm(`${server.url}/connexion?suite=%2Fannuaire%3Fx%3D1`, {
			email: 'travailleur.social@demo.maillage.fr',
			password: DEMO_PASSWORD
		});
		expect(kept.headers.get('location')).toBe('/annuaire?x=1');
	});

	it('POST /langue next=… goes back to a same-origin path only', async () => {
		for (const next of [
			'/\\evil.example',
			'/\\/evil.example',
			'/\t/evil.example',
			'//evil.example',
			'/.//evil.example',
			'https://evil.example/',
			'javascript:alert(1)'
		]) {
			const res = await postForm(`${server.url}/langue`, { lang: 'en', next });
			expect(res.status, next).toBe(303);
			expectSameOriginPath(res.headers.get('location'), next);
			expect(res.headers.get('location'), next).toBe('/');
		}
		const kept = await postForm(`${server.url}/langue`, { lang: 'fr', next: '/aide?q=logement#resultats' });
		expect(kept.headers.get('location')).toBe('/aide?q=logement#resultats');
	});
});

describe('the partners’ app without a session', () => {
	const appPages = pageDirectories().filter((d) => d === '(app)' || d.startsWith('(app)/'));
	const fillId = (param: string) => {
		if (param === 'number') return '1'; // a charter version
		if (param !== 'id' && !param.endsWith('Id'))
			throw new Error(`no value for [${param}] in the partners' app: add one here`);
		return randomUUID();
	};
	/**
	 * `x-sveltekit-invalidated` tells which nodes (layouts…, page) to load: "0…01" skips every layout, the
	 * (app) guard included, and runs the page alone, as SvelteKit's client asks when only the page changed.
	 * The number of layouts depends on the route, so every length is tried (a wrong length loads nothing).
	 */
	const masks = ['', '01', '001', '0001', '00001'];
	const signInFor = (p: string) => `/connexion?suite=${encodeURIComponent(p)}`;

	it('finds the pages of the partners’ app', () => {
		expect(appPages).toContain('(app)/organisations');
		expect(appPages).toContain('(app)/annuaire/services/[id]');
		expect(appPages.length).toBeGreaterThanOrEqual(10);
	});

	it('every page, its __data.json and its form posts send to the sign-in page, never data nor 5xx', async () => {
		for (const directory of appPages) {
			const p = urlPath(directory, fillId);
			const page = await manual(`${server.url}${p}`);
			expect(page.status, p).toBe(303);
			expect(page.headers.get('location'), p).toBe(signInFor(p));

			for (const mask of masks) {
				const dataUrl = `${server.url}${p === '/' ? '' : p}/__data.json${mask ? `?x-sveltekit-invalidated=${mask}` : ''}`;
				const res = await manual(dataUrl);
				const body = await res.text();
				expect(res.status, `${dataUrl}: ${body}`).toBeLessThan(500);
				// a 200 must be the redirect SvelteKit's client follows, nothing loaded
				expect(JSON.parse(body), dataUrl).toEqual({ type: 'redirect', location: signInFor(p) });
			}

			const fields = { name: 'Essai anonyme', description: 'x' };
			const post = await postForm(`${server.url}${p}`, fields);
			expect(post.status, `POST ${p}`).toBe(303);
			expect(post.headers.get('location'), `POST ${p}`).toBe(signInFor(p));
			// as use:enhance posts: the action must not run and answer its result (the layout guard comes after it)
			const enhanced = await manual(`${server.url}${p}`, {
				method: 'POST',
				headers: {
					origin: server.url,
					accept: 'application/json',
					'x-sveltekit-action': 'true',
					'content-type': 'application/x-www-form-urlencoded'
				},
				body: new URLSearchParams(fields).toString()
			});
			const result = await enhanced.text();
			expect(enhanced.status, `POST ${p} (JSON): ${result}`).toBe(200);
			expect(JSON.parse(result), `POST ${p} (JSON)`).toEqual({
				type: 'redirect',
				status: 303,
				location: signInFor(p)
			});
		}
	});

	it('signed in, the same requests load the page: the checks above are not answered by accident', async () => {
		const cookie = await apiSignIn(server, 'ccas@demo.maillage.fr');
		const page = await manual(`${server.url}/organisations`, { headers: { cookie } });
		expect(page.status).toBe(200);
		const data = await manual(`${server.url}/organisations/__data.json?x-sveltekit-invalidated=001`, {
			headers: { cookie }
		});
		expect(data.status).toBe(200);
		const body = await data.json();
		expect(body.type).toBe('data');
		expect(body.nodes.map((n: { type: string }) => n.type)).toEqual(['skip', 'skip', 'data']);
	});
});

describe('quick exit on every public page', () => {
	/** Real values of the demo for each route parameter of the public pages. */
	let params: Record<string, string>;
	beforeAll(async () => {
		const services = await (await fetch(`${server.url}/api/v1/services?limit=1`)).json();
		const territories = await (await fetch(`${server.url}/api/v1/territories?q=Cahors`)).json();
		const situations = await (await fetch(`${server.url}/aide/situations`)).text();
		params = {
			id: services.items[0].id,
			type: territories.items[0].type,
			code: territories.items[0].code,
			slug: /href="\/aide\/situations\/([a-z0-9-]+)"/.exec(situations)![1]!,
			// shaped like an invitation token (32 random bytes, base64url), matching none
			token: randomBytes(32).toString('base64url')
		};
	});
	const fill = (param: string) => {
		if (!(param in params)) throw new Error(`no demo value for [${param}]: add one in this test`);
		return params[param]!;
	};

	/** Every page that renders outside the partners' app (the portal, sign-in, invitation, language). */
	const publicPages = pageDirectories(/^\+page\.svelte$/).filter(
		(d) => d !== '(app)' && !d.startsWith('(app)/') && !d.startsWith('api/')
	);

	function expectQuickExit(html: string, context: string, label = 'Quitter rapidement') {
		const links = html.match(/<a\b[^>]*\bdata-quick-exit\b[^>]*>[\s\S]*?<\/a>/g) ?? [];
		expect(links, context).toHaveLength(1);
		const link = links[0]!;
		expect(link, context).toContain(`href="${QUICK_EXIT_URL}"`);
		expect(link, context).toMatch(/\brel="[^"]*noreferrer[^"]*"/);
		// its accessible name is its text: no aria-label or aria-labelledby in the way
		expect(link, context).not.toMatch(/aria-label/);
		expect(link.replace(/<[^>]*>/g, '').trim(), context).toBe(label);
		const hintId = /aria-describedby="([^"]+)"/.exec(link)?.[1];
		expect(html, context).toMatch(new RegExp(`<span id="${hintId}"[^>]*>[^<]{20,}</span>`));
		expect(html, context).toMatch(/<script src="\/quick-exit\.js"/);
	}

	it('lists the public pages from src/routes', () => {
		for (const expected of [
			'(public)',
			'(public)/territoires',
			'(public)/aide/services/[id]',
			'connexion',
			'invitation/[token]',
			'langue'
		])
			expect(publicPages).toContain(expected);
	});

	it('each public page, anonymous, server-rendered', async () => {
		for (const directory of publicPages) {
			const p = urlPath(directory, fill);
			const res = await fetch(`${server.url}${p}`);
			expect(res.status, p).toBe(200);
			expectQuickExit(await res.text(), p);
		}
	});

	it('the sign-in page with a return address, and a page in English', async () => {
		const signIn = await fetch(`${server.url}/connexion?suite=%2Fannuaire`);
		expectQuickExit(await signIn.text(), '/connexion?suite=');
		const english = await fetch(`${server.url}/territoires`, { headers: { 'accept-language': 'en' } });
		expectQuickExit(await english.text(), '/territoires (en)', 'Quick exit');
	});

	it('the error pages: unknown address, unknown sheet, unknown territory, and the generic error page', async () => {
		for (const p of [
			'/cette-page-n-existe-pas',
			'/annuaire/pas-une-page',
			`/aide/services/${randomUUID()}`,
			'/territoires/commune/46999'
		]) {
			const res = await fetch(`${server.url}${p}`);
			expect(res.status, p).toBe(404);
			expectQuickExit(await res.text(), p);
		}
		// a form post to a page without actions: SvelteKit answers 405 through src/routes/+error.svelte
		const generic = await postForm(`${server.url}/territoires`, { q: 'Cahors' });
		expect(generic.status).toBe(405);
		const html = await generic.text();
		expect(html).toContain('<h1>Erreur 405</h1>');
		expectQuickExit(html, 'POST /territoires');
	});
});

describe('text typed by partners is escaped in server-rendered pages', () => {
	const NAME = 'Permanence Pélissier <img src=x onerror=alert(1)>"><svg onload=alert(2)>';
	const DESCRIPTION = 'Accueil <script>alert(3)</script> et <img src=x onerror=alert(4)> sur rendez-vous.';
	const STRUCTURE = 'Pôle <b>logement</b> <img src=x onerror=alert(5)>';
	let cookie: string;
	let serviceId: string;
	let structureId: string;

	async function api(method: string, p: string, body: unknown) {
		const res = await fetch(`${server.url}/api/v1${p}`, {
			method,
			headers: { origin: server.url, cookie, 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});
		return { status: res.status, body: await res.json() };
	}

	beforeAll(async () => {
		cookie = await apiSignIn(server, 'ccas@demo.maillage.fr');
		const me = await (await fetch(`${server.url}/api/v1/me`, { headers: { cookie } })).json();
		const organisationId = me.memberships.find(
			(m: { organisationName: string }) => m.organisationName === 'CCAS de Cahors (démo)'
		).organisationId;
		const structure = await api('POST', '/structures', {
			name: STRUCTURE,
			organisationId,
			communeCode: '46042'
		});
		expect(structure.status).toBe(201);
		structureId = structure.body.id;
		const created = await api('POST', '/services', {
			structureId,
			name: 'Permanence Pélissier',
			description: 'Aide au logement, sur rendez-vous.',
			thematiques: ['logement-hebergement--se-maintenir-dans-le-logement'],
			communeCode: '46042'
		});
		expect(created.status).toBe(201);
		serviceId = created.body.id;
		// an update, as a partner would do it from the API
		const updated = await api('PATCH', `/services/${serviceId}`, {
			name: NAME,
			description: DESCRIPTION,
			publicsDetails: 'Personnes <iframe src=//evil.example></iframe> isolées'
		});
		expect(updated.status).toBe(200);
		expect(updated.body.name).toBe(NAME);
	});

	function expectEscaped(html: string, context: string) {
		for (const raw of ['<img src=x', '<script>alert', '<svg', '<b>logement', '<iframe'])
			expect(html, `${context}: ${raw}`).not.toContain(raw);
		expect(html, context).not.toContain('"><svg');
		// the text is there, as text
		expect(html, context).toMatch(/Permanence Pélissier &lt;img src=x onerror=alert\(1\)/);
	}

	it('the public sheet, and the public search results', async () => {
		const sheet = await fetch(`${server.url}/aide/services/${serviceId}`);
		expect(sheet.status).toBe(200);
		const html = await sheet.text();
		expectEscaped(html, 'sheet');
		expect(html).toMatch(/Accueil &lt;script>alert\(3\)&lt;\/script> et &lt;img src=x onerror=alert\(4\)/);
		expect(html).toContain('Pôle &lt;b>logement&lt;/b>');
		const results = await fetch(`${server.url}/aide?q=P%C3%A9lissier&commune=Cahors&rayon=tout`);
		expectEscaped(await results.text(), 'results');
	});

	it('the partner’s pages: the service form, the directory, the structure', async () => {
		for (const p of [`/annuaire/services/${serviceId}`, '/annuaire', `/annuaire/structures/${structureId}`]) {
			const res = await fetch(`${server.url}${p}`, { headers: { cookie } });
			expect(res.status, p).toBe(200);
			expectEscaped(await res.text(), p);
		}
	});
});
