/**
 * Territory name search over all communes of France, through the service (searchTerritories),
 * on an in-memory PGlite and on a throw-away PostgreSQL database, against a naive in-memory JS scan.
 */
import { sql } from 'drizzle-orm';
import { openDatabase, rows, type Database } from '../../src/lib/server/db/client';
import { migrate } from '../../src/lib/server/db/migrate';
import { loadTerritories } from '../../src/lib/server/demo/seed';
import {
	loadEtalabSource,
	type SourceCommune,
	type TerritorySource
} from '../../src/lib/server/territories/source';
import { normalizeName, searchTerritories } from '../../src/lib/server/territories/service';
import { ANONYMOUS } from '../../src/lib/server/policy/actor';
import { createThrowAwayDatabase } from '../lib/postgres';
import { ratio, round, summarize, type LatencySummary } from '../lib/stats';
import type { Cell, SuiteOptions, SuiteResult, Table } from '../lib/types';
import { seededRandom } from '../../src/lib/server/testing/random';

export const name = 'territory-search';
export const description =
	'searchTerritories() over all communes of France: PGlite and PostgreSQL vs a naive in-memory scan';

const LIMIT = 10;
const SEED = 46042;

interface Query {
	q: string;
	kind: QueryKind;
	/** code of the commune the query was made from, when one is meant */
	target?: string;
}

type QueryKind = 'full name' | 'lower case' | 'no accents' | 'prefix' | 'typo' | 'hand-picked';

interface Hit {
	type: string;
	code: string;
}

interface Engine {
	label: string;
	search(q: string): Hit[] | Promise<Hit[]>;
}

interface Measurement {
	label: string;
	status: 'measured' | 'skipped';
	reason?: string;
	summary?: LatencySummary;
	queriesPerSecond?: number;
	/** share of queries with a target whose target commune is in the results */
	hitRate?: number;
	byKind?: Record<string, { count: number; p50: number; p95: number; hitRate: number | null }>;
	truncated?: boolean;
	setup?: { openMigrateMs: number; loadMs: number; communes: number; epcis: number; analyzeMs?: number };
	/** per-query latency, in the order of the query list */
	samples?: Float64Array;
	serverVersion?: string;
}

// ---------------------------------------------------------------- deterministic query list

const stripAccents = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '');

/** Hand-picked queries: typos and abbreviations a person would type, with the commune meant (name, département). */
const HAND_PICKED: { q: string; target?: [string, string] }[] = [
	{ q: 'caor', target: ['Cahors', '46'] },
	{ q: 'figea', target: ['Figeac', '46'] },
	{ q: 'st cirq lapopie', target: ['Saint-Cirq-Lapopie', '46'] },
	{ q: 'Saint-Cirq-Lapopie', target: ['Saint-Cirq-Lapopie', '46'] },
	{ q: 'cahors', target: ['Cahors', '46'] },
	{ q: 'souilac', target: ['Souillac', '46'] },
	{ q: 'gourdon', target: ['Gourdon', '46'] },
	{ q: 'paris', target: ['Paris', '75'] },
	{ q: 'marseile', target: ['Marseille', '13'] },
	{ q: 'lyon', target: ['Lyon', '69'] },
	{ q: 'toulouze', target: ['Toulouse', '31'] },
	{ q: 'st etienne', target: ['Saint-Étienne', '42'] },
	{ q: 'bordeau', target: ['Bordeaux', '33'] },
	{ q: 'montpelier', target: ['Montpellier', '34'] },
	{ q: 'Strasbourg', target: ['Strasbourg', '67'] },
	{ q: 'lot' },
	{ q: 'occitanie' },
	{ q: 'grand figeac' },
	{ q: 'cauvaldor' },
	{ q: 'villeneuve' },
	{ q: 'saint martin' },
	{ q: 'sainte marie' }
];

function typo(normalized: string, rnd: () => number): string {
	if (/^saintes? /.test(normalized) && rnd() < 0.5) return normalized.replace(/^saint(e?) /, 'st$1 ');
	if (normalized.length < 5) return normalized;
	const i = 1 + Math.floor(rnd() * (normalized.length - 2)); // never the first or last letter
	const op = Math.floor(rnd() * 3);
	if (op === 0) return normalized.slice(0, i) + normalized.slice(i + 1); // dropped letter
	if (op === 1) return normalized.slice(0, i) + normalized[i] + normalized.slice(i); // doubled letter
	const a = normalized[i] ?? '';
	const b = normalized[i + 1] ?? '';
	return normalized.slice(0, i) + b + a + normalized.slice(i + 2); // swapped letters
}

