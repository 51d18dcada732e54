import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { rows } from '../db/client';
import { seedDemo } from './seed';

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
	await seedDemo(t.db, { password: 'demo-password-123' });
	await seedDemo(t.db, { password: 'demo-password-123' });
});
afterAll(async () => {
	await t.drop();
});

describe('demo: ping-pong in the VIF network', () => {
	it('one person refused three times has one open flag with the chain of three, and one need from a refusal', async () => {
		const flags = await rows<{ chain: string[]; status: string; trigger: string }>(
			t.db,
			sql`select chain, status, trigger from ping_pong_flags`
		);
		expect(flags).toHaveLength(1);
		expect(flags[0]).toMatchObject({ status: 'open', trigger: 'threshold' });
		expect(flags[0]!.chain).toHaveLength(3);
		const needs = await rows<{ source: string; title: string }>(t.db, sql`select source, title from needs`);
		expect(needs).toHaveLength(1);
		expect(needs[0]!.source).toBe('refused_referral');
		expect(needs[0]!.title).not.toContain('Maëlys');
	});
});
