import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { apiSignIn, useServer } from '../support/server';

/**
 * Bad input against the built server: each of these was a 500 (the database refused a NUL byte, a date of year
 * 99999, an offset of Infinity; undici refused a text/plain form; a chunked body beyond the limit broke the
 * stream). Each must now be a 4xx whose message says what is wrong, and naming the field when there is one.
 */
const server = useServer();

let admin: string;
let ccas: string;
let ccasOrganisation: string;
let structureId: string;
let serviceId: string;
let correspondentId: string;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function api(method: string, path: string, cookie?: string, body?: unknown, init: RequestInit = {}) {
	const headers: Record<string, string> = { origin: server.url, 'accept-language': 'fr' };
	if (cookie) headers.cookie = cookie;
	if (body !== undefined) headers['content-type'] = 'application/json';
	const res = await fetch(`${server.url}/api/v1${path}`, {
		method,
		headers: { ...headers, ...(init.headers as Record<string, string>) },
		body: body === undefined ? init.body : typeof body === 'string' ? body : JSON.stringify(body),
		...(init.body instanceof ReadableStream ? { duplex: 'half' } : {})
	} as RequestInit);
	const text = await res.text();
	let json: Json = {};
	try {
		json = JSON.parse(text);
	} catch {
		// not JSON (CSV, HTML)
	}
	return { status: res.status, body: json, text };
}

