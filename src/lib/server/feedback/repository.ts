import { and, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { ActorCoordination } from '../policy/actor';
import { feedback } from './schema';

export type FeedbackRow = typeof feedback.$inferSelect;
export type NewFeedback = typeof feedback.$inferInsert;

export async function insertFeedback(db: Db, row: NewFeedback) {
	const [inserted] = await db.insert(feedback).values(row).returning();
	return inserted!;
}

export async function findFeedback(db: Db, id: string) {
	const [row] = await db.select().from(feedback).where(eq(feedback.id, id));
	return row;
}

const COLUMN = {
	commune: feedback.communeCode,
	epci: feedback.epciCode,
	departement: feedback.departementCode,
	region: feedback.regionCode
} as const;

/** The places a coordinator holds, as one condition on the copied place columns (a zone: its communes). */
function coveredBy(coordinations: readonly ActorCoordination[]): SQL | undefined {
	const parts = coordinations.map((c) =>
		c.type === 'zone'
			? c.communes?.length
				? inArray(feedback.communeCode, [...c.communes])
				: sql`false`
			: eq(COLUMN[c.type], c.code)
	);
	return parts.length ? or(...parts) : undefined;
}

/** Feedback of some status in the places a coordinator holds (all places when `coordinations` is null). */
export async function feedbackInPlaces(
	db: Db,
	coordinations: readonly ActorCoordination[] | null,
	options: { status: string; limit: number; offset: number }
) {
	const place = coordinations === null ? undefined : (coveredBy(coordinations) ?? sql`false`);
	return db
		.select()
		.from(feedback)
		.where(and(eq(feedback.status, options.status), place))
		.orderBy(desc(feedback.createdAt), feedback.id)
		.limit(options.limit)
		.offset(options.offset);
}

/** Approved feedback on the services of some organisations, newest first. */
export async function approvedOfOrganisations(
	db: Db,
	organisationIds: string[],
	options: { limit: number; offset: number }
) {
	if (!organisationIds.length) return [];
	return db
		.select()
		.from(feedback)
		.where(and(eq(feedback.status, 'approved'), inArray(feedback.organisationId, organisationIds)))
		.orderBy(desc(feedback.createdAt), feedback.id)
		.limit(options.limit)
		.offset(options.offset);
}

/**
 * Approved feedback one reads as a professional: on the services of one's organisations, or in the places one
 * coordinates (`coordinations` null: everywhere, for an instance admin).
 */
export async function approvedInScope(
	db: Db,
	organisationIds: string[],
	coordinations: readonly ActorCoordination[] | null,
	options: { limit: number; offset: number }
) {
	const scope =
		coordinations === null
			? undefined
			: or(
					organisationIds.length ? inArray(feedback.organisationId, organisationIds) : undefined,
					coveredBy(coordinations)
				);
	if (scope === undefined && coordinations !== null) return [];
	return db
		.select()
		.from(feedback)
		.where(and(eq(feedback.status, 'approved'), scope))
		.orderBy(desc(feedback.createdAt), feedback.id)
		.limit(options.limit)
		.offset(options.offset);
}

/** Approved feedback on one service that may be shown publicly: answered, or approved before `quietBefore`. */
export async function publishedOfService(db: Db, serviceId: string, quietBefore: Date, limit: number) {
	return db
		.select()
		.from(feedback)
		.where(
			and(
				eq(feedback.serviceId, serviceId),
				eq(feedback.status, 'approved'),
				or(sql`${feedback.answer} is not null`, sql`${feedback.moderatedAt} < ${quietBefore.toISOString()}`)
			)
		)
		.orderBy(desc(feedback.createdAt), feedback.id)
		.limit(limit);
}

/** A change made only if the row is still in the expected status (a concurrent moderator loses). */
export async function updateFeedback(db: Db, id: string, status: string, change: Partial<NewFeedback>) {
	const [row] = await db
		.update(feedback)
		.set(change)
		.where(and(eq(feedback.id, id), eq(feedback.status, status)))
		.returning();
	return row;
}
