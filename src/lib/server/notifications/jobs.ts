import { defineJob } from '../jobs/registry';
import { sendDueDigests } from './digest';

/** Every morning (Paris), after the reminders: one grouped digest per person due (daily, or weekly). */
export const digestsJob = defineJob({
	name: 'notifications.digests',
	cron: '0 7 * * *',
	async run(ctx) {
		await sendDueDigests(ctx);
	}
});
