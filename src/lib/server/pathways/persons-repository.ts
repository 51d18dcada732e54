import {
	and,
	arrayContains,
	arrayOverlaps,
	count,
	desc,
	eq,
	gte,
	inArray,
	isNull,
	lte,
	notInArray,
	or,
	sql
} from 'drizzle-orm';
import type { Db } from '../db/client';
import { consents, persons } from './schema';
import type { ConsentRow, PersonRow } from './repository';

/** SQL of the persons area (record, duplicates, lists, consents). Never a name in clear: only tokens and keys. */

export async function findDuplicates(
	db: Db,
	organisationId: string,
	keys: readonly string[],
	excludeId?: string
): Promise<{ id: string }[]> {
	if (!keys.length) return [];
	return db
		.select({ id: persons.id })
		.from(persons)
		.where(
			and(
				eq(persons.organisationId, organisationId),
				inArray(persons.duplicateKey, [...keys]),
				eq(persons.status, 'active'),
				excludeId ? sql`${persons.id} <> ${excludeId}` : undefined
			)
		)
		.limit(5);
}

export async function updatePerson(
	db: Db,
	id: string,
	changes: Partial<typeof persons.$inferInsert>
): Promise<PersonRow> {
	const [row] = await db.update(persons).set(changes).where(eq(persons.id, id)).returning();
	return row!;
}

/** Persons held by these organisations, most recent activity first; `tokens`: every one must be among the name tokens. */
export async function searchHeld(
	db: Db,
	organisationIds: readonly string[],
	tokens: readonly string[],
	page: { limit: number; offset: number }
): Promise<{ rows: PersonRow[]; total: number }> {
	if (!organisationIds.length) return { rows: [], total: 0 };
	const where = and(
		inArray(persons.organisationId, [...organisationIds]),
		eq(persons.status, 'active'),
		tokens.length ? arrayContains(persons.nameTokens, [...tokens]) : undefined
	);
	const [rows, [total]] = await Promise.all([
		db
			.select()
			.from(persons)
			.where(where)
			.orderBy(desc(persons.lastActivityAt), persons.id)
			.limit(page.limit)
			.offset(page.offset),
		db.select({ n: count() }).from(persons).where(where)
	]);
	return { rows, total: total?.n ?? 0 };
}

/**
 * Candidates of « Partagées avec mon organisme »: persons held elsewhere with a live consent naming one of these
 * organisations or their kinds (the sharing rule then decides, in access.ts). Most recent activity first.
 */
export async function sharedCandidates(
	db: Db,
	organisationIds: readonly string[],
	kinds: readonly string[],
	tokens: readonly string[],
	today: string,
	limit: number
): Promise<string[]> {
	if (!organisationIds.length) return [];
	const live = db
		.select({ personId: consents.personId })
		.from(consents)
		.where(
			and(
				isNull(consents.withdrawnAt),
				lte(consents.givenOn, today),
				or(isNull(consents.expiresOn), gte(consents.expiresOn, today)),
				or(
					arrayOverlaps(consents.organisationIds, [...organisationIds]),
					kinds.length ? arrayOverlaps(consents.organisationKinds, [...kinds]) : undefined
				)
			)
		);
	const rows = await db
		.select({ id: persons.id })
		.from(persons)
		.where(
			and(
				inArray(persons.id, live),
				notInArray(persons.organisationId, [...organisationIds]),
				eq(persons.status, 'active'),
				tokens.length ? arrayContains(persons.nameTokens, [...tokens]) : undefined
			)
		)
		.orderBy(desc(persons.lastActivityAt), persons.id)
		.limit(limit);
	return rows.map((r) => r.id);
}

export async function findConsent(db: Db, id: string): Promise<ConsentRow | undefined> {
	const [row] = await db.select().from(consents).where(eq(consents.id, id));
	return row;
}

export async function withdrawConsent(db: Db, id: string, by: string, at: Date): Promise<ConsentRow> {
	const [row] = await db
		.update(consents)
		.set({ withdrawnAt: at, withdrawnBy: by })
		.where(and(eq(consents.id, id), isNull(consents.withdrawnAt)))
		.returning();
	return row!;
}
