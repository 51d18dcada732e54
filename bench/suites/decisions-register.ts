/**
 * The decisions register at the size of a large territory: 50,000 generated decisions (5,000 with --quick) of
 * 12 cooperations and 36 bodies in the Lot and the Gers, searched through searchRegister() — full text without
 * accents, typos by trigrams, filters, access scope — at 1 and 32 concurrent clients, against a naive SQL
 * baseline in the same run (ILIKE over the accent-free text, the same scope and filters, newest first).
 */
import { sql } from 'drizzle-orm';
import { openDatabase, rows, type Database, type Db } from '../../src/lib/server/db/client';
import { migrate } from '../../src/lib/server/db/migrate';
import { loadTerritories } from '../../src/lib/server/demo/seed';
import { actorWith } from '../../src/lib/server/testing/actors';
import { seededRandom } from '../../src/lib/server/testing/random';
import { decisions as decisionsTable } from '../../src/lib/server/governance/schema';
import { queryWords, searchRegister } from '../../src/lib/server/governance/register';
import type { RegisterQueryInput } from '../../src/lib/server/governance/register-validation';
import * as f from '../../src/lib/server/governance/register-fixtures';
import { createThrowAwayDatabase } from '../lib/postgres';
import { ratio, round, summarize, type LatencySummary } from '../lib/stats';
import type { Cell, SuiteOptions, SuiteResult, Table } from '../lib/types';

export const name = 'decisions-register';
export const description =
	'searchRegister() over 50,000 generated decisions (PostgreSQL, PGlite; 1 and 32 clients) vs a naive ILIKE scan';

const SEED = 20261207;
const TARGET_P95_MS = 50;
const CONCURRENCY = [1, 32] as const;
type Kind = 'text' | 'text + filters' | 'filters only';
const KINDS: Kind[] = ['text', 'text + filters', 'filters only'];
const USER = '00000000-0000-4000-8000-00000000be01';
const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;

// ---------------------------------------------------------------- deterministic French decisions

const THINGS = [
	'numéro unique d’écoute',
	'accueil de jour',
	'hébergement d’urgence',
	'transport solidaire',
	'groupe de parole des victimes',
	'guide des partenaires',
	'référent de parcours',
	'point d’accès au droit',
	'permanence sociale en mairie',
	'atelier de soutien à la parentalité',
	'aide alimentaire d’urgence',
	'médiation familiale',
	'bus itinérant de l’insertion',
	'observatoire des besoins sociaux',
	'fonds d’avance remboursable',
	'protocole de sortie d’hospitalisation'
];
const VERBS = [
	'Création',
	'Financement',
	'Évaluation',
	'Extension',
	'Réorganisation',
	'Suspension',
	'Pérennisation'
];
const PLACES = [
	'Cahors',
	'Figeac',
	'Gourdon',
	'Souillac',
	'Saint-Céré',
	'Gramat',
	'Auch',
	'Condom',
	'Lectoure'
];
const SENTENCES = [
	(r: () => number) =>
		`Le comité décide la ${pick(r, VERBS).toLowerCase()} du ${pick(r, THINGS)} à ${pick(r, PLACES)}.`,
	(r: () => number) =>
		`La mise en œuvre est confiée au ${pick(r, ['CCAS', 'Département', 'CIAS', 'centre social'])}, avec un bilan en comité de pilotage.`,
	(r: () => number) =>
		`Les partenaires s’engagent à orienter les personnes vers le ${pick(r, THINGS)} et à partager les situations avec leur accord.`,
	(r: () => number) =>
		`Un budget de ${Math.floor(r() * 90 + 10)} 000 euros est réservé sur l’exercice ${2024 + Math.floor(r() * 3)}.`,
	() =>
		`La décision sera réexaminée après une année de fonctionnement, au vu des indicateurs de l’observatoire.`,
	(r: () => number) =>
		`Les publics visés sont les ${pick(r, ['familles monoparentales', 'jeunes de 16 à 25 ans', 'victimes de violences', 'personnes âgées isolées', 'allocataires du RSA'])}.`
];
const OUTCOMES = ['adopté', 'adopté à l’unanimité', 'adopté avec réserves', 'ajourné', 'rejeté'];
const STATUSES = ['in_force', 'in_force', 'in_force', 'carried_out', 'amended', 'reversed'] as const;

