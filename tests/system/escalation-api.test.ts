import { beforeAll, describe, expect, it } from 'vitest';
import { apiSignIn, DEMO_PASSWORD, useServer } from '../support/server';

/**
 * Issue 8 §1 and §2 reproduced against the built server with the demo accounts: the coordinator role cannot be
 * granted by an organisation admin, a service's place is taken from the stored structure, territory coordination
 * is an explicit grant on its admin page, and accepting an invitation is a throttled, silent password check.
 */
const server = useServer();

async function call(method: string, path: string, cookie?: string, body?: unknown) {
	const headers: Record<string, string> = { origin: server.url, 'accept-language': 'fr' };
	if (cookie) headers.cookie = cookie;
	if (body !== undefined) headers['content-type'] = 'application/json';
	const res = await fetch(`${server.url}/api/v1${path}`, {
		method,
		headers,
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const text = await res.text();
	return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function form(path: string, fields: Record<string, string>, cookie?: string) {
	const headers: Record<string, string> = {
		origin: server.url,
		'content-type': 'application/x-www-form-urlencoded',
		'accept-language': 'fr',
		// a browser without JavaScript: the page, with the action's status
		accept: 'text/html'
	};
	if (cookie) headers.cookie = cookie;
	const res = await fetch(`${server.url}${path}`, {
		method: 'POST',
		headers,
		body: new URLSearchParams(fields).toString(),
		redirect: 'manual'
	});
	return { status: res.status, text: await res.text(), headers: res.headers };
}

const page = async (path: string, cookie?: string) => {
	const res = await fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
	return { status: res.status, text: await res.text() };
};

let admin: string;
let ccasAdmin: string;
let ccasId: string;
let departementId: string;

beforeAll(async () => {
	admin = await apiSignIn(server, 'admin@demo.maillage.fr');
	ccasAdmin = await apiSignIn(server, 'ccas@demo.maillage.fr');
	const orgs = (await call('GET', '/organisations?limit=100', admin)).body.items as {
		id: string;
		name: string;
	}[];
	ccasId = orgs.find((o) => o.name === 'CCAS de Cahors (démo)')!.id;
	departementId = orgs.find((o) => o.name === 'Département du Lot (démo)')!.id;
}, 60_000);

describe('privilege escalation through the coordinator role (§1)', () => {
	it('an organisation admin cannot invite a "coordinator": 400 naming the role', async () => {
		const res = await call('POST', `/organisations/${ccasId}/invitations`, ccasAdmin, {
			email: 'complice@exemple.fr',
			role: 'coordinator'
		});
		expect(res.status).toBe(400);
		expect(res.body.error.issues.map((i: { field: string }) => i.field)).toEqual(['role']);
	});

	it('the place of a new service is the stored structure’s: naming Cahors does not open a Figeac structure', async () => {
		const structure = await call('POST', '/structures', admin, {
			name: 'Maison des solidarités de Figeac',
			organisationId: departementId,
			communeCode: '46102'
		});
		expect(structure.status).toBe(201);
		// the CCAS admin, even made coordinator of Cahors, may not add a service to it by naming Cahors
		const granted = await call('POST', '/coordinations', admin, {
			email: 'ccas@demo.maillage.fr',
			territoryType: 'commune',
			territoryCode: '46042'
		});
		expect(granted.status).toBe(201);
		const coordinatorOfCahors = await apiSignIn(server, 'ccas@demo.maillage.fr');
		const slipped = await call('POST', '/services', coordinatorOfCahors, {
			structureId: structure.body.id,
			name: 'Service glissé',
			description: 'Un service placé dans la structure d’une autre organisation.',
			communeCode: '46042'
		});
		expect(slipped.status).toBe(403);
		expect((await call('DELETE', `/coordinations/${granted.body.id}`, admin)).status).toBe(204);
	});

	it('the demo coordinator holds the coordination of the Lot as a grant, listed on the admin page', async () => {
		const coordination = await apiSignIn(server, 'coordination@demo.maillage.fr');
		const me = await call('GET', '/me', coordination);
		expect(me.body.coordinations).toEqual([{ type: 'departement', code: '46' }]);
		expect(me.body.memberships.map((m: { role: string }) => m.role)).toEqual(['member']);
		const listing = await page('/admin/coordinations', admin);
		expect(listing.status).toBe(200);
		expect(listing.text).toContain('Hélène Coordinatrice');
		expect((await page('/admin/coordinations', ccasAdmin)).status).toBe(403);
	});

	it('a coordinator gives the coordination of a commune of the Lot through the admin page, not of the Gers', async () => {
		const coordination = await apiSignIn(server, 'coordination@demo.maillage.fr');
		const refused = await form(
			'/admin/coordinations?/grant',
			{ email: 'caf@demo.maillage.fr', territoryType: 'departement', territoryCode: '32' },
			coordination
		);
		expect(refused.status).toBe(403);
		const given = await form(
			'/admin/coordinations?/grant',
			{ email: 'caf@demo.maillage.fr', territoryType: 'commune', territoryCode: '46102' },
			coordination
		);
		expect(given.status).toBe(200);
		expect(given.text).toContain('Coordination confiée à caf@demo.maillage.fr');
		const caf = await apiSignIn(server, 'caf@demo.maillage.fr');
		expect((await call('GET', '/me', caf)).body.coordinations).toEqual([{ type: 'commune', code: '46102' }]);
	});
});

describe('accepting an invitation is the sign-in’s password check (§2)', () => {
	const invite = async (email: string) =>
		(await call('POST', `/organisations/${ccasId}/invitations`, ccasAdmin, { email, role: 'reader' })).body
			.acceptUrl as string;
	const pathOf = (url: string) => new URL(url).pathname;

	it('shows the same page whether the invited address has an account or not', async () => {
		const existing = await invite('cpam@demo.maillage.fr');
		const unknown = await invite('nouvelle.personne@exemple.fr');
		const normalise = (html: string, url: string, email: string) =>
			html
				.replaceAll(pathOf(url), 'LINK')
				.replaceAll(pathOf(url).split('/').pop()!, 'TOKEN')
				.replaceAll(email, 'EMAIL')
				.replace(/nonce="[^"]+"/g, 'nonce');
		const a = await page(pathOf(existing));
		const b = await page(pathOf(unknown));
		expect([a.status, b.status]).toEqual([200, 200]);
		expect(normalise(a.text, existing, 'cpam@demo.maillage.fr')).toBe(
			normalise(b.text, unknown, 'nouvelle.personne@exemple.fr')
		);
	});

	it('wrong passwords are refused with one message, then even the right one is throttled', async () => {
		const path = pathOf(await invite('cpam@demo.maillage.fr'));
		const failuresAudited = async () =>
			((await call('GET', '/audit-events?action=auth.login.failed&limit=200', admin)).body.items as unknown[])
				.length;
		const failedBefore = await failuresAudited();
		for (let i = 0; i < 10; i++) {
			const res = await form(path, { password: `mauvais-mot-de-passe-${i}` });
			expect(res.status).toBe(401);
			expect(res.text).toContain('Nous n’avons pas pu vous connecter');
		}
		const right = await form(path, { password: DEMO_PASSWORD });
		expect(right.status).toBe(429);
		expect(right.headers.get('set-cookie') ?? '').not.toContain('maillage_session');
		// the sign-in is throttled the same way: one counter for every password check
		const signIn = await fetch(`${server.url}/api/v1/sessions`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: server.url },
			body: JSON.stringify({ email: 'cpam@demo.maillage.fr', password: DEMO_PASSWORD })
		});
		expect(signIn.status).toBe(429);
		expect(await failuresAudited()).toBe(failedBefore + 10);
	});
});
