import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSignIn, useServer } from '../support/server';
import {
	apiOperations,
	formActions,
	formRequestFor,
	requestFor,
	type ApiOperation,
	type Sent,
	type Who
} from '../support/fuzz/requests';
import { ids, type Json } from '../support/fuzz/values';

/**
 * Property-based fuzzing of the built demo server: every /api/v1 operation (read from /api/v1/openapi.json, so
 * new operations are covered as soon as they are declared) and every form action (the `actions` exported by
 * src/routes/**\/+page.server.ts) get hostile values — NUL bytes, lone surrogates, control characters, huge
 * strings, huge, negative and non-finite numbers, dates PostgreSQL refuses, wrong types, arrays for strings,
 * unknown ids, "../", SQL and HTML payloads, unusual Unicode — mixed with valid ones, so that requests also get
 * past validation into the services and the database.
 *
 * For every request: never a 5xx; a 400 of the API names its fields (issues[].field, a field the operation
 * has) with translated messages; and a refused request writes nothing — no audit event (reads and sign-in
 * failures apart) and the same whole-state fingerprint (directory export, zones, tree, correspondents,
 * organisations) before and after.
 *
 * Deterministic: a fixed seed per operation (FUZZ_SEED to change it), printed with the failing request.
 */

const server = useServer();

const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 8);
const RUNS_PER_ACTION = Number(process.env.FUZZ_RUNS ?? 8) + 2;

const cookies: Record<Who, string> = { admin: '', ccas: '', anonymous: '', bogus: 'maillage_session=forged' };

// ---------------------------------------------------------------------------------------------------------
// Sending, and what a refused request must not have done

async function send(sent: Sent, accept = 'application/json') {
	const headers: Record<string, string> = { origin: server.url, accept, 'accept-language': 'fr' };
	if (cookies[sent.who]) headers.cookie = cookies[sent.who];
	if (sent.contentType) headers['content-type'] = sent.contentType;
	const body = typeof sent.body === 'string' ? new TextEncoder().encode(sent.body) : sent.body;
	const init: RequestInit = {
		method: sent.method,
		headers,
		body: sent.method === 'GET' || sent.method === 'HEAD' ? undefined : (body as BodyInit | undefined),
		redirect: 'manual'
	};
	const alive = () => server.process.exitCode === null && server.process.signalCode === null;
	const res = await fetch(`${server.url}${sent.url}`, init)
		// a kept-alive connection the server closed at its keep-alive timeout, just as it was reused: once more
		.catch((error: unknown) => (alive() ? fetch(`${server.url}${sent.url}`, init) : Promise.reject(error)))
		.catch((error: unknown) => {
			throw new Error(
				`${alive() ? 'no answer' : 'the server died'} on ${sent.describe}: ${String((error as Error).cause ?? error)}\n${server.output().split('\n').slice(-15).join('\n')}`,
				{ cause: error }
			);
		});
	const text = await res.text();
	let json: Json | undefined;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, text, json };
}

async function get(url: string, who: Who = 'admin') {
	const res = await fetch(`${server.url}${url}`, { headers: { cookie: cookies[who] } });
	return res.text();
}

