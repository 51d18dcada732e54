import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { searchSynonyms } from './schema';

export type SynonymRow = typeof searchSynonyms.$inferSelect;

export async function synonymsOf(db: Db, territoryType: string, territoryCode: string) {
	return db
		.select()
		.from(searchSynonyms)
		.where(
			and(eq(searchSynonyms.territoryType, territoryType), eq(searchSynonyms.territoryCode, territoryCode))
		)
		.orderBy(asc(searchSynonyms.position));
}

/** Groups of any of these territories ([type, code] pairs); of every territory when `territories` is null. */
export async function synonymGroupsIn(db: Db, territories: [string, string][] | null): Promise<string[][]> {
	const where =
		territories === null
			? undefined
			: territories.length === 0
				? sql`false`
				: or(
						...territories.map(([type, code]) =>
							and(eq(searchSynonyms.territoryType, type), eq(searchSynonyms.territoryCode, code))
						)
					);
	const found = await db
		.select({ terms: searchSynonyms.terms })
		.from(searchSynonyms)
		.where(where)
		.orderBy(
			asc(searchSynonyms.territoryType),
			asc(searchSynonyms.territoryCode),
			asc(searchSynonyms.position)
		);
	return found.map((r) => r.terms);
}

export async function replaceSynonyms(
	db: Db,
	territoryType: string,
	territoryCode: string,
	groups: string[][],
	updatedBy: string | null,
	now: Date
) {
	await db
		.delete(searchSynonyms)
		.where(
			and(eq(searchSynonyms.territoryType, territoryType), eq(searchSynonyms.territoryCode, territoryCode))
		);
	if (groups.length)
		await db.insert(searchSynonyms).values(
			groups.map((terms, position) => ({
				territoryType,
				territoryCode,
				position,
				terms,
				updatedBy,
				updatedAt: now
			}))
		);
}

/** The territories (type, code) that have a list, for the listing page. */
export async function territoriesWithSynonyms(db: Db, types: string[]) {
	return db
		.selectDistinct({
			territoryType: searchSynonyms.territoryType,
			territoryCode: searchSynonyms.territoryCode
		})
		.from(searchSynonyms)
		.where(inArray(searchSynonyms.territoryType, types));
}
