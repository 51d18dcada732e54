import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
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
		.select({ code: departements.code, name: departements.name, population: departements.population })
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

/**
 * Name search over the four levels at once, on the normalized names (accents, case and hyphens folded).
 * Names containing the query come first (exact, then prefix, then by population); trigram similarity is only
 * asked for when containment finds too little, so a typo ("gourdn") still finds Gourdon without making every
 * query pay for a similarity scan.
 */
export async function searchTerritories(
	db: Db,
	normalizedQuery: string,
	types: TerritoryType[],
	limit: number
): Promise<SearchHit[]> {
	const contained = await searchPass(db, normalizedQuery, types, limit, 'contains');
	if (contained.length >= limit) return contained;
	const similar = await searchPass(db, normalizedQuery, types, limit, 'similar');
	const seen = new Set(contained.map((h) => `${h.type}:${h.code}`));
	return [...contained, ...similar.filter((h) => !seen.has(`${h.type}:${h.code}`))].slice(0, limit);
}

const escapeLike = (text: string) => text.replace(/[%_\\]/g, '\\$&');

async function searchPass(
	db: Db,
	q: string,
	types: TerritoryType[],
	limit: number,
	mode: 'contains' | 'similar'
) {
	const pattern = `%${escapeLike(q)}%`;
	const match = (column: SQL) =>
		mode === 'contains' ? sql`${column} like ${pattern}` : sql`${column} % ${q}`;
	const parts: SQL[] = [];
	if (types.includes('commune'))
		parts.push(sql`select 'commune' as type, c.code, c.name, c.population, d.name as context, c.name_normalized as n
			from communes c join departements d on d.code = c.departement_code where ${match(sql`c.name_normalized`)}`);
	if (types.includes('epci'))
		parts.push(sql`select 'epci', code, name, population, null, name_normalized from epcis
			where ${match(sql`name_normalized`)}`);
	if (types.includes('departement'))
		parts.push(sql`select 'departement', d.code, d.name, d.population, r.name, d.name_normalized
			from departements d join regions r on r.code = d.region_code
			where ${match(sql`d.name_normalized`)} or d.code = ${q.toUpperCase()}`);
	if (types.includes('region'))
		parts.push(sql`select 'region', code, name, population, null, name_normalized from regions
			where ${match(sql`name_normalized`)}`);
	if (parts.length === 0) return [];
	const order =
		mode === 'contains'
			? sql`(n = ${q}) desc, (n like ${escapeLike(q) + '%'}) desc, population desc, code`
			: sql`similarity(n, ${q}) desc, population desc, code`;
	return rows<SearchHit>(
		db,
		sql`select type, code, name, population, context from (${sql.join(parts, sql` union all `)}) t order by ${order} limit ${limit}`
	);
}

export async function insertZone(
	db: Db,
	zone: { name: string; description: string; organisationId: string; createdBy: string },
	communeCodes: string[]
) {
	return db.transaction(async (tx) => {
		const [row] = await tx.insert(zones).values(zone).returning();
		await tx
			.insert(zoneCommunes)
			.values(communeCodes.map((communeCode) => ({ zoneId: row!.id, communeCode })));
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

/**
 * Communes named `name` (compared folded, as normalize_name) whose postal codes include `postalCode`, for each
 * key: the codes found (none, one, or homonyms).
 */
export async function communesByNameAndPostalCode(
	db: Db,
	keys: { name: string; postalCode: string }[]
): Promise<{ name: string; postalCode: string; code: string }[]> {
	if (keys.length === 0) return [];
	return rows<{ name: string; postalCode: string; code: string }>(
		db,
		sql`select k.name, k.postal_code as "postalCode", c.code
			from json_to_recordset(${JSON.stringify(keys.map((k) => ({ name: k.name, postal_code: k.postalCode })))}::json)
				as k(name text, postal_code text)
			join communes c on c.name_normalized = normalize_name(k.name) and k.postal_code = any(c.postal_codes)`
	);
}
