import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, apiSignIn, startServer, type RunningServer } from '../support/server';
import { openDatabase } from '../../src/lib/server/db/client';
import { seedRegisterSample } from '../../src/lib/server/governance/register-fixtures';

/**
 * The decisions register through the built server: the API refuses bad filters field by field in French
 * (never a 500), reads follow the policy (a « partage de situations » decision for its members only), a PATCH
 * changes only what it is sent and keeps the history, and the pages work without JavaScript.
 * The demo has no decisions of its own yet: a sample register is written into the demo database between two starts.
 */

let server: RunningServer;
let sample: Awaited<ReturnType<typeof seedRegisterSample>>;
const cookies: Record<string, string> = {};
const api = (method: string, p: string, who?: string, body?: unknown) =>
	apiCall(server, method, p, who ? cookies[who] : undefined, body);
const KEY = /^[a-z]+(\.[a-zA-Z_]+)+$/;

beforeAll(async () => {
	const first = await startServer();
	await first.stop();
	const database = await openDatabase({ dataDir: path.join(first.dataDir, 'pglite') });
	try {
		sample = await seedRegisterSample(database.db);
	} finally {
		await database.close();
	}
	server = await startServer({ dataDir: first.dataDir });
	for (const [who, email] of [
		['admin', 'admin@demo.maillage.fr'],
		['coordination', 'coordination@demo.maillage.fr'],
		['caf', 'caf@demo.maillage.fr'],
		['ccas', 'ccas@demo.maillage.fr'],
		['theo', 'travailleur.social@demo.maillage.fr'],
		['cpam', 'cpam@demo.maillage.fr']
	])
		cookies[who!] = await apiSignIn(server, email!);
}, 240_000);
afterAll(async () => {
	await server?.stop();
});

describe('GET /decisions', () => {
	it('asks for an account', async () => {
		expect((await api('GET', '/decisions')).status).toBe(401);
	});

	it.each([
		['status=abrog%C3%A9e', 'status'],
		['from=2026-02-30', 'from'],
		['from=2026-05-01&to=2026-04-01', 'to'],
		['territory=lot', 'territory'],
		['territory=departement:99', 'territory'],
		['theme=cuisine', 'theme'],
		['cooperation=42', 'cooperation'],
		['body=%27%3B--', 'body'],
		['limit=0', 'limit'],
		[`q=${'a'.repeat(201)}`, 'q'],
		['q=%00', 'q']
	])('?%s → 400 naming %s in French', async (query, field) => {
		const res = await api('GET', `/decisions?${query}`, 'coordination');
		expect(res.status, JSON.stringify(res.body)).toBe(400);
		const issues = res.body.error.issues as { field: string; message: string }[];
		expect(issues.map((i) => i.field)).toContain(field);
		for (const i of issues) expect(i.message).not.toMatch(KEY);
	});

	it('searches without accents and with a typo, filters, counts', async () => {
		const plain = await api(
			'GET',
			`/decisions?q=decision&cooperation=${sample.cooperationId}`,
			'coordination'
		);
		expect(plain.status).toBe(200);
		expect(plain.body.items.map((i: { title: string }) => i.title)).toContain(
			'Adoption de la charte de coopération'
		);
		const typo = await api('GET', `/decisions?q=${encodeURIComponent('hébergment')}`, 'coordination');
		expect(typo.body.approximateWords).toEqual(['hebergment']);
		expect(typo.body.items.map((i: { title: string }) => i.title)).toContain(
			'Hébergement d’urgence des victimes'
		);
		const carried = await api('GET', '/decisions?status=carried_out&territory=departement:46', 'caf');
		expect(carried.body.items.map((i: { title: string }) => i.title)).toEqual([
			'Adoption de la charte de coopération'
		]);
		// the counts per status are those of the other filters (the demo's own decisions included)
		const inForce = await api('GET', '/decisions?status=in_force&territory=departement:46', 'caf');
		expect(inForce.body.total).toBeGreaterThanOrEqual(2);
		expect(carried.body.byStatus).toMatchObject({ in_force: inForce.body.total, carried_out: 1 });
	});

	it('shows a « partage de situations » decision to the cell’s members only', async () => {
		const q = `/decisions?q=orientation&cooperation=${sample.cooperationId}`;
		expect((await api('GET', q, 'theo')).body.total).toBe(1);
		for (const who of ['ccas', 'admin', 'coordination']) {
			expect((await api('GET', q, who)).body.total, who).toBe(0);
			expect((await api('GET', `/decisions/${sample.ids.situation}`, who)).status, who).toBe(404);
		}
		expect((await api('GET', `/decisions/${sample.ids.situation}`, 'theo')).status).toBe(200);
		// the CPAM is no party: the cooperation's register is refused
		expect((await api('GET', `/decisions?cooperation=${sample.cooperationId}`, 'cpam')).status).toBe(403);
		expect((await api('GET', `/decisions/${sample.ids.veille}`, 'cpam')).status).toBe(403);
	});
});

