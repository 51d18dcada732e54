#!/usr/bin/env node
// Runs every test layer, prints the count per layer and ends with one line "N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureChromium } from './browser-setup.js';

const layers = [
	{ name: 'unit', projects: ['unit'] },
	{ name: 'integration-pglite', projects: ['integration-pglite'] },
	...(process.env.TEST_DATABASE_URL
		? [{ name: 'integration-postgres', projects: ['integration-postgres'] }]
		: []),
	{ name: 'system', projects: ['system'], needsBuild: true },
	{ name: 'browser', projects: ['browser'], needsBuild: true, needsChromium: true }
];

spawnSync(path.resolve('node_modules/.bin/svelte-kit'), ['sync'], { stdio: 'inherit' });
const only = process.argv.slice(2);
const selected = only.length ? layers.filter((l) => only.includes(l.name)) : layers;
const bin = path.resolve('node_modules/.bin');
const results = [];
let built = false;

// Stop at once, before hours of other layers, when the browser layer cannot run.
if (selected.some((l) => l.needsChromium)) {
	const missing = ensureChromium();
	if (missing) {
		console.error(missing);
		process.exit(1);
	}
}

for (const layer of selected) {
	if (layer.needsBuild && !built) {
		console.log('\n▶ vite build (for system and browser tests)');
		const build = spawnSync(path.join(bin, 'vite'), ['build', '--logLevel', 'warn'], { stdio: 'inherit' });
		if (build.status !== 0) {
			results.push({ name: 'build', passed: 0, failed: 1, skipped: 0 });
			break;
		}
		built = true;
	}
	console.log(`\n▶ ${layer.name}`);
	const out = path.join(os.tmpdir(), `maillage-vitest-${layer.name}-${process.pid}.json`);
	const args = [
		'run',
		...layer.projects.flatMap((p) => ['--project', p]),
		'--reporter=default',
		'--reporter=json',
		`--outputFile.json=${out}`
	];
	const run = spawnSync(path.join(bin, 'vitest'), args, { stdio: 'inherit', env: { ...process.env } });
	let passed = 0;
	let failed = 0;
	let skipped = 0;
	if (fs.existsSync(out)) {
		const report = JSON.parse(fs.readFileSync(out, 'utf8'));
		passed = report.numPassedTests;
		skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
		failed = report.numFailedTests + (report.numRuntimeErrorTests ?? 0);
		// a file that failed to load has no test results but must count as a failure
		failed += report.testResults.filter(
			(f) => f.status === 'failed' && f.assertionResults.length === 0
		).length;
		fs.rmSync(out);
	}
	if (run.status !== 0 && failed === 0) failed = 1;
	results.push({ name: layer.name, passed, failed, skipped });
}

console.log('\nTests per layer:');
const line = (r) => `${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`;
for (const r of results) console.log(`  ${r.name.padEnd(22)} ${line(r)}`);
const total = (key) => results.reduce((s, r) => s + r[key], 0);
const failed = total('failed');
console.log(line({ passed: total('passed'), failed, skipped: total('skipped') }));
process.exit(failed > 0 || results.length === 0 ? 1 : 0);
