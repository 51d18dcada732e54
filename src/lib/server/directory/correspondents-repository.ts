import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { correspondents, structures } from './schema';

export type CorrespondentRow = typeof correspondents.$inferSelect;

export async function correspondentsOfStructure(db: Db, structureId: string): Promise<CorrespondentRow[]> {
	return db
		.select()
		.from(correspondents)
		.where(eq(correspondents.structureId, structureId))
		.orderBy(asc(correspondents.theme), asc(correspondents.fullName));
}

export async function insertCorrespondent(db: Db, row: typeof correspondents.$inferInsert) {
	const [inserted] = await db.insert(correspondents).values(row).returning();
	return inserted!;
}

export async function findCorrespondentWithStructure(db: Db, id: string) {
	const [row] = await db
		.select({ correspondent: correspondents, structure: structures })
		.from(correspondents)
		.innerJoin(structures, eq(structures.id, correspondents.structureId))
		.where(eq(correspondents.id, id));
	return row;
}

export async function updateCorrespondent(
	db: Db,
	id: string,
	patch: Partial<typeof correspondents.$inferInsert>
): Promise<CorrespondentRow | undefined> {
	const [row] = await db.update(correspondents).set(patch).where(eq(correspondents.id, id)).returning();
	return row;
}

export async function deleteCorrespondent(db: Db, id: string) {
	await db.delete(correspondents).where(eq(correspondents.id, id));
}
