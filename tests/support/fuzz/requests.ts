import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import {
	encodePathSegment,
	forbiddenText,
	FRENCH,
	HUGE,
	hostileString,
	hostileValue,
	EXAMPLES,
	ids,
	realIds,
	oneHostileField,
	UNKNOWN_ID,
	validish,
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

type Body = { contentType?: string; body?: string | Uint8Array };

/** The fixture an {id} of this path points at: /zones/{id} → the zone… */
function fixtureFor(route: string, name: string): string[] {
	if (name === 'serviceId') return [ids.service];
	const resource = route.split('/')[1];
	const byResource: Record<string, string[]> = {
		zones: [ids.zone],
		services: [ids.service],
		correspondents: [ids.correspondent],
		organisations: [ids.organisation],
		structures: [ids.structure],
		referential: [ids.politique, ids.mission, ids.action]
	};
	return byResource[resource!] ?? realIds();
}

interface Parts {
	who: Who;
	path: string[];
	query: Record<string, string[]>;
	contentType?: string;
	body?: string | Uint8Array;
}

const MALFORMED_JSON = [
	'{"name": ',
	'{"name":"\\ud800"}',
	'[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
	`{"name":"${HUGE}"}`
];
const NOT_UTF8 = [
	[0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d],
	[0xff, 0xfe, 0x00],
	[0xc3, 0x28]
];

/** A query value: one string, or a repeated key (an array where a string is expected). */
const hostileQueryValue = fc.oneof(
	{ weight: 2, arbitrary: forbiddenText.map((s) => [s]) },
	{ weight: 3, arbitrary: hostileString.filter((s) => s.length < 3000).map((s) => [s]) },
	{
		weight: 1,
		arbitrary: fc.array(
			hostileString.filter((s) => s.length < 200),
			{ minLength: 2, maxLength: 3 }
		)
	},
	{
		weight: 1,
		arbitrary: fc.constantFrom('1e308', 'NaN', '-1', 'Infinity', '99999-01-01', '../').map((v) => [v])
	}
);

/**
 * Requests for one operation. Most change one thing of a valid request — one body field, one query or path
 * parameter, the body as a whole, its content type, the session, an unknown parameter — so that a hole in the
 * validation of that one thing reaches the service and the database; a few are valid, a few are chaos.
 */
export function requestFor(op: ApiOperation, doc: Json): fc.Arbitrary<Sent> {
	const pathParams = op.parameters.filter((p) => p.in === 'path');
	const queryParams = op.parameters.filter((p) => p.in === 'query');
	const [bodyType, bodySchema] = Object.entries(op.body ?? {})[0] ?? [];
	const json = bodyType === 'application/json';

	// a DELETE never gets a real id, and signing out never gets the fuzz's own session: the fixtures and the
	// session stay for the other operations
	const validPath = fc.tuple(
		...pathParams.map((p) =>
			op.method === 'DELETE'
				? fc.constant(UNKNOWN_ID)
				: p.schema.format === 'uuid'
					? fc.constantFrom(...fixtureFor(op.path, p.name))
					: (validish(p.schema, doc, 0, p.name) as fc.Arbitrary<string>)
		)
	);
	const validWho: fc.Arbitrary<Who> =
		op.operationId === 'deleteCurrentSession'
			? fc.constant('bogus')
			: fc.constantFrom('admin', 'admin', 'ccas');
	const validQueryValue = (p: Parameter) => validish(p.schema, doc, 0, p.name).map((v) => [String(v)]);
	const validQuery = fc.record(Object.fromEntries(queryParams.map((p) => [p.name, validQueryValue(p)])), {
		requiredKeys: []
	}) as fc.Arbitrary<Record<string, string[]>>;
	const csvBody = (cells: fc.Arbitrary<string>) =>
		fc
			.array(fc.array(cells, { minLength: 1, maxLength: 4 }), { maxLength: 3 })
			.map((rows) =>
				[
					'source,id,nom,description',
					...rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(','))
				].join('\n')
			);
	const validBody: fc.Arbitrary<Pick<Parts, 'contentType' | 'body'>> = json
		? validish(bodySchema!, doc).map((b) => ({ contentType: 'application/json', body: JSON.stringify(b) }))
		: bodyType
			? csvBody(fc.constantFrom(...FRENCH)).map((body) => ({ contentType: bodyType, body }))
			: fc.constant({});
	const valid = fc.record({ who: validWho, path: validPath, query: validQuery, body: validBody });
	type Valid = {
		who: Who;
		path: string[];
		query: Record<string, string[]>;
		body: Pick<Parts, 'contentType' | 'body'>;
	};
	const change = <T>(hostile: fc.Arbitrary<T>, apply: (v: Valid, h: T) => Valid) =>
		fc.tuple(valid, hostile).map(([v, h]) => apply(v, h));

	const scenarios: { weight: number; arbitrary: fc.Arbitrary<Valid> }[] = [
		{ weight: 1, arbitrary: valid },
		{
			weight: bodySchema?.properties ? 6 : 0,
			arbitrary: json
				? change(oneHostileField(bodySchema ?? {}, doc), (v, b) => ({
						...v,
						body: { ...v.body, body: JSON.stringify(b) }
					}))
				: valid
		},
		{
			weight: queryParams.length ? 3 : 0,
			arbitrary: change(
				fc.tuple(fc.constantFrom(...queryParams, undefined), hostileQueryValue),
				(v, [p, value]) => (p ? { ...v, query: { ...v.query, [p.name]: value } } : v)
			)
		},
		{
			weight: pathParams.length ? 2 : 0,
			arbitrary: change(
				fc.tuple(
					fc.nat(),
					fc.oneof(
						forbiddenText,
						fc.constant(UNKNOWN_ID),
						hostileString.filter((s) => s.length > 0 && s.length < 2000)
					)
				),
				(v, [i, value]) => {
					const path = [...v.path];
					path[i % Math.max(1, path.length)] = value;
					return { ...v, path };
				}
			)
		},
		{
			weight: bodyType ? 2 : 0,
			arbitrary: change(
				json
					? fc.oneof<fc.Arbitrary<Body>[]>(
							hostileValue.map((b) => ({
								contentType: 'application/json',
								body: JSON.stringify(b) ?? 'null'
							})),
							fc.constantFrom(...MALFORMED_JSON).map((body) => ({ contentType: 'application/json', body })),
							fc
								.constantFrom(...NOT_UTF8)
								.map((b) => ({ contentType: 'application/json', body: new Uint8Array(b) }))
						)
					: csvBody(hostileString.filter((s) => s.length < 300)).map((body) => ({
							contentType: bodyType,
							body
						})),
				(v, body) => ({ ...v, body })
			)
		},
		{
			weight: bodyType ? 1 : 0,
			arbitrary: change(
				fc.constantFrom(
					undefined,
					'text/plain',
					'application/x-www-form-urlencoded',
					'multipart/form-data',
					'text/csv',
					'application/json; charset=latin1',
					'application/vnd.maillage+json'
				),
				(v, contentType) => ({ ...v, body: { ...v.body, contentType } })
			)
		},
		{ weight: 1, arbitrary: change(fc.constantFrom<Who>('anonymous', 'bogus'), (v, who) => ({ ...v, who })) },
		{
			weight: 1,
			arbitrary: change(
				fc.dictionary(
					fc.constantFrom('extra', 'x\u0000', '__proto__', 'constructor', 'limit[]'),
					hostileString.filter((s) => s.length < 100).map((s) => [s]),
					{ minKeys: 1, maxKeys: 2 }
				),
				(v, extra) => ({ ...v, query: { ...v.query, ...extra } })
			)
		},
		{
			// chaos: everything at once
			weight: 1,
			arbitrary: fc.record({
				who: fc.constantFrom<Who>('admin', 'anonymous'),
				path: fc.tuple(...pathParams.map(() => hostileString.filter((s) => s.length > 0 && s.length < 500))),
				query: fc.record(Object.fromEntries(queryParams.map((p) => [p.name, hostileQueryValue])), {
					requiredKeys: []
				}) as fc.Arbitrary<Record<string, string[]>>,
				body: hostileValue.map((b) => ({ contentType: 'application/json', body: JSON.stringify(b) ?? '' }))
			})
		}
	];

	return fc.oneof(...scenarios.filter((s) => s.weight > 0)).map(({ who, path, query, body }) => {
		if (op.operationId === 'deleteCurrentSession' && who !== 'anonymous') who = 'bogus';
		let route = op.path;
		pathParams.forEach((p, i) => (route = route.replace(`{${p.name}}`, encodePathSegment(String(path[i])))));
		const search = new URLSearchParams();
		for (const [k, values] of Object.entries(query)) for (const v of values) search.append(k, v);
		const qs = search.toString();
		const url = `/api/v1${route}${qs ? `?${qs}` : ''}`;
		const shown =
			typeof body.body === 'string' && body.body.length > 300
				? `${body.body.slice(0, 300)}… (${body.body.length} chars)`
				: body.body;
		let bodyFields: string[] = [];
		try {
			const parsed = typeof body.body === 'string' ? JSON.parse(body.body) : undefined;
			if (parsed && typeof parsed === 'object') bodyFields = Object.keys(parsed);
		} catch {
			// not JSON
		}
		return {
			sentFields: [...search.keys(), ...bodyFields],
			who,
			url,
			method: op.method,
			contentType: body.contentType,
			body: op.method === 'GET' || op.method === 'DELETE' ? undefined : body.body,
			describe: `${op.method} ${url.slice(0, 400)} as ${who}, ${body.contentType ?? 'no content-type'}: ${JSON.stringify(shown instanceof Uint8Array ? [...shown] : shown)}`
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
	/** reads a file: its valid requests are multipart, with a CSV in `file` */
	upload: boolean;
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
		const upload = source.includes('instanceof File');
		if (upload) fields.delete('file');
		for (const name of names)
			out.push({ route: route === '/' ? '' : route, name, fields: [...fields], upload });
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
	next: () => ['/aide', '/annuaire'],
	theme: () => ['sante', 'logement-hebergement'],
	role: () => ['member', 'admin'],
	thematiques: () => ['equipement-et-alimentation--alimentation'],
	publics: () => ['seniors', 'tous-publics'],
	email: () => ['accueil@ccas-cahors.example.fr'],
	password: () => ['Demo-Maillage-Lot-2026', 'un mot de passe assez long'],
	communeCode: () => ['46042'],
	latitude: () => ['44,4475'],
	longitude: () => ['1.4417'],
	dryRun: () => ['on']
};

/** Valid values of a form field, as the strings a browser sends (a list: one entry per checkbox). */
function formExamples(name: string): (string | string[])[] {
	const examples = FORM_EXAMPLES[name]?.() ?? EXAMPLES[name]?.() ?? FRENCH;
	return examples.map((v) => (Array.isArray(v) ? v.map(String) : String(v)));
}

type Fields = [string, string][];

function encodeForm(fields: Fields, type: string | undefined) {
	if (type !== 'multipart/form-data') {
		const search = new URLSearchParams();
		for (const [n, v] of fields) search.append(n, v);
		return { contentType: type, body: search.toString() };
	}
	const boundary = 'fuzz-boundary-7d1e';
	const parts = fields.map(
		([n, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${n}"\r\n\r\n${v}\r\n`
	);
	// the upload page reads this file: a structures CSV whose id is the last field's value (the changed one)
	const cell = (fields.at(-1)?.[1] ?? 'fuzz-1').replace(/"/g, '""');
	parts.push(
		`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="structures.csv"\r\nContent-Type: text/csv\r\n\r\nsource,id,nom,description,code_insee\r\nfuzz,"${cell}",Structure du fuzz,Description du fuzz,46042\r\n`
	);
	return {
		contentType: `multipart/form-data; boundary=${boundary}`,
		body: `${parts.join('')}--${boundary}--\r\n`
	};
}

/**
 * Posts to one form action: most change one thing of a valid form (one field, the route's [id], the content
 * type, the session, unknown or repeated fields), a few are valid, a few are chaos.
 */
export function formRequestFor(action: FormAction, doc: Json): fc.Arbitrary<Sent & { accept: string }> {
	const pool = [...new Set([...action.fields, ...schemaFieldNames(doc)])];
	const own = action.fields.length ? action.fields : pool;
	const destructive = /delete|remove|revoke|detach/.test(action.name) || action.route.endsWith('/supprimer');
	const segments = action.route.split('/').filter((s) => /^\[.+\]$/.test(s));
	const fixture = action.route.includes('/structures/')
		? ids.structure
		: action.route.includes('/organisations/')
			? ids.organisation
			: ids.service;
	// a destructive action never gets a real id, signing out never the fuzz's own session
	const validSegments = fc.tuple(
		...segments.map((s) => fc.constant(destructive || s === '[token]' ? UNKNOWN_ID : fixture))
	);
	const validWho: fc.Arbitrary<Who> =
		action.route === '/deconnexion' ? fc.constant('bogus') : fc.constantFrom('admin', 'admin', 'ccas');
	const validFields: fc.Arbitrary<Fields> = fc
		.tuple(
			...own.map((name) => fc.option(fc.constantFrom(...formExamples(name)), { freq: 4, nil: undefined }))
		)
		.map((values) =>
			values.flatMap((v, i) =>
				v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x) => [own[i]!, x] as [string, string])
			)
		);
	const hostileText = fc.oneof(
		{ weight: 2, arbitrary: forbiddenText },
		{ weight: 3, arbitrary: hostileString.filter((s) => s.length < 20_000) }
	);
	interface Form {
		who: Who;
		segments: string[];
		fields: Fields;
		type: string | undefined;
	}
	const valid: fc.Arbitrary<Form> = fc.record({
		who: validWho,
		segments: validSegments,
		fields: validFields,
		type: action.upload
			? fc.constant('multipart/form-data')
			: fc.constantFrom<string | undefined>(
					'application/x-www-form-urlencoded',
					'application/x-www-form-urlencoded',
					'multipart/form-data'
				)
	});
	const change = <T>(hostile: fc.Arbitrary<T>, apply: (f: Form, h: T) => Form) =>
		fc.tuple(valid, hostile).map(([f, h]) => apply(f, h));
	const scenarios: { weight: number; arbitrary: fc.Arbitrary<Form> }[] = [
		{ weight: 1, arbitrary: valid },
		{
			weight: 5,
			arbitrary: change(fc.tuple(fc.constantFrom(...own), hostileText), (f, [name, value]) => ({
				...f,
				fields: [...f.fields.filter(([n]) => n !== name), [name, value]]
			}))
		},
		{
			weight: segments.length ? 2 : 0,
			arbitrary: change(
				fc.oneof(
					forbiddenText,
					hostileString.filter((s) => s.length > 0 && s.length < 500)
				),
				(f, value) => ({ ...f, segments: f.segments.map(() => value) })
			)
		},
		{
			weight: 1,
			arbitrary: change(
				fc.constantFrom(
					undefined,
					'text/plain',
					'application/json',
					'multipart/form-data; boundary=',
					'text/csv'
				),
				(f, type) => ({ ...f, type })
			)
		},
		{ weight: 1, arbitrary: change(fc.constantFrom<Who>('anonymous', 'bogus'), (f, who) => ({ ...f, who })) },
		{
			weight: 1,
			arbitrary: change(
				fc.array(fc.tuple(fc.constantFrom(...pool, '__proto__', 'x\u0000'), hostileText), {
					minLength: 1,
					maxLength: 4
				}),
				(f, extra) => ({ ...f, fields: [...f.fields, ...extra] })
			)
		},
		{
			// chaos: any fields, any values
			weight: 1,
			arbitrary: fc.record({
				who: fc.constantFrom<Who>('admin', 'anonymous'),
				segments: fc.tuple(
					...segments.map(() => hostileString.filter((s) => s.length > 0 && s.length < 500))
				),
				fields: fc.array(fc.tuple(fc.constantFrom(...pool), hostileText), { maxLength: 10 }),
				type: fc.constant<string | undefined>('application/x-www-form-urlencoded')
			})
		}
	];
	return fc
		.tuple(
			fc.oneof(...scenarios.filter((s) => s.weight > 0)),
			fc.constantFrom('text/html', 'application/json')
		)
		.map(([form, accept]) => {
			const who = action.route === '/deconnexion' && form.who !== 'anonymous' ? 'bogus' : form.who;
			let route = action.route;
			segments.forEach((s, i) => (route = route.replace(s, encodePathSegment(String(form.segments[i])))));
			const url = `${route || '/'}${action.name === 'default' ? '' : `?/${action.name}`}`;
			const { contentType, body } = form.type?.startsWith('multipart/form-data;')
				? { contentType: form.type, body: encodeForm(form.fields, undefined).body }
				: encodeForm(form.fields, form.type);
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
