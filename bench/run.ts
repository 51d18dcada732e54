/**
 * Entry point of `npm run bench`: runs the suites of bench/suites/, prints their tables and writes
 * bench/results/<timestamp>.json.
 *
 *   npm run bench                              every suite
 *   npm run bench -- territory-search          only the named suite(s)
 *   npm run bench -- --quick                   smaller run
 *   npm run bench -- --list                    names and descriptions
 *
 * Never part of `npm test`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { renderTable } from './lib/format';
import { runCleanups } from './lib/cleanup';
import type { Suite, SuiteResult } from './lib/types';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.dirname(benchDir);
const suitesDir = path.join(benchDir, 'suites');
const resultsDir = path.join(benchDir, 'results');

const USAGE = `usage: npm run bench -- [suite …] [--quick] [--list]

  suite      name of a file of bench/suites/ (without .ts); all suites when none is given
  --quick    smaller run (fewer queries, shorter load)
  --list     list the suites and exit
  --no-json  do not write bench/results/<timestamp>.json`;

function parseArgs(argv: string[]) {
	const flags = new Set(argv.filter((a) => a.startsWith('-')));
	const names = argv.filter((a) => !a.startsWith('-'));
	const known = new Set(['--quick', '--list', '--no-json', '--help', '-h']);
	const unknown = [...flags].filter((f) => !known.has(f));
	if (unknown.length) {
		console.error(`unknown option ${unknown.join(', ')}\n\n${USAGE}`);
		process.exit(2);
	}
	return {
		names,
		quick: flags.has('--quick'),
		list: flags.has('--list'),
		json: !flags.has('--no-json'),
		help: flags.has('--help') || flags.has('-h')
	};
}

async function loadSuites(): Promise<Suite[]> {
	const files = fs
		.readdirSync(suitesDir)
		.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
		.sort();
	const suites: Suite[] = [];
	for (const file of files) {
		const mod = (await import(pathToFileURL(path.join(suitesDir, file)).href)) as Partial<Suite>;
		if (typeof mod.name !== 'string' || typeof mod.run !== 'function') {
			throw new Error(`bench/suites/${file} must export \`name\` and \`run(options)\``);
		}
		suites.push({ name: mod.name, description: mod.description ?? '', run: mod.run });
	}
	return suites;
}

function gitCommit(): string | null {
	try {
		return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
			cwd: projectRoot,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore']
		}).trim();
	} catch {
		return null;
	}
}

function environment() {
	const cpus = os.cpus();
	return {
		node: process.version,
		platform: `${os.platform()} ${os.release()} ${os.arch()}`,
		cpu: cpus[0]?.model ?? 'unknown',
		cores: cpus.length,
		memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
		commit: gitCommit()
	};
}

function printResult(name: string, result: SuiteResult) {
	console.log('');
	for (const table of result.tables) {
		console.log(renderTable(table));
		console.log('');
	}
	for (const note of result.notes) console.log(`  · ${note}`);
	if (result.notes.length === 0) console.log(`  (${name}: no notes)`);
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args.help) {
		console.log(USAGE);
		return;
	}
	const suites = await loadSuites();
	if (args.list) {
		for (const s of suites) console.log(`${s.name.padEnd(20)} ${s.description}`);
		return;
	}
	const missing = args.names.filter((n) => !suites.some((s) => s.name === n));
	if (missing.length) {
		console.error(`unknown suite ${missing.join(', ')}; available: ${suites.map((s) => s.name).join(', ')}`);
		process.exit(2);
	}
	const selected = args.names.length ? suites.filter((s) => args.names.includes(s.name)) : suites;

	const startedAt = new Date();
	const env = environment();
	console.log(
		`Maillage benchmarks${args.quick ? ' (quick)' : ''} — ${startedAt.toISOString()}\n` +
			`node ${env.node}, ${env.cores} × ${env.cpu}, ${env.memoryGiB} GiB, commit ${env.commit ?? '?'}`
	);

	const report: Record<string, unknown> = {};
	let failures = 0;
	for (const suite of selected) {
		console.log(`\n━━ ${suite.name} — ${suite.description}`);
		const t0 = performance.now();
		try {
			const result = await suite.run({
				quick: args.quick,
				projectRoot,
				log: (message) => process.stderr.write(`${message}\n`)
			});
			const seconds = (performance.now() - t0) / 1000;
			printResult(suite.name, result);
			console.log(`  (${suite.name} took ${seconds.toFixed(1)} s)`);
			report[suite.name] = { status: 'ok', seconds: Math.round(seconds * 10) / 10, ...result };
		} catch (error) {
			failures++;
			const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
			console.error(`\n✗ ${suite.name} failed: ${message}`);
			report[suite.name] = { status: 'failed', error: message };
		} finally {
			await runCleanups();
		}
	}

	if (args.json) {
		fs.mkdirSync(resultsDir, { recursive: true });
		const file = path.join(resultsDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
		const content = {
			startedAt: startedAt.toISOString(),
			quick: args.quick,
			environment: env,
			suites: report
		};
		fs.writeFileSync(file, JSON.stringify(content, null, '\t') + '\n');
		console.log(`\nResults written to ${path.relative(process.cwd(), file)}`);
	}
	process.exitCode = failures ? 1 : 0;
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		if (interrupted) process.exit(130);
		interrupted = true;
		console.error(`\n${signal}: cleaning up (servers, throw-away databases)…`);
		void runCleanups().finally(() => process.exit(130));
	});
}

main().catch(async (error) => {
	console.error(error);
	await runCleanups();
	process.exit(1);
});
