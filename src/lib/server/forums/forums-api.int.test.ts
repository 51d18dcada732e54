import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { rows } from '../db/client';
import type { Actor } from '../policy/actor';
import type { OperationHandler } from '../api/operation';
import { forums as api } from '../api/v1';
import { forumsFixture, type ForumProfile } from './fixture.test-support';

/** The forums API through its real handlers: statuses, French messages naming the field, nothing half-written. */

// the API handlers take their database from the server's bootstrap: here, the test database
const server = vi.hoisted(() => ({ database: undefined as unknown }));
vi.mock('../bootstrap', () => ({
	currentDatabase: () => {
		if (!server.database) throw new Error('database not started');
		return server.database;
	}
}));

let t: TestDatabase;
let actor: (who: ForumProfile) => Actor;

async function call(
	who: ForumProfile,
	handler: OperationHandler,
	method: string,
	path: string,
	params: Record<string, string> = {},
	body?: unknown
): Promise<{ status: number; body: Record<string, unknown> }> {
	const url = new URL(`http://localhost/api/v1${path}`);
	const request = new Request(url, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const response = await handler({
		request,
		url,
		params,
		locals: { actor: actor(who), locale: 'fr', requestId: 'forums', ip: '192.0.2.46' }
	} as unknown as RequestEvent);
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : {} };
}

const session = {
	title: 'Accès aux droits des saisonniers',
	themes: ['difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits'],
	territoryType: 'departement',
	territoryCode: '46',
	startsAt: '2026-09-15T08:00:00Z',
	endsAt: '2026-09-15T10:00:00Z',
	remoteUrl: 'https://visio.example.fr/saisonniers',
	usageCount: 4
};

beforeAll(async () => {
	t = await createTestDatabase();
	server.database = t;
	({ actor } = await forumsFixture(t.db));
});
afterAll(() => t?.close());

describe('forums API', () => {
	it('creates, lists, contributes and turns a contribution into a need; French 4xx on bad input', async () => {
		const created = await call('cafPro', api.createForumOperation, 'POST', '/forums', {}, session);
		expect(created.status).toBe(201);
		const id = created.body.id as string;
		const listed = await call('ccasPro', api.listForumsOperation, 'GET', '/forums');
		expect(listed.body).toMatchObject({ total: 1, sessions: [{ id, status: expect.any(String) }] });

		const bad = await call(
			'cafPro',
			api.createForumOperation,
			'POST',
			'/forums',
			{},
			{
				...session,
				themes: ['logement--xyz'],
				remoteUrl: ''
			}
		);
		expect(bad.status).toBe(400);
		expect(JSON.stringify(bad.body)).toContain('Thématique inconnue du référentiel data·inclusion');
		expect(JSON.stringify(bad.body)).toContain('Indiquez un lieu ou un lien de visioconférence.');

		const path = `/forums/${id}/contributions`;
		const tooLong = await call(
			'ccasPro',
			api.contributeOperation,
			'POST',
			path,
			{ id },
			{
				body: 'é'.repeat(4001),
				expertise: 'usage'
			}
		);
		expect(tooLong.status).toBe(400);
		expect(JSON.stringify(tooLong.body)).toContain('Contribution trop longue');
		expect(JSON.stringify(tooLong.body)).toContain('body');
		const c = await call(
			'ccasPro',
			api.contributeOperation,
			'POST',
			path,
			{ id },
			{
				body: 'Les saisonniers ne savent pas où demander la prime d’activité.',
				expertise: 'technique',
				tags: ['Droits', 'saisonniers']
			}
		);
		expect(c.status).toBe(201);
		expect(c.body.tags).toEqual(['droits', 'saisonniers']);
		const cid = c.body.id as string;

		const needPath = `/forums/${id}/contributions/${cid}/need`;
		const notFacilitator = await call('ccasPro', api.contributionToNeedOperation, 'POST', needPath, {
			id,
			cid
		});
		expect(notFacilitator.status).toBe(403);
		const badId = await call('cafPro', api.contributionToNeedOperation, 'POST', needPath, {
			id,
			cid: 'pas-un-id'
		});
		expect(badId.status).toBe(400);
		const first = await call('cafPro', api.contributionToNeedOperation, 'POST', needPath, { id, cid });
		expect(first).toMatchObject({ status: 200, body: { created: true } });
		const again = await call('cafPro', api.contributionToNeedOperation, 'POST', needPath, { id, cid });
		expect(again.body).toMatchObject({
			created: false,
			need: { id: (first.body.need as { id: string }).id }
		});
		const [counted] = await rows<{ n: number }>(
			t.db,
			sql`select count(*)::int as n from needs where source = 'forum'`
		);
		expect(counted!.n).toBe(1);

		const detail = await call('gersPro', api.getForumOperation, 'GET', `/forums/${id}`, { id });
		expect(detail.status).toBe(404);
		const shown = await call('coordinator', api.getForumOperation, 'GET', `/forums/${id}`, { id });
		expect(shown.body).toMatchObject({ contributions: [{ id: cid, needId: expect.any(String) }] });
	});
});
