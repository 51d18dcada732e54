import { config } from '../config';
import { nowOf, type Context } from '../context';
import { RateLimitError, ValidationError } from '../errors';
import { inTransaction } from '../db/transaction';
import { audit } from '../audit/service';
import type { Actor, ActorMembership, TerritoryType } from '../policy/actor';
import type { Db } from '../db/client';
import { decoyPasswordHash, hashPassword, hmac, randomToken, verifyPassword } from './crypto';
import * as repo from './repository';
import { coordinationsOf } from './coordinations';

export const SESSION_COOKIE = 'maillage_session';
export const SESSION_TTL_MS = 7 * 24 * 3600_000;
const SESSION_REFRESH_MS = 3600_000;

/**
 * Failed password checks allowed per window (ADR 003). Counted per account *and* address, so that someone
 * guessing from one place cannot lock the account's owner out from another; per account from every address, with
 * a higher ceiling, against guesses spread over many addresses; and per address (institutions share NAT
 * addresses, hence a high ceiling).
 */
export const LOGIN_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_ACCOUNT_AND_IP = 10;
export const MAX_FAILURES_PER_ACCOUNT = 50;
export const MAX_FAILURES_PER_IP = 100;

export class InvalidCredentialsError extends Error {
	readonly status = 401;
	constructor() {
		super('invalid credentials');
	}
}

const sessionId = (token: string) => hmac(config().secret, token);

/** Creates a session and returns the cookie token (only its HMAC is stored). */
export async function openSession(ctx: Pick<Context, 'db' | 'now'>, userId: string): Promise<string> {
	const token = randomToken();
	await repo.insertSession(ctx.db, sessionId(token), userId, new Date(nowOf(ctx).getTime() + SESSION_TTL_MS));
	return token;
}

/**
 * The one password check of the application (sign-in, joining an organisation with an existing account): same
 * limits, same audit, same generic error whether the account exists or not. Returns the account on success.
 */
export async function verifyCredentials(
	ctx: Context,
	email: string,
	password: string
): Promise<repo.UserRow> {
	const now = nowOf(ctx);
	const emailKey = email.trim().toLowerCase();
	const ip = ctx.ip ?? 'unknown';
	const failures = await repo.countFailures(ctx.db, new Date(now.getTime() - LOGIN_WINDOW_MS), emailKey, ip);
	const throttledBy =
		failures.byIp >= MAX_FAILURES_PER_IP
			? 'ip'
			: failures.byEmailAndIp >= MAX_FAILURES_PER_ACCOUNT_AND_IP
				? 'account-and-ip'
				: failures.byEmail >= MAX_FAILURES_PER_ACCOUNT
					? 'account'
					: null;
	if (throttledBy) {
		await audit(ctx, { action: 'auth.login.throttled', objectType: 'user', details: { by: throttledBy } });
		throw new RateLimitError(Math.ceil(LOGIN_WINDOW_MS / 1000));
	}
	const user = await repo.findUserByEmail(ctx.db, emailKey);
	// Same work whether the account exists or not, so timing does not reveal it.
	const valid = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password);
	if (!user || !valid || user.disabledAt) {
		await repo.recordFailedLogin(ctx.db, emailKey, ip, now);
		await audit(ctx, {
			action: 'auth.login.failed',
			objectType: 'user',
			objectId: user?.id ?? null,
			actorUserId: user?.id ?? null
		});
		throw new InvalidCredentialsError();
	}
	await repo.clearFailures(ctx.db, emailKey, ip);
	return user;
}

export async function signIn(
	ctx: Context,
	email: string,
	password: string
): Promise<{ token: string; userId: string }> {
	const user = await verifyCredentials(ctx, email, password);
	return inTransaction(ctx, async (tx) => {
		const token = await openSession(tx, user.id);
		await audit(tx, { action: 'auth.login', objectType: 'user', objectId: user.id, actorUserId: user.id });
		return { token, userId: user.id };
	});
}

export async function signOut(ctx: Context, token: string): Promise<void> {
	await inTransaction(ctx, async (tx) => {
		await repo.deleteSession(tx.db, sessionId(token));
		if (ctx.actor.user)
			await audit(tx, { action: 'auth.logout', objectType: 'user', objectId: ctx.actor.user.id });
	});
}

/** The acting user behind a cookie token, or null; slides the expiry at most once an hour. */
export async function actorFromSession(
	db: Db,
	token: string | undefined,
	now = new Date()
): Promise<Actor | null> {
	if (!token) return null;
	const id = sessionId(token);
	const found = await repo.findSession(db, id, now);
	if (!found || found.user.disabledAt) return null;
	if (now.getTime() - found.session.lastSeenAt.getTime() > SESSION_REFRESH_MS) {
		await repo.touchSession(db, id, now, new Date(now.getTime() + SESSION_TTL_MS));
	}
	return actorForUser(db, found.user);
}

export async function actorForUser(db: Db, user: repo.UserRow): Promise<Actor> {
	const rows = await repo.membershipsOf(db, user.id);
	const memberships: ActorMembership[] = rows.map((m) => ({
		organisationId: m.organisationId,
		organisationName: m.organisationName,
		role: m.role,
		territory: { type: m.territoryType as TerritoryType, code: m.territoryCode },
		organisationKind: m.organisationKind
	}));
	return {
		user: {
			id: user.id,
			email: user.email,
			displayName: user.displayName,
			isInstanceAdmin: user.isInstanceAdmin
		},
		memberships,
		coordinations: await coordinationsOf(db, user.id)
	};
}

export const MIN_PASSWORD_LENGTH = 12;

export function checkPasswordStrength(password: string, field = 'password'): void {
	if (password.length < MIN_PASSWORD_LENGTH)
		throw new ValidationError([{ field, message: 'password.tooShort' }]);
	if (password.length > 256) throw new ValidationError([{ field, message: 'password.tooLong' }]);
}

/** Creates an account (CLI create-admin, demo seed, accepted invitations). */
export async function createUser(
	db: Db,
	input: { email: string; displayName: string; password?: string; isInstanceAdmin?: boolean }
) {
	if (input.password !== undefined) checkPasswordStrength(input.password);
	return repo.insertUser(db, {
		email: input.email.trim().toLowerCase(),
		displayName: input.displayName.trim(),
		passwordHash: input.password === undefined ? null : await hashPassword(input.password),
		isInstanceAdmin: input.isInstanceAdmin ?? false
	});
}

export { findUserByEmail, findUserById, setInstanceAdmin, updatePassword } from './repository';
