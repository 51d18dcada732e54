import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** `npm test` must prepare what it needs or say at once what is missing (issue 8, item 8). */
describe('the test command without a browser', () => {
	it('stops before any layer with one line naming what to install and the variable to set', () => {
		const run = spawnSync(process.execPath, ['scripts/test.js', 'browser'], {
			env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' },
			encoding: 'utf8'
		});
		expect(run.status).toBe(1);
		const lines = run.stderr.trim().split('\n');
		expect(lines).toHaveLength(1);
		expect(lines[0]).toContain('CHROMIUM_PATH=/nonexistent/chromium');
		expect(run.stdout).not.toContain('▶ browser');
		expect(run.stdout).not.toContain('vite build');
	});
});
