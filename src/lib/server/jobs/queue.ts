import PgBoss from 'pg-boss';
import type { Database, Db } from '../db/client';
import { ANONYMOUS } from '../policy/actor';
import { logger } from '../log';
import { findJob, registeredJobs, type JobContext } from './registry';

/**
 * The job queue of ADR 002: pg-boss 10 on Maillage's own database (node-postgres pool or PGlite), through pg-boss's
 * `db` option. Every registered job gets a queue with the `stately` policy (at most one waiting and one running per
 * singleton key), its cron schedule (pg-boss's cron monitor sends one job per slot, whatever the number of processes),
 * and a worker. Handlers are idempotent on top of that (notify's dedupeKey, claimed recipient rows).
 */
export interface JobQueue {
	/** enqueues a run now; returns the job id, or null when an identical run is already waiting */
	trigger(
		name: string,
		payload?: Record<string, unknown>,
		options?: { singletonKey?: string }
	): Promise<string | null>;
	/** when each job last completed (pg-boss's job and archive tables) */
	lastCompleted(): Promise<Map<string, Date>>;
	stop(): Promise<void>;
}

export interface QueueOptions {
	/** work the queues (default true); false = only send, e.g. from the CLI */
	work?: boolean;
	/** install cron schedules (default true) */
	schedule?: boolean;
	/** polling interval of workers, seconds (pg-boss minimum 0.5) */
	pollingIntervalSeconds?: number;
	/** clock given to handlers (tests) */
	now?: () => Date;
	/** cron times zone */
	tz?: string;
}

interface RawClient {
	query(
		text: string,
		values?: unknown[]
	): Promise<{ rows: unknown[]; rowCount?: number | null; affectedRows?: number }>;
	exec?(text: string): Promise<{ rows: unknown[]; affectedRows?: number }[]>;
}

/**
 * pg-boss's `executeSql` over the driver under Drizzle. PGlite refuses several statements in one prepared statement
 * (pg-boss's migrations are one script): parameterless text goes through `exec`, the simple query protocol.
 */
export function bossDb(database: Database): PgBoss.Db {
	const client = (database.db as Db & { $client: RawClient }).$client;
	return {
		async executeSql(text, values) {
			if (database.kind === 'pglite' && (!values || values.length === 0) && client.exec) {
				const results = await client.exec(text);
				const last = results[results.length - 1];
				return { rows: last?.rows ?? [] };
			}
			const result = await client.query(text, values ?? []);
			return { rows: result.rows };
		}
	};
}

export const jobContext = (db: Db, now?: () => Date): JobContext => ({ db, actor: ANONYMOUS, now });

/** Runs one registered job in this process, now (CLI, tests); the handler's own idempotence applies. */
export async function runJobNow(
	db: Db,
	name: string,
	payload: Record<string, unknown> = {},
	now?: () => Date
): Promise<void> {
	const job = findJob(name);
	if (!job) throw new Error(`unknown job ${name}`);
	await job.run(jobContext(db, now), payload as never);
}

export async function startQueue(database: Database, options: QueueOptions = {}): Promise<JobQueue> {
	const boss = new PgBoss({
		db: bossDb(database),
		schema: 'pgboss',
		// the embedded database has one process: no need for pg-boss's frequent supervision there
		...(database.kind === 'pglite' ? { maintenanceIntervalSeconds: 300 } : {})
	});
	boss.on('error', (error) => logger.error({ err: error.message }, 'job queue error'));
	await boss.start();
	for (const job of registeredJobs()) {
		await boss.createQueue(job.name, { name: job.name, policy: 'stately', retryLimit: 3, retryDelay: 60 });
		if (job.cron && options.schedule !== false)
			await boss.schedule(job.name, job.cron, {}, { tz: options.tz ?? 'Europe/Paris' });
		if (options.work !== false)
			await boss.work<Record<string, unknown>>(
				job.name,
				{ pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
				async (batch) => {
					for (const item of batch) {
						const started = Date.now();
						await job.run(jobContext(database.db, options.now), (item.data ?? {}) as never);
						logger.info({ job: job.name, id: item.id, ms: Date.now() - started }, 'job done');
					}
				}
			);
	}
	return {
		async trigger(name, payload = {}, opts = {}) {
			if (!findJob(name)) throw new Error(`unknown job ${name}`);
			return boss.send(name, payload, opts.singletonKey ? { singletonKey: opts.singletonKey } : {});
		},
		async lastCompleted() {
			const db = bossDb(database);
			const { rows } = await db.executeSql(
				`select name, max(completed_on) as at from (
					select name, completed_on from pgboss.job where state = 'completed'
					union all select name, completed_on from pgboss.archive where state = 'completed'
				) j group by name`,
				[]
			);
			return new Map((rows as { name: string; at: Date | string }[]).map((r) => [r.name, new Date(r.at)]));
		},
		async stop() {
			await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
		}
	};
}

let running: JobQueue | undefined;
/** The app's queue, once bootstrap started it (undefined when jobs are off). */
export const currentQueue = () => running;
export function setCurrentQueue(queue: JobQueue | undefined) {
	running = queue;
}
