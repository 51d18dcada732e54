import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase, testDriver, type TestDatabase } from '../testing/db';
import { nameRepeatedStatements } from './statement-cache';

// Named statements exist only on a PostgreSQL server (node-postgres); PGlite runs in process.
describe.skipIf(testDriver() !== 'postgres')('repeated statements prepared per connection (ADR 015)', () => {
	let t: TestDatabase;
	let pool: pg.Pool;
	beforeAll(async () => {
		t = await createTestDatabase({ territories: false });
		// one connection, so that pg_prepared_statements shows what it was sent
		pool = new pg.Pool({ connectionString: t.url, max: 1 });
		nameRepeatedStatements(pool, { threshold: 3, perConnection: 2 });
	});
	afterAll(async () => {
		await pool?.end();
		await t?.drop();
	});

	const prepared = async () =>
		(
			await pool.query<{ statement: string }>(
				'select statement from pg_prepared_statements order by statement'
			)
		).rows.map((r) => r.statement);
	const run = (text: string, values: unknown[] = []) => pool.query({ text }, values);

	it('names a statement from its third use, and reuses that name with other values', async () => {
		const text = 'select $1::int + 1 as n';
		await run(text, [1]);
		await run(text, [2]);
		expect(await prepared()).not.toContain(text);
		const third = await run(text, [41]);
		expect(third.rows[0].n).toBe(42);
		expect(await prepared()).toContain(text);
		const again = await run(text, [9]);
		expect(again.rows[0].n).toBe(10);
		expect((await prepared()).filter((s) => s === text)).toHaveLength(1);
	});

	it('never names transaction control, and names no more statements than the connection allows', async () => {
		for (let i = 0; i < 3; i++) {
			await run('begin');
			await run('commit');
		}
		expect((await prepared()).some((s) => /^(begin|commit)/i.test(s))).toBe(false);
		for (const text of ['select $1::int * 2 as n', 'select $1::int * 3 as n'])
			for (let i = 0; i < 3; i++) await run(text, [i]);
		const named = (await prepared()).filter((s) => s.startsWith('select $1::int'));
		// the first test's statement and one of these two: the cap is 2
		expect(named).toHaveLength(2);
		expect((await run('select $1::int * 3 as n', [5])).rows[0].n).toBe(15);
	});

	it('is installed on the app’s own pool', async () => {
		const text = `select count(*)::int as n from pg_class where relname = $1`;
		// the app's pool has several connections: enough uses that each has named it
		const client = (t.db as unknown as { $client: pg.Pool }).$client;
		for (let i = 0; i < 30; i++) await client.query({ text }, ['pg_class']);
		const seen = await client.query<{ n: number }>(
			`select count(*)::int as n from pg_prepared_statements where statement = $1`,
			[text]
		);
		expect(seen.rows[0]!.n).toBe(1);
	});
});