const TEXT_QUERIES = [
	'hébergement urgence',
	'hebergement',
	'décision transport solidaire',
	'référent parcours',
	'groupe parole',
	'médiation familiale',
	'observatoire besoins',
	'permanence mairie',
	'Figeac accueil',
	'fonds avance',
	'parentalité',
	'aide alimentaire',
	// typos and prefixes
	'hébergment',
	'transprot solidaire',
	'permanance',
	'mediaton familiale',
	'obser',
	'accomp'
];

interface Query {
	label: string;
	input: RegisterQueryInput;
}

export function queriesOf(kind: Kind, count: number, bodies: string[], rnd: () => number): Query[] {
	const out: Query[] = [];
	for (let i = 0; i < count; i++) {
		const input: RegisterQueryInput = { limit: 20, offset: 0 };
		if (kind !== 'filters only') input.q = TEXT_QUERIES[i % TEXT_QUERIES.length]!;
		if (kind !== 'text') {
			const year = 2019 + Math.floor(rnd() * 7);
			const filter = i % 4;
			if (filter === 0) input.status = pick(rnd, ['in_force', 'carried_out'] as const);
			if (filter === 1) input.body = pick(rnd, bodies);
			if (filter === 2) Object.assign(input, { from: `${year}-01-01`, to: `${year}-12-31` });
			if (filter === 3) input.theme = pick(rnd, ['famille', 'logement-hebergement', 'mobilite'] as const);
		}
		out.push({ label: JSON.stringify({ ...input, limit: undefined, offset: undefined }), input });
	}
	return out;
}

export async function seed(db: Db, total: number, log: (m: string) => void) {
	const rnd = seededRandom(SEED);
	await f.insertUser(db, USER, 'Coordinatrice du banc');
	const orgs: string[] = [];
	for (let i = 0; i < 12; i++) orgs.push(await f.insertOrg(db, `Organisation ${i + 1} du banc`, `banc-${i}`));
	const themes = [
		'famille--surmonter-conflits-separation-violence',
		'logement-hebergement--etre-accompagne-pour-se-loger',
		'mobilite--etre-accompagne-dans-son-parcours-mobilite'
	];
	const places: [string, 'departement' | 'epci' | 'commune'][] = [
		['46', 'departement'],
		['200023737', 'epci'],
		['200067361', 'epci'],
		['46042', 'commune'],
		['32', 'departement'],
		['32013', 'commune']
	];
	const bodies: { id: string; cooperationId: string }[] = [];
	for (let c = 0; c < 12; c++) {
		const [code, type] = places[c % places.length]!;
		const cooperationId = await f.cooperationWith(db, {
			name: `Coopération ${c + 1} du banc`,
			territoryType: type,
			territoryCode: code,
			themes: [themes[c % themes.length]!],
			adminId: USER,
			parties: [
				{ organisationId: orgs[c]!, role: 'pilote' },
				{ organisationId: orgs[(c + 1) % 12]!, role: 'contributeur' }
			]
		});
		for (const kind of ['pilotage', 'technique', 'partage_situations'] as const) {
			const id = await f.body(db, cooperationId, `${kind} ${c + 1}`, kind);
			bodies.push({ id, cooperationId });
			if (kind === 'partage_situations' && c % 3 === 0) await f.seat(db, id, USER, orgs[c]!);
		}
	}
	const started = performance.now();
	for (let done = 0; done < total;) {
		const batch = [];
		for (let i = 0; i < 1000 && done < total; i++, done++) {
			const b = pick(rnd, bodies);
			const decided = new Date(Date.UTC(2019, 0, 1) + Math.floor(rnd() * 7 * 365) * 86_400_000);
			const decidedOn = decided.toISOString().slice(0, 10);
			const sentences = Array.from({ length: 2 + Math.floor(rnd() * 4) }, () => pick(rnd, SENTENCES)(rnd));
			batch.push({
				cooperationId: b.cooperationId,
				bodyId: b.id,
				title: `${pick(rnd, VERBS)} du ${pick(rnd, THINGS)} (${pick(rnd, PLACES)})`,
				text: sentences.join(' '),
				outcome: pick(rnd, OUTCOMES),
				decidedOn,
				reviewOn: rnd() < 0.3 ? `${decided.getUTCFullYear() + 1}-06-30` : null,
				status: pick(rnd, STATUSES)
			});
		}
		await db.insert(decisionsTable).values(batch);
		if (done % 10_000 === 0) log(`  ${done.toLocaleString('en-US')} decisions`);
	}
	const insertS = (performance.now() - started) / 1000;
	await db.execute(sql`analyze`);
	return { bodies: bodies.map((b) => b.id), orgs, insertS };
}

