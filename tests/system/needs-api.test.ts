import { beforeAll, describe, expect, it } from 'vitest';
import { apiCall, apiSignIn, useServer } from '../support/server';

/**
 * The needs inventory through the JSON API (issue 12 §4), as a client sees it: a CCAS professional adds needs,
 * the Lot's coordinator qualifies and merges them; French 4xx messages name the field; the operations are in the
 * OpenAPI document.
 */
const server = useServer();

const api = (method: string, path: string, cookie?: string, body?: unknown) =>
	apiCall(server, method, path, cookie, body);

let ccas: string;
let coordination: string;

const need = (title: string) => ({
	title,
	description: 'Des familles de Cahors sans solution de garde avant 7 h.',
	themes: ['famille--garde-denfants'],
	territoryType: 'commune',
	territoryCode: '46042',
	publics: ['familles'],
	source: 'field_observation',
	expertise: 'usage',
	evidenceText: 'Huit demandes en un mois à l’accueil du CCAS'
});

beforeAll(async () => {
	ccas = await apiSignIn(server, 'ccas@demo.maillage.fr');
	coordination = await apiSignIn(server, 'coordination@demo.maillage.fr');
});

describe('needs API', () => {
	it('a professional adds needs; the coordinator qualifies and merges them; history on both', async () => {
		const kept = await api('POST', '/needs', ccas, need('Garde d’enfants en horaires décalés (API)'));
		expect(kept.status, JSON.stringify(kept.body)).toBe(201);
		expect(kept.body).toMatchObject({ status: 'to_qualify', reportCount: 1, mergedIntoId: null });
		const dup = await api('POST', '/needs', ccas, need('Garde tôt le matin (API)'));
		expect(dup.status).toBe(201);

		const listed = await api('GET', '/needs?q=(API)&territoryCode=46042&limit=1', ccas);
		expect(listed.status).toBe(200);
		expect(listed.body.total).toBe(2);
		expect(listed.body.needs.map((n: { id: string }) => n.id)).toEqual([dup.body.id]);

		// the CCAS cannot qualify nor merge
		expect((await api('PATCH', `/needs/${kept.body.id}`, ccas, { status: 'confirmed' })).status).toBe(403);
		expect(
			(await api('POST', `/needs/${kept.body.id}/merge`, ccas, { duplicateId: dup.body.id })).status
		).toBe(403);

		const confirmed = await api('PATCH', `/needs/${kept.body.id}`, coordination, { status: 'confirmed' });
		expect(confirmed.status).toBe(200);
		expect(confirmed.body).toMatchObject({
			status: 'confirmed',
			title: kept.body.title,
			themes: kept.body.themes
		});

		const merged = await api('POST', `/needs/${kept.body.id}/merge`, coordination, {
			duplicateId: dup.body.id
		});
		expect(merged.status, JSON.stringify(merged.body)).toBe(200);
		expect(merged.body.reportCount).toBe(2);
		const after = await api('GET', '/needs?q=(API)', ccas);
		expect(after.body.needs.map((n: { id: string }) => n.id)).toEqual([kept.body.id]);
		const dupDetail = await api('GET', `/needs/${dup.body.id}`, ccas);
		expect(dupDetail.body.mergedInto).toMatchObject({ id: kept.body.id });
		expect(dupDetail.body.history.map((e: { kind: string }) => e.kind)).toEqual(['created', 'merged_into']);
		const keptDetail = await api('GET', `/needs/${kept.body.id}`, ccas);
		expect(keptDetail.body.history.map((e: { kind: string }) => e.kind)).toEqual([
			'created',
			'updated',
			'merged_from'
		]);

		// merging again, or into itself, is refused with a French message
		const again = await api('POST', `/needs/${kept.body.id}/merge`, coordination, {
			duplicateId: dup.body.id
		});
		expect(again.status).toBe(409);
		expect(again.body.error.message).toContain('déjà été fusionné');
		const self = await api('POST', `/needs/${kept.body.id}/merge`, coordination, {
			duplicateId: kept.body.id
		});
		expect(self.status).toBe(400);
		expect(self.body.error.issues).toEqual([
			{ field: 'duplicateId', message: expect.stringContaining('lui-même') }
		]);
	});

	it('bad input is a 400 naming the field in French; no account is a 401; an unknown need a 404', async () => {
		const bad = await api('POST', '/needs', ccas, {
			...need('x'),
			territoryCode: '99999',
			source: 'rumeur'
		});
		expect(bad.status).toBe(400);
		const fields = Object.fromEntries(
			(bad.body.error.issues as { field: string; message: string }[]).map((i) => [i.field, i.message])
		);
		expect(fields.title).toBe('L’intitulé doit compter au moins 3 caractères.');
		expect(fields.source).toBe('Source inconnue\u202f: rumeur.');
		const territory = await api('POST', '/needs', ccas, {
			...need('Besoin au code inconnu'),
			territoryCode: '99999'
		});
		expect(territory.status).toBe(400);
		expect(territory.body.error.issues).toEqual([
			{ field: 'territoryCode', message: 'Territoire inconnu de la plateforme\u202f: 99999.' }
		]);
		expect((await api('GET', '/needs')).status).toBe(401);
		expect((await api('GET', '/needs/00000000-0000-4000-8000-000000000000', ccas)).status).toBe(404);
		const status = await api('GET', '/needs?status=perdu', ccas);
		expect(status.status).toBe(400);
		expect(status.body.error.issues[0].field).toBe('status');
	});

	it('the operations are described in the OpenAPI document', async () => {
		const doc = await api('GET', '/openapi.json');
		expect(Object.keys(doc.body.paths['/needs'])).toEqual(expect.arrayContaining(['get', 'post']));
		expect(Object.keys(doc.body.paths['/needs/{id}'])).toEqual(expect.arrayContaining(['get', 'patch']));
		expect(doc.body.paths['/needs/{id}/merge'].post.operationId).toBe('mergeNeed');
	});
});
