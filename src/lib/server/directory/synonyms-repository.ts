import { and, asc, eq, inArray } from 'drizzle-orm';
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

/** Every territory's groups, by territory, each list in its order (searches filter them: synonyms.ts). */
export async function allSynonymGroups(db: Db) {
	return db
		.select({
			territoryType: searchSynonyms.territoryType,
			territoryCode: searchSynonyms.territoryCode,
			terms: searchSynonyms.terms
		})
		.from(searchSynonyms)
		.orderBy(
			asc(searchSynonyms.territoryType),
			asc(searchSynonyms.territoryCode),
			asc(searchSynonyms.position)
		);
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
