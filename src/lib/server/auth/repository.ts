import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { loginAttempts, oidcIdentities, sessions, users } from './schema';
import { memberships, organisations } from '../organisations/schema';

export type UserRow = typeof users.$inferSelect;

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
	const [row] = await db
		.select()
		.from(users)
		.where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
	return row;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
	const [row] = await db.select().from(users).where(eq(users.id, id));
	return row;
}

export async function insertUser(db: Db, user: typeof users.$inferInsert): Promise<UserRow> {
	const [row] = await db.insert(users).values(user).returning();
	return row!;
}

export async function updatePassword(db: Db, userId: string, passwordHash: string) {
	await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
}

export async function setInstanceAdmin(db: Db, userId: string) {
	await db.update(users).set({ isInstanceAdmin: true }).where(eq(users.id, userId));
}

export async function insertSession(db: Db, id: string, userId: string, expiresAt: Date) {
	await db.insert(sessions).values({ id, userId, expiresAt });
}

/** The session and its user, if the session is still valid. */
export async function findSession(db: Db, id: string, now: Date) {
	const [row] = await db
		.select({ session: sessions, user: users })
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.where(and(eq(sessions.id, id), gt(sessions.expiresAt, now)));
	return row;
}

export async function touchSession(db: Db, id: string, now: Date, expiresAt: Date) {
	await db.update(sessions).set({ lastSeenAt: now, expiresAt }).where(eq(sessions.id, id));
}

export async function deleteSession(db: Db, id: string) {
	await db.delete(sessions).where(eq(sessions.id, id));
}

export async function deleteExpiredSessions(db: Db, now: Date) {
	await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

export async function membershipsOf(db: Db, userId: string) {
	return db
		.select({
			organisationId: organisations.id,
			organisationName: organisations.name,
			organisationKind: organisations.kind,
			role: memberships.role,
			territoryType: organisations.territoryType,
			territoryCode: organisations.territoryCode
		})
		.from(memberships)
		.innerJoin(organisations, eq(organisations.id, memberships.organisationId))
		.where(eq(memberships.userId, userId))
		.orderBy(organisations.name);
}

export async function recordFailedLogin(db: Db, emailKey: string, ip: string, at: Date) {
	await db.insert(loginAttempts).values({ emailKey, ip, at });
}

export async function countFailures(db: Db, since: Date, emailKey: string, ip: string) {
	const [row] = await db
		.select({
			byEmail: sql<number>`count(*) filter (where ${loginAttempts.emailKey} = ${emailKey})::int`,
			byEmailAndIp: sql<number>`count(*) filter (where ${loginAttempts.emailKey} = ${emailKey} and ${loginAttempts.ip} = ${ip})::int`,
			byIp: sql<number>`count(*) filter (where ${loginAttempts.ip} = ${ip})::int`,
			oldest: sql<Date | null>`min(${loginAttempts.at})`
		})
		.from(loginAttempts)
		.where(
			and(
				gt(loginAttempts.at, since),
				sql`(${loginAttempts.emailKey} = ${emailKey} or ${loginAttempts.ip} = ${ip})`
			)
		);
	return { byEmail: row?.byEmail ?? 0, byEmailAndIp: row?.byEmailAndIp ?? 0, byIp: row?.byIp ?? 0 };
}

/** After a right password: that account's failures from that address are forgiven, not those from elsewhere. */
export async function clearFailures(db: Db, emailKey: string, ip: string) {
	await db.delete(loginAttempts).where(and(eq(loginAttempts.emailKey, emailKey), eq(loginAttempts.ip, ip)));
}

export async function findOidcIdentity(db: Db, issuer: string, subject: string) {
	const [row] = await db
		.select()
		.from(oidcIdentities)
		.where(and(eq(oidcIdentities.issuer, issuer), eq(oidcIdentities.subject, subject)));
	return row;
}

export async function linkOidcIdentity(db: Db, issuer: string, subject: string, userId: string) {
	await db.insert(oidcIdentities).values({ issuer, subject, userId }).onConflictDoNothing();
}
