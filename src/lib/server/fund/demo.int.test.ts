import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { rows } from '../db/client';
import { seedDemo } from '../demo/seed';
import { seedDemoFund } from '../demo/pathways-fund';

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
	await seedDemo(t.db, { password: 'demo-password-123' });
}, 300_000);
afterAll(() => t?.close());

describe('advance fund demo', () => {
	it('the VIF charter names three approvers, quorum 2; one advance paid and partly repaid, one pending at 1/2', async () => {
		const found = await rows<{
			status: string;
			amount: string;
			repaid: string;
			answers: number;
			quorum: number;
			approvers: number;
		}>(
			t.db,
			sql`select status, amount::text, repaid_amount::text as repaid, quorum, jsonb_array_length(approvers) as approvers,
			      (select count(*)::int from advance_answers a where a.request_id = r.id) as answers
			    from advance_requests r order by created_at`
		);
		expect(found).toEqual([
			{ status: 'partially_repaid', amount: '180.00', repaid: '60.00', answers: 2, quorum: 2, approvers: 3 },
			{ status: 'pending', amount: '95.50', repaid: '0.00', answers: 1, quorum: 2, approvers: 3 }
		]);
		await seedDemoFund(t.db);
		const [n] = await rows<{ n: number }>(t.db, sql`select count(*)::int as n from advance_requests`);
		expect(n!.n).toBe(2);
	});
});
