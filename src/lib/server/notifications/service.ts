import type { Context } from '../context';
import { insertEvent } from './repository';

export interface NotificationInput {
	kind: string;
	title: string;
	text?: string;
	url?: string;
	cooperationId?: string | null;
	bodyId?: string | null;
	/** user ids; duplicates are ignored */
	recipients: string[];
	/** stable key of the event (e.g. `action.overdue:<id>:<date>`): recording it again does nothing */
	dedupeKey: string;
}

/**
 * Records an event for the digests of its recipients. Call it inside the use case's transaction: the event commits
 * with the change or not at all. The caller decides who may hear of it (a "partage de situations" body tells its own
 * members only). Returns false when the event had already been recorded.
 */
export async function notify(ctx: Pick<Context, 'db'>, input: NotificationInput): Promise<boolean> {
	const recipients = [...new Set(input.recipients)];
	return insertEvent(ctx.db, { ...input, text: input.text ?? '', recipients });
}
