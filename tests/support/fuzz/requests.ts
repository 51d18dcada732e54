import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import {
	encodePathSegment,
	FRENCH,
	HUGE,
	hostileString,
	hostileValue,
	ids,
	realIds,
	UNKNOWN_ID,
	validish,
	fieldValue,
	type Json
} from './values';

/**
 * What the fuzz test (tests/system/fuzz.test.ts) sends: one request per generated value, for an operation of the
 * OpenAPI document or for a form action found in src/routes.
 */

export type Who = 'admin' | 'ccas' | 'anonymous' | 'bogus';

// Operations of the OpenAPI document

interface Parameter {
	name: string;
	in: 'path' | 'query';
	schema: Json;
}

export interface ApiOperation {
	operationId: string;
	method: string;
	path: string;
	parameters: Parameter[];
	/** media type → schema of the body */
	body?: Record<string, Json>;
	/** top-level names a validation error may point at */
	fields: Set<string>;
}

export function apiOperations(doc: Json): ApiOperation[] {
	const resolve = (s: Json): Json => (s?.$ref ? resolve(doc.components.schemas[s.$ref.split('/').pop()]) : s);
	const operations: ApiOperation[] = [];
	for (const [route, item] of Object.entries(doc.paths as Record<string, Json>))
		for (const [method, op] of Object.entries(item)) {
			const parameters = (op.parameters ?? []) as Parameter[];
			const body = op.requestBody
				? Object.fromEntries(
						Object.entries(op.requestBody.content as Record<string, Json>).map(([t, c]) => [
							t,
							resolve(c.schema)
						])
					)
				: undefined;
			const bodyFields = Object.values(body ?? {}).flatMap((s) => Object.keys(s.properties ?? {}));
			operations.push({
				operationId: op.operationId,
				method: method.toUpperCase(),
				path: route,
				parameters,
				body,
				fields: new Set([...parameters.map((p) => p.name), ...bodyFields, '_', '_key', 'body'])
			});
		}
	return operations;
}

export interface Sent {
	/** top-level names of the query and the body that were sent (an issue may name one of them) */
	sentFields?: string[];
	who: Who;
	url: string;
	method: string;
	contentType?: string;
	body?: string | Uint8Array;
	describe: string;
}

const BODY_TYPES = [
	'application/json',
	'application/json',
	'application/json',
	'application/json; charset=utf-8',
	'text/plain',
	'application/x-www-form-urlencoded',
	'multipart/form-data',
	'text/csv',
	'',
	'application/vnd.maillage+json'
];

