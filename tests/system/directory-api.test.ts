import { beforeAll, describe, expect, it } from 'vitest';
import { apiSignIn, useServer } from '../support/server';

/**
 * The directory's write rules through the real API (built server, demo accounts): an organisation edits its own
 * services only, a coordinator edits everywhere in its territory, bad input is refused with field errors.
 */
const server = useServer();

interface Session {
	cookie: string;
	organisationId: string;
}
let ccas: Session;
let caf: Session;
let coordination: Session;
let serviceId: string;
let structureId: string;

async function call(method: string, path: string, cookie?: string, body?: unknown, raw?: string) {
	const headers: Record<string, string> = { origin: server.url, 'accept-language': 'fr' };
	if (cookie) headers.cookie = cookie;
	if (body !== undefined || raw !== undefined) headers['content-type'] = 'application/json';
	const res = await fetch(`${server.url}/api/v1${path}`, {
		method,
		headers,
		body: raw ?? (body === undefined ? undefined : JSON.stringify(body))
	});
	const text = await res.text();
	let json: unknown = null;
	try {
		json = text ? JSON.parse(text) : null;
	} catch {
		json = text;
	}
	return { status: res.status, body: json as Record<string, any>, headers: res.headers, text }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function session(email: string, organisation: string): Promise<Session> {
	const cookie = await apiSignIn(server, email);
	const me = await call('GET', '/me', cookie);
	const m = (me.body.memberships as { organisationId: string; organisationName: string }[]).find(
		(x) => x.organisationName === organisation
	);
	if (!m) throw new Error(`${email} is not in ${organisation}`);
	return { cookie, organisationId: m.organisationId };
}

beforeAll(async () => {
	ccas = await session('ccas@demo.maillage.fr', 'CCAS de Cahors (démo)');
	caf = await session('caf@demo.maillage.fr', 'CAF du Lot (démo)');
	coordination = await session('coordination@demo.maillage.fr', 'Département du Lot (démo)');
	const structure = await call('POST', '/structures', ccas.cookie, {
		name: 'CCAS de Cahors — pôle logement',
		organisationId: ccas.organisationId,
		communeCode: '46042'
	});
	expect(structure.status).toBe(201);
	structureId = structure.body.id;
	const created = await call('POST', '/services', ccas.cookie, {
		structureId,
		name: 'Permanence logement du CCAS',
		description: 'Aide à l’accès et au maintien dans le logement, sur rendez-vous.',
		thematiques: ['logement-hebergement--se-maintenir-dans-le-logement'],
		communeCode: '46042'
	});
	expect(created.status).toBe(201);
	serviceId = created.body.id;
}, 60_000);

describe('PATCH /api/v1/services/{id}', () => {
	it('another organisation gets 403 and the service is unchanged', async () => {
		const res = await call('PATCH', `/services/${serviceId}`, caf.cookie, { name: 'Modifié par la CAF' });
		expect(res.status).toBe(403);
		expect(res.body.error.code).toBe('forbidden');
		const deleted = await call('DELETE', `/services/${serviceId}`, caf.cookie);
		expect(deleted.status).toBe(403);
		const same = await call('POST', `/services/${serviceId}/check`, ccas.cookie);
		expect(same.status).toBe(200);
		expect(same.body.name).toBe('Permanence logement du CCAS');
	});

	it('its own organisation gets 200 with the change; the coordinator of the Lot too', async () => {
		const own = await call('PATCH', `/services/${serviceId}`, ccas.cookie, {
			name: 'Permanence logement — CCAS de Cahors',
			phone: '05 65 20 88 00'
		});
		expect(own.status).toBe(200);
		expect(own.body.name).toBe('Permanence logement — CCAS de Cahors');
		expect(own.body.stale).toBe(false);
		// fields left out of the PATCH keep their value
		expect(own.body.thematiques).toEqual(['logement-hebergement--se-maintenir-dans-le-logement']);
		const coordinator = await call('PATCH', `/services/${serviceId}`, coordination.cookie, {
			openingHours: 'Mo-Fr 09:00-12:00'
		});
		expect(coordinator.status).toBe(200);
		expect(coordinator.body.openingHours).toBe('Mo-Fr 09:00-12:00');
	});

	it('anonymous gets 401', async () => {
		const res = await call('PATCH', `/services/${serviceId}`, undefined, { name: 'Anonyme' });
		expect(res.status).toBe(401);
		expect(res.body.error.code).toBe('unauthenticated');
	});

	it('refuses bad input with French errors naming the field', async () => {
		const unknown = await call('PATCH', `/services/${serviceId}`, ccas.cookie, {
			thematiques: ['logement-hebergement--inexistante']
		});
		expect(unknown.status).toBe(400);
		expect(unknown.body.error.issues).toEqual([
			{ field: 'thematiques.0', message: 'Thématique inconnue : logement-hebergement--inexistante.' }
		]);
		const abroad = await call('PATCH', `/services/${serviceId}`, ccas.cookie, {
			latitude: 40.4168,
			longitude: -3.7038 // Madrid
		});
		expect(abroad.status).toBe(400);
		expect(abroad.body.error.issues).toEqual([
			{ field: 'latitude', message: 'Ces coordonnées sont hors de France.' }
		]);
		const huge = await call(
			'PATCH',
			`/services/${serviceId}`,
			ccas.cookie,
			undefined,
			JSON.stringify({ description: 'Très longue description. '.repeat(420_000) })
		);
		expect([400, 413]).toContain(huge.status);
		expect(huge.body.error.message).toBe('Le contenu envoyé est trop volumineux (1 Mo au plus).');
		const long = await call('PATCH', `/services/${serviceId}`, ccas.cookie, {
			description: 'é'.repeat(10_001)
		});
		expect(long.status).toBe(400);
		expect(long.body.error.issues[0].field).toBe('description');
		const malformed = await call('PATCH', `/services/${serviceId}`, ccas.cookie, undefined, '{"name": ');
		expect(malformed.status).toBe(400);
		const after = await call('POST', `/services/${serviceId}/check`, ccas.cookie);
		expect(after.body.name).toBe('Permanence logement — CCAS de Cahors');
		expect(after.body.latitude).toBeNull();
	});
});

describe('correspondents API', () => {
	it('partners only; the owning organisation adds and removes, another one cannot', async () => {
		expect((await call('GET', `/structures/${structureId}/correspondents`)).status).toBe(401);
		const added = await call('POST', `/structures/${structureId}/correspondents`, ccas.cookie, {
			theme: 'logement-hebergement',
			fullName: 'Margaux Delpech',
			jobTitle: 'Conseillère en économie sociale et familiale',
			email: 'm.delpech@ccas-cahors.example.fr'
		});
		expect(added.status).toBe(201);
		const seenByCaf = await call('GET', `/structures/${structureId}/correspondents`, caf.cookie);
		expect(seenByCaf.status).toBe(200);
		expect(seenByCaf.body.items.map((c: { fullName: string }) => c.fullName)).toEqual(['Margaux Delpech']);
		expect((await call('DELETE', `/correspondents/${added.body.id}`, caf.cookie)).status).toBe(403);
		expect(
			(
				await call('POST', `/structures/${structureId}/correspondents`, caf.cookie, {
					theme: 'sante',
					fullName: 'Intrus'
				})
			).status
		).toBe(403);
		expect((await call('DELETE', `/correspondents/${added.body.id}`, ccas.cookie)).status).toBe(204);
	});
});

describe('referential and matrix API', () => {
	it('coordinators build the tree, others cannot; anyone reads it', async () => {
		const p = await call('POST', '/referential', coordination.cookie, {
			departementCode: '46',
			name: 'Logement (test API)'
		});
		expect(p.status).toBe(201);
		expect(p.body.level).toBe('politique');
		const m = await call('POST', '/referential', coordination.cookie, {
			departementCode: '46',
			parentId: p.body.id,
			name: 'Prévenir les expulsions'
		});
		const a = await call('POST', '/referential', coordination.cookie, {
			departementCode: '46',
			parentId: m.body.id,
			name: 'Permanences CCAPEX'
		});
		expect(a.body.level).toBe('action');
		expect(
			(await call('POST', `/referential/${a.body.id}/services/${serviceId}`, coordination.cookie)).status
		).toBe(204);
		expect(
			(await call('POST', '/referential', ccas.cookie, { departementCode: '46', name: 'Pirate' })).status
		).toBe(403);
		expect((await call('PATCH', `/referential/${p.body.id}`, undefined, { name: 'Anonyme' })).status).toBe(
			401
		);

		const tree = await call('GET', '/referential?departement=46');
		expect(tree.status).toBe(200);
		const mine = tree.body.items.find((n: { id: string }) => n.id === p.body.id);
		expect(mine.serviceCount).toBe(1);
		expect(mine.children[0].children[0].services[0].id).toBe(serviceId);

		const refused = await call('DELETE', `/referential/${p.body.id}`, coordination.cookie);
		expect(refused.status).toBe(400);
		expect(refused.body.error.issues[0].field).toBe('confirm');
		expect((await call('DELETE', `/referential/${p.body.id}?confirm=true`, coordination.cookie)).status).toBe(
			204
		);
	});

	it('the matrix of the Lot lists the service under its organisation, also as CSV for Excel', async () => {
		const res = await call('GET', '/matrix?territory=departement:46&rows=categories');
		expect(res.status).toBe(200);
		const column = res.body.columns.find((c: { label: string }) => c.label === 'CCAS de Cahors (démo)');
		expect(column).toBeDefined();
		const cell = res.body.cells.find(
			(c: { row: string; column: string }) => c.row === 'logement-hebergement' && c.column === column.key
		);
		expect(cell.services.map((s: { id: string }) => s.id)).toContain(serviceId);
		const csv = await fetch(`${server.url}/api/v1/matrix.csv?territory=commune:46042&rows=thematiques`);
		expect(csv.status).toBe(200);
		expect(csv.headers.get('content-type')).toContain('text/csv');
		const bytes = new Uint8Array(await csv.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder().decode(bytes.slice(3));
		expect(text.split('\r\n')[0]).toMatch(/^Thématique;/);
		expect(text).toContain('Permanence logement — CCAS de Cahors');
		expect((await call('GET', '/matrix?territory=pays:fr')).status).toBe(400);
	});
});