describe('changing a decision', () => {
	it('PATCH: 400 with the field in French and nothing changed; then only the field sent, with its history', async () => {
		const url = `/decisions/${sample.ids.veille}`;
		const before = (await api('GET', url, 'admin')).body;
		const bad = await api('PATCH', url, 'admin', { reviewOn: '2025-01-01', title: 'Autre titre' });
		expect(bad.status).toBe(400);
		expect(bad.body.error.issues).toEqual([
			{ field: 'reviewOn', message: 'La date de réexamen ne peut pas précéder la date de la décision.' }
		]);
		expect((await api('GET', url, 'admin')).body).toEqual(before);
		expect((await api('PATCH', url, 'caf', { outcome: 'rejeté' })).status).toBe(403);
		const ok = await api('PATCH', url, 'coordination', { reviewOn: '2027-01-15', reason: 'Report du bilan' });
		expect(ok.status).toBe(200);
		expect(ok.body).toMatchObject({ title: before.title, text: before.text, outcome: before.outcome });
		expect(ok.body.reviewOn).toBe('2027-01-15');
		expect(ok.body.history[0]).toMatchObject({
			kind: 'update',
			changes: { reviewOn: ['2026-12-10', '2027-01-15'] },
			reason: 'Report du bilan',
			changedByName: 'Hélène Coordinatrice'
		});
		expect((await api('PATCH', '/decisions/00000000-0000-4000-8000-000000000000', 'admin', {})).status).toBe(
			404
		);
	});

	it('POST status: the reason is required; amended needs the new decision; transitions checked', async () => {
		const url = `/decisions/${sample.ids.hebergement}/status`;
		const noReason = await api('POST', url, 'admin', { status: 'carried_out' });
		expect(noReason.status).toBe(400);
		expect(noReason.body.error.issues.map((i: { field: string }) => i.field)).toEqual(['reason']);
		const amended = await api('POST', url, 'admin', { status: 'amended', reason: 'Places portées à cinq' });
		expect(amended.body.error.issues).toEqual([
			{ field: 'byDecisionId', message: 'Indiquez la nouvelle décision qui modifie celle-ci.' }
		]);
		const done = await api('POST', url, 'admin', { status: 'carried_out', reason: 'Places ouvertes' });
		expect(done.status).toBe(200);
		expect(done.body.status).toBe('carried_out');
		expect(done.body.actions.map((a: { title: string }) => a.title)).toEqual([
			'Signer la convention de réservation des places'
		]);
		const again = await api('POST', url, 'admin', { status: 'reversed', reason: 'Erreur' });
		expect(again.status).toBe(400);
		expect(again.body.error.issues[0].field).toBe('status');
	});
});

describe('pages without JavaScript', () => {
	const page = async (p: string, who: string) => {
		const res = await fetch(`${server.url}${p}`, {
			headers: { cookie: cookies[who]!, 'accept-language': 'fr' }
		});
		return { status: res.status, html: await res.text() };
	};

	it('the cooperation register searches, and a bad filter is said beside its field', async () => {
		const found = await page(`/cooperations/${sample.cooperationId}/decisions?q=charte`, 'caf');
		expect(found.status).toBe(200);
		expect(found.html).toContain('Adoption de la charte de coopération');
		expect(found.html).not.toContain('Hébergement d’urgence des victimes');
		const bad = await page(`/decisions?from=2026-05-01&to=2026-04-01`, 'caf');
		expect(bad.status).toBe(200);
		expect(bad.html).toContain('La date de fin doit être postérieure ou égale à la date de début.');
		expect((await page(`/cooperations/${sample.cooperationId}/decisions`, 'cpam')).status).toBe(403);
	});

	it('a decision page shows its history and its actions, and the status form posts without JavaScript', async () => {
		const p = `/cooperations/${sample.cooperationId}/decisions/${sample.ids.charte}`;
		const before = await page(p, 'coordination');
		expect(before.html).toContain('Aucune modification depuis que la décision a été prise.');
		const res = await fetch(`${server.url}${p}?/status`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				cookie: cookies.coordination!,
				origin: server.url,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams({ status: 'in_force', reason: 'Charte à réviser' }).toString()
		});
		expect(res.status).toBe(303);
		const after = await page(`${p}?fait=status`, 'coordination');
		expect(after.html).toContain('Le statut a été changé.');
		expect(after.html).toContain('Charte à réviser');
		expect(after.html).toContain('Hélène Coordinatrice');
	});
});
