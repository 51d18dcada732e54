import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from './testing/db';
import { rows } from './db/client';
import { ALL_SEALED_COLUMNS } from './personal-data';
import { erasePerson } from './pathways/erasure';
import { rotateKeys } from './pathways/rotate-keys';
import { pathwaysFixture, seedPerson, type PathwaysFixture } from './pathways/fixture.test-support';
import { keyRing, open, seal, useKeyRing } from './crypto/fields';
import { parseKeyRing } from './crypto/keys';

/** The wiring of other domains' personal data into the pathways erasure and key rotation (personal-data.ts). */
let t: TestDatabase;
let f: PathwaysFixture;

beforeAll(async () => {
	t = await createTestDatabase();
	f = await pathwaysFixture(t.db);
});
afterAll(() => {
	useKeyRing(undefined);
	return t?.close();
});

async function advanceRequestFor(personId: string) {
	const [version] = await rows<{ id: string }>(
		t.db,
		sql`select id from charter_versions where cooperation_id = ${f.cooperationId}`
	);
	const [request] = await rows<{ id: string }>(
		t.db,
		sql`insert into advance_requests (cooperation_id, person_id, requester_organisation_id, amount, purpose_sealed,
		      urgency, year, charter_version_id, approvers, quorum)
		    values (${f.cooperationId}, ${personId}, ${f.ccas}, 120.50, ${seal('Nuit d’hôtel pour Mme Exemple', personId)},
		      'immediate', 2026, ${version!.id}, '[]'::jsonb, 1) returning id`
	);
	await t.db.execute(
		sql`insert into advance_answers (request_id, approver_index, organisation_id, decision, justification_sealed)
		    values (${request!.id}, 0, ${f.caf}, 'refused', ${seal('Pas de justificatif pour Mme Exemple', personId)})`
	);
	return request!.id;
}

describe('personal data of other domains', () => {
	it('the erasure of a person also erases their advance requests, amounts kept', async () => {
		const person = await seedPerson(t.db, {
			holder: f.ccas,
			firstName: 'Exemple',
			lastName: 'Effacée (fictive)'
		});
		const requestId = await advanceRequestFor(person.id);
		await erasePerson(f.ctx('ccasAdmin'), person.id, { reason: 'person_request', confirmation: 'EFFACER' });
		const [left] = await rows<{
			purpose: string | null;
			person: string | null;
			amount: string;
			just: string | null;
		}>(
			t.db,
			sql`select r.purpose_sealed as purpose, r.person_id::text as person, r.amount::text as amount,
			           a.justification_sealed as just
			    from advance_requests r join advance_answers a on a.request_id = r.id where r.id = ${requestId}`
		);
		expect(left).toEqual({ purpose: null, person: null, amount: '120.50', just: null });
	});

	it('key rotation re-seals the fund columns too', async () => {
		const person = await seedPerson(t.db, {
			holder: f.ccas,
			firstName: 'Rotation',
			lastName: 'Fonds (fictive)'
		});
		const requestId = await advanceRequestFor(person.id);
		const old = keyRing();
		const next = parseKeyRing(
			`k2:${randomBytes(32).toString('base64')},${old.current.id}:${old.current.key.toString('base64')}`,
			old.blindIndexKey.toString('base64'),
			'unused'
		);
		await rotateKeys(t.db, { keys: next, columns: ALL_SEALED_COLUMNS });
		const [r] = await rows<{ purpose: string; just: string }>(
			t.db,
			sql`select r.purpose_sealed as purpose, a.justification_sealed as just
			    from advance_requests r join advance_answers a on a.request_id = r.id where r.id = ${requestId}`
		);
		expect(r!.purpose.split('.')[1]).toBe('k2');
		expect(r!.just.split('.')[1]).toBe('k2');
		expect(open(r!.just, person.id, next)).toBe('Pas de justificatif pour Mme Exemple');
	});
});