export function buildQueries(communes: SourceCommune[], count: number): Query[] {
	const rnd = seededRandom(SEED);
	const all = [...communes].sort((x, y) => x.code.localeCompare(y.code));
	const big = [...communes]
		.sort((x, y) => (y.population ?? 0) - (x.population ?? 0) || x.code.localeCompare(y.code))
		.slice(0, 2000);
	const byNameDep = new Map(all.map((c) => [`${c.nom}|${c.departement}`, c.code]));
	const hand = HAND_PICKED.map(({ q, target }) => ({
		q,
		target: target ? byNameDep.get(`${target[0]}|${target[1]}`) : undefined
	}));
	const kinds: QueryKind[] = [
		'full name',
		'prefix',
		'lower case',
		'typo',
		'no accents',
		'prefix',
		'typo',
		'hand-picked'
	];
	const queries: Query[] = [];
	for (let i = 0; i < count; i++) {
		const kind = kinds[i % kinds.length] as QueryKind;
		if (kind === 'hand-picked') {
			const h = hand[Math.floor(i / kinds.length) % hand.length]!;
			queries.push({ q: h.q, kind, target: h.target });
			continue;
		}
		// half the questions about the 2,000 most populated communes, half about any commune
		const pool = rnd() < 0.5 ? big : all;
		const c = pool[Math.floor(rnd() * pool.length)]!;
		const normalized = normalizeName(c.nom);
		let q: string;
		if (kind === 'full name') q = c.nom;
		else if (kind === 'lower case') q = c.nom.toLowerCase();
		else if (kind === 'no accents') q = stripAccents(c.nom);
		else if (kind === 'prefix')
			q = normalized.slice(0, Math.min(normalized.length, 3 + Math.floor(rnd() * 6)));
		else q = typo(normalized, rnd);
		queries.push({ q, kind, target: c.code });
	}
	return queries;
}

// ---------------------------------------------------------------- the baseline

interface Entry {
	type: string;
	code: string;
	n: string;
	population: number;
}

/** Naive scan: every territory, normalized once, `includes` per query; exact, then prefix, then population. */
function inMemoryEngine(source: TerritorySource, communes: SourceCommune[]): Engine {
	const communePop = new Map<string, number>();
	for (const c of communes) {
		communePop.set(`d${c.departement}`, (communePop.get(`d${c.departement}`) ?? 0) + (c.population ?? 0));
		communePop.set(`r${c.region}`, (communePop.get(`r${c.region}`) ?? 0) + (c.population ?? 0));
	}
	const communeCodes = new Set(communes.map((c) => c.code));
	const entries: Entry[] = [
		...communes.map((c) => ({
			type: 'commune',
			code: c.code,
			n: normalizeName(c.nom),
			population: c.population ?? 0
		})),
		...source.epcis
			.filter((e) => e.membres.some((m) => communeCodes.has(m.code)))
			.map((e) => ({
				type: 'epci',
				code: e.code,
				n: normalizeName(e.nom),
				population: e.populationMunicipale ?? 0
			})),
		...source.departements.map((d) => ({
			type: 'departement',
			code: d.code,
			n: normalizeName(d.nom),
			population: communePop.get(`d${d.code}`) ?? 0
		})),
		...source.regions.map((r) => ({
			type: 'region',
			code: r.code,
			n: normalizeName(r.nom),
			population: communePop.get(`r${r.code}`) ?? 0
		}))
	];
	return {
		label: 'in-memory scan (baseline)',
		search(raw) {
			const q = normalizeName(raw);
			if (q.length < 2) return [];
			const found: { e: Entry; rank: number }[] = [];
			for (const e of entries) {
				if (e.n.includes(q)) found.push({ e, rank: e.n === q ? 0 : e.n.startsWith(q) ? 1 : 2 });
			}
			found.sort(
				(a, b) => a.rank - b.rank || b.e.population - a.e.population || (a.e.code < b.e.code ? -1 : 1)
			);
			return found.slice(0, LIMIT).map(({ e }) => ({ type: e.type, code: e.code }));
		}
	};
}