export function requestFor(op: ApiOperation, doc: Json): fc.Arbitrary<Sent> {
	const destructive = op.method === 'DELETE';
	const pathParam = (p: Parameter) =>
		fc.oneof(
			// a DELETE never gets a real id: the fixtures stay for the other operations
			{ weight: destructive ? 0 : 3, arbitrary: validish(p.schema, doc) },
			{ weight: 1, arbitrary: fc.constant(UNKNOWN_ID) },
			{ weight: 2, arbitrary: hostileString.filter((s) => s.length > 0 && s.length < 2000) }
		);
	const queryValue = (p: Parameter) =>
		fc.oneof(
			{ weight: 3, arbitrary: validish(p.schema, doc).map((v) => [String(v)]) },
			{ weight: 2, arbitrary: hostileString.filter((s) => s.length < 3000).map((s) => [s]) },
			{
				weight: 1,
				arbitrary: fc.array(
					hostileString.filter((s) => s.length < 200),
					{ minLength: 2, maxLength: 3 }
				)
			},
			{
				weight: 1,
				arbitrary: fc.constantFrom(['1e308'], ['NaN'], ['-1'], ['Infinity'], ['99999-01-01'], ['../'])
			}
		);
	const pathParams = op.parameters.filter((p) => p.in === 'path');
	const queryParams = op.parameters.filter((p) => p.in === 'query');
	const [bodyType, bodySchema] = Object.entries(op.body ?? {})[0] ?? [];

	const jsonBody: fc.Arbitrary<unknown> = bodySchema?.properties
		? fc.oneof(
				{
					weight: 6,
					arbitrary: fc.record(
						Object.fromEntries(
							Object.entries(bodySchema.properties as Record<string, Json>).map(([k, s]) => [
								k,
								fieldValue(s, doc)
							])
						),
						{ requiredKeys: [] }
					)
				},
				{ weight: 1, arbitrary: hostileValue },
				{ weight: 1, arbitrary: fc.dictionary(hostileString, hostileValue, { maxKeys: 4 }) }
			)
		: hostileValue;

	const encodedBody: fc.Arbitrary<{ contentType?: string; body?: string | Uint8Array }> =
		bodyType === 'application/json'
			? fc.oneof(
					{
						weight: 8,
						arbitrary: fc.tuple(jsonBody, fc.constantFrom(...BODY_TYPES)).map(([b, t]) => ({
							contentType: t || undefined,
							body: JSON.stringify(b) ?? 'null'
						}))
					},
					{
						weight: 1,
						arbitrary: fc
							.constantFrom(
								'{"name": ',
								'{"name":"\\ud800"}',
								'[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
								`{"name":"${HUGE}"}`
							)
							.map((body) => ({ contentType: 'application/json', body }))
					},
					{
						weight: 1,
						arbitrary: fc
							.constantFrom([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d], [0xff, 0xfe, 0x00], [0xc3, 0x28])
							.map((bytes) => ({ contentType: 'application/json', body: new Uint8Array(bytes) }))
					}
				)
			: bodyType
				? // a raw body (text/csv): rows of hostile cells, or the wrong type
					fc
						.tuple(
							fc.array(
								fc.array(
									hostileString.filter((s) => s.length < 300),
									{ maxLength: 4 }
								),
								{ maxLength: 4 }
							),
							fc.constantFrom(...Object.keys(op.body!), 'application/json', '')
						)
						.map(([rows, t]) => ({
							contentType: t || undefined,
							body: [
								'id,nom,structure_id,description',
								...rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(','))
							].join('\n')
						}))
				: fc.oneof(
						{ weight: 4, arbitrary: fc.constant({}) },
						{
							weight: 1,
							arbitrary: hostileValue.map((b) => ({
								contentType: 'application/json',
								body: JSON.stringify(b) ?? ''
							}))
						}
					);

	// signing out with a real session would end the fuzz's own session
	const whoFor =
		op.operationId === 'deleteCurrentSession'
			? fc.constantFrom<Who>('anonymous', 'bogus')
			: fc.constantFrom<Who>('admin', 'admin', 'admin', 'ccas', 'anonymous', 'bogus');

	return fc
		.tuple(
			whoFor,
			fc.tuple(...pathParams.map(pathParam)),
			fc.record(Object.fromEntries(queryParams.map((p) => [p.name, queryValue(p)])), { requiredKeys: [] }),
			fc.dictionary(
				fc.constantFrom('extra', 'x\u0000', '__proto__', 'limit[]'),
				hostileString.filter((s) => s.length < 100),
				{ maxKeys: 2 }
			),
			encodedBody
		)
		.map(([who, pathValues, query, extra, encoded]) => {
			let route = op.path;
			pathParams.forEach(
				(p, i) => (route = route.replace(`{${p.name}}`, encodePathSegment(String(pathValues[i]))))
			);
			const search = new URLSearchParams();
			for (const [k, values] of Object.entries(query))
				for (const v of values as string[]) search.append(k, v);
			for (const [k, v] of Object.entries(extra)) search.append(k, v);
			const qs = search.toString();
			const url = `/api/v1${route}${qs ? `?${qs}` : ''}`;
			const shown =
				typeof encoded.body === 'string' && encoded.body.length > 300
					? `${encoded.body.slice(0, 300)}… (${encoded.body.length} chars)`
					: encoded.body;
			let bodyFields: string[] = [];
			try {
				const parsed = typeof encoded.body === 'string' ? JSON.parse(encoded.body) : undefined;
				if (parsed && typeof parsed === 'object') bodyFields = Object.keys(parsed);
			} catch {
				// not JSON
			}
			return {
				sentFields: [...search.keys(), ...bodyFields],
				who,
				url,
				method: op.method,
				...encoded,
				describe: `${op.method} ${url.slice(0, 400)} as ${who}, ${encoded.contentType ?? 'no content-type'}: ${JSON.stringify(shown instanceof Uint8Array ? [...shown] : shown)}`
			};
		});
}

// ---------------------------------------------------------------------------------------------------------
// Form actions of src/routes/**/+page.server.ts

export interface FormAction {
	/** route with [params] */
	route: string;
	name: string;
	/** field names the action (or what it calls) reads */
	fields: string[];
}

function routeFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return routeFiles(full);
		return entry.name === '+page.server.ts' ? [full] : [];
	});
}

const quoted = (text: string) => [...text.matchAll(/'([a-zA-Z]\w*)'/g)].map((m) => m[1]!);

export function formActions(): FormAction[] {
	const root = path.resolve('src/routes');
	const serviceForm = fs.readFileSync(path.join(root, '(app)/annuaire/services/service-form.ts'), 'utf8');
	const out: FormAction[] = [];
	for (const file of routeFiles(root)) {
		const source = fs.readFileSync(file, 'utf8');
		const at = source.indexOf('export const actions');
		if (at < 0) continue;
		const names = [...source.slice(at).matchAll(/^\t(\w+): /gm)].map((m) => m[1]!);
		const fields = new Set([
			...[...source.matchAll(/\.(?:get|getAll)\('(\w+)'\)/g)].map((m) => m[1]!),
			...[...source.matchAll(/\bf\.(\w+)/g)].map((m) => m[1]!),
			...(source.includes('const FIELDS') ? quoted(source.slice(source.indexOf('const FIELDS'))) : []),
			...(source.includes('readServiceForm') ? quoted(serviceForm) : [])
		]);
		const route =
			'/' +
			path
				.relative(root, path.dirname(file))
				.split(path.sep)
				.filter((s) => !/^\(.+\)$/.test(s))
				.join('/');
		for (const name of names) out.push({ route: route === '/' ? '' : route, name, fields: [...fields] });
	}
	return out;
}

