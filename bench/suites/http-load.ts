/**
 * The load script: the built server (`node build`) as a child process on a loopback port, under
 * autocannon with mixed read traffic (territory API and pages), once on PGlite and once on a
 * throw-away PostgreSQL database. Baseline: a static file served by the same server, in the same run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon, { type Request, type Result } from 'autocannon';
import { onCleanup } from '../lib/cleanup';
import { createThrowAwayDatabase } from '../lib/postgres';
import { ratio, round, summarize, type LatencySummary } from '../lib/stats';
import type { Cell, SuiteOptions, SuiteResult, Table } from '../lib/types';

export const name = 'http-load';
export const description =
	'built server under autocannon (50 connections): mixed territory API + pages, PGlite vs PostgreSQL, vs a static file';

const CONNECTIONS = 50;
const READY_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 10_000;
/** upper bound on kept latency samples per run (memory guard; far above what 30 s produce here) */
const MAX_SAMPLES = 2_000_000;

const SEARCHES = ['cahors', 'figeac', 'st cirq lapopie', 'Toulouse', 'caor', 'villeneuve'];

/**
 * One cycle of the mix: six searches interleaved with the five detail URLs. Every connection walks
 * the cycle round and round, each from a different starting point (see `load`), so that even a short
 * run against a slow server hits every URL.
 */
export function mixedRequests(): Request[] {
	const search = (q: string): Request => ({
		path: `/api/v1/territories?q=${encodeURIComponent(q)}`,
		label: 'GET /api/v1/territories?q=…'
	});
	const details: Request[] = [
		{ path: '/api/v1/territories/commune/46042', label: 'GET /api/v1/territories/commune/46042' },
		{ path: '/api/v1/territories/epci/200067361', label: 'GET /api/v1/territories/epci/200067361' },
		{ path: '/api/v1/territories/departement/46', label: 'GET /api/v1/territories/departement/46' },
		{ path: '/territoires/commune/46042', label: 'GET /territoires/commune/46042 (HTML)' },
		{ path: '/territoires/departement/46', label: 'GET /territoires/departement/46 (HTML)' }
	];
	return SEARCHES.flatMap((q, i) => [search(q), ...(details[i] ? [details[i]] : [])]);
}

const STATIC_PATH = '/favicon.svg';

interface LoadRun {
	title: string;
	result: Result;
	all: LatencySummary;
	byLabel: Record<string, { latency: LatencySummary; non2xx: number; statuses: Record<string, number> }>;
	requestsPerSecond: number;
}

interface ModeReport {
	mode: 'PGlite' | 'PostgreSQL';
	status: 'measured' | 'skipped' | 'failed';
	reason?: string;
	startupSeconds?: number;
	preflight?: { path: string; status: number | string; bytes: number }[];
	staticRun?: LoadRun;
	mixedRun?: LoadRun;
}

// ---------------------------------------------------------------- server process

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() =>
				address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))
			);
		});
	});
}

interface Server {
	base: string;
	child: ChildProcess;
	tail(): string;
	stop(): Promise<void>;
}

