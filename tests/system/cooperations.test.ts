import { beforeAll, describe, expect, it } from 'vitest';
import { apiCall, apiSignIn, useServer } from '../support/server';

/**
 * Cooperations through the built demo server: the API (who may create and manage, PATCH changes only what is
 * sent, parties and the last pilot, French field messages) and the creation form without JavaScript.
 */
const server = useServer();

const cookies: Record<string, string> = {};
let demoId: string;
let orgIds: Record<string, string> = {};

const api = (method: string, path: string, who?: string, body?: unknown) =>
	apiCall(server, method, path, who ? cookies[who] : undefined, body);

const postForm = (path: string, who: string, fields: [string, string][]) =>
	fetch(`${server.url}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: server.url,
			accept: 'text/html',
			'accept-language': 'fr',
			'content-type': 'application/x-www-form-urlencoded',
			cookie: cookies[who]!
		},
		body: new URLSearchParams(fields).toString()
	});

beforeAll(async () => {
	for (const [who, email] of [
		['coordination', 'coordination@demo.maillage.fr'],
		['ecoute', 'ecoute-violences@demo.maillage.fr'],
		['caf', 'caf@demo.maillage.fr'],
		['admin', 'admin@demo.maillage.fr']
	])
		cookies[who!] = await apiSignIn(server, email!);
	const list = await api('GET', `/cooperations?q=${encodeURIComponent('violences intrafamiliales')}`, 'caf');
	demoId = list.body.items[0].id;
	const detail = await api('GET', `/cooperations/${demoId}`, 'caf');
	orgIds = Object.fromEntries(
		(detail.body.parties as { organisationId: string; organisationName: string }[]).map((p) => [
			p.organisationName,
			p.organisationId
		])
	);
}, 60_000);

describe('cooperations API', () => {
	it('lists for accounts only; « mine » keeps the parties of my organisations', async () => {
		expect((await api('GET', '/cooperations')).status).toBe(401);
		const mine = await api('GET', '/cooperations?mine=true', 'caf');
		expect(mine.status).toBe(200);
		expect(mine.body.items.map((c: { name: string }) => c.name)).toContain(
			'Réseau violences intrafamiliales du Lot (démo)'
		);
		const detail = await api('GET', `/cooperations/${demoId}`, 'caf');
		expect(detail.body).toMatchObject({ canManage: false, status: 'active', territoryCode: '46' });
		expect(detail.body.parties).toHaveLength(8);
		expect(detail.body.signatoryFor).toEqual([orgIds['CAF du Lot (démo)']]);
	});

	it('creates as a coordinator of the territory; refuses others and bad input field by field in French', async () => {
		const body = {
			name: 'Coopération prévention jeunesse du Grand Cahors',
			themes: ['famille--surmonter-conflits-separation-violence'],
			territoryType: 'departement',
			territoryCode: '46',
			parties: [{ organisationId: orgIds['CCAS de Cahors (démo)'], role: 'pilote' }]
		};
		expect((await api('POST', '/cooperations', 'caf', body)).status).toBe(403);
		const bad = await api('POST', '/cooperations', 'coordination', {
			...body,
			name: 'X',
			parties: [{ organisationId: orgIds['CAF du Lot (démo)'], role: 'chef' }]
		});
		expect(bad.status).toBe(400);
		expect(bad.body.error.issues).toEqual(
			expect.arrayContaining([
				{ field: 'name', message: 'le nom doit compter au moins 3 caractères' },
				{
					field: 'parties.0.role',
					message: 'choisissez le rôle\u202f: pilote, co-pilote, facilitateur ou contributeur'
				}
			])
		);
		const noPilot = await api('POST', '/cooperations', 'coordination', {
			...body,
			parties: [{ organisationId: orgIds['CAF du Lot (démo)'], role: 'contributeur' }]
		});
		expect(noPilot.body.error.issues).toEqual([
			{ field: 'parties', message: 'au moins une partie doit être pilote' }
		]);
		const created = await api('POST', '/cooperations', 'coordination', body);
		expect(created.status).toBe(201);
		expect(created.body.parties).toEqual([
			expect.objectContaining({ organisationName: 'CCAS de Cahors (démo)', role: 'pilote', signatories: [] })
		]);
	});

	it('PATCH changes only the fields sent; a contributor may not; the facilitator may', async () => {
		const before = (await api('GET', `/cooperations/${demoId}`, 'caf')).body;
		expect((await api('PATCH', `/cooperations/${demoId}`, 'caf', { name: 'Pris' })).status).toBe(403);
		const res = await api('PATCH', `/cooperations/${demoId}`, 'ecoute', {
			description: 'Réseau animé par Écoute Violences.'
		});
		expect(res.status).toBe(200);
		// everything but the description (and the modification date) is as it was
		const strip = (c: Record<string, unknown>) => ({
			...c,
			description: '',
			updatedAt: '',
			signatoryFor: []
		});
		expect(res.body.description).toBe('Réseau animé par Écoute Violences.');
		expect(strip(res.body)).toEqual(strip({ ...before, canManage: true }));
		const unknown = await api('PATCH', `/cooperations/${demoId}`, 'ecoute', { territoryCode: '46' });
		expect(unknown.status).toBe(400);
		expect(unknown.body.error.issues[0].field).toBe('territoryCode');
	});

	it('parties: added and changed by PUT, the last pilot kept, removed by DELETE', async () => {
		const gendarmerie = orgIds['Groupement de gendarmerie du Lot (démo)']!;
		const departement = orgIds['Département du Lot (démo)']!;
		const put = await api('PUT', `/cooperations/${demoId}/parties/${gendarmerie}`, 'ecoute', {
			role: 'co-pilote',
			signatoryUserIds: []
		});
		expect(put.status).toBe(200);
		expect(
			put.body.parties.find((p: { organisationId: string }) => p.organisationId === gendarmerie)
		).toMatchObject({ role: 'co-pilote', signatories: [] });
		const last = await api('DELETE', `/cooperations/${demoId}/parties/${departement}`, 'ecoute');
		expect(last.status).toBe(400);
		expect(last.body.error.issues).toEqual([
			{ field: 'organisationId', message: 'la coopération doit garder au moins une partie pilote' }
		]);
		expect((await api('DELETE', `/cooperations/${demoId}/parties/${gendarmerie}`, 'caf')).status).toBe(403);
		expect((await api('DELETE', `/cooperations/${demoId}/parties/${gendarmerie}`, 'ecoute')).status).toBe(
			204
		);
		const put2 = await api('PUT', `/cooperations/${demoId}/parties/${gendarmerie}`, 'ecoute', {
			role: 'contributeur'
		});
		expect(put2.status).toBe(200);
	});
});

describe('creation form without JavaScript', () => {
	it('« Ajouter une ligne » renders the form again with one more row and what was typed', async () => {
		const res = await postForm('/cooperations/nouvelle?/addRow', 'coordination', [
			['rows', '3'],
			['name', 'Réseau insertion du Figeacois'],
			['territoryType', 'departement'],
			['territoryCode', '46'],
			['themes', 'famille--surmonter-conflits-separation-violence'],
			['parties.0.organisationId', orgIds['CAF du Lot (démo)']!],
			['parties.0.role', 'pilote']
		]);
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(html).toContain('name="parties.3.organisationId"');
		expect(html).not.toContain('name="parties.4.organisationId"');
		expect(html).toContain('value="Réseau insertion du Figeacois"');
		expect(html).toMatch(new RegExp(`<option value="${orgIds['CAF du Lot (démo)']}" selected`));
	});

	it('creates with parties and authorised members typed by e-mail, or names the row’s field', async () => {
		const fields: [string, string][] = [
			['rows', '3'],
			['name', 'Réseau insertion du Figeacois'],
			['territoryType', 'departement'],
			['territoryCode', '46'],
			['parties.0.organisationId', orgIds['CAF du Lot (démo)']!],
			['parties.0.role', 'pilote'],
			['parties.0.signatories', 'caf@demo.maillage.fr'],
			['parties.2.organisationId', orgIds['CPAM du Lot (démo)']!],
			['parties.2.role', 'contributeur'],
			['parties.2.signatories', 'caf@demo.maillage.fr']
		];
		const refused = await postForm('/cooperations/nouvelle?/create', 'coordination', fields);
		expect(refused.status).toBe(400);
		const html = await refused.text();
		expect(html).toContain('id="field-parties.2.signatories-error"');
		expect(html).toContain('pas de compte de cette organisation pour\u202f: caf@demo.maillage.fr');
		fields[fields.length - 1] = ['parties.2.signatories', 'cpam@demo.maillage.fr'];
		const created = await postForm('/cooperations/nouvelle?/create', 'coordination', fields);
		expect(created.status).toBe(303);
		const id = /\/cooperations\/([0-9a-f-]{36})\?creee=1$/.exec(created.headers.get('location') ?? '')![1]!;
		const detail = await api('GET', `/cooperations/${id}`, 'coordination');
		expect(
			detail.body.parties.map((p: { role: string; signatories: { displayName: string }[] }) => [
				p.role,
				p.signatories.map((s) => s.displayName)
			])
		).toEqual([
			['pilote', ['Joël Conseiller CAF']],
			['contributeur', ['Inès Conseillère CPAM']]
		]);
	});

	it('a contributor cannot open the edit page; the cooperation page shows its sections', async () => {
		const get = (path: string, who: string) =>
			fetch(`${server.url}${path}`, { headers: { cookie: cookies[who]!, 'accept-language': 'fr' } });
		expect((await get(`/cooperations/${demoId}/modifier`, 'caf')).status).toBe(403);
		expect((await get('/cooperations/nouvelle', 'caf')).status).toBe(403);
		expect((await get(`/cooperations/${demoId}/modifier`, 'ecoute')).status).toBe(200);
		const page = await (await get(`/cooperations/${demoId}`, 'caf')).text();
		for (const title of ['Parties', 'Charte', 'Instances', 'Actions en cours', 'Décisions récentes'])
			expect(page).toContain(`>${title}</h2>`);
	});
});
