import { and, asc, eq, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { users } from '../auth/schema';
import {
	breakGlassGrants,
	consents,
	pathwayEntries,
	persons,
	personReferents,
	pingPongFlags,
	referralEvents,
	referrals
} from './schema';

/** SQL of the rights area (break-glass, export, erasure, retention, key rotation). Never names in clear. */

export type BreakGlassRow = typeof breakGlassGrants.$inferSelect;

export async function insertBreakGlass(db: Db, row: typeof breakGlassGrants.$inferInsert) {
	const [inserted] = await db.insert(breakGlassGrants).values(row).returning();
	return inserted!;
}

export async function findBreakGlass(db: Db, id: string) {
	const [row] = await db
		.select({ grant: breakGlassGrants, holderOrganisationId: persons.organisationId })
		.from(breakGlassGrants)
		.innerJoin(persons, eq(persons.id, breakGlassGrants.personId))
		.where(eq(breakGlassGrants.id, id));
	return row;
}

/** Grants with the holder organisation of their person and the requester's name (review lists, the record). */
export async function listBreakGlass(db: Db, filter: { reviewed?: boolean; personId?: string }) {
	const where = [];
	if (filter.reviewed === false) where.push(isNull(breakGlassGrants.reviewedAt));
	if (filter.reviewed === true) where.push(isNotNull(breakGlassGrants.reviewedAt));
	if (filter.personId) where.push(eq(breakGlassGrants.personId, filter.personId));
	return db
		.select({
			grant: breakGlassGrants,
			holderOrganisationId: persons.organisationId,
			userName: users.displayName
		})
		.from(breakGlassGrants)
		.innerJoin(persons, eq(persons.id, breakGlassGrants.personId))
		.leftJoin(users, eq(users.id, breakGlassGrants.userId))
		.where(where.length ? and(...where) : undefined)
		.orderBy(asc(breakGlassGrants.grantedAt))
		.limit(500);
}

/** Records the review only if nobody reviewed it first (one verdict per grant). */
export async function reviewBreakGlass(
	db: Db,
	id: string,
	values: { reviewedBy: string; reviewedAt: Date; reviewVerdict: string; reviewNoteSealed: string | null }
) {
	return db
		.update(breakGlassGrants)
		.set(values)
		.where(and(eq(breakGlassGrants.id, id), isNull(breakGlassGrants.reviewedAt)))
		.returning({ id: breakGlassGrants.id });
}

/** Everything stored about one person (the right-of-access export). */
export async function personDossier(db: Db, personId: string) {
	const [consentRows, referentRows, entryRows, referralRows, flagRows, grantRows] = await Promise.all([
		db.select().from(consents).where(eq(consents.personId, personId)).orderBy(asc(consents.createdAt)),
		db
			.select({ row: personReferents, userName: users.displayName })
			.from(personReferents)
			.leftJoin(users, eq(users.id, personReferents.userId))
			.where(eq(personReferents.personId, personId))
			.orderBy(asc(personReferents.since)),
		db
			.select({ row: pathwayEntries, authorName: users.displayName })
			.from(pathwayEntries)
			.leftJoin(users, eq(users.id, pathwayEntries.authorUserId))
			.where(eq(pathwayEntries.personId, personId))
			.orderBy(asc(pathwayEntries.occursAt)),
		db.select().from(referrals).where(eq(referrals.personId, personId)).orderBy(asc(referrals.createdAt)),
		db
			.select()
			.from(pingPongFlags)
			.where(eq(pingPongFlags.personId, personId))
			.orderBy(asc(pingPongFlags.raisedAt)),
		db
			.select({ row: breakGlassGrants, userName: users.displayName })
			.from(breakGlassGrants)
			.leftJoin(users, eq(users.id, breakGlassGrants.userId))
			.where(eq(breakGlassGrants.personId, personId))
			.orderBy(asc(breakGlassGrants.grantedAt))
	]);
	const events = referralRows.length
		? await db
				.select()
				.from(referralEvents)
				.where(
					inArray(
						referralEvents.referralId,
						referralRows.map((r) => r.id)
					)
				)
				.orderBy(asc(referralEvents.at))
		: [];
	return { consentRows, referentRows, entryRows, referralRows, events, flagRows, grantRows };
}

/**
 * Erasure: every sealed or identifying column of the person's rows is nulled or replaced by a sealed « [effacé] »
 * (`erased(personId)` gives it bound to the person); kinds, categories, statuses, reasons and dates stay.
 */
export async function anonymisePerson(
	db: Db,
	personId: string,
	erased: string,
	erasedIdentity: string,
	now: Date
) {
	await db
		.update(persons)
		.set({
			identitySealed: erasedIdentity,
			contactSealed: null,
			situationSealed: null,
			nameTokens: [],
			duplicateKey: null,
			preferredLanguage: null,
			status: 'anonymised',
			anonymisedAt: now,
			retentionProposedAt: null,
			updatedAt: now
		})
		.where(eq(persons.id, personId));
	await db.update(consents).set({ purposeSealed: erased }).where(eq(consents.personId, personId));
	await db
		.update(pathwayEntries)
		.set({ bodySealed: erased, updatedAt: now })
		.where(eq(pathwayEntries.personId, personId));
	await db
		.update(referrals)
		.set({ messageSealed: null, outcomeSealed: null })
		.where(eq(referrals.personId, personId));
	await db.update(pingPongFlags).set({ handlingSealed: null }).where(eq(pingPongFlags.personId, personId));
	await db
		.update(breakGlassGrants)
		.set({ reasonSealed: erased, reviewNoteSealed: null })
		.where(eq(breakGlassGrants.personId, personId));
}

/** Retention, step 1: active persons without activity since `before` and not yet proposed. */
export async function proposeInactive(db: Db, before: Date, now: Date) {
	return db
		.update(persons)
		.set({ retentionProposedAt: now })
		.where(
			and(
				eq(persons.status, 'active'),
				isNull(persons.retentionProposedAt),
				lt(persons.lastActivityAt, before)
			)
		)
		.returning({ id: persons.id, organisationId: persons.organisationId });
}

/** Records proposed for deletion that had activity since (a note, a referral): the proposal is withdrawn. */
export async function clearResumed(db: Db) {
	await db
		.update(persons)
		.set({ retentionProposedAt: null })
		.where(
			and(
				isNotNull(persons.retentionProposedAt),
				sql`${persons.lastActivityAt} > ${persons.retentionProposedAt}`
			)
		);
}

/** Retention, step 2: proposals older than `before` that nobody kept (no activity since the proposal). */
export async function dueForAnonymisation(db: Db, before: Date, limit: number) {
	return db
		.select({ id: persons.id, organisationId: persons.organisationId })
		.from(persons)
		.where(
			and(
				eq(persons.status, 'active'),
				lt(persons.retentionProposedAt, before),
				sql`${persons.lastActivityAt} <= ${persons.retentionProposedAt}`
			)
		)
		.limit(limit);
}

export async function proposedOf(db: Db, organisationId: string) {
	return db
		.select({ id: persons.id })
		.from(persons)
		.where(
			and(
				eq(persons.organisationId, organisationId),
				eq(persons.status, 'active'),
				isNotNull(persons.retentionProposedAt)
			)
		)
		.orderBy(asc(persons.retentionProposedAt))
		.limit(500);
}

export async function keepPerson(db: Db, personId: string, now: Date) {
	await db
		.update(persons)
		.set({ lastActivityAt: now, retentionProposedAt: null })
		.where(eq(persons.id, personId));
}
