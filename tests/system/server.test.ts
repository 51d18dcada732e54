import { describe, expect, it } from 'vitest';
import { apiSignIn, startServer, useServer } from '../support/server';

const server = useServer();

const jsonLogLines = () =>
	server
		.output()
		.split('\n')
		.filter((l) => l.startsWith('{'))
		.map((l) => JSON.parse(l) as Record<string, unknown>);

describe('the built server', () => {
	it('answers liveness and readiness with the migrations applied', async () => {
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
		const ready = await fetch(`${server.url}/readyz`);
		const body = await ready.json();
		expect(body.status).toBe('ready');
		expect(body.migrations.applied).toBe(body.migrations.expected);
		expect(body.database).toBe('pglite');
	});

	it('loads the Lot demo on first start and prints the demo accounts once', async () => {
		expect(server.output()).toContain('Comptes de démonstration');
		expect(server.output()).toContain('ccas@demo.maillage.fr');
		const res = await fetch(`${server.url}/api/v1/territories/departement/46`);
		const lot = await res.json();
		expect(lot.name).toBe('Lot');
		expect(lot.children).toHaveLength(10);
	});

	it('sends a strict CSP without unsafe-inline scripts, and the other security headers', async () => {
		const res = await fetch(`${server.url}/`);
		const csp = res.headers.get('content-security-policy') ?? '';
		const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
		expect(scriptSrc).toContain("'self'");
		expect(scriptSrc).not.toContain('unsafe-inline');
		expect(csp).toContain("frame-ancestors 'none'");
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('x-frame-options')).toBe('DENY');
		expect(res.headers.get('strict-transport-security')).toBeNull(); // only in production
		expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('answers bad input with a clear JSON error, never a stack trace', async () => {
		const res = await fetch(`${server.url}/api/v1/territories/commune/pas-un-code`);
		expect(res.status).toBe(400);
		const body = await res.json();
		expect(body.error.issues).toEqual([{ field: 'code', message: 'Ce code n’a pas un format valide.' }]);
		const page = await fetch(`${server.url}/territoires/commune/46999`);
		expect(page.status).toBe(404);
		const html = await page.text();
		expect(html).toContain('Ce territoire n’existe pas.');
		expect(html).not.toMatch(/at .+\.js:\d+/);
		const malformed = await fetch(`${server.url}/api/v1/sessions`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"email": "incomplet'
		});
		expect(malformed.status).toBe(400);
		expect((await malformed.json()).error.message).toBe('Le JSON envoyé est mal formé.');
	});

	it('refuses a state-changing request coming from another site', async () => {
		const res = await fetch(`${server.url}/api/v1/sessions`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: 'https://site-malveillant.example' },
			body: JSON.stringify({ email: 'admin@demo.maillage.fr', password: 'x' })
		});
		expect(res.status).toBe(403);
		const form = await fetch(`${server.url}/connexion`, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				origin: 'https://site-malveillant.example'
			},
			body: 'email=admin%40demo.maillage.fr&password=x'
		});
		expect(form.status).toBe(403);
	});

	it('rate-limits sign-in: the 11th attempt within 15 minutes gets 429', async () => {
		const attempt = () =>
			fetch(`${server.url}/api/v1/sessions`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ email: 'gendarmerie@demo.maillage.fr', password: 'mauvais-mot-de-passe' })
			});
		for (let i = 0; i < 10; i++) {
			const res = await attempt();
			expect(res.status).toBe(401);
			expect((await res.json()).error.message).toBe('Adresse e-mail ou mot de passe incorrect.');
		}
		const eleventh = await attempt();
		expect(eleventh.status).toBe(429);
		expect(eleventh.headers.get('retry-after')).toBe('900');
	});

	it('writes JSON logs with a request id on every request line and no e-mail address', async () => {
		await apiSignIn(server, 'caf@demo.maillage.fr');
		const lines = jsonLogLines();
		const requests = lines.filter((l) => l.msg === 'request');
		expect(requests.length).toBeGreaterThan(5);
		for (const line of requests) expect(line.requestId).toMatch(/^[0-9a-f-]{36}$/);
		expect(JSON.stringify(lines)).not.toMatch(/@demo\.maillage\.fr/);
	});

	it('serves the OpenAPI 3.1 document', async () => {
		const doc = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
		expect(doc.openapi).toBe('3.1.0');
		expect(Object.keys(doc.paths)).toContain('/territories/{type}/{code}');
	});
});

describe('lifecycle', () => {
	it('restarts on the same data without re-seeding, and shuts down cleanly on SIGTERM', async () => {
		const first = await startServer();
		expect(first.output()).toContain('Comptes de démonstration');
		expect(await first.stop('SIGTERM')).toBe(0);
		expect(first.output()).toContain('database closed');
		const second = await startServer({ dataDir: first.dataDir });
		try {
			expect(second.output()).not.toContain('Comptes de démonstration');
			expect(second.output()).not.toContain('territories of France loaded');
			// the demo accounts made on the first start still work
			await expect(apiSignIn(second, 'ccas@demo.maillage.fr')).resolves.toMatch(/^maillage_session=/);
		} finally {
			await second.stop();
		}
	});

	it('refuses to start in production with the default secret, or on PGlite unless allowed', async () => {
		const noSecret = await startServer({
			env: { NODE_ENV: 'production', MAILLAGE_SECRET: undefined },
			waitReady: false
		});
		expect(await new Promise((r) => noSecret.process.once('exit', r))).not.toBe(0);
		expect(noSecret.output()).toContain('MAILLAGE_SECRET');
		const pglite = await startServer({
			env: { NODE_ENV: 'production', MAILLAGE_SECRET: 'x'.repeat(40) },
			waitReady: false
		});
		expect(await new Promise((r) => pglite.process.once('exit', r))).not.toBe(0);
		expect(pglite.output()).toContain('DATABASE_URL is required in production');
	});
});
