import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { rows } from '../db/client';
import { ANONYMOUS } from '../policy/actor';
import { RateLimitError, ValidationError } from '../errors';
import {
	actorFromSession,
	createUser,
	InvalidCredentialsError,
	LOGIN_WINDOW_MS,
	signIn,
	signOut
} from './service';
import { insertOrganisation, upsertMembership } from '../organisations/repository';

let t: TestDatabase;
const PASSWORD = 'Causse-de-Gramat-2026';

beforeAll(async () => {
	t = await createTestDatabase();
	const org = await insertOrganisation(t.db, {
		name: 'CAF du Lot',
		slug: 'caf-du-lot',
		kind: 'caf',
		territoryType: 'departement',
		territoryCode: '46'
	});
	const user = await createUser(t.db, {
		email: 'Hélène.Martin@caf46.fr',
		displayName: 'Hélène Martin',
		password: PASSWORD
	});
	await upsertMembership(t.db, user.id, org.id, 'coordinator');
});
afterAll(() => t.drop());

const ctx = (ip = '192.0.2.10', now?: () => Date) => ({ db: t.db, actor: ANONYMOUS, ip, now });

describe('passwords and sessions', () => {
	it('stores an argon2id hash, never the password', async () => {
		const [row] = await rows<{ password_hash: string }>(
			t.db,
			sql`select password_hash from users where email = 'hélène.martin@caf46.fr'`
		);
		expect(row!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(row!.password_hash).not.toContain(PASSWORD);
	});

	it('signs in with the e-mail in any case and resolves the actor with its memberships', async () => {
		const { token } = await signIn(ctx(), 'HÉLÈNE.martin@caf46.fr'.toLowerCase(), PASSWORD);
		const actor = await actorFromSession(t.db, token);
		expect(actor?.user?.displayName).toBe('Hélène Martin');
		expect(actor?.memberships).toEqual([
			expect.objectContaining({
				organisationName: 'CAF du Lot',
				role: 'coordinator',
				territory: { type: 'departement', code: '46' }
			})
		]);
		const [stored] = await rows<{ id: string }>(t.db, sql`select id from sessions limit 1`);
		expect(stored!.id).not.toBe(token); // only an HMAC of the token is stored
	});

	it('gives the same generic error for a wrong password and an unknown account', async () => {
		const wrong = await signIn(ctx('192.0.2.20'), 'hélène.martin@caf46.fr', 'mauvais-mot-de-passe').catch(
			(e) => e
		);
		const unknown = await signIn(ctx('192.0.2.20'), 'personne@caf46.fr', PASSWORD).catch((e) => e);
		expect(wrong).toBeInstanceOf(InvalidCredentialsError);
		expect(unknown).toBeInstanceOf(InvalidCredentialsError);
		expect(wrong.message).toBe(unknown.message);
	});

	it('signing out ends the session', async () => {
		const { token } = await signIn(ctx(), 'hélène.martin@caf46.fr', PASSWORD);
		const actor = (await actorFromSession(t.db, token))!;
		await signOut({ db: t.db, actor }, token);
		expect(await actorFromSession(t.db, token)).toBeNull();
	});

	it('refuses passwords shorter than 12 characters', async () => {
		await expect(
			createUser(t.db, { email: 'court@ccas-cahors.fr', displayName: 'Court', password: 'abc' })
		).rejects.toBeInstanceOf(ValidationError);
	});
});

describe('sign-in rate limit', () => {
	it('refuses the 11th attempt within 15 minutes, even with the right password, then lets it through after the window', async () => {
		await createUser(t.db, {
			email: 'jules.bernard@ccas-cahors.fr',
			displayName: 'Jules Bernard',
			password: PASSWORD
		});
		const start = new Date('2026-11-24T09:00:00Z');
		for (let i = 0; i < 10; i++) {
			const at = new Date(start.getTime() + i * 1000);
			await expect(
				signIn(
					ctx('198.51.100.7', () => at),
					'jules.bernard@ccas-cahors.fr',
					`faux-${i}`
				)
			).rejects.toBeInstanceOf(InvalidCredentialsError);
		}
		const eleventh = new Date(start.getTime() + 60_000);
		// another IP address: the limit is per account too
		await expect(
			signIn(
				ctx('203.0.113.9', () => eleventh),
				'jules.bernard@ccas-cahors.fr',
				PASSWORD
			)
		).rejects.toBeInstanceOf(RateLimitError);
		const later = new Date(start.getTime() + LOGIN_WINDOW_MS + 60_000);
		const ok = await signIn(
			ctx('198.51.100.7', () => later),
			'jules.bernard@ccas-cahors.fr',
			PASSWORD
		);
		expect(ok.token).toBeTruthy();
		const [throttled] = await rows<{ n: number }>(
			t.db,
			sql`select count(*)::int as n from audit_events where action = 'auth.login.throttled'`
		);
		expect(throttled!.n).toBe(1);
	});
});
