import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { communes, departements, epciDepartements, epcis, regions, zoneCommunes, zones } from './schema';
import type { TerritoryType } from '../policy/actor';

export interface TerritorySummary {
	type: TerritoryType;
	code: string;
	name: string;
	population: number;
}

export interface SearchHit extends TerritorySummary {
	/** name of the parent used to tell homonyms apart (département of a commune…) */
	context: string | null;
}

export async function findRegion(db: Db, code: string) {
	const [row] = await db.select().from(regions).where(eq(regions.code, code));
	return row;
}

export async function findDepartement(db: Db, code: string) {
	const [row] = await db.select().from(departements).where(eq(departements.code, code));
	return row;
}

export async function findEpci(db: Db, code: string) {
	const [row] = await db.select().from(epcis).where(eq(epcis.code, code));
	return row;
}

export async function findCommune(db: Db, code: string) {
	const [row] = await db.select().from(communes).where(eq(communes.code, code));
	return row;
}

export async function departementsOfRegion(db: Db, regionCode: string) {
	return db
		.select({ code: departements.code, name: departements.name })
		.from(departements)
		.where(eq(departements.regionCode, regionCode))
		.orderBy(asc(departements.code));
}

export async function departementsOfEpci(db: Db, epciCode: string) {
	return db
		.select({ code: departements.code, name: departements.name, regionCode: departements.regionCode })
		.from(epciDepartements)
		.innerJoin(departements, eq(departements.code, epciDepartements.departementCode))
		.where(eq(epciDepartements.epciCode, epciCode))
		.orderBy(asc(departements.code));
}

export async function epcisOfDepartement(db: Db, departementCode: string) {
	return db
		.select({ code: epcis.code, name: epcis.name, kind: epcis.kind, population: epcis.population })
		.from(epciDepartements)
		.innerJoin(epcis, eq(epcis.code, epciDepartements.epciCode))
		.where(eq(epciDepartements.departementCode, departementCode))
		.orderBy(asc(epcis.name));
}

export async function communesWhere(db: Db, column: 'epci' | 'departement', code: string) {
	const filter = column === 'epci' ? eq(communes.epciCode, code) : eq(communes.departementCode, code);
	return db
		.select({ code: communes.code, name: communes.name, population: communes.population })
		.from(communes)
		.where(filter)
		.orderBy(desc(communes.population), asc(communes.name));
}

export async function populationOf(db: Db, column: 'departement' | 'region', code: string): Promise<number> {
	const filter = column === 'departement' ? eq(communes.departementCode, code) : eq(communes.regionCode, code);
	const [row] = await db
		.select({ total: sql<number>`coalesce(sum(${communes.population}), 0)::bigint` })
		.from(communes)
		.where(filter);
	return Number(row?.total ?? 0);
}

/**
 * Name search over the four levels at once, on the normalized names (accents, case and hyphens folded).
 * Exact names first, then prefixes, then trigram similarity; population breaks ties.
 */
export async function searchTerritories(
	db: Db,
	normalizedQuery: string,
	types: TerritoryType[],
	limit: number
): Promise<SearchHit[]> {
	const q = normalizedQuery;
	const contains = `%${q.replace(/[%_\\]/g, '\\$&')}%`;
	const parts = [];
	if (types.includes('commune'))
		parts.push(sql`select 'commune' as type, c.code, c.name, c.population, d.name as context, c.name_normalized as n
			from communes c join departements d on d.code = c.departement_code
			where c.name_normalized like ${contains} or c.name_normalized % ${q}`);
	if (types.includes('epci'))
		parts.push(sql`select 'epci', code, name, population, null, name_normalized from epcis
			where name_normalized like ${contains} or name_normalized % ${q}`);
	if (types.includes('departement'))
		parts.push(sql`select 'departement', d.code, d.name,
			(select coalesce(sum(population), 0) from communes where departement_code = d.code)::int, r.name, d.name_normalized
			from departements d join regions r on r.code = d.region_code
			where d.name_normalized like ${contains} or d.name_normalized % ${q} or d.code = ${q}`);
	if (types.includes('region'))
		parts.push(sql`select 'region', code, name,
			(select coalesce(sum(population), 0) from communes where region_code = r.code)::int, null, name_normalized
			from regions r where name_normalized like ${contains} or name_normalized % ${q}`);
	if (parts.length === 0) return [];
	const union = sql.join(parts, sql` union all `);
	return rows<SearchHit>(
		db,
		sql`select type, code, name, population, context from (${union}) t
			order by (n = ${q}) desc, (n like ${q.replace(/[%_\\]/g, '\\$&') + '%'}) desc,
				similarity(n, ${q}) desc, population desc, code
			limit ${limit}`
	);
}

export async function insertZone(
	db: Db,
	zone: { name: string; description: string; organisationId: string; createdBy: string },
	communeCodes: string[]
) {
	return db.transaction(async (tx) => {
		const [row] = await tx.insert(zones).values(zone).returning();
		await tx.insert(zoneCommunes).values(communeCodes.map((communeCode) => ({ zoneId: row!.id, communeCode })));
		return row!;
	});
}

export async function existingCommuneCodes(db: Db, codes: string[]): Promise<Set<string>> {
	if (codes.length === 0) return new Set();
	const found = await db.select({ code: communes.code }).from(communes).where(inArray(communes.code, codes));
	return new Set(found.map((r) => r.code));
}

export async function findZone(db: Db, id: string) {
	const [zone] = await db.select().from(zones).where(eq(zones.id, id));
	if (!zone) return undefined;
	const members = await db
		.select({ code: communes.code, name: communes.name, population: communes.population })
		.from(zoneCommunes)
		.innerJoin(communes, eq(communes.code, zoneCommunes.communeCode))
		.where(eq(zoneCommunes.zoneId, id))
		.orderBy(asc(communes.name));
	return { ...zone, communes: members };
}

export async function listZones(db: Db, organisationId: string | undefined, limit: number, offset: number) {
	const where = organisationId ? and(eq(zones.organisationId, organisationId)) : undefined;
	return db
		.select({
			id: zones.id,
			name: zones.name,
			description: zones.description,
			organisationId: zones.organisationId,
			createdAt: zones.createdAt,
			communeCount: sql<number>`(select count(*)::int from zone_communes zc where zc.zone_id = ${zones.id})`
		})
		.from(zones)
		.where(where)
		.orderBy(desc(zones.createdAt), asc(zones.id))
		.limit(limit)
		.offset(offset);
}

export async function deleteZone(db: Db, id: string) {
	await db.delete(zones).where(eq(zones.id, id));
}

export async function countCommunes(db: Db): Promise<number> {
	const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(communes);
	return row?.n ?? 0;
}
