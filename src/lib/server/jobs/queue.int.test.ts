import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { openDatabase, type Database } from '../db/client';
import { notify } from '../notifications/service';
import { defineJob } from './registry';
import { bossDb, startQueue, type JobQueue } from './queue';

/**
 * ADR 002: pg-boss 10 on the app's own database, PGlite and PostgreSQL alike. Two app processes (two queues, on two
 * connections under PostgreSQL) share the work: an enqueued run happens once, a cron slot is enqueued once.
 */

let t: TestDatabase;
let second: Database;
let runs: string[] = [];

const counted = defineJob<{ tag?: string }>({
	name: 'test.counted',
	async run(ctx, payload) {
		runs.push(payload.tag ?? '');
		// what real handlers do on top of the queue's guarantee: record their effect once
		await notify(ctx, {
			kind: 'test',
			title: 'essai',
			recipients: [],
			dedupeKey: `test.counted:${payload.tag}`
		});
	}
});

async function until(check: () => Promise<boolean> | boolean) {
	// a bound on waiting, not a timing assertion: the test fails on the assertions that follow
	for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 100));
}

const jobStates = async (database: Database) =>
	(
		await bossDb(database).executeSql(
			`select state, count(*)::int as n from pgboss.job where name = $1 group by state`,
			[counted.name]
		)
	).rows as { state: string; n: number }[];

beforeAll(async () => {
	t = await createTestDatabase({ territories: false });
	second = t.url ? await openDatabase({ url: t.url, poolSize: 2 }) : t;
});

afterAll(async () => {
	if (second !== t) await second.close();
	await t?.drop();
});

describe('job queue (pg-boss on the app database)', () => {
	let a: JobQueue;
	let b: JobQueue;

	it('installs its schema and enqueues a run once when two processes ask at the same time', async () => {
		a = await startQueue(t, { work: false, schedule: false });
		b = await startQueue(second, { work: false, schedule: false });
		const ids = await Promise.all([
			a.trigger(counted.name, { tag: 'once' }, { singletonKey: 'once' }),
			b.trigger(counted.name, { tag: 'once' }, { singletonKey: 'once' })
		]);
		expect(ids.filter(Boolean)).toHaveLength(1);
		await a.stop();
		await b.stop();
	});

	it('runs a queued job once although two workers poll the queue', async () => {
		runs = [];
		a = await startQueue(t, { pollingIntervalSeconds: 0.5, schedule: false });
		b = await startQueue(second, { pollingIntervalSeconds: 0.5, schedule: false });
		await b.trigger(counted.name, { tag: 'second' });
		await until(async () => (await jobStates(t)).every((s) => s.state === 'completed'));
		await a.stop();
		await b.stop();
		expect(runs.filter((r) => r === 'once')).toEqual(['once']);
		expect(runs.filter((r) => r === 'second')).toEqual(['second']);
		expect(await jobStates(t)).toEqual([{ state: 'completed', n: 2 }]);
	});

	it('refuses a job nobody declared', async () => {
		a = await startQueue(t, { work: false, schedule: false });
		await expect(a.trigger('test.unknown')).rejects.toThrow(/unknown job/);
		await a.stop();
	});
});
