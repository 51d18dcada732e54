import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { ANONYMOUS } from '../policy/actor';
import type { Context } from '../context';
import { seedDemo } from '../demo/seed';
import { enableSearchIndex, searchIndexOf } from './search-index/handle';
import {
	describeCase,
	RELEVANCE_CASES,
	runRelevanceCase,
	runRelevanceSet,
	type RelevanceOutcome
} from './relevance.cases';

/**
 * The relevance test set (relevance.cases.ts) on the demo of the Lot, through the public search: with SQL,
 * then with the in-memory index. The score must reach 90 % with each engine, and every key case holds.
 */
let t: TestDatabase;
let ctx: Context;
const NOW = new Date('2026-11-24T10:00:00Z');

beforeAll(async () => {
	t = await createTestDatabase();
	await seedDemo(t.db, { password: 'demo-password-123' });
	ctx = { db: t.db, actor: ANONYMOUS, now: () => NOW };
}, 120_000);
afterAll(() => t.drop());

const report = (outcomes: RelevanceOutcome[]) =>
	outcomes
		.filter((o) => !o.satisfied)
		.map(
			(o) =>
				`${describeCase(o.case)}: missing ${o.missing.join(', ') || o.case.first} in ${o.top5.join(', ')}`
		)
		.join('\n');

const KEY_CASES = RELEVANCE_CASES.filter((c) => c.key);

for (const engine of ['sql', 'index'] as const) {
	describe(`relevance on the demo (${engine})`, () => {
		beforeAll(async () => {
			if (engine === 'index') await enableSearchIndex(t.db).build();
		}, 120_000);

		it('has at least 40 cases and scores at least 90 %', async () => {
			expect(RELEVANCE_CASES.length).toBeGreaterThanOrEqual(40);
			const served = searchIndexOf(t.db)?.served ?? 0;
			const { outcomes, score } = await runRelevanceSet(ctx);
			if (engine === 'index') expect(searchIndexOf(t.db)!.served).toBeGreaterThan(served);
			expect(score, report(outcomes)).toBeGreaterThanOrEqual(0.9);
		}, 120_000);

		it.each(KEY_CASES.map((c) => [describeCase(c), c] as const))('%s', async (_, c) => {
			const outcome = await runRelevanceCase(ctx, c);
			expect(outcome.missing, `first five: ${outcome.top5.join(', ')}`).toEqual([]);
			if (c.first) expect(outcome.top5[0]).toBe(c.first);
		});
	});
}