function databaseEngine(label: string, database: Database): Engine {
	const ctx = { db: database.db, actor: ANONYMOUS };
	return { label, search: (q) => searchTerritories(ctx, { q, limit: LIMIT }) };
}

// ---------------------------------------------------------------- measuring

interface Budget {
	warmup: number;
	warmupMs: number;
	measureMs: number;
}

async function measure(
	engine: Engine,
	queries: Query[],
	budget: Budget,
	log: (m: string) => void
): Promise<Measurement> {
	const warmupEnd = performance.now() + budget.warmupMs;
	for (let i = 0; i < budget.warmup && performance.now() < warmupEnd; i++) {
		await engine.search(queries[i % queries.length]!.q);
	}
	const samples = new Float64Array(queries.length);
	const hits: (boolean | null)[] = [];
	const started = performance.now();
	const deadline = started + budget.measureMs;
	let done = 0;
	for (; done < queries.length && performance.now() < deadline; done++) {
		const query = queries[done]!;
		const t0 = performance.now();
		const pending = engine.search(query.q);
		const result = pending instanceof Promise ? await pending : pending;
		samples[done] = performance.now() - t0;
		hits.push(query.target ? result.some((h) => h.type === 'commune' && h.code === query.target) : null);
	}
	const elapsed = performance.now() - started;
	const truncated = done < queries.length;
	if (truncated) log(`  ${engine.label}: time budget reached after ${done}/${queries.length} queries`);
	const measured = samples.subarray(0, done);
	const withTarget = hits.filter((h) => h !== null);
	const byKind: NonNullable<Measurement['byKind']> = {};
	for (const kind of new Set(queries.slice(0, done).map((q) => q.kind))) {
		const idx = queries.slice(0, done).flatMap((q, i) => (q.kind === kind ? [i] : []));
		const s = summarize(idx.map((i) => measured[i]!));
		const targeted = idx.map((i) => hits[i]).filter((h) => h !== null && h !== undefined);
		byKind[kind] = {
			count: idx.length,
			p50: s.p50,
			p95: s.p95,
			hitRate: targeted.length ? targeted.filter(Boolean).length / targeted.length : null
		};
	}
	return {
		label: engine.label,
		status: 'measured',
		summary: summarize(measured),
		samples: measured,
		queriesPerSecond: done / (elapsed / 1000),
		hitRate: withTarget.length ? withTarget.filter(Boolean).length / withTarget.length : undefined,
		byKind,
		truncated
	};
}

async function prepare(database: Database, log: (m: string) => void, label: string) {
	const t0 = performance.now();
	await migrate(database);
	const t1 = performance.now();
	if (database.kind === 'postgres') {
		// keep "as loaded" deterministic: autovacuum would otherwise analyze these tables mid-run (~1 min after the load)
		for (const table of ['regions', 'departements', 'epcis', 'communes', 'epci_departements']) {
			await database.db.execute(sql.raw(`alter table ${table} set (autovacuum_enabled = off)`));
		}
	}
	const summary = await loadTerritories(database.db);
	const t2 = performance.now();
	log(
		`  ${label}: migrated in ${Math.round(t1 - t0)} ms, ${summary.communes} communes loaded in ${Math.round(t2 - t1)} ms`
	);
	return { openMigrateMs: t1 - t0, loadMs: t2 - t1, communes: summary.communes, epcis: summary.epcis };
}

/**
 * Measures a database twice: as the app leaves it after loadTerritories (no planner statistics on
 * PGlite, which has no autovacuum; on PostgreSQL until autovacuum analyzes the tables), then after ANALYZE.
 */
async function measureDatabase(
	label: string,
	database: Database,
	openMs: number,
	queries: Query[],
	budget: Budget,
	log: (m: string) => void
): Promise<Measurement[]> {
	const setup = await prepare(database, log, label);
	setup.openMigrateMs += openMs;
	const [v] = await rows<{ v: string }>(database.db, sql`select version() as v`);
	const asLoaded = await measure(databaseEngine(`${label}, as loaded`, database), queries, budget, log);
	log(`  ${asLoaded.label}: p50 ${asLoaded.summary!.p50.toFixed(3)} ms`);
	const a0 = performance.now();
	await database.db.execute(sql`analyze`);
	const analyzeMs = performance.now() - a0;
	const analyzed = await measure(databaseEngine(`${label}, after ANALYZE`, database), queries, budget, log);
	log(
		`  ${analyzed.label}: p50 ${analyzed.summary!.p50.toFixed(3)} ms (ANALYZE took ${Math.round(analyzeMs)} ms)`
	);
	for (const m of [asLoaded, analyzed]) {
		m.setup = { ...setup, analyzeMs };
		m.serverVersion = v?.v;
	}
	return [asLoaded, analyzed];
}

