import { and, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { breakGlassGrants, consents, OPEN_REFERRAL_STATUSES, persons, referrals } from './schema';

/** Base reads and writes of the pathways domain that every part (persons, follow-up, referrals, rights) shares. */
export type PersonRow = typeof persons.$inferSelect;
export type ConsentRow = typeof consents.$inferSelect;

export async function findPerson(db: Db, id: string): Promise<PersonRow | undefined> {
	const [row] = await db.select().from(persons).where(eq(persons.id, id));
	return row;
}

export async function findPersons(db: Db, ids: readonly string[]): Promise<PersonRow[]> {
	if (!ids.length) return [];
	return db
		.select()
		.from(persons)
		.where(inArray(persons.id, [...ids]));
}

export async function insertPerson(db: Db, row: typeof persons.$inferInsert): Promise<PersonRow> {
	const [inserted] = await db.insert(persons).values(row).returning();
	return inserted!;
}

export async function insertConsent(db: Db, row: typeof consents.$inferInsert): Promise<ConsentRow> {
	const [inserted] = await db.insert(consents).values(row).returning();
	return inserted!;
}

export async function consentsOf(db: Db, personIds: readonly string[]): Promise<ConsentRow[]> {
	if (!personIds.length) return [];
	return db
		.select()
		.from(consents)
		.where(inArray(consents.personId, [...personIds]))
		.orderBy(consents.createdAt);
}

/** Unexpired break-glass grants of a user on these persons. */
export async function activeBreakGlass(db: Db, personIds: readonly string[], userId: string, now: Date) {
	if (!personIds.length) return [];
	return db
		.select({ personId: breakGlassGrants.personId, organisationId: breakGlassGrants.organisationId })
		.from(breakGlassGrants)
		.where(
			and(
				inArray(breakGlassGrants.personId, [...personIds]),
				eq(breakGlassGrants.userId, userId),
				gt(breakGlassGrants.expiresAt, now)
			)
		);
}

/** Open referrals of these persons addressed to these organisations. */
export async function openReferralsTo(
	db: Db,
	personIds: readonly string[],
	organisationIds: readonly string[]
) {
	if (!personIds.length || !organisationIds.length) return [];
	return db
		.select({ personId: referrals.personId, toOrganisationId: referrals.toOrganisationId })
		.from(referrals)
		.where(
			and(
				inArray(referrals.personId, [...personIds]),
				inArray(referrals.toOrganisationId, [...organisationIds]),
				inArray(referrals.status, [...OPEN_REFERRAL_STATUSES]),
				isNull(referrals.closedAt)
			)
		);
}

/** Marks activity on a person (retention counts from the last one). */
export async function touchPerson(db: Db, id: string, now: Date) {
	await db.update(persons).set({ lastActivityAt: now }).where(eq(persons.id, id));
}