function startServer(
	projectRoot: string,
	buildDir: string,
	env: Record<string, string>,
	port: number
): Server {
	const childEnv: NodeJS.ProcessEnv = { ...process.env };
	// the mode decides; nothing inherited from the shell may switch database or environment
	delete childEnv.DATABASE_URL;
	delete childEnv.NODE_ENV;
	const child = spawn(process.execPath, [path.relative(projectRoot, buildDir)], {
		cwd: projectRoot,
		env: { ...childEnv, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const lines: string[] = [];
	const keep = (chunk: Buffer) => {
		// demo credentials are printed on first start: never keep lines that carry an e-mail address
		for (const line of chunk.toString('utf8').split('\n'))
			if (line.trim() && !line.includes('@')) lines.push(line);
		if (lines.length > 60) lines.splice(0, lines.length - 60);
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	let stopping: Promise<void> | undefined;
	const stop = () => {
		stopping ??= (async () => {
			unregister();
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill('SIGTERM');
			const graceful = await Promise.race([
				exited.then(() => true),
				new Promise<boolean>((resolve) => setTimeout(() => resolve(false), STOP_GRACE_MS).unref())
			]);
			if (!graceful) {
				child.kill('SIGKILL');
				await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
			}
		})();
		return stopping;
	};
	const unregister = onCleanup(stop);
	return { base: `http://127.0.0.1:${port}`, child, tail: () => lines.join('\n'), stop };
}

async function waitReady(server: Server, log: (m: string) => void): Promise<number> {
	const started = performance.now();
	const deadline = started + READY_TIMEOUT_MS;
	let notFound = 0;
	let last = 'no answer';
	while (performance.now() < deadline) {
		if (server.child.exitCode !== null || server.child.signalCode !== null) {
			throw new Error(
				`server exited (${server.child.exitCode ?? server.child.signalCode}) before /readyz said 200:\n${server.tail()}`
			);
		}
		try {
			const response = await fetch(`${server.base}/readyz`, { signal: AbortSignal.timeout(2_000) });
			await response.arrayBuffer();
			if (response.status === 200) return (performance.now() - started) / 1000;
			last = `HTTP ${response.status}`;
			notFound = response.status === 404 ? notFound + 1 : 0;
			if (notFound >= 5) throw new Error('GET /readyz answers 404: this build has no /readyz route');
		} catch (error) {
			if (error instanceof Error && error.message.includes('/readyz answers 404')) throw error;
			last = error instanceof Error ? error.message : String(error);
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	log(server.tail());
	throw new Error(`GET /readyz did not return 200 within ${READY_TIMEOUT_MS / 1000} s (last: ${last})`);
}

async function preflight(base: string, requests: Request[]) {
	const paths = [...new Set([STATIC_PATH, ...requests.map((r) => r.path)])];
	const out: { path: string; status: number | string; bytes: number }[] = [];
	for (const p of paths) {
		try {
			const response = await fetch(base + p, { signal: AbortSignal.timeout(10_000), redirect: 'manual' });
			const body = await response.arrayBuffer();
			out.push({ path: p, status: response.status, bytes: body.byteLength });
		} catch (error) {
			out.push({ path: p, status: error instanceof Error ? error.message : String(error), bytes: 0 });
		}
	}
	return out;
}

// ---------------------------------------------------------------- load

async function load(
	title: string,
	base: string,
	requests: Request[],
	seconds: number,
	connections: number,
	collect: boolean
): Promise<LoadRun> {
	const samples: number[] = [];
	const perLabel = new Map<string, { samples: number[]; non2xx: number; statuses: Record<string, number> }>();
	let started = 0;
	const result = await new Promise<Result>((resolve, reject) => {
		const instance = autocannon(
			{
				url: base,
				connections,
				duration: seconds,
				timeout: 10,
				requests: requests.map((r) => ({ ...r })),
				// connection k starts at entry k of the cycle (the iterator exists before the first request)
				setupClient: (client) => {
					const skip = started++ % requests.length;
					for (let i = 0; i < skip; i++) client.requestIterator.nextRequest();
				}
			},
			(error, res) => (error ? reject(error) : resolve(res))
		);
		// hard stop in case the run overstays (duration + request timeout + margin)
		const guard = setTimeout(() => instance.stop(), (seconds + 30) * 1000);
		guard.unref();
		instance.once('done', () => clearTimeout(guard));
		if (collect) {
			instance.on('response', (client, statusCode, _bytes, responseTime) => {
				if (samples.length >= MAX_SAMPLES) return;
				samples.push(responseTime);
				// pipelining is 1, so the client's current request is the one just answered
				const label =
					client.requestIterator.currentRequest.label ?? client.requestIterator.currentRequest.path;
				let entry = perLabel.get(label);
				if (!entry) perLabel.set(label, (entry = { samples: [], non2xx: 0, statuses: {} }));
				entry.samples.push(responseTime);
				if (statusCode < 200 || statusCode >= 300) entry.non2xx++;
				entry.statuses[statusCode] = (entry.statuses[statusCode] ?? 0) + 1;
			});
		}
	});
	const byLabel: LoadRun['byLabel'] = {};
	for (const [label, entry] of perLabel) {
		byLabel[label] = { latency: summarize(entry.samples), non2xx: entry.non2xx, statuses: entry.statuses };
	}
	return {
		title,
		result,
		all: summarize(samples),
		byLabel,
		requestsPerSecond: result.requests.total / result.duration
	};
}

// ---------------------------------------------------------------- one mode

async function runMode(
	mode: ModeReport['mode'],
	options: SuiteOptions,
	buildDir: string,
	durations: { warmup: number; static: number; mixed: number }
): Promise<ModeReport> {
	const { log } = options;
	const env: Record<string, string> = {};
	let dropDatabase: (() => Promise<void>) | undefined;
	if (mode === 'PostgreSQL') {
		const created = await createThrowAwayDatabase();
		if ('skipped' in created) return { mode, status: 'skipped', reason: created.skipped };
		env.DATABASE_URL = created.url;
		dropDatabase = created.drop;
		log(`  ${mode}: throw-away database ${created.name}`);
	}
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'maillage-bench-'));
	const removeDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
	const unregisterDir = onCleanup(removeDir);
	const port = await freePort();
	Object.assign(env, {
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: `http://127.0.0.1:${port}`,
		MAILLAGE_DATA_DIR: dataDir,
		MAILLAGE_SECRET: randomBytes(32).toString('hex'),
		LOG_LEVEL: 'warn'
	});
	const server = startServer(options.projectRoot, buildDir, env, port);
	const out: ModeReport = { mode, status: 'measured' };
	try {
		const script = path.relative(options.projectRoot, buildDir);
		log(`  ${mode}: starting node ${script} on port ${port} (first start loads France and the demo)…`);
		out.startupSeconds = await waitReady(server, log);
		log(`  ${mode}: ready in ${out.startupSeconds.toFixed(1)} s`);
		const requests = mixedRequests();
		out.preflight = await preflight(server.base, requests);
		for (const p of out.preflight) {
			if (typeof p.status !== 'number' || p.status < 200 || p.status >= 300)
				log(`  ${mode}: preflight ${p.path} → ${p.status}`);
		}
		log(`  ${mode}: warm-up ${durations.warmup} s`);
		await load('warm-up', server.base, requests, durations.warmup, 10, false);
		log(`  ${mode}: static file ${STATIC_PATH}, ${CONNECTIONS} connections, ${durations.static} s`);
		out.staticRun = await load(
			'static',
			server.base,
			[{ path: STATIC_PATH, label: `GET ${STATIC_PATH}` }],
			durations.static,
			CONNECTIONS,
			true
		);
		log(`  ${mode}: mixed reads, ${CONNECTIONS} connections, ${durations.mixed} s`);
		out.mixedRun = await load('mixed', server.base, requests, durations.mixed, CONNECTIONS, true);
		log(
			`  ${mode}: ${out.mixedRun.requestsPerSecond.toFixed(0)} req/s, ${out.mixedRun.result.non2xx} non-2xx, ${out.mixedRun.result.errors} errors`
		);
	} catch (error) {
		out.status = 'failed';
		out.reason = error instanceof Error ? error.message : String(error);
		log(`  ${mode}: ${out.reason}`);
	} finally {
		await server.stop();
		log(`  ${mode}: server stopped`);
		unregisterDir();
		removeDir();
		if (dropDatabase) await dropDatabase();
	}
	return out;
}

// ---------------------------------------------------------------- the suite

export async function run(options: SuiteOptions): Promise<SuiteResult> {
	const entry = path.join(options.projectRoot, 'build', 'index.js');
	if (!fs.existsSync(entry)) {
		const reason =
			'build/index.js is missing: run `npm run build` first (this suite starts the built server with `node build`).';
		options.log(`  skipped: ${reason}`);
		return { tables: [], notes: [`skipped — ${reason}`], data: { status: 'skipped', reason } };
	}
	const durations = options.quick
		? { warmup: 2, static: 5, mixed: 10 }
		: { warmup: 5, static: 10, mixed: 30 };
	// Both modes run a private copy of build/, taken now: a `npm run build` during the run (by hand or by the
	// system tests) then changes nothing, and PGlite and PostgreSQL are compared on the same bytes. The copy
	// lives inside the project (git-ignored bench/results/) so that node_modules and projectRoot() resolve as
	// they do from build/.
	const buildDir = path.join(
		options.projectRoot,
		'bench',
		'results',
		`.build-${process.pid}-${randomBytes(3).toString('hex')}`
	);
	const removeBuild = () => fs.rmSync(buildDir, { recursive: true, force: true });
	const unregister = onCleanup(removeBuild);
	try {
		const builtAt = fs.statSync(entry).mtime.toISOString();
		fs.mkdirSync(path.dirname(buildDir), { recursive: true });
		fs.cpSync(path.join(options.projectRoot, 'build'), buildDir, { recursive: true });
		if (
			!fs.existsSync(path.join(buildDir, 'index.js')) ||
			!fs.existsSync(path.join(buildDir, 'handler.js'))
		) {
			throw new Error(
				'build/ was incomplete when copied (a build was probably running): run the suite again'
			);
		}
		options.log(`  using a copy of build/ (index.js of ${builtAt})`);
		const modes: ModeReport[] = [];
		for (const mode of ['PGlite', 'PostgreSQL'] as const)
			modes.push(await runMode(mode, options, buildDir, durations));
		const result = report(modes, durations);
		result.data.builtAt = builtAt;
		return result;
	} finally {
		unregister();
		removeBuild();
	}
}

// ---------------------------------------------------------------- reporting

function report(modes: ModeReport[], durations: { static: number; mixed: number }): SuiteResult {
	const notes: string[] = [];
	const pglite = modes.find((m) => m.mode === 'PGlite')?.mixedRun;
	const summaryRows: Cell[][] = [];
	for (const m of modes) {
		if (m.status !== 'measured' || !m.mixedRun || !m.staticRun) {
			summaryRows.push([`${m.mode}`, m.status, null, null, null, null, null, null, null, null, null]);
			notes.push(`${m.mode} ${m.status}: ${m.reason ?? ''}`);
			continue;
		}
		for (const runResult of [m.mixedRun, m.staticRun]) {
			const isMixed = runResult === m.mixedRun;
			summaryRows.push([
				`${m.mode} — ${isMixed ? 'mixed reads' : `static ${STATIC_PATH} (baseline)`}`,
				runResult.requestsPerSecond,
				runResult.result.requests.total,
				runResult.all.p50,
				runResult.all.p95,
				runResult.all.p99,
				runResult.result.latency.p97_5,
				runResult.all.max,
				runResult.result.non2xx,
				runResult.result.errors,
				isMixed
					? `${ratio(runResult.requestsPerSecond, m.staticRun.requestsPerSecond)} static` +
						(m.mode !== 'PGlite' && pglite
							? `, ${ratio(runResult.requestsPerSecond, pglite.requestsPerSecond)} PGlite`
							: '')
					: '×1.00'
			]);
		}
	}
	const summary: Table = {
		title: `HTTP load — ${CONNECTIONS} connections; mixed reads ${durations.mixed} s, static file ${durations.static} s (latency in ms)`,
		columns: [
			'run',
			'req/s',
			'requests',
			'p50',
			'p95',
			'p99',
			'p97.5 (autocannon)',
			'max',
			'non-2xx',
			'errors',
			'req/s ratio'
		],
		rows: summaryRows
	};

	const measured = modes.filter((m) => m.mixedRun);
	const labels = [...new Set(mixedRequests().map((r) => r.label ?? r.path))];
	const routes: Table = {
		title: 'Mixed reads by route (latency in ms, all responses)',
		columns: ['route', ...measured.flatMap((m) => [`${m.mode} n`, 'p50', 'p95', 'p99', 'non-2xx'])],
		rows: labels.map((label): Cell[] => [
			label,
			...measured.flatMap((m): Cell[] => {
				const r = m.mixedRun?.byLabel[label];
				return r
					? [r.latency.count, r.latency.p50, r.latency.p95, r.latency.p99, r.non2xx]
					: [0, null, null, null, null];
			})
		])
	};

	const withPreflight = modes.filter((m) => m.preflight);
	const paths = [...new Set(withPreflight.flatMap((m) => m.preflight!.map((p) => p.path)))];
	const preflightTable: Table = {
		title: 'Preflight: one GET per URL before the load (HTTP status, body bytes)',
		columns: ['path', ...withPreflight.flatMap((m) => [`${m.mode} status`, 'bytes'])],
		rows: paths.map((p): Cell[] => [
			p,
			...withPreflight.flatMap((m): Cell[] => {
				const f = m.preflight!.find((x) => x.path === p);
				return [f ? String(f.status) : null, f?.bytes ?? null];
			})
		])
	};
	const startup: Table = {
		title:
			'Start-up: seconds until GET /readyz returned 200 (fresh data dir / database: migrations, France, demo)',
		columns: ['mode', 'seconds'],
		rows: modes.map((m): Cell[] => [m.mode, m.startupSeconds ?? null])
	};

	for (const m of measured) {
		const bad = Object.entries(m.mixedRun!.byLabel).filter(([, r]) => r.non2xx > 0);
		for (const [label, r] of bad) {
			notes.push(`${m.mode}: ${label} answered non-2xx ${r.non2xx} times (${JSON.stringify(r.statuses)})`);
		}
		if (m.mixedRun!.result.errors > 0) {
			notes.push(
				`${m.mode}: ${m.mixedRun!.result.errors} connection errors, ${m.mixedRun!.result.timeouts} timeouts`
			);
		}
	}
	notes.push(
		'p50/p95/p99/max: exact, from every response time seen by autocannon (all status codes); "p97.5 (autocannon)": its own histogram (whole milliseconds). autocannon reports no p95.',
		'req/s: completed responses ÷ run duration. Ratio: mixed req/s ÷ static-file req/s on the same server (the HTTP ceiling of this machine), and PostgreSQL ÷ PGlite.',
		`autocannon runs in the benchmark process, on the same ${os.cpus().length} cores as the server: the figures are a comparison, not a capacity.`
	);

	const runData = (r: LoadRun | undefined) =>
		r && {
			requestsPerSecond: round(r.requestsPerSecond, 1),
			requests: r.result.requests.total,
			durationSeconds: r.result.duration,
			latencyMs: {
				p50: round(r.all.p50),
				p95: round(r.all.p95),
				p99: round(r.all.p99),
				mean: round(r.all.mean),
				max: round(r.all.max)
			},
			autocannonLatencyMs: {
				p50: r.result.latency.p50,
				p97_5: r.result.latency.p97_5,
				p99: r.result.latency.p99,
				mean: r.result.latency.mean
			},
			non2xx: r.result.non2xx,
			errors: r.result.errors,
			timeouts: r.result.timeouts,
			statusCodes: r.result.statusCodeStats,
			byRoute: Object.fromEntries(
				Object.entries(r.byLabel).map(([label, v]) => [
					label,
					{
						count: v.latency.count,
						p50: round(v.latency.p50),
						p95: round(v.latency.p95),
						p99: round(v.latency.p99),
						statuses: v.statuses
					}
				])
			)
		};
	return {
		tables: [summary, routes, preflightTable, startup].filter((t) => t.rows.length > 0),
		notes,
		data: {
			connections: CONNECTIONS,
			durations,
			modes: modes.map((m) => ({
				mode: m.mode,
				status: m.status,
				reason: m.reason,
				startupSeconds: m.startupSeconds !== undefined ? round(m.startupSeconds, 2) : undefined,
				preflight: m.preflight,
				static: runData(m.staticRun),
				mixed: runData(m.mixedRun)
			}))
		}
	};
}
