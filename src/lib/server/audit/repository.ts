import { and, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { auditEvents } from './schema';
import { users } from '../auth/schema';

export type NewAuditEvent = typeof auditEvents.$inferInsert;

export async function insertEvent(db: Db, event: NewAuditEvent) {
	await db.insert(auditEvents).values(event);
}

export async function insertEvents(db: Db, events: NewAuditEvent[]) {
	if (events.length) await db.insert(auditEvents).values(events);
}

export interface AuditFilter {
	organisationId?: string;
	actorUserId?: string;
	action?: string;
	objectType?: string;
	objectId?: string;
	from?: Date;
	to?: Date;
	/** keyset pagination: events with id < before */
	before?: number;
	limit: number;
}

/** `withNames`: also the actor's display name (the pathways read log shows people, the journal e-mails only). */
export async function listEvents(db: Db, filter: AuditFilter, options: { withNames?: boolean } = {}) {
	const where: SQL[] = [];
	if (filter.organisationId) where.push(eq(auditEvents.organisationId, filter.organisationId));
	if (filter.actorUserId) where.push(eq(auditEvents.actorUserId, filter.actorUserId));
	if (filter.action)
		where.push(sql`${auditEvents.action} like ${filter.action.replace(/[%_\\]/g, '\\$&') + '%'}`);
	if (filter.objectType) where.push(eq(auditEvents.objectType, filter.objectType));
	if (filter.objectId) where.push(eq(auditEvents.objectId, filter.objectId));
	if (filter.from) where.push(gte(auditEvents.at, filter.from));
	if (filter.to) where.push(lte(auditEvents.at, filter.to));
	if (filter.before) where.push(lt(auditEvents.id, filter.before));
	return db
		.select({
			id: auditEvents.id,
			at: auditEvents.at,
			actorUserId: auditEvents.actorUserId,
			actorEmail: users.email,
			actorName: options.withNames ? users.displayName : sql<string | null>`null`,
			organisationId: auditEvents.organisationId,
			action: auditEvents.action,
			objectType: auditEvents.objectType,
			objectId: auditEvents.objectId,
			ip: auditEvents.ip,
			requestId: auditEvents.requestId,
			details: auditEvents.details
		})
		.from(auditEvents)
		.leftJoin(users, eq(users.id, auditEvents.actorUserId))
		.where(where.length ? and(...where) : undefined)
		.orderBy(desc(auditEvents.id))
		.limit(filter.limit);
}
