import { defineJob } from '../jobs/registry';
import { remindApprovers } from './service';

/** Every morning (Paris): approvers who have not answered a pending advance request are reminded. */
export const fundReminders = defineJob({
	name: 'fund.reminders',
	cron: '0 7 * * *',
	async run(ctx) {
		await remindApprovers(ctx);
	}
});
