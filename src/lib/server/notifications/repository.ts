import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { notificationEvents, notificationRecipients } from './schema';

export async function insertEvent(
	db: Db,
	event: {
		kind: string;
		title: string;
		text: string;
		url?: string;
		cooperationId?: string | null;
		bodyId?: string | null;
		recipients: string[];
		dedupeKey: string;
	}
): Promise<boolean> {
	const [row] = await db
		.insert(notificationEvents)
		.values({
			kind: event.kind,
			title: event.title,
			text: event.text,
			url: event.url ?? null,
			cooperationId: event.cooperationId ?? null,
			bodyId: event.bodyId ?? null,
			dedupeKey: event.dedupeKey
		})
		.onConflictDoNothing({ target: notificationEvents.dedupeKey })
		.returning({ id: notificationEvents.id });
	if (!row) return false;
	if (event.recipients.length)
		await db
			.insert(notificationRecipients)
			.values(event.recipients.map((userId) => ({ eventId: row.id, userId })))
			.onConflictDoNothing();
	return true;
}

/** Events not yet carried by a digest, for one user, oldest first. */
export function pendingEventsOf(db: Db, userId: string) {
	return db
		.select({
			id: notificationEvents.id,
			kind: notificationEvents.kind,
			title: notificationEvents.title,
			text: notificationEvents.text,
			url: notificationEvents.url,
			cooperationId: notificationEvents.cooperationId,
			bodyId: notificationEvents.bodyId,
			createdAt: notificationEvents.createdAt
		})
		.from(notificationRecipients)
		.innerJoin(notificationEvents, sql`${notificationEvents.id} = ${notificationRecipients.eventId}`)
		.where(sql`${notificationRecipients.userId} = ${userId} and ${notificationRecipients.digestedAt} is null`)
		.orderBy(notificationEvents.createdAt);
}
