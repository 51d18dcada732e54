import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { rows } from '../db/client';
import { seedDemo } from '../demo/seed';
import { DEMO_INSERTION_COOPERATION, DEMO_VIF_COOPERATION } from '../demo/charters';

/** Issue 10 demo: the Lot's violences intrafamiliales charter, v1 frozen and v2 in approval with a change request. */
let t: TestDatabase;
const snapshot = () =>
	rows<{ name: string; number: number | null; status: string | null; answers: string | null }>(
		t.db,
		sql`select c.name, v.number, v.status,
		       (select string_agg(a.decision || case when a.invalidated_at is null then '' else '*' end, ',' order by a.created_at, a.decision)
		          from charter_approvals a where a.version_id = v.id) as answers
		    from cooperations c left join charter_versions v on v.cooperation_id = c.id
		    order by c.name, v.number`
	);

beforeAll(async () => {
	t = await createTestDatabase();
	await seedDemo(t.db, { password: 'demo-password-123' });
});
afterAll(() => t.drop());

describe('demo charters', () => {
	it('has v1 frozen and v2 in approval with one change request, and a cooperation without charter', async () => {
		const all = await snapshot();
		const vif = all.filter((r) => r.name === DEMO_VIF_COOPERATION);
		expect(vif.map((r) => [r.number, r.status])).toEqual([
			[1, 'frozen'],
			[2, 'in_approval']
		]);
		expect(vif[0]!.answers!.split(',').every((a) => a === 'approved')).toBe(true);
		expect(vif[1]!.answers).toBe('approved,changes_requested');
		expect(all.find((r) => r.name === DEMO_INSERTION_COOPERATION)).toMatchObject({ number: null });
		const [hash] = await rows<{ content_hash: string }>(
			t.db,
			sql`select content_hash from charter_versions where status = 'frozen'`
		);
		expect(hash!.content_hash).toMatch(/^[0-9a-f]{64}$/);
	});

	it('is idempotent', async () => {
		const before = await snapshot();
		await seedDemo(t.db, { password: 'demo-password-123' });
		expect(await snapshot()).toEqual(before);
	});
});
