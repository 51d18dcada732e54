import { eq, inArray, sql, type SQL } from 'drizzle-orm';
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

export interface SharingViewer {
	userId: string | null;
	organisationIds: readonly string[];
}

type RawFacts = Omit<PersonSharingFacts, 'personId' | 'consents'> & {
	consents: (Omit<PersonSharingFacts['consents'][number], 'withdrawnAt'> & { withdrawnAt: string | null })[];
};

/**
 * What the sharing rule needs to know about a person, as one JSON value: consents, the viewer's live break-glass
 * grant and the open referrals addressed to the viewer's organisations.
 */
const factsJson = (personId: SQL, viewer: SharingViewer, now: Date) => sql`json_build_object(
	'consents', coalesce((select json_agg(json_build_object('organisationIds', c.organisation_ids,
			'organisationKinds', c.organisation_kinds, 'categories', c.categories, 'givenOn', c.given_on,
			'expiresOn', c.expires_on, 'withdrawnAt', c.withdrawn_at) order by c.created_at)
		from consents c where c.person_id = ${personId}), '[]'),
	'breakGlassOrganisationId', (select g.organisation_id from break_glass_grants g
		where g.person_id = ${personId} and g.user_id = ${viewer.userId}
			and g.expires_at > ${now.toISOString()}::timestamptz limit 1),
	'referralOrganisationIds', array(select distinct r.to_organisation_id from referrals r
		where r.person_id = ${personId} and r.to_organisation_id = any(${uuidArray(viewer.organisationIds)})
			and r.status = any(${textArray(OPEN_REFERRAL_STATUSES)}) and r.closed_at is null))`;

const factsOf = (personId: string, raw: RawFacts): PersonSharingFacts => ({
	personId,
	consents: raw.consents.map((c) => ({ ...c, withdrawnAt: c.withdrawnAt ? new Date(c.withdrawnAt) : null })),
	breakGlassOrganisationId: raw.breakGlassOrganisationId,
	referralOrganisationIds: raw.referralOrganisationIds
});

/** The sharing rule's facts of several persons, in one statement. */
export async function sharingFactsOf(
	db: Db,
	personIds: readonly string[],
	viewer: SharingViewer,
	now: Date
): Promise<PersonSharingFacts[]> {
	if (!personIds.length) return [];
	const found = await rows<{ id: string; facts: RawFacts }>(
		db,
		sql`select p.id, ${factsJson(sql`p.id`, viewer, now)} as facts from unnest(${uuidArray(personIds)}) as p(id)`
	);
	return found.map((r) => factsOf(r.id, r.facts));
}

/**
 * Persons with, for those the viewer's organisations do not hold, the sharing rule's facts: one statement where
 * reading the rows then their facts would be two.
 */
export async function findPersonsWithFacts(
	db: Db,
	ids: readonly string[],
	viewer: SharingViewer,
	now: Date
): Promise<{ row: PersonRow; facts: PersonSharingFacts | null }[]> {
	if (!ids.length) return [];
	const held = viewer.organisationIds.length
		? sql`${persons.organisationId} = any(${uuidArray(viewer.organisationIds)})`
		: sql`false`;
	const found = await db
		.select({
			row: persons,
			facts: sql<RawFacts | null>`case when ${held} then null else ${factsJson(sql`${persons.id}`, viewer, now)} end`
		})
		.from(persons)
		// one array parameter: the same statement text whatever the page's size (ADR 015)
		.where(sql`${persons.id} = any(${uuidArray(ids)})`);
	return found.map((f) => ({ row: f.row, facts: f.facts ? factsOf(f.row.id, f.facts) : null }));
}

/** Marks activity on a person (retention counts from the last one). */
export async function touchPerson(db: Db, id: string, now: Date) {
	await db.update(persons).set({ lastActivityAt: now }).where(eq(persons.id, id));
}
