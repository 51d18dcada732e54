import type { Context } from '../context';
import { authorize } from '../policy/policy';
import { ValidationError } from '../errors';
import { insertEvent, insertEvents, listEvents, type AuditFilter } from './repository';

export interface AuditEntry {
	action: string;
	objectType: string;
	objectId?: string | null;
	organisationId?: string | null;
	details?: Record<string, unknown>;
	/** for events before a session exists (sign-in): who the event is about */
	actorUserId?: string | null;
}

/** The one helper every module uses to write the audit log. Never put secrets or free text about people in details. */
export async function audit(ctx: Context, entry: AuditEntry): Promise<void> {
	await insertEvent(ctx.db, {
		actorUserId: entry.actorUserId ?? (ctx.actor.user?.id || null),
		organisationId: entry.organisationId ?? null,
		action: entry.action,
		objectType: entry.objectType,
		objectId: entry.objectId ?? null,
		ip: ctx.ip ?? null,
		requestId: ctx.requestId ?? null,
		details: entry.details ?? {}
	});
}

/**
 * Instance admins read everything; an organisation admin reads the events of their organisation.
 * Reading the audit log is itself audited.
 */
export async function readAuditLog(ctx: Context, filter: Omit<AuditFilter, 'limit'> & { limit?: number }) {
	// without an organisation filter, only an instance admin may read (the whole log)
	authorize(ctx.actor, 'read', 'audit', { organisationId: filter.organisationId });
	// a period that ends before it starts is a mistake to say, not an empty journal
	if (filter.from && filter.to && filter.from > filter.to)
		throw new ValidationError([{ field: 'from', message: 'dateRange.order' }]);
	const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
	const events = await listEvents(ctx.db, { ...filter, limit: limit + 1 });
	await audit(ctx, {
		action: 'audit.read',
		objectType: 'audit',
		organisationId: filter.organisationId ?? null,
		details: { filter: { ...filter, from: filter.from?.toISOString(), to: filter.to?.toISOString() } }
	});
	const page = events.slice(0, limit);
	return { events: page, nextBefore: events.length > limit ? page[page.length - 1]!.id : null };
}

/** Several entries in one statement (a list that shows many people writes one read event per person). */
export async function auditMany(ctx: Context, entries: AuditEntry[]): Promise<void> {
	if (!entries.length) return;
	await insertEvents(
		ctx.db,
		entries.map((entry) => ({
			actorUserId: entry.actorUserId ?? (ctx.actor.user?.id || null),
			organisationId: entry.organisationId ?? null,
			action: entry.action,
			objectType: entry.objectType,
			objectId: entry.objectId ?? null,
			ip: ctx.ip ?? null,
			requestId: ctx.requestId ?? null,
			details: entry.details ?? {}
		}))
	);
}

/**
 * The events about one object (a person's « qui a consulté ce dossier »), newest first, keyset-paginated.
 * No authorization of its own: the calling domain decides who may read the log of its object (pathways/rights.ts:
 * the holding organisation's professionals) and audits that read.
 */
export async function objectEvents(
	ctx: Pick<Context, 'db'>,
	filter: { objectType: string; objectId: string; before?: number; limit?: number }
) {
	const limit = Math.min(Math.max(filter.limit ?? 50, 1), 5000);
	const events = await listEvents(
		ctx.db,
		{ objectType: filter.objectType, objectId: filter.objectId, before: filter.before, limit: limit + 1 },
		{ withNames: true }
	);
	const page = events.slice(0, limit);
	return { events: page, nextBefore: events.length > limit ? page[page.length - 1]!.id : null };
}
