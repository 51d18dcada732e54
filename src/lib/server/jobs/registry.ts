import type { Context } from '../context';

/** What a job handler receives: a database and a system actor; `now` is injectable in tests. */
export type JobContext = Context;

export interface JobDefinition<Payload = Record<string, unknown>> {
	/** unique, `<domain>.<what>`, e.g. `governance.overdue-actions` */
	name: string;
	/** cron expression (UTC) for recurring jobs; absent for jobs only enqueued on demand */
	cron?: string;
	/** must be idempotent: it may run twice, or in two processes at once */
	run(ctx: JobContext, payload: Payload): Promise<void>;
}

const registry = new Map<string, JobDefinition<never>>();

/** Declared by each domain in its `jobs.ts`; the queue (ADR 002) runs what is registered here. */
export function defineJob<Payload = Record<string, unknown>>(
	def: JobDefinition<Payload>
): JobDefinition<Payload> {
	if (registry.has(def.name) && registry.get(def.name) !== (def as never))
		throw new Error(`job ${def.name} declared twice`);
	registry.set(def.name, def as JobDefinition<never>);
	return def;
}

export const registeredJobs = (): JobDefinition<never>[] => [...registry.values()];
export const findJob = (name: string) => registry.get(name);
