import type { Db } from '../db/client';
import { defineJob } from '../jobs/registry';
import { currentQueue } from '../jobs/queue';
import { runGovernanceReminders } from './reminders';
import { sendNewcomerDigest } from './newcomer';

/** Every morning (Paris): overdue actions to their owners and chairs, decisions whose review date has come. */
export const governanceReminders = defineJob({
	name: 'governance.reminders',
	cron: '30 6 * * *',
	async run(ctx) {
		await runGovernanceReminders(ctx);
	}
});

/** When a member joins a body: their newcomer digest (sent once per seat, see newcomer.ts). */
export const newcomerDigest = defineJob<{ bodyMemberId?: string }>({
	name: 'governance.newcomer-digest',
	async run(ctx, payload) {
		if (payload.bodyMemberId) await sendNewcomerDigest(ctx, payload.bodyMemberId);
	}
});

/**
 * To call once the seat is committed (the meetings helper's `onMemberJoined`): enqueued when the app's queue runs,
 * sent inline otherwise (command line, tests). Never inside the transaction that creates the seat.
 */
export async function enqueueNewcomerDigest(db: Db, bodyMemberId: string): Promise<void> {
	const queue = currentQueue();
	if (queue) await queue.trigger(newcomerDigest.name, { bodyMemberId }, { singletonKey: bodyMemberId });
	else await sendNewcomerDigest({ db }, bodyMemberId);
}
