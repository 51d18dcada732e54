import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { INFO_CATEGORIES } from '../charters/content';
import { pathwaysFixture, type PathwaysFixture } from './fixture.test-support';
import {
	actorOf,
	callHandler,
	EXPECTED_CATEGORIES,
	MATRIX_OPERATIONS,
	MATRIX_PROFILES,
	personKindOf,
	seedMatrixPerson,
	seedMatrixPersons,
	type MatrixEnv
} from './matrix.test-support';
import { enableMatrixFund, SECRET, seedMatrixObjects } from './matrix-seed.test-support';
import * as api from '../api/v1/persons';

/**
 * Issue 11's authorization matrix through the real /api/v1 handlers: every profile × every person-data operation ×
 * every information category, asserting the status, and for a record the exact visible categories and reasons.
 */

// the API handlers take their database from the server's bootstrap: here, the test database
const server = vi.hoisted(() => ({ database: undefined as unknown }));
vi.mock('../bootstrap', () => ({
	currentDatabase: () => {
		if (!server.database) throw new Error('database not started');
		return server.database;
	}
}));

let t: TestDatabase;
let f: PathwaysFixture;
let env: MatrixEnv;

beforeAll(async () => {
	t = await createTestDatabase();
	server.database = t;
	f = await pathwaysFixture(t.db);
	await enableMatrixFund(t.db, f);
	const persons = await seedMatrixPersons(t.db, f);
	env = { db: t.db, f, persons, objects: await seedMatrixObjects(t.db, f, persons) };
});
afterAll(() => t?.close());

const cases = MATRIX_OPERATIONS.flatMap((op) => MATRIX_PROFILES.map((profile) => ({ op, profile })));

describe('authorization matrix (profiles × operations × categories)', () => {
	it('covers every cell', () => {
		const categoryCells =
			MATRIX_OPERATIONS.filter((op) => op.categories).length *
			MATRIX_PROFILES.length *
			INFO_CATEGORIES.length;
		console.info(
			`authorization matrix: ${MATRIX_PROFILES.length} profiles × ${MATRIX_OPERATIONS.length} operations = ${cases.length} cases, ${categoryCells} profile × operation × category cells`
		);
		expect(cases.length).toBeGreaterThanOrEqual(MATRIX_PROFILES.length * 40);
	});

	it.each(cases.map((c) => [c.op.name, c.profile, c] as const))('%s as %s', async (_, profile, { op }) => {
		const kind = personKindOf(profile);
		const personId = op.mutates ? await seedMatrixPerson(t.db, f, kind) : env.persons[kind];
		const { status, body } = await callHandler(actorOf(f, profile), await op.request(env, personId, kind));
		const expected = op.status[profile] ?? op.status.otherwise;
		expect(status, JSON.stringify(body)).toBe(expected);
		if (status >= 400) {
			// nothing of the person in an error
			expect(JSON.stringify(body)).not.toMatch(/Maëlys|Matricielle|Noé|Sansasso|Wassim|Retiré|Séparation/);
			for (const secret of Object.values(SECRET)) expect(JSON.stringify(body)).not.toContain(secret);
			return;
		}
		if (op.categories) expect(op.categories(body)).toEqual(EXPECTED_CATEGORIES[profile]);
		op.check?.(body, profile, personId, kind);
	});
});

describe('identifiers', () => {
	it('ids are random UUID v4, a malformed id is a 400 and an unknown one a 404 (never 500)', async () => {
		const holder = actorOf(f, 'sameOrganisation');
		const created = await callHandler(holder, {
			handler: api.createPersonOperation,
			method: 'POST',
			path: '/persons',
			params: {},
			body: { organisationId: f.ccas, firstName: 'Ulysse', lastName: 'Identifiant (fictif)' }
		});
		expect(created.status).toBe(201);
		expect((created.body as { id: string }).id).toMatch(
			/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
		);
		for (const id of ['123', 'not-a-uuid', "1' or '1'='1", '00000000-0000-0000-0000-00000000000g']) {
			const r = await callHandler(holder, {
				handler: api.getPersonOperation,
				method: 'GET',
				path: `/persons/x`,
				params: { id }
			});
			expect(r.status, id).toBe(400);
		}
		const unknown = await callHandler(holder, {
			handler: api.getPersonOperation,
			method: 'GET',
			path: '/persons/x',
			params: { id: crypto.randomUUID() }
		});
		expect(unknown.status).toBe(404);
		const badConsent = await callHandler(holder, {
			handler: api.withdrawConsentOperation,
			method: 'POST',
			path: '/persons/x/consents/y/withdraw',
			params: { id: env.persons.main, consentId: crypto.randomUUID() }
		});
		expect(badConsent.status).toBe(404);
	});
});
