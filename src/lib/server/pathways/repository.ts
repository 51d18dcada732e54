import { eq, inArray, sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { textArray, uuidArray } from '../db/arrays';
import { consents, OPEN_REFERRAL_STATUSES, persons } from './schema';

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

export interface PersonSharingFacts {
	personId: string;
	consents: {
		organisationIds: string[];
		organisationKinds: string[];
		categories: string[];
		givenOn: string;
		expiresOn: string | null;
		withdrawnAt: Date | null;
	}[];
	/** the organisation of the viewer's unexpired break-glass grant on this person, if any */
	breakGlassOrganisationId: string | null;
	/** the viewer's organisations an open referral of this person is addressed to */
	referralOrganisationIds: string[];
}

/**
 * What the sharing rule needs to know about each person, in one statement: consents, the viewer's live
 * break-glass grant and the open referrals addressed to the viewer's organisations.
 */
export async function sharingFactsOf(
	db: Db,
	personIds: readonly string[],
	viewer: { userId: string | null; organisationIds: readonly string[] },
	now: Date
): Promise<PersonSharingFacts[]> {
	if (!personIds.length) return [];
	const found = await rows<{
		person_id: string;
		consents: (Omit<PersonSharingFacts['consents'][number], 'withdrawnAt'> & {
			withdrawnAt: string | null;
		})[];
		break_glass_organisation_id: string | null;
		referral_organisation_ids: string[];
	}>(
		db,
		sql`select p.id as person_id,
			coalesce((select json_agg(json_build_object('organisationIds', c.organisation_ids,
					'organisationKinds', c.organisation_kinds, 'categories', c.categories, 'givenOn', c.given_on,
					'expiresOn', c.expires_on, 'withdrawnAt', c.withdrawn_at) order by c.created_at)
				from consents c where c.person_id = p.id), '[]') as consents,
			(select g.organisation_id from break_glass_grants g
				where g.person_id = p.id and g.user_id = ${viewer.userId} and g.expires_at > ${now.toISOString()}::timestamptz limit 1)
				as break_glass_organisation_id,
			array(select distinct r.to_organisation_id from referrals r
				where r.person_id = p.id and r.to_organisation_id = any(${uuidArray(viewer.organisationIds)})
					and r.status = any(${textArray(OPEN_REFERRAL_STATUSES)}) and r.closed_at is null)
				as referral_organisation_ids
		from unnest(${uuidArray(personIds)}) as p(id)`
	);
	return found.map((r) => ({
		personId: r.person_id,
		consents: r.consents.map((c) => ({ ...c, withdrawnAt: c.withdrawnAt ? new Date(c.withdrawnAt) : null })),
		breakGlassOrganisationId: r.break_glass_organisation_id,
		referralOrganisationIds: r.referral_organisation_ids
	}));
}

/** Marks activity on a person (retention counts from the last one). */
export async function touchPerson(db: Db, id: string, now: Date) {
	await db.update(persons).set({ lastActivityAt: now }).where(eq(persons.id, id));
}