// ---------------------------------------------------------------- the suite

export async function run(options: SuiteOptions): Promise<SuiteResult> {
	const { log } = options;
	const count = options.quick ? 400 : 2000;
	const budget: Budget = options.quick
		? { warmup: 50, warmupMs: 20_000, measureMs: 90_000 }
		: { warmup: 200, warmupMs: 60_000, measureMs: 300_000 };

	const source = loadEtalabSource();
	const communes = source.communes.filter((c) => c.type === 'commune-actuelle' && c.departement && c.region);
	const queries = buildQueries(communes, count);
	const notes: string[] = [];
	log(`  ${queries.length} queries over ${communes.length} communes, limit ${LIMIT}`);

	const measurements: Measurement[] = [];

	// baseline
	const t0 = performance.now();
	const memory = inMemoryEngine(source, communes);
	const indexMs = performance.now() - t0;
	const baseline = await measure(memory, queries, budget, log);
	baseline.setup = { openMigrateMs: 0, loadMs: indexMs, communes: communes.length, epcis: 0 };
	measurements.push(baseline);
	log(`  ${baseline.label}: p50 ${baseline.summary!.p50.toFixed(3)} ms`);

	// PGlite, in memory
	{
		const label = 'PGlite';
		const open0 = performance.now();
		const database = await openDatabase({});
		const openMs = performance.now() - open0;
		try {
			measurements.push(...(await measureDatabase(label, database, openMs, queries, budget, log)));
		} finally {
			await database.close();
		}
	}

	// PostgreSQL, throw-away database
	{
		const label = 'PostgreSQL';
		const created = await createThrowAwayDatabase();
		if ('skipped' in created) {
			measurements.push({ label, status: 'skipped', reason: created.skipped });
			notes.push(`PostgreSQL skipped: ${created.skipped}`);
			log(`  ${label}: skipped (${created.skipped})`);
		} else {
			try {
				const open0 = performance.now();
				const database = await openDatabase({ url: created.url, poolSize: 4 });
				const openMs = performance.now() - open0;
				try {
					measurements.push(...(await measureDatabase(label, database, openMs, queries, budget, log)));
				} finally {
					await database.close();
				}
			} finally {
				await created.drop();
				log(`  dropped ${created.name}`);
			}
		}
	}

	return report(measurements, queries, notes);
}

// ---------------------------------------------------------------- reporting

const pct = (v: number | null | undefined) =>
	v === null || v === undefined ? null : `${(v * 100).toFixed(0)} %`;

