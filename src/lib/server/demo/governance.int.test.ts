import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { rows } from '../db/client';
import { seedDemo } from './seed';
import { seedDemoGovernance } from './governance';

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
	await seedDemo(t.db, { password: 'Demo-Quercy-2026!' });
});
afterAll(() => t.drop());

const one = async <T>(query: ReturnType<typeof sql>) => (await rows<T>(t.db, query))[0]!;

describe('demo governance', () => {
	it('gives the VIF cooperation a copil and a technical committee, three meetings, approved minutes, decisions and an overdue action', async () => {
		expect(await one(sql`select count(*)::int as n from bodies`)).toEqual({ n: 2 });
		expect(
			await rows(t.db, sql`select status, count(*)::int as n from meetings group by status order by status`)
		).toEqual([
			{ status: 'held', n: 2 },
			{ status: 'planned', n: 1 }
		]);
		expect(await one(sql`select count(*)::int as n from meeting_minutes where status = 'approved'`)).toEqual({
			n: 2
		});
		expect(await one(sql`select count(*)::int as n from decisions where review_on is not null`)).toEqual({
			n: 1
		});
		expect(
			await one(sql`select count(*)::int as n from actions where status = 'open' and due_on < current_date`)
		).toEqual({ n: 1 });
		const parties = await one<{ n: number }>(
			sql`select count(distinct organisation_id)::int as n from body_members`
		);
		expect(parties.n).toBeGreaterThanOrEqual(5);
	});

	it('is idempotent', async () => {
		expect(await seedDemoGovernance(t.db)).toEqual({ created: false });
		await seedDemo(t.db, { password: 'Demo-Quercy-2026!' });
		expect(await one(sql`select count(*)::int as n from meetings`)).toEqual({ n: 3 });
	});
});
