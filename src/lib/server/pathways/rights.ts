import type { Context } from '../context';
import { objectEvents } from '../audit/service';
import { organisationKinds } from '../organisations/service';
import { ForbiddenError } from '../policy/policy';
import { inTransaction } from '../db/transaction';
import { parseOrThrow } from '../api/errors';
import { auditPersonReads, personAccess, type PersonView } from './access';
import { accessLogQuerySchema } from './rights-validation';

/**
 * Rights of the person (issue 11, item 7): « qui a consulté ce dossier ». Export, erasure, retention and
 * break-glass are in export.ts, erasure.ts, retention.ts and break-glass.ts.
 */

/**
 * The person as seen by the holding organisation; 404 when out of reach, 403 when another organisation sees the
 * person through consent (the log, the export and erasure are the holder's: it answers the person's requests).
 */
export async function holderView(ctx: Context, personId: string): Promise<PersonView> {
	const view = await personAccess(ctx, personId);
	if (!view.isHolder) throw new ForbiddenError('read', 'person', true);
	return view;
}

export interface AccessLogEntry {
	id: number;
	at: Date;
	actorUserId: string | null;
	actorName: string | null;
	organisationId: string | null;
	organisationName: string | null;
	action: string;
	/** what was read or done: person, entries, referral, export, accessLog, breakGlass… */
	what: string | null;
	/** holder, consent, referral, break-glass, coordination */
	ground: string | null;
	/** the categories that were visible */
	categories: string[];
}

/** The audit events about the person, newest first; reading them is itself a read of the person, audited. */
export async function personAccessLog(
	ctx: Context,
	personId: string,
	query: { before?: number; limit?: number } = {}
): Promise<{ entries: AccessLogEntry[]; nextBefore: number | null }> {
	const q = parseOrThrow(accessLogQuerySchema, query);
	return inTransaction(ctx, async (tx) => {
		const view = await holderView(tx, personId);
		const page = await objectEvents(tx, { objectType: 'person', objectId: personId, ...q });
		const entries = await describeEvents(tx, page.events);
		await auditPersonReads(tx, [view], 'accessLog');
		return { entries, nextBefore: page.nextBefore };
	});
}

type AuditEvent = Awaited<ReturnType<typeof objectEvents>>['events'][number];

export async function describeEvents(ctx: Context, events: AuditEvent[]): Promise<AccessLogEntry[]> {
	const names = new Map(
		(
			await organisationKinds(ctx, [
				...new Set(events.flatMap((e) => (e.organisationId ? [e.organisationId] : [])))
			])
		).map((o) => [o.id, o.name])
	);
	return events.map((e) => {
		const d = (e.details ?? {}) as Record<string, unknown>;
		return {
			id: e.id,
			at: e.at,
			actorUserId: e.actorUserId,
			actorName: e.actorName,
			organisationId: e.organisationId,
			organisationName: e.organisationId ? (names.get(e.organisationId) ?? null) : null,
			action: e.action,
			what: typeof d.what === 'string' ? d.what : null,
			ground: typeof d.ground === 'string' ? d.ground : null,
			categories: Array.isArray(d.categories) ? d.categories.map(String) : []
		};
	});
}