/** Field names of every body schema of the API: the forms validate with the same schemas. */
const schemaFieldNames = (doc: Json) =>
	Object.values(doc.components.schemas as Record<string, Json>).flatMap((s) =>
		Object.keys(s.properties ?? {})
	);

const FORM_EXAMPLES: Record<string, () => string[]> = {
	id: () => realIds(),
	structureId: () => [ids.structure],
	organisationId: () => [ids.organisation],
	correspondentId: () => [ids.correspondent],
	parentId: () => [ids.politique, ids.mission],
	actionId: () => [ids.action],
	serviceId: () => [ids.service],
	departement: () => ['46', '32'],
	direction: () => ['up', 'down'],
	confirm: () => ['oui'],
	lang: () => ['fr', 'en'],
	next: () => ['/aide', '/\\evil.example', '//evil.example'],
	theme: () => ['sante', 'logement-hebergement'],
	role: () => ['member', 'admin'],
	thematiques: () => ['equipement-et-alimentation--alimentation'],
	publics: () => ['seniors', 'tous-publics'],
	email: () => ['accueil@ccas-cahors.example.fr'],
	password: () => ['Demo-Maillage-Lot-2026', 'un mot de passe assez long'],
	communeCode: () => ['46042', '99999'],
	latitude: () => ['44,4475', '1e308'],
	longitude: () => ['1.4417', 'NaN'],
	dryRun: () => ['on']
};

export function formRequestFor(action: FormAction, doc: Json): fc.Arbitrary<Sent & { accept: string }> {
	const pool = [...new Set([...action.fields, ...schemaFieldNames(doc)])];
	const value = (name: string) =>
		fc.oneof(
			{ weight: 3, arbitrary: fc.constantFrom(...(FORM_EXAMPLES[name]?.() ?? FRENCH)) },
			{ weight: 2, arbitrary: hostileString.filter((s) => s.length < 20_000) }
		);
	const destructive = /delete|remove|revoke|detach/.test(action.name) || action.route.endsWith('/supprimer');
	const param = (segment: string) =>
		fc.oneof(
			{
				weight: destructive || segment === '[token]' ? 0 : 3,
				arbitrary: fc.constant(
					action.route.includes('/structures/')
						? ids.structure
						: action.route.includes('/organisations/')
							? ids.organisation
							: ids.service
				)
			},
			{ weight: 1, arbitrary: fc.constant(UNKNOWN_ID) },
			{ weight: 2, arbitrary: hostileString.filter((s) => s.length > 0 && s.length < 500) }
		);
	const segments = action.route.split('/').filter((s) => /^\[.+\]$/.test(s));
	// signing out with the fuzz's own session would end it
	const whoFor =
		action.route === '/deconnexion'
			? fc.constantFrom<Who>('anonymous', 'bogus')
			: fc.constantFrom<Who>('admin', 'admin', 'ccas', 'anonymous');
	const preferred = action.fields.length ? action.fields : pool;
	const fieldsArb = fc.array(
		fc.tuple(
			fc.oneof(
				{ weight: 4, arbitrary: fc.constantFrom(...preferred) },
				{ weight: 1, arbitrary: fc.constantFrom(...pool) }
			),
			fc.nat()
		),
		{ maxLength: 10 }
	);
	return fc
		.tuple(
			whoFor,
			fc.tuple(...segments.map(param)),
			fieldsArb.chain((names) => fc.tuple(...names.map(([n]) => value(n).map((v) => [n, v] as const)))),
			fc.constantFrom(
				'application/x-www-form-urlencoded',
				'application/x-www-form-urlencoded',
				'application/x-www-form-urlencoded',
				'multipart/form-data',
				'text/plain',
				''
			),
			fc.constantFrom('text/html', 'application/json')
		)
		.map(([who, values, fields, type, accept]) => {
			let route = action.route;
			segments.forEach((s, i) => (route = route.replace(s, encodePathSegment(String(values[i])))));
			const url = `${route || '/'}${action.name === 'default' ? '' : `?/${action.name}`}`;
			let body: string | Uint8Array;
			let contentType: string | undefined = type || undefined;
			if (type === 'multipart/form-data') {
				const boundary = 'fuzz-boundary-7d1e';
				const parts = fields.map(
					([n, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${n}"\r\n\r\n${v}\r\n`
				);
				parts.push(
					`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="import.csv"\r\nContent-Type: text/csv\r\n\r\nid,nom\n"${fields[0]?.[1] ?? '=1+1'}",x\r\n`
				);
				body = `${parts.join('')}--${boundary}--\r\n`;
				contentType = `multipart/form-data; boundary=${boundary}`;
			} else {
				const search = new URLSearchParams();
				for (const [n, v] of fields) search.append(n, v);
				body = search.toString();
			}
			const shown = body.length > 300 ? `${body.slice(0, 300)}… (${body.length} chars)` : body;
			return {
				who,
				url,
				method: 'POST',
				contentType,
				body: new TextEncoder().encode(body),
				accept,
				describe: `POST ${url} as ${who}, ${contentType ?? 'no content-type'}, accept ${accept}: ${JSON.stringify(shown)}`
			};
		});
}
