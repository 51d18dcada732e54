import { and, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { auditEvents } from './schema';
import { users } from '../auth/schema';

export type NewAuditEvent = typeof auditEvents.$inferInsert;

export async function insertEvent(db: Db, event: NewAuditEvent) {
	await db.insert(auditEvents).values(event);
}

/**
 * Several events in one statement with one parameter (a JSON array): the pathways audit every person a page
 * shows, twenty rows a page, and a multi-row insert would bind eight parameters per row.
 */
export async function insertEvents(db: Db, events: Omit<NewAuditEvent, 'id' | 'at'>[]) {
	if (!events.length) return;
	await db.execute(sql`insert into audit_events
			(actor_user_id, organisation_id, action, object_type, object_id, ip, request_id, details)
		select e.actor_user_id, e.organisation_id, e.action, e.object_type, e.object_id, e.ip, e.request_id,
			coalesce(e.details, '{}')
		from json_to_recordset(${JSON.stringify(
			events.map((e) => ({
				actor_user_id: e.actorUserId ?? null,
				organisation_id: e.organisationId ?? null,
				action: e.action,
				object_type: e.objectType,
				object_id: e.objectId ?? null,
				ip: e.ip ?? null,
				request_id: e.requestId ?? null,
				details: e.details ?? {}
			}))
		)}::json) as e(actor_user_id uuid, organisation_id uuid, action text, object_type text, object_id text,
			ip text, request_id text, details jsonb)`);
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