// ---------------------------------------------------------------- engines

type Search = (q: Query) => Promise<number>;

/** The naive way: ILIKE on the accent-free text for each word, same scope and filters, newest first. */
function baseline(db: Db, cooperationIds: string[]): Search {
	const ids = sql`${`{${cooperationIds.join(',')}}`}::uuid[]`;
	return async ({ input }) => {
		const where = [sql`d.cooperation_id = any(${ids})`];
		for (const w of input.q ? queryWords(input.q) : [])
			where.push(sql`normalize_name(d.title || ' ' || d.text) like ${`%${w}%`}`);
		if (input.status) where.push(sql`d.status = ${input.status}`);
		if (input.body) where.push(sql`d.body_id = ${input.body}`);
		if (input.from) where.push(sql`d.decided_on >= ${input.from}::date`);
		if (input.to) where.push(sql`d.decided_on <= ${input.to}::date`);
		const found = await rows<{ n: number }>(
			db,
			sql`select count(*) over () as n from decisions d where ${sql.join(where, sql` and `)}
				order by d.decided_on desc limit 20`
		);
		return Number(found[0]?.n ?? 0);
	};
}

interface CellResult {
	summary: LatencySummary;
	qps: number;
	nonEmpty: number;
	truncated: boolean;
}

async function measure(search: Search, queries: Query[], clients: number, wanted: number, budgetMs: number) {
	const samples: { ms: number; total: number }[] = [];
	let next = 0;
	const started = performance.now();
	const worker = async () => {
		while (next < wanted && performance.now() < started + budgetMs) {
			const q = queries[next++ % queries.length]!;
			const t0 = performance.now();
			const total = await search(q);
			samples.push({ ms: performance.now() - t0, total });
		}
	};
	await Promise.all(Array.from({ length: clients }, worker));
	const elapsed = (performance.now() - started) / 1000;
	return {
		summary: summarize(samples.map((s) => s.ms)),
		qps: samples.length / elapsed,
		nonEmpty: samples.filter((s) => s.total > 0).length / Math.max(1, samples.length),
		truncated: samples.length < wanted
	} satisfies CellResult;
}

