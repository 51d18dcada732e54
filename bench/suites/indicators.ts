/**
 * Aggregation of commune indicators to every EPCI, département, région and France (issue 12: 35,000 communes
 * × 30 indicators in ≤ 2 s on PostgreSQL and PGlite), against a plain scan of the same values in the same run;
 * and indicatorsOf() of an EPCI, the read the panorama page makes.
 */
import { sql } from 'drizzle-orm';
import { openDatabase, rows, type Database, type Db } from '../../src/lib/server/db/client';
import { migrate } from '../../src/lib/server/db/migrate';
import { loadTerritories } from '../../src/lib/server/demo/seed';
import { ANONYMOUS } from '../../src/lib/server/policy/actor';
import { communeMembershipSql } from '../../src/lib/server/territories/service';
import * as repo from '../../src/lib/server/indicators/repository';
import { indicatorsOf } from '../../src/lib/server/indicators/service';
import type { IndicatorDefinition } from '../../src/lib/server/indicators/validation';
import { seededRandom } from '../../src/lib/server/testing/random';
import { createThrowAwayDatabase } from '../lib/postgres';
import { ratio, round, summarize } from '../lib/stats';
import type { Cell, SuiteOptions, SuiteResult } from '../lib/types';

export const name = 'indicators';
export const description =
	'indicator aggregates of every commune of France to every EPCI, département, région and France (30 indicators), PGlite and PostgreSQL, vs a plain scan';

const SEED = 46042;
const RUNS = 3;
const READS = 200;

/** 30 indicators: 20 counts (sum), 5 rates weighted by the population (ratio), 5 medians (none). */
function definitions(count: number): IndicatorDefinition[] {
	return Array.from({ length: count }, (_, i) => {
		const aggregation = i < count * (2 / 3) ? 'sum' : i < count * (5 / 6) ? 'ratio' : 'none';
		return {
			code: i === 0 ? 'B_POP' : `B_${String(i).padStart(2, '0')}`,
			label: `Indicateur ${i}`,
			unit: '',
			source: 'bench',
			vintage: '2024',
			method: '',
			aggregation,
			denominatorCode: aggregation === 'ratio' ? 'B_POP' : null,
			visibility: 'public'
		};
	});
}

async function seed(db: Db, indicators: IndicatorDefinition[]) {
	const codes = (await rows<{ code: string }>(db, sql`select code from communes order by code`)).map(
		(c) => c.code
	);
	const rnd = seededRandom(SEED);
	await repo.upsertDefinitions(db, indicators);
	for (const d of indicators) {
		const values = codes.map((communeCode) => {
			// Filosofi-like secrecy: a third of the rates and medians
			const secret = d.aggregation !== 'sum' && rnd() < 0.33;
			return {
				indicatorCode: d.code,
				communeCode,
				period: '2024',
				status: secret ? ('secret' as const) : ('value' as const),
				value: secret ? null : Math.round(rnd() * 10_000) / 10,
				source: 'bench'
			};
		});
		for (let i = 0; i < values.length; i += 20_000)
			await repo.upsertCommuneValues(db, values.slice(i, i + 20_000));
	}
	await db.execute(sql`analyze`);
	return codes.length;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
	const started = performance.now();
	await run();
	return performance.now() - started;
}

async function measure(label: string, database: Database, quick: boolean, log: SuiteOptions['log']) {
	const db = database.db;
	log(`${label}: migrate, territories of all France`);
	await migrate(database);
	await loadTerritories(db);
	const indicators = definitions(quick ? 6 : 30);
	log(`${label}: ${indicators.length} indicators for every commune`);
	const communes = await seed(db, indicators);
	const codes = indicators.map((d) => d.code);
	const scan = () =>
		db.execute(
			sql`select indicator_code, count(*), sum(value) from indicator_values group by indicator_code`
		);
	const aggregate = () =>
		db.transaction((tx) => repo.refreshAggregates(tx as unknown as Db, codes, communeMembershipSql()));
	const scans: number[] = [];
	const aggregations: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		log(`${label}: run ${i + 1}/${RUNS}`);
		scans.push(await timed(scan));
		aggregations.push(await timed(aggregate));
	}
	const [{ n }] = (await rows<{ n: number }>(
		db,
		sql`select count(*)::int as n from indicator_aggregates`
	)) as [{ n: number }];
	const epcis = (await rows<{ code: string }>(db, sql`select code from epcis order by code`)).map(
		(e) => e.code
	);
	const ctx = { db, actor: ANONYMOUS };
	const reads = new Float64Array(READS);
	for (let i = 0; i < READS; i++)
		reads[i] = await timed(() => indicatorsOf(ctx, { type: 'epci', code: epcis[(i * 7) % epcis.length]! }));
	const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
	return {
		label,
		communes,
		indicators: indicators.length,
		values: communes * indicators.length,
		aggregates: n,
		scanMs: median(scans),
		aggregateMs: median(aggregations),
		read: summarize(reads)
	};
}

export async function run({ quick, log }: SuiteOptions): Promise<SuiteResult> {
	const notes: string[] = [];
	const results = [];
	const pglite = await openDatabase({});
	try {
		results.push(await measure('PGlite', pglite, quick, log));
	} finally {
		await pglite.close();
	}
	const created = await createThrowAwayDatabase();
	if ('skipped' in created) notes.push(`PostgreSQL skipped: ${created.skipped}`);
	else {
		const database = await openDatabase({ url: created.url, poolSize: 4 });
		try {
			results.push(await measure('PostgreSQL', database, quick, log));
		} finally {
			await database.close();
			await created.drop();
		}
	}
	notes.push(
		`aggregation: median of ${RUNS} refreshes of every aggregate (delete + insert, one transaction); target ≤ 2,000 ms`,
		'baseline: one grouped scan of the same values (count and sum per indicator), in the same run'
	);
	const table: Cell[][] = results.map((r) => [
		r.label,
		r.values,
		r.aggregates,
		round(r.scanMs, 0),
		round(r.aggregateMs, 0),
		ratio(r.aggregateMs, r.scanMs),
		round(r.read.p50, 2),
		round(r.read.p95, 2)
	]);
	return {
		tables: [
			{
				title: 'Indicators: aggregation to every level, and indicatorsOf(epci)',
				columns: [
					'engine',
					'values',
					'aggregates',
					'scan ms',
					'aggregate ms',
					'vs scan',
					'read p50 ms',
					'read p95 ms'
				],
				rows: table
			}
		],
		notes,
		data: { results }
	};
}
