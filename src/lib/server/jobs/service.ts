import type { Context } from '../context';
import { audit } from '../audit/service';
import { authorize } from '../policy/policy';
import { ValidationError } from '../errors';
import { findJob, registeredJobs } from './registry';
import { currentQueue } from './queue';
import './all';

/** The jobs an instance admin may start by hand: the recurring ones (the others need a payload). */
export async function listManualJobs(
	ctx: Context
): Promise<{ name: string; cron: string; lastRun: Date | null }[]> {
	authorize(ctx.actor, 'read', 'instance');
	const last = (await currentQueue()?.lastCompleted()) ?? new Map<string, Date>();
	return registeredJobs()
		.filter((j) => j.cron)
		.map((j) => ({ name: j.name, cron: j.cron!, lastRun: last.get(j.name) ?? null }));
}

/**
 * « Lancer maintenant »: enqueues a recurring job on the app's queue (instance admins only, audited): `queued`, or
 * `waiting` when an identical run is already waiting, or `off` when the queue is not started on this server.
 */
export async function triggerJob(ctx: Context, name: string): Promise<'queued' | 'waiting' | 'off'> {
	authorize(ctx.actor, 'update', 'instance');
	const job = findJob(name);
	if (!job?.cron) throw new ValidationError([{ field: 'job', message: 'invalid' }]);
	const queue = currentQueue();
	if (!queue) return 'off';
	const id = await queue.trigger(name, {}, { singletonKey: 'manual' });
	await audit(ctx, { action: 'jobs.trigger', objectType: 'instance', details: { job: name } });
	return id ? 'queued' : 'waiting';
}
