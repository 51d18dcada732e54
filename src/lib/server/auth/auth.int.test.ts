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
	MAX_FAILURES_PER_ACCOUNT,
	MAX_FAILURES_PER_ACCOUNT_AND_IP,
	MAX_FAILURES_PER_IP,
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
	await upsertMembership(t.db, user.id, org.id, 'member');
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
				role: 'member',
				territory: { type: 'departement', code: '46' },
				// the sharing rule reads it from the actor instead of asking the database on every page
				organisationKind: 'caf'
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
	const start = new Date('2026-11-24T09:00:00Z');
	const at = (ms: number) => () => new Date(start.getTime() + ms);
	const failures = (email: string, ips: string[], from = 0) =>
		Promise.all(
			ips.map((ip, i) =>
				expect(signIn(ctx(ip, at(from + i)), email, `faux-${i}`)).rejects.toBeInstanceOf(
					InvalidCredentialsError
				)
			)
		);
	const throttledEvents = async () =>
		(
			await rows<{ n: number }>(
				t.db,
				sql`select count(*)::int as n from audit_events where action = 'auth.login.throttled'`
			)
		)[0]!.n;

	it('refuses the 11th attempt from one address within 15 minutes, even with the right password, then lets it through after the window', async () => {
		await createUser(t.db, {
			email: 'jules.bernard@ccas-cahors.fr',
			displayName: 'Jules Bernard',
			password: PASSWORD
		});
		const before = await throttledEvents();
		for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_AND_IP; i++)
			await failures('jules.bernard@ccas-cahors.fr', ['198.51.100.7'], i * 1000);
		await expect(
			signIn(ctx('198.51.100.7', at(60_000)), 'jules.bernard@ccas-cahors.fr', PASSWORD)
		).rejects.toBeInstanceOf(RateLimitError);
		expect(await throttledEvents()).toBe(before + 1);
		const ok = await signIn(
			ctx('198.51.100.7', at(LOGIN_WINDOW_MS + 60_000)),
			'jules.bernard@ccas-cahors.fr',
			PASSWORD
		);
		expect(ok.token).toBeTruthy();
	});

	it('does not let someone guessing from one address lock the owner out at another', async () => {
		await createUser(t.db, { email: 'agathe.roux@caf46.fr', displayName: 'Agathe Roux', password: PASSWORD });
		for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_AND_IP; i++)
			await failures('agathe.roux@caf46.fr', ['198.51.100.66'], i * 1000);
		await expect(
			signIn(ctx('198.51.100.66', at(40_000)), 'agathe.roux@caf46.fr', PASSWORD)
		).rejects.toBeInstanceOf(RateLimitError);
		// the owner, at her office, signs in
		const owner = await signIn(ctx('203.0.113.40', at(41_000)), 'agathe.roux@caf46.fr', PASSWORD);
		expect(owner.token).toBeTruthy();
		// and her success does not forgive the guesser
		await expect(
			signIn(ctx('198.51.100.66', at(42_000)), 'agathe.roux@caf46.fr', PASSWORD)
		).rejects.toBeInstanceOf(RateLimitError);
	});

	it('locks an account guessed from many addresses once it reaches the per-account ceiling', async () => {
		await createUser(t.db, { email: 'marc.petit@msa.fr', displayName: 'Marc Petit', password: PASSWORD });
		const ips = Array.from(
			{ length: MAX_FAILURES_PER_ACCOUNT },
			(_, i) => `10.1.${Math.floor(i / 250)}.${(i % 250) + 1}`
		);
		await failures('marc.petit@msa.fr', ips.slice(0, -1));
		// one below the ceiling: still open
		const open = await signIn(ctx('203.0.113.50', at(100_000)), 'marc.petit@msa.fr', PASSWORD);
		expect(open.token).toBeTruthy();
		await failures('marc.petit@msa.fr', ips.slice(-1), 100_001);
		await expect(
			signIn(ctx('203.0.113.51', at(100_100)), 'marc.petit@msa.fr', PASSWORD)
		).rejects.toBeInstanceOf(RateLimitError);
	});

	it('refuses an address that failed for 100 different accounts, even for a right password', async () => {
		await createUser(t.db, {
			email: 'lina.garcia@ccas-cahors.fr',
			displayName: 'Lina Garcia',
			password: PASSWORD
		});
		const ip = '198.51.100.99';
		for (let i = 0; i < MAX_FAILURES_PER_IP - 1; i++)
			await failures(`inconnu-${i}@exemple.fr`, [ip], 200_000 + i);
		const open = await signIn(ctx(ip, at(300_000)), 'lina.garcia@ccas-cahors.fr', PASSWORD);
		expect(open.token).toBeTruthy();
		await failures('inconnu-dernier@exemple.fr', [ip], 300_001);
		await expect(signIn(ctx(ip, at(300_100)), 'lina.garcia@ccas-cahors.fr', PASSWORD)).rejects.toBeInstanceOf(
			RateLimitError
		);
	});
});
