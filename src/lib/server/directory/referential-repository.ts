import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { actionServices, referentialNodes, services, structures } from './schema';

export type NodeRow = typeof referentialNodes.$inferSelect;

export async function nodesOfDepartement(db: Db, departementCode: string): Promise<NodeRow[]> {
	return db
		.select()
		.from(referentialNodes)
		.where(eq(referentialNodes.departementCode, departementCode))
		.orderBy(asc(referentialNodes.position), asc(referentialNodes.createdAt));
}

export async function findNode(db: Db, id: string): Promise<NodeRow | undefined> {
	const [row] = await db.select().from(referentialNodes).where(eq(referentialNodes.id, id));
	return row;
}

export async function siblingsOf(db: Db, departementCode: string, parentId: string | null) {
	return db
		.select()
		.from(referentialNodes)
		.where(
			and(
				eq(referentialNodes.departementCode, departementCode),
				parentId ? eq(referentialNodes.parentId, parentId) : isNull(referentialNodes.parentId)
			)
		)
		.orderBy(asc(referentialNodes.position), asc(referentialNodes.createdAt));
}

export async function countChildren(db: Db, id: string): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(referentialNodes)
		.where(eq(referentialNodes.parentId, id));
	return row?.n ?? 0;
}

export async function insertNode(db: Db, node: typeof referentialNodes.$inferInsert): Promise<NodeRow> {
	const [row] = await db.insert(referentialNodes).values(node).returning();
	return row!;
}

export async function updateNode(db: Db, id: string, patch: Partial<typeof referentialNodes.$inferInsert>) {
	const [row] = await db
		.update(referentialNodes)
		.set({ ...patch, updatedAt: new Date() })
		.where(eq(referentialNodes.id, id))
		.returning();
	return row;
}

/** Renumbers siblings 0..n-1 in the given order. */
export async function setPositions(db: Db, orderedIds: string[]) {
	for (const [position, id] of orderedIds.entries()) {
		await db.update(referentialNodes).set({ position }).where(eq(referentialNodes.id, id));
	}
}

/** Deletes a node; the foreign keys remove its subtree and its attached services. */
export async function deleteNode(db: Db, id: string) {
	await db.delete(referentialNodes).where(eq(referentialNodes.id, id));
}

export async function attachService(db: Db, nodeId: string, serviceId: string) {
	await db.insert(actionServices).values({ nodeId, serviceId }).onConflictDoNothing();
}

export async function detachService(db: Db, nodeId: string, serviceId: string) {
	await db
		.delete(actionServices)
		.where(and(eq(actionServices.nodeId, nodeId), eq(actionServices.serviceId, serviceId)));
}

/** Services attached to the given actions, with their structure's name. */
export async function servicesOfActions(db: Db, nodeIds: string[]) {
	if (nodeIds.length === 0) return [];
	return db
		.select({
			nodeId: actionServices.nodeId,
			id: services.id,
			name: services.name,
			structureName: structures.name
		})
		.from(actionServices)
		.innerJoin(services, eq(services.id, actionServices.serviceId))
		.innerJoin(structures, eq(structures.id, services.structureId))
		.where(inArray(actionServices.nodeId, nodeIds))
		.orderBy(asc(services.name));
}

/** Services located in a département (their own commune, else their structure's), by name, for attaching. */
export async function servicesOfDepartement(
	db: Db,
	departementCode: string,
	nameLike: string | undefined,
	limit: number
) {
	const located = sql`coalesce(${services.communeCode}, ${structures.communeCode}) in (select code from communes where departement_code = ${departementCode})`;
	return db
		.select({ id: services.id, name: services.name, structureName: structures.name })
		.from(services)
		.innerJoin(structures, eq(structures.id, services.structureId))
		.where(nameLike ? and(located, sql`${services.nameNormalized} like ${'%' + nameLike + '%'}`) : located)
		.orderBy(asc(services.name), asc(structures.name))
		.limit(limit);
}