/** A form posted like a browser without JavaScript (HTML answer) or with use:enhance (JSON answer). */
async function form(path: string, fields: Record<string, string>, cookie?: string, accept = 'text/html') {
	const res = await fetch(`${server.url}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: server.url,
			accept,
			'content-type': 'application/x-www-form-urlencoded',
			...(cookie ? { cookie } : {})
		},
		body: new URLSearchParams(fields).toString()
	});
	return { status: res.status, text: await res.text(), location: res.headers.get('location') };
}

const FORBIDDEN = /caractère non autorisé/;

/** `megabytes` of "a" sent in 1 MB chunks, without content-length (chunked transfer encoding). */
function chunkedBody(megabytes: number, prefix = ''): ReadableStream<Uint8Array> {
	const chunk = new Uint8Array(1024 * 1024).fill(0x61);
	let sent = 0;
	return new ReadableStream({
		pull(controller) {
			if (sent === 0 && prefix) controller.enqueue(new TextEncoder().encode(prefix));
			if (sent++ < megabytes) controller.enqueue(chunk);
			else controller.close();
		}
	});
}

beforeAll(async () => {
	admin = await apiSignIn(server, 'admin@demo.maillage.fr');
	ccas = await apiSignIn(server, 'ccas@demo.maillage.fr');
	const me = await api('GET', '/me', ccas);
	ccasOrganisation = me.body.memberships[0].organisationId;
	const structure = await api('POST', '/structures', ccas, {
		name: 'CCAS de Cahors — accueil',
		organisationId: ccasOrganisation,
		communeCode: '46042'
	});
	structureId = structure.body.id;
	const service = await api('POST', '/services', ccas, {
		structureId,
		name: 'Aide alimentaire d’urgence',
		description: 'Colis alimentaires sur orientation d’un travailleur social.',
		communeCode: '46042'
	});
	serviceId = service.body.id;
	const correspondent = await api('POST', `/structures/${structureId}/correspondents`, ccas, {
		theme: 'equipement-et-alimentation',
		fullName: 'Margaux Delpech',
		jobTitle: 'Conseillère en économie sociale et familiale'
	});
	correspondentId = correspondent.body.id;
	expect([structure.status, service.status, correspondent.status]).toEqual([201, 201, 201]);
}, 60_000);

describe('NUL bytes, control characters and lone surrogates', () => {
	const cases: [string, () => [string, string, unknown], string][] = [
		[
			'service name',
			() => ['POST', '/services', { structureId, name: 'Aide\u0000', description: 'x'.repeat(10) }],
			'name'
		],
		[
			'service description (PATCH)',
			() => ['PATCH', `/services/${serviceId}`, { description: 'Colis\u0000 alimentaires' }],
			'description'
		],
		[
			'structure name',
			() => ['POST', '/structures', { name: 'CCAS\u0000', organisationId: ccasOrganisation }],
			'name'
		],
		[
			'correspondent name',
			() => ['POST', `/structures/${structureId}/correspondents`, { theme: 'sante', fullName: 'Léa\u0000' }],
			'fullName'
		],
		[
			'correspondent job title (PATCH)',
			() => ['PATCH', `/correspondents/${correspondentId}`, { jobTitle: 'CESF\u0000' }],
			'jobTitle'
		],
		[
			'zone name',
			() => [
				'POST',
				'/zones',
				{ name: 'Quartier\u0000', organisationId: ccasOrganisation, communeCodes: ['46042'] }
			],
			'name'
		],
		[
			'a commune code of a zone',
			() => [
				'POST',
				'/zones',
				{ name: 'Quartier', organisationId: ccasOrganisation, communeCodes: ['46042', '46\u0000102'] }
			],
			'communeCodes.1'
		],
		[
			'lone surrogate in a service name',
			() => ['POST', '/services', { structureId, name: 'Aide \ud800', description: 'x'.repeat(10) }],
			'name'
		],
		[
			'line break in a one-line field',
			() => ['PATCH', `/services/${serviceId}`, { name: 'Aide\nalimentaire' }],
			'name'
		],
		[
			'escape character in a description',
			() => ['PATCH', `/services/${serviceId}`, { description: 'Colis \u001b[31m rouges' }],
			'description'
		]
	];

	it.each(cases)('%s → 400 naming the field, nothing written', async (_, request, field) => {
		const [method, path, body] = request();
		const before = await api('GET', `/services/${serviceId}`);
		const res = await api(method, path, ccas, body);
		expect(res.status).toBe(400);
		expect(res.body.error.issues).toContainEqual({ field, message: expect.stringMatching(FORBIDDEN) });
		expect((await api('GET', `/services/${serviceId}`)).body).toEqual(before.body);
	});

	it('the JSON escape of a lone surrogate is refused too (it is valid JSON, not valid Unicode)', async () => {
		const res = await api('PATCH', `/services/${serviceId}`, ccas, '{"name":"Aide \\udc00 alimentaire"}');
		expect(res.status).toBe(400);
		expect(res.body.error.issues).toEqual([{ field: 'name', message: expect.stringMatching(FORBIDDEN) }]);
	});

	it('sign-in e-mail: API and sign-in form', async () => {
		const res = await api('POST', '/sessions', undefined, {
			email: 'admin\u0000@demo.maillage.fr',
			password: 'x'
		});
		expect(res.status).toBe(400);
		expect(res.body.error.issues[0].field).toBe('email');
		const page = await form('/connexion', { email: 'admin\u0000@demo.maillage.fr', password: 'x' });
		expect(page.status).toBe(400);
		expect(page.text).toMatch(FORBIDDEN);
	});

	it('audit filters: API and journal page', async () => {
		const res = await api('GET', '/audit-events?action=auth.login%00', admin);
		expect(res.status).toBe(400);
		expect(res.body.error.issues[0].field).toBe('action');
		const page = await fetch(`${server.url}/admin/journal?action=auth.login%00`, {
			headers: { cookie: admin }
		});
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Un filtre n’est pas valide');
	});

	it('a form action with a raw NUL in any field (the referential form reads its fields by hand)', async () => {
		const coordination = await apiSignIn(server, 'coordination@demo.maillage.fr');
		const page = await form(
			'/annuaire/referentiel?/create',
			{ departement: '46', name: 'Logement\u0000', description: '', formId: 'create-root' },
			coordination
		);
		expect(page.status).toBe(400);
		expect(page.text).toMatch(FORBIDDEN);
	});
});

describe('numbers and dates', () => {
	it.each(['99999-01-01', '275760-09-13'])('audit date from=%s: API 400 naming the field', async (date) => {
		const res = await api('GET', `/audit-events?from=${date}`, admin);
		expect(res.status).toBe(400);
		expect(res.body.error.issues).toEqual([
			{ field: 'from', message: 'Date hors limites : entre l’an 1 et l’an 9999.' }
		]);
	});

	it.each(['99999-01-01', '275760-09-13'])(
		'audit date from=%s: the journal page shows a notice',
		async (date) => {
			const page = await fetch(`${server.url}/admin/journal?from=${date}`, { headers: { cookie: admin } });
			expect(page.status).toBe(200);
			expect(await page.text()).toContain('Un filtre n’est pas valide');
		}
	);

	it('/organisations?page=1e308 → 400 with a message', async () => {
		const page = await fetch(`${server.url}/organisations?page=1e308`, { headers: { cookie: admin } });
		expect(page.status).toBe(400);
		expect(await page.text()).toContain('Numéro de page non valide');
		expect((await fetch(`${server.url}/organisations?page=2`, { headers: { cookie: admin } })).status).toBe(
			200
		);
	});

	it.each(['offset=1e308', 'offset=Infinity', 'limit=NaN', 'offset=-1'])('/zones?%s → 400', async (query) => {
		const res = await api('GET', `/zones?${query}`, admin);
		expect(res.status).toBe(400);
		expect(res.body.error.issues[0].field).toBe(query.split('=')[0]);
	});
});

describe('bodies: size and content type', () => {
	it('25 MB of chunked CSV to /imports/csv → 413 with the limit', async () => {
		const res = await api('POST', '/imports/csv?dryRun=true', ccas, undefined, {
			headers: { 'content-type': 'text/csv' },
			body: chunkedBody(25, 'id,nom\n')
		});
		expect(res.status).toBe(413);
		expect(res.body.error.message).toBe('Le contenu envoyé est trop volumineux (20 Mo au plus).');
	});

	it('25 MB of chunked JSON: 415 on /imports/csv, 413 on /imports', async () => {
		const csv = await api('POST', '/imports/csv', ccas, undefined, {
			headers: { 'content-type': 'application/json' },
			body: chunkedBody(25, '{"content":"')
		});
		expect(csv.status).toBe(415);
		expect(csv.body.error.message).toBe('Type de contenu non pris en charge : attendu text/csv, text/plain.');
		const json = await api('POST', '/imports', ccas, undefined, {
			headers: { 'content-type': 'application/json' },
			body: chunkedBody(25, '{"content":"')
		});
		expect(json.status).toBe(413);
		expect(json.body.error.message).toBe('Le contenu envoyé est trop volumineux (1 Mo au plus).');
	});

	it('the upload page says the file is too large (25 MB, with and without content-length)', async () => {
		const file = new Blob([new Uint8Array(25 * 1024 * 1024).fill(0x61)], { type: 'text/csv' });
		const data = new FormData();
		data.set('file', file, 'annuaire.csv');
		const res = await fetch(`${server.url}/annuaire/import`, {
			method: 'POST',
			headers: { origin: server.url, cookie: ccas, accept: 'text/html' },
			body: data
		});
		expect(res.status).toBe(413);
		const html = await res.text();
		expect(html).toContain('Le fichier dépasse 20 Mo');
		expect(html).not.toContain('erreur inattendue');
		const boundary = '----maillage';
		const chunked = await fetch(`${server.url}/annuaire/import`, {
			method: 'POST',
			headers: {
				origin: server.url,
				cookie: ccas,
				accept: 'text/html',
				'content-type': `multipart/form-data; boundary=${boundary}`
			},
			body: chunkedBody(
				25,
				`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n`
			),
			duplex: 'half'
		} as RequestInit);
		expect(chunked.status).toBe(413);
		expect(await chunked.text()).toContain('Le fichier dépasse 20 Mo');
	});

	it('a NUL in an identifier of an imported CSV: 400 from the API, a message on the upload page', async () => {
		const csv =
			'source,id,nom,description,code_insee\nlot-csv,prayssac\u0000cias,CIAS de Prayssac,Aide à domicile,46225\n';
		const res = await api('POST', '/imports/csv', admin, undefined, {
			headers: { 'content-type': 'text/csv' },
			body: csv
		});
		expect(res.status).toBeLessThan(500);
		const data = new FormData();
		data.set('file', new Blob([csv], { type: 'text/csv' }), 'structures.csv');
		const page = await fetch(`${server.url}/annuaire/import`, {
			method: 'POST',
			headers: { origin: server.url, cookie: admin, accept: 'text/html' },
			body: data
		});
		expect(page.status).toBeLessThan(500);
		expect(await page.text()).not.toContain('erreur inattendue');
		// refused as a whole: nothing of the file was written
		if (res.status >= 400 || page.status >= 400)
			expect(await (await fetch(`${server.url}/api/v1/exports/structures.csv`)).text()).not.toContain(
				'CIAS de Prayssac'
			);
	});

	it('a text/plain POST to a form action → 415 with a message', async () => {
		for (const accept of ['text/html', 'application/json']) {
			const res = await fetch(`${server.url}/connexion`, {
				method: 'POST',
				headers: { origin: server.url, accept, 'content-type': 'text/plain' },
				body: 'email=admin@demo.maillage.fr'
			});
			expect(res.status).toBe(415);
			expect(await res.text()).toContain(
				'Le formulaire doit être envoyé en application/x-www-form-urlencoded'
			);
		}
	});

	it('a text/plain body to a JSON operation → 415; invalid UTF-8 → 400', async () => {
		const plain = await api('POST', '/zones', ccas, undefined, {
			headers: { 'content-type': 'text/plain' },
			body: '{}'
		});
		expect(plain.status).toBe(415);
		expect(plain.body.error.message).toContain('application/json');
		const latin1 = await api('POST', '/zones', ccas, undefined, {
			headers: { 'content-type': 'application/json' },
			body: new Uint8Array([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]) as unknown as BodyInit
		});
		expect(latin1.status).toBe(400);
		expect(latin1.body.error.message).toBe('Le corps de la requête doit être encodé en UTF-8.');
	});
});

describe('database safety net and redirects', () => {
	it('an unknown commune code on a structure is a 400 naming communeCode', async () => {
		const res = await api('POST', '/structures', ccas, {
			name: 'Structure fantôme',
			organisationId: ccasOrganisation,
			communeCode: '99999'
		});
		expect(res.status).toBe(400);
		expect(res.body.error.issues[0].field).toBe('communeCode');
	});

	it('the language switch only goes back to a page of the site', async () => {
		for (const next of [
			'/\\evil.example',
			'//evil.example',
			'https://evil.example',
			'/😀\r\nSet-Cookie: x=1'
		])
			expect((await form('/langue', { lang: 'en', next })).location, next).toMatch(/^\/(?![/\\])/);
		expect((await form('/langue', { lang: 'fr', next: '/aide?q=épicerie' })).location).toBe(
			'/aide?q=%C3%A9picerie'
		);
	});
});

describe('CSV exports neutralise formulas', () => {
	it('services.csv, structures.csv and matrix.csv quote =, +, - and @ at the start of a cell', async () => {
		const structure = await api('POST', '/structures', ccas, {
			name: "+cmd|' /C calc'!A0",
			organisationId: ccasOrganisation,
			communeCode: '46042'
		});
		expect(structure.status).toBe(201);
		for (const name of ['=HYPERLINK("https://evil.example";"Cliquez")', '@SUM(1+1)*cmd|x', '-2+3+cmd|x']) {
			const created = await api('POST', '/services', ccas, {
				structureId: structure.body.id,
				name,
				description: 'Un nom qui serait une formule dans un tableur.',
				thematiques: ['equipement-et-alimentation--alimentation'],
				communeCode: '46042'
			});
			expect(created.status).toBe(201);
		}
		const cells = async (path: string, delimiter = ',') => {
			const res = await fetch(`${server.url}/api/v1${path}`);
			expect(res.status).toBe(200);
			return (parse(await res.text(), { delimiter, bom: true }) as string[][]).flat();
		};
		const formulas = (all: string[]) =>
			all.filter((c) => /^[=+\-@\t\r]/.test(c) && !/^[+-]?\d+([.,]\d+)?$/.test(c));

		const services = await cells('/exports/services.csv');
		expect(formulas(services)).toEqual([]);
		expect(services).toContain('\'=HYPERLINK("https://evil.example";"Cliquez")');
		expect(services).toContain("'@SUM(1+1)*cmd|x");
		expect(services).toContain("'-2+3+cmd|x");

		const structures = await cells('/exports/structures.csv');
		expect(formulas(structures)).toEqual([]);
		expect(structures).toContain("'+cmd|' /C calc'!A0");

		const matrix = await cells('/matrix.csv?territory=commune:46042&rows=thematiques', ';');
		expect(formulas(matrix)).toEqual([]);
		expect(matrix.some((c) => /^'[=@-]/.test(c))).toBe(true);
	});
});