function report(measurements: Measurement[], queries: Query[], notes: string[]): SuiteResult {
	const base = measurements[0]!.summary!;
	const measured = measurements.filter((m) => m.status === 'measured');
	const short = (label: string) =>
		label
			.replace('in-memory scan (baseline)', 'in-memory')
			.replace(', as loaded', '')
			.replace(', after ANALYZE', '+AN');
	const latency: Table = {
		title: `Territory search — ${queries.length} queries, limit ${LIMIT}, one at a time (latency in ms)`,
		columns: [
			'engine',
			'queries',
			'p50',
			'p95',
			'p99',
			'mean',
			'queries/s',
			'mean ÷ baseline',
			'p95 ÷ baseline',
			'target found'
		],
		rows: measurements.map((m): Cell[] =>
			m.status === 'skipped' || !m.summary
				? [m.label, 'skipped', null, null, null, null, null, null, null, null]
				: [
						m.label + (m.truncated ? ' (time budget hit)' : ''),
						m.summary.count,
						m.summary.p50,
						m.summary.p95,
						m.summary.p99,
						m.summary.mean,
						m.queriesPerSecond ?? null,
						ratio(m.summary.mean, base.mean),
						ratio(m.summary.p95, base.p95),
						pct(m.hitRate)
					]
		)
	};
	const setup: Table = {
		title:
			'Setup (ms): open + migrate, load all territories of France, ANALYZE (baseline: normalize the names in memory)',
		columns: ['engine', 'open + migrate', 'load territories', 'ANALYZE', 'communes'],
		rows: measured
			.filter((m) => !m.label.endsWith('after ANALYZE'))
			.map((m): Cell[] => [
				m.label.replace(', as loaded', ''),
				m.setup?.openMigrateMs ?? null,
				m.setup?.loadMs ?? null,
				m.setup?.analyzeMs ?? null,
				m.setup?.communes ?? null
			])
	};
	const databases = measured.slice(1);
	const slowOrder = queries
		.map((_, i) => i)
		.filter((i) => databases.every((m) => (m.samples?.length ?? 0) > i))
		.map((i) => ({ i, total: databases.reduce((sum, m) => sum + (m.samples?.[i] ?? 0), 0) }))
		.sort((a, b) => b.total - a.total)
		.slice(0, 8);
	const slowest: Table = {
		title: 'Slowest queries (ms, ordered by total time over the database runs)',
		columns: ['query', 'kind', ...measured.map((m) => short(m.label))],
		rows: slowOrder.map(({ i }): Cell[] => [
			JSON.stringify(queries[i]!.q),
			queries[i]!.kind,
			...measured.map((m) => m.samples?.[i] ?? null)
		])
	};
	const kinds = [...new Set(queries.map((q) => q.kind))];
	// the databases run the same SQL: their "found" columns collapse into one when they agree
	const sameHits = kinds.every((k) => new Set(databases.map((m) => m.byKind?.[k]?.hitRate)).size <= 1);
	const foundOf = sameHits ? measured.slice(0, 2) : measured;
	const byKind: Table = {
		title: 'By kind of query: p50 ms, and share of queries whose target commune was found',
		columns: [
			'kind',
			'n',
			...measured.map((m) => `${short(m.label)} p50`),
			...foundOf.map((m, i) => (sameHits && i === 1 ? 'databases found' : `${short(m.label)} found`))
		],
		rows: kinds.map((kind): Cell[] => [
			kind,
			queries.filter((q) => q.kind === kind).length,
			...measured.map((m) => m.byKind?.[kind]?.p50 ?? null),
			...foundOf.map((m) => pct(m.byKind?.[kind]?.hitRate))
		])
	};
	notes.push(
		'"target found": share of queries made from a known commune whose code is among the results (homonyms and short prefixes lower it; the baseline has no typo tolerance).',
		'"as loaded": the database as the app leaves it after loadTerritories(), without planner statistics (PGlite has no autovacuum; on PostgreSQL autovacuum analyzes the new tables within about a minute, so the bench turns it off on these tables of its throw-away database to keep the figure stable). "after ANALYZE": the same database once ANALYZE has run.',
		'The baseline scans communes, EPCIs, départements and régions with String.includes on names normalized once; it ranks exact, then prefix, then population (no trigram similarity).'
	);
	const data = {
		limit: LIMIT,
		seed: SEED,
		queryCount: queries.length,
		sampleQueries: queries.slice(0, 24).map((q) => ({ q: q.q, kind: q.kind, target: q.target ?? null })),
		engines: measurements.map((m) => ({
			label: m.label,
			status: m.status,
			reason: m.reason,
			serverVersion: m.serverVersion,
			truncated: m.truncated,
			setupMs: m.setup && {
				openMigrate: round(m.setup.openMigrateMs, 1),
				load: round(m.setup.loadMs, 1),
				analyze: m.setup.analyzeMs !== undefined ? round(m.setup.analyzeMs, 1) : undefined
			},
			communes: m.setup?.communes,
			latencyMs: m.summary && {
				count: m.summary.count,
				p50: round(m.summary.p50),
				p95: round(m.summary.p95),
				p99: round(m.summary.p99),
				mean: round(m.summary.mean),
				min: round(m.summary.min),
				max: round(m.summary.max)
			},
			queriesPerSecond: m.queriesPerSecond !== undefined ? round(m.queriesPerSecond, 1) : undefined,
			meanRatioToBaseline: m.summary ? round(m.summary.mean / base.mean, 2) : undefined,
			hitRate: m.hitRate !== undefined ? round(m.hitRate, 3) : undefined,
			byKind: m.byKind
		}))
	};
	return { tables: [latency, setup, byKind, ...(databases.length ? [slowest] : [])], notes, data };
}
