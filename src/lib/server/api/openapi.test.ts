import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from './openapi';
import { registry } from './operation';

const API_ROOT = path.resolve('src/routes/api/v1');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

function routeFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return routeFiles(full);
		return entry.name === '+server.ts' ? [full] : [];
	});
}

/** src/routes/api/v1/territories/[type]/[code]/+server.ts → /territories/{type}/{code} */
const openApiPath = (file: string) =>
	'/' +
	path
		.relative(API_ROOT, path.dirname(file))
		.split(path.sep)
		.map((s) => s.replace(/^\[(.+)\]$/, '{$1}'))
		.join('/');

describe('OpenAPI document', () => {
	it('documents exactly the operations the routes serve, with the handlers that validate them', async () => {
		const served: string[] = [];
		for (const file of routeFiles(API_ROOT)) {
			const route = openApiPath(file);
			if (route === '/openapi.json') continue;
			const module = (await import(file)) as Record<string, unknown>;
			for (const method of METHODS.filter((m) => m in module)) {
				const registered = registry.find((op) => op.spec.method === method && op.spec.path === route);
				expect(registered, `${method} ${route} is served but not declared with operation()`).toBeDefined();
				expect(module[method], `${method} ${route} does not export the declared handler`).toBe(registered);
				served.push(`${method} ${route}`);
			}
		}
		const documented = registry.map((op) => `${op.spec.method} ${op.spec.path}`);
		expect(served.sort()).toEqual([...new Set(documented)].sort());
	});

	it('is an OpenAPI 3.1 document whose operations have ids, schemas and error responses', () => {
		const doc = buildOpenApiDocument();
		expect(doc.openapi).toBe('3.1.0');
		const ids = new Set<string>();
		for (const [route, item] of Object.entries(doc.paths ?? {})) {
			for (const [method, op] of Object.entries(
				item as Record<string, { operationId: string; responses: Record<string, unknown> }>
			)) {
				expect(op.operationId, `${method} ${route}`).toMatch(/^[a-z][A-Za-z]+$/);
				expect(ids.has(op.operationId), `duplicate ${op.operationId}`).toBe(false);
				ids.add(op.operationId);
				expect(Object.keys(op.responses)).toContain('400');
			}
		}
		expect(doc.components?.schemas).toHaveProperty('Territory');
		expect(
			doc.paths?.['/territories/{type}/{code}']?.get?.parameters?.map((p) => ('name' in p ? p.name : ''))
		).toEqual(['type', 'code']);
	});

	it('generates the request body schema from the validating zod schema', () => {
		const doc = buildOpenApiDocument();
		const body = doc.paths?.['/zones']?.post?.requestBody;
		expect(JSON.stringify(body)).toContain('ZoneInput');
		const zoneInput = doc.components?.schemas?.ZoneInput as { required?: string[] };
		expect(zoneInput.required).toEqual(expect.arrayContaining(['name', 'organisationId', 'communeCodes']));
	});
});
