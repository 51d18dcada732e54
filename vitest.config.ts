import path from 'node:path';
import { defineConfig } from 'vitest/config';

const common = {
	environment: 'node' as const,
	alias: { $lib: path.resolve('src/lib') },
	testTimeout: 30_000,
	hookTimeout: 120_000
};
const integration = ['src/**/*.int.test.ts', 'tests/integration/**/*.test.ts'];

/**
 * Layers: unit (pure rules), integration on PGlite, the same integration suite on PostgreSQL
 * (only when TEST_DATABASE_URL is set), system (the built server as a process), browser (Chromium + axe).
 */
export default defineConfig({
	resolve: { alias: { $lib: path.resolve('src/lib') } },
	test: {
		projects: [
			{ test: { ...common, name: 'unit', include: ['src/**/*.test.ts'], exclude: integration } },
			{ test: { ...common, name: 'integration-pglite', include: integration, env: { TEST_DB: 'pglite' } } },
			...(process.env.TEST_DATABASE_URL
				? [
						{
							test: {
								...common,
								name: 'integration-postgres',
								include: integration,
								env: { TEST_DB: 'postgres' }
							}
						}
					]
				: []),
			{
				test: {
					...common,
					name: 'system',
					include: ['tests/system/**/*.test.ts'],
					globalSetup: ['tests/support/build-once.ts'],
					fileParallelism: false,
					testTimeout: 120_000
				}
			},
			{
				test: {
					...common,
					name: 'browser',
					include: ['tests/browser/**/*.test.ts'],
					globalSetup: ['tests/support/build-once.ts'],
					fileParallelism: false,
					testTimeout: 60_000
				}
			}
		]
	}
});
