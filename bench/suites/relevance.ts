/**
 * The relevance test set (src/lib/server/directory/relevance.cases.ts) on the demo of the Lot, through the
 * public search: share of cases whose expected services are in the first five, with SQL and with the
 * in-memory index (issue 9: at least 90 %). PGlite: the demo is small, relevance does not depend on the
 * database (the engines give the same answers: search-engines.int.test.ts).
 */
import { openDatabase } from '../../src/lib/server/db/client';
import { migrate } from '../../src/lib/server/db/migrate';
import { loadTerritories, seedDemo } from '../../src/lib/server/demo/seed';
import { ANONYMOUS } from '../../src/lib/server/policy/actor';
import { enableSearchIndex } from '../../src/lib/server/directory/search-index/handle';
import {
	describeCase,
	RELEVANCE_CASES,
	runRelevanceSet,
	type RelevanceOutcome
} from '../../src/lib/server/directory/relevance.cases';
import type { Cell, SuiteOptions, SuiteResult } from '../lib/types';

export const name = 'relevance';
export const description =
	'relevance test set on the demo of the Lot: share of queries whose expected services are in the first five (target 90 %)';

const TARGET = 0.9;
const percent = (x: number) => `${Math.round(x * 1000) / 10} %`;

export async function run({ log }: SuiteOptions): Promise<SuiteResult> {
	const database = await openDatabase({});
	try {
		log('relevance: migrate, territories of the Lot and the Gers, demo');
		await migrate(database);
		await loadTerritories(database.db, { departements: ['46', '32'] });
		await seedDemo(database.db, { password: 'bench-password-123' });
		const ctx = { db: database.db, actor: ANONYMOUS, now: () => new Date() };

		log(`relevance: ${RELEVANCE_CASES.length} cases with SQL`);
		const bySql = await runRelevanceSet(ctx);
		log('relevance: in-memory index');
		const handle = enableSearchIndex(database.db);
		await handle.build();
		const byIndex = await runRelevanceSet(ctx);

		const mark = (o: RelevanceOutcome) => (o.satisfied ? 'ok' : 'MISSED');
		const rows: Cell[][] = RELEVANCE_CASES.map((c, i) => [
			describeCase(c) + (c.key ? ' *' : ''),
			c.top5.join(', '),
			mark(bySql.outcomes[i]!),
			mark(byIndex.outcomes[i]!),
			byIndex.outcomes[i]!.top5.join(', ')
		]);
		const summary = (label: string, r: typeof bySql) => [
			label,
			RELEVANCE_CASES.length,
			r.outcomes.filter((o) => o.satisfied).length,
			percent(r.score),
			r.score >= TARGET ? 'yes' : 'NO'
		];
		return {
			tables: [
				{
					title: 'Relevance test set (demo of the Lot, first five results)',
					columns: ['engine', 'cases', 'satisfied', 'score', `≥ ${percent(TARGET)}`],
					rows: [summary('SQL', bySql), summary('in-memory index', byIndex)]
				},
				{
					title: 'Cases (* asserted one by one by relevance.int.test.ts)',
					columns: ['query', 'expected in the first five', 'SQL', 'index', 'first five (index)'],
					rows
				}
			],
			notes: [
				`score: ${percent(bySql.score)} with SQL, ${percent(byIndex.score)} with the index (target ${percent(TARGET)})`
			],
			data: {
				cases: RELEVANCE_CASES.length,
				scoreSql: bySql.score,
				scoreIndex: byIndex.score,
				missed: byIndex.outcomes.filter((o) => !o.satisfied).map((o) => describeCase(o.case))
			}
		};
	} finally {
		await database.close();
	}
}