/** The whole state a refused request could have changed, as seen through the API. */
async function fingerprint(): Promise<string> {
	const parts = await Promise.all([
		get('/api/v1/exports/data-inclusion.json'),
		get('/api/v1/zones?limit=100'),
		get('/api/v1/referential?departement=46'),
		get(`/api/v1/structures/${ids.structure}/correspondents`),
		get('/api/v1/organisations?limit=100'),
		get(`/api/v1/organisations/${ids.organisation}/members`)
	]);
	return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

/** Audit events after `after`, without the reads (this test's own checks read the log). */
async function writesSince(after: number): Promise<{ id: number; events: string[] }> {
	const page = JSON.parse(await get('/api/v1/audit-events?limit=200')) as {
		items: { id: number; action: string }[];
	};
	const events = page.items.filter((e) => e.id > after && !e.action.endsWith('.read')).map((e) => e.action);
	return { id: page.items[0]?.id ?? after, events };
}

const KEY = /^[a-z][a-zA-Z]*(\.[a-zA-Z]+)+$/;

let doc: Json;
let state = { fingerprint: '', audit: 0 };

/** Statuses per operation, printed with FUZZ_VERBOSE=1 (to see how deep the values go). */
const statuses = new Map<string, Record<number, number>>();

/** Runs one request and checks it; returns a message when the property fails. */
async function check(sent: Sent, op: ApiOperation | undefined, accept = 'application/json') {
	const res = await send(sent, accept);
	const name = op?.operationId ?? sent.url.split('?')[0]!;
	const seen = statuses.get(name) ?? {};
	seen[res.status] = (seen[res.status] ?? 0) + 1;
	statuses.set(name, seen);
	if (process.env.FUZZ_VERBOSE) console.info(res.status, sent.describe.slice(0, 200));
	expect(res.status, `5xx for ${sent.describe}\n${res.text.slice(0, 500)}`).toBeLessThan(500);
	const actionFailure = res.json?.type === 'failure' || res.json?.type === 'error';
	const refused = res.status >= 400 || actionFailure;
	if (op && res.status >= 400) {
		// the API's {error: {message}}, or SvelteKit's {message} when the request did not reach a route (a path
		// that is not valid UTF-8 once decoded)
		const error = res.json?.error ?? res.json;
		// a path that is not UTF-8 once decoded never reaches a route: SvelteKit answers with its error page
		const beforeRouting =
			!res.json && /<title>Erreur 400 /.test(res.text) && /%[89A-F][0-9A-F]/i.test(sent.url);
		if (!beforeRouting)
			expect(error?.message, `no error message for ${sent.describe}: ${res.text.slice(0, 300)}`).toMatch(
				/\S/
			);
		if (error?.message) expect(error.message, 'untranslated message').not.toMatch(KEY);
		if (res.status === 400 && error?.code === 'invalid') {
			expect(error.issues?.length, `400 without issues for ${sent.describe}`).toBeGreaterThan(0);
			const known = new Set([...op.fields, ...(sent.sentFields ?? [])]);
			for (const issue of error.issues) {
				expect([...known], `issue on an unknown field ${issue.field} for ${sent.describe}`).toContain(
					String(issue.field).split('.')[0]
				);
				expect(issue.message, `untranslated issue ${issue.message} for ${sent.describe}`).not.toMatch(KEY);
			}
		}
	}
	const audit = await writesSince(state.audit);
	state.audit = audit.id;
	if (refused) {
		// a failed sign-in is recorded (rate limit, audit): that write is the point of refusing it
		const signIn = /^\/(api\/v1\/sessions|connexion)\b/.test(sent.url);
		const writes = audit.events.filter((action) => !(signIn && action.startsWith('auth.')));
		expect(writes, `refused (${res.status}) yet audited writes: ${sent.describe}`).toEqual([]);
		const after = await fingerprint();
		const before = state.fingerprint;
		state.fingerprint = after;
		expect(after, `refused (${res.status}) yet the state changed: ${sent.describe}`).toBe(before);
	} else if (sent.method !== 'GET') {
		// an accepted write: the new state is the reference for the next refused request (an accepted GET is
		// taken to write nothing; if one did, the next refused request would report it)
		state.fingerprint = await fingerprint();
	}
}

const seedOf = (name: string) => (SEED ^ createHash('sha256').update(name).digest().readUInt32BE(0)) >>> 0;

async function fuzz<T extends Sent>(
	name: string,
	arbitrary: fc.Arbitrary<T>,
	runs: number,
	run: (t: T) => Promise<void>
) {
	const seed = seedOf(name);
	const result = await fc.check(fc.asyncProperty(arbitrary, run), {
		seed,
		numRuns: runs,
		endOnFailure: false
	});
	return result.failed
		? `${name} (seed ${seed}, path ${result.counterexamplePath}, FUZZ_SEED=${SEED}):\n  ${String(result.errorInstance).split('\n').slice(0, 6).join('\n  ')}`
		: undefined;
}

beforeAll(async () => {
	cookies.admin = await apiSignIn(server, 'admin@demo.maillage.fr');
	cookies.ccas = await apiSignIn(server, 'ccas@demo.maillage.fr');
	const coordination = await apiSignIn(server, 'coordination@demo.maillage.fr');
	const call = async (method: string, url: string, cookie: string, body: unknown) => {
		const res = await fetch(`${server.url}/api/v1${url}`, {
			method,
			headers: { origin: server.url, cookie, 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});
		expect(res.status, url).toBe(201);
		return (await res.json()).id as string;
	};
	const me = JSON.parse(await get('/api/v1/me', 'ccas'));
	ids.organisation = me.memberships[0].organisationId;
	ids.structure = await call('POST', '/structures', cookies.ccas, {
		name: 'CCAS de Cahors — fuzz',
		organisationId: ids.organisation,
		communeCode: '46042'
	});
	ids.service = await call('POST', '/services', cookies.ccas, {
		structureId: ids.structure,
		name: 'Aide alimentaire d’urgence',
		description: 'Colis alimentaires sur orientation d’un travailleur social.',
		communeCode: '46042'
	});
	ids.correspondent = await call('POST', `/structures/${ids.structure}/correspondents`, cookies.ccas, {
		theme: 'sante',
		fullName: 'Margaux Delpech'
	});
	ids.zone = await call('POST', '/zones', cookies.ccas, {
		name: 'Grand Cahors (fuzz)',
		organisationId: ids.organisation,
		communeCodes: ['46042', '46102']
	});
	ids.politique = await call('POST', '/referential', coordination, {
		departementCode: '46',
		name: 'Logement (fuzz)'
	});
	ids.mission = await call('POST', '/referential', coordination, {
		departementCode: '46',
		parentId: ids.politique,
		name: 'Prévenir les expulsions'
	});
	ids.action = await call('POST', '/referential', coordination, {
		departementCode: '46',
		parentId: ids.mission,
		name: 'Permanences CCAPEX'
	});
	doc = JSON.parse(await get('/api/v1/openapi.json'));
	const [print, audit] = await Promise.all([fingerprint(), writesSince(0)]);
	state = { fingerprint: print, audit: audit.id };
}, 120_000);

afterAll(() => {
	if (process.env.FUZZ_VERBOSE) console.info(JSON.stringify(Object.fromEntries(statuses), null, 1));
	// each one is input that validation let through to PostgreSQL: worth a schema (the test does not fail)
	const warnings = server
		.output()
		.split('\n')
		.filter((l) => l.includes('database refused input'));
	if (warnings.length) console.info(`database safety net used ${warnings.length}×:\n${warnings.join('\n')}`);
});

describe('fuzz (fast-check, fixed seeds)', () => {
	it('every /api/v1 operation of the OpenAPI document: no 5xx, named fields, no write when refused', async () => {
		const operations = apiOperations(doc);
		expect(operations.length).toBeGreaterThanOrEqual(30);
		const failures: string[] = [];
		const only = process.env.FUZZ_ONLY?.split(',');
		for (const op of operations.filter((o) => !only || only.includes(o.operationId))) {
			const failure = await fuzz(op.operationId, requestFor(op, doc), RUNS_PER_OPERATION, (sent) =>
				check(sent, op)
			);
			if (failure) failures.push(failure);
		}
		expect(failures).toEqual([]);
	}, 300_000);

	it('every form action of src/routes: no 5xx, no write when refused', async () => {
		const actions = formActions();
		expect(actions.map((a) => `${a.route || '/'} ${a.name}`)).toEqual(
			expect.arrayContaining([
				'/connexion default',
				'/annuaire/referentiel create',
				'/annuaire/import default'
			])
		);
		const failures: string[] = [];
		const only = process.env.FUZZ_ONLY?.split(',');
		for (const action of actions.filter((a) => !only || only.includes(`${a.route || '/'} ${a.name}`))) {
			const failure = await fuzz(
				`${action.route} ${action.name}`,
				formRequestFor(action, doc),
				RUNS_PER_ACTION,
				(sent) => check(sent, undefined, sent.accept)
			);
			if (failure) failures.push(failure);
		}
		expect(failures).toEqual([]);
	}, 300_000);

	it('the server logged no unexpected error', () => {
		const errors = server
			.output()
			.split('\n')
			.filter((line) => line.includes('"level":50'))
			// SvelteKit's own 4xx (a path that is not UTF-8, a form posted without a form content type): answered
			// with their 4xx status, but hooks.server.ts handleError logs every status but 404 as an error
			.filter((line) => !line.includes('"type":"SvelteKitError"'));
		expect(errors.map((l) => l.slice(0, 400))).toEqual([]);
	});
});
