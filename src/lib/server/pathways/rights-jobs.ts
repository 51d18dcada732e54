import { defineJob } from '../jobs/registry';
import { runRetention } from './retention';

/** Every night (UTC): records without activity proposed for deletion, expired proposals anonymised. */
export const retentionJob = defineJob({
	name: 'pathways.retention',
	cron: '15 2 * * *',
	async run(ctx) {
		await runRetention(ctx);
	}
});
