import { and, asc, desc, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { serviceHistory, services, structureHistory, structures } from './schema';
import { users } from '../auth/schema';

export type ServiceRow = typeof services.$inferSelect;
export type NewService = typeof services.$inferInsert;
export type StructureRow = typeof structures.$inferSelect;
export type NewStructure = typeof structures.$inferInsert;

export async function insertStructure(db: Db, structure: NewStructure): Promise<StructureRow> {
	const [row] = await db.insert(structures).values(structure).returning();
	return row!;
}

export async function findStructure(db: Db, id: string): Promise<StructureRow | undefined> {
	const [row] = await db.select().from(structures).where(eq(structures.id, id));
	return row;
}

export async function updateStructure(db: Db, id: string, patch: Partial<NewStructure>) {
	const [row] = await db
		.update(structures)
		.set({ ...patch, updatedAt: new Date() })
		.where(eq(structures.id, id))
		.returning();
	return row;
}

export async function structuresOfOrganisation(db: Db, organisationId: string) {
	return db
		.select()
		.from(structures)
		.where(eq(structures.organisationId, organisationId))
		.orderBy(asc(structures.name));
}

export async function insertService(db: Db, service: NewService): Promise<ServiceRow> {
	const [row] = await db.insert(services).values(service).returning();
	return row!;
}

export async function findService(db: Db, id: string): Promise<ServiceRow | undefined> {
	const [row] = await db.select().from(services).where(eq(services.id, id));
	return row;
}

export async function findServiceWithStructure(db: Db, id: string) {
	const [row] = await db
		.select({ service: services, structure: structures })
		.from(services)
		.innerJoin(structures, eq(structures.id, services.structureId))
		.where(eq(services.id, id));
	return row;
}

export async function updateService(db: Db, id: string, patch: Partial<NewService>) {
	const [row] = await db
		.update(services)
		.set({ ...patch, updatedAt: new Date() })
		.where(eq(services.id, id))
		.returning();
	return row;
}

export async function deleteService(db: Db, id: string) {
	await db.delete(services).where(eq(services.id, id));
}

export async function insertHistory(
	db: Db,
	entry: { serviceId: string; changedBy: string | null; kind: string; changes: Record<string, unknown> }
) {
	await db.insert(serviceHistory).values(entry);
}

export async function historyOf(db: Db, serviceId: string, limit: number) {
	return db
		.select()
		.from(serviceHistory)
		.where(eq(serviceHistory.serviceId, serviceId))
		.orderBy(desc(serviceHistory.id))
		.limit(limit);
}

/** History lines with the name of who made them (null when the account is gone or for imports). */
export async function historyWithAuthors(db: Db, serviceId: string, limit: number) {
	return db
		.select({
			id: serviceHistory.id,
			serviceId: serviceHistory.serviceId,
			changedAt: serviceHistory.changedAt,
			changedBy: serviceHistory.changedBy,
			changedByName: users.displayName,
			kind: serviceHistory.kind,
			changes: serviceHistory.changes
		})
		.from(serviceHistory)
		.leftJoin(users, eq(users.id, serviceHistory.changedBy))
		.where(eq(serviceHistory.serviceId, serviceId))
		.orderBy(desc(serviceHistory.id))
		.limit(limit);
}

export async function servicesOfStructure(db: Db, structureId: string) {
	return db
		.select({ id: services.id, name: services.name, lastCheckedAt: services.lastCheckedAt })
		.from(services)
		.where(eq(services.structureId, structureId))
		.orderBy(asc(services.name));
}

/** Services of an organisation's structures, stalest first when asked. */
export async function servicesOfOrganisation(
	db: Db,
	organisationId: string,
	options: { staleBefore?: Date; limit: number; offset: number }
) {
	const where = options.staleBefore
		? and(eq(structures.organisationId, organisationId), lt(services.lastCheckedAt, options.staleBefore))
		: eq(structures.organisationId, organisationId);
	return db
		.select({
			id: services.id,
			name: services.name,
			structureName: structures.name,
			thematiques: services.thematiques,
			communeCode: services.communeCode,
			lastCheckedAt: services.lastCheckedAt,
			updatedAt: services.updatedAt
		})
		.from(services)
		.innerJoin(structures, eq(structures.id, services.structureId))
		.where(where)
		.orderBy(asc(services.lastCheckedAt), asc(services.name))
		.limit(options.limit)
		.offset(options.offset);
}

export async function countServicesOfOrganisation(db: Db, organisationId: string, staleBefore?: Date) {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(services)
		.innerJoin(structures, eq(structures.id, services.structureId))
		.where(
			staleBefore
				? and(eq(structures.organisationId, organisationId), lt(services.lastCheckedAt, staleBefore))
				: eq(structures.organisationId, organisationId)
		);
	return row?.n ?? 0;
}

export async function insertStructureHistory(
	db: Db,
	entry: { structureId: string; changedBy: string | null; kind: string; changes: Record<string, unknown> }
) {
	await db.insert(structureHistory).values(entry);
}

export async function structureHistoryWithAuthors(db: Db, structureId: string, limit: number) {
	return db
		.select({
			id: structureHistory.id,
			changedAt: structureHistory.changedAt,
			changedByName: users.displayName,
			kind: structureHistory.kind,
			changes: structureHistory.changes
		})
		.from(structureHistory)
		.leftJoin(users, eq(users.id, structureHistory.changedBy))
		.where(eq(structureHistory.structureId, structureId))
		.orderBy(desc(structureHistory.id))
		.limit(limit);
}