export async function run({ quick, log }: SuiteOptions): Promise<SuiteResult> {
	const total = quick ? 5_000 : 50_000;
	const perKind = quick ? 60 : 300;
	const wanted32 = quick ? 300 : 3_000;
	const budgetMs = quick ? 20_000 : 120_000;
	const notes: string[] = [];
	const rowsOut: Cell[][] = [];
	const data: Record<string, unknown> = { decisions: total };
	const setupRows: Cell[][] = [];
	const databases: {
		label: string;
		open: () => Promise<{ database: Database; drop?: () => Promise<void> } | { skipped: string }>;
	}[] = [
		{
			label: 'PostgreSQL',
			open: async () => {
				const created = await createThrowAwayDatabase();
				if ('skipped' in created) return created;
				return { database: await openDatabase({ url: created.url, poolSize: 10 }), drop: created.drop };
			}
		},
		{ label: 'PGlite', open: async () => ({ database: await openDatabase({}) }) }
	];
	for (const { label, open } of databases) {
		const opened = await open();
		if ('skipped' in opened) {
			notes.push(`${label} skipped: ${opened.skipped}`);
			continue;
		}
		const { database, drop } = opened;
		try {
			log(
				`${label}: migrate, territories of the Lot and the Gers, ${total.toLocaleString('en-US')} decisions`
			);
			await migrate(database);
			await loadTerritories(database.db, { departements: ['46', '32'] });
			const seeded = await seed(database.db, total, log);
			setupRows.push([label, round(seeded.insertS, 1)]);
			// a coordinator of the Lot who is also a member of a party (and seated in some cells)
			const ctx = {
				db: database.db,
				actor: actorWith([{ organisationId: seeded.orgs[0]!, role: 'member' }], {
					id: USER,
					coordinations: [{ type: 'departement', code: '46' }]
				})
			};
			const scope = await rows<{ id: string }>(
				database.db,
				sql`select distinct cooperation_id as id from decisions`
			);
			const engines: [string, Search][] = [
				['searchRegister', async (q) => (await searchRegister(ctx, q.input)).total],
				[
					'baseline (ILIKE)',
					baseline(
						database.db,
						scope.map((s) => s.id)
					)
				]
			];
			for (const kind of KINDS) {
				const queries = queriesOf(kind, perKind, seeded.bodies, seededRandom(SEED + kind.length));
				const base: Record<number, LatencySummary> = {};
				for (const [engine, search] of [...engines].reverse()) {
					for (const q of queries.slice(0, quick ? 10 : 40)) await search(q); // warm-up
					for (const clients of CONCURRENCY) {
						if (label === 'PGlite' && clients > 1 && engine !== 'searchRegister') continue;
						log(`${label} ${engine} ${kind} × ${clients}`);
						const cell = await measure(
							search,
							queries,
							clients,
							clients === 1 ? queries.length : wanted32,
							budgetMs
						);
						if (engine !== 'searchRegister') base[clients] = cell.summary;
						const b = base[clients];
						rowsOut.push([
							label,
							engine,
							kind,
							clients,
							round(cell.summary.p50, 2),
							round(cell.summary.p95, 2),
							round(cell.summary.p99, 2),
							round(cell.qps, 0),
							`${Math.round(cell.nonEmpty * 100)} %`,
							engine === 'searchRegister' && b ? ratio(cell.summary.p95, b.p95) : '',
							cell.truncated ? 'time budget hit' : ''
						]);
						data[`${label}/${engine}/${kind}/${clients}`] = { ...cell.summary, qps: cell.qps };
					}
				}
			}
		} finally {
			await database.close();
			await drop?.();
		}
	}
	const target = rowsOut.filter((r) => r[0] === 'PostgreSQL' && r[1] === 'searchRegister' && r[3] === 32);
	if (target.length)
		notes.push(
			`target: p95 ≤ ${TARGET_P95_MS} ms at 32 clients on PostgreSQL — ${target
				.map((r) => `${r[2]}: ${r[5]} ms ${Number(r[5]) <= TARGET_P95_MS ? 'met' : 'MISSED'}`)
				.join('; ')}`
		);
	notes.push(
		'32 clients share the app pool (10 connections on PostgreSQL): latency includes the wait for a connection. PGlite runs one statement at a time; its 32-client figures are queueing. The baseline is not run at 32 clients on PGlite.',
		'Baseline: the same scope and filters, each word as LIKE on normalize_name(title || text) (no stemming, no typo tolerance), newest first with count(*) over (). searchRegister also resolves the scope (readable cooperations, territory) and checks each word against the full text first.'
	);
	const tables: Table[] = [
		{
			title: `decisions register: ${total.toLocaleString('en-US')} decisions, latency in ms`,
			columns: [
				'database',
				'engine',
				'kind',
				'clients',
				'p50',
				'p95',
				'p99',
				'q/s',
				'non-empty',
				'p95 ÷ baseline',
				''
			],
			rows: rowsOut
		},
		{ title: 'setup', columns: ['database', 'insert of the decisions (s)'], rows: setupRows }
	];
	return { tables, notes, data };
}
