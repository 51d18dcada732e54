import { beforeAll, describe, expect, it } from 'vitest';
import { apiCall, apiSignIn, useServer } from '../support/server';

/**
 * Issue 9 §4, partner forms for humans, through the built app as a browser without JavaScript sends them
 * (form posts asking for HTML): editing a structure, the opening-hours grid, places typed by name, phone
 * rules, the professionals' search as a reader, the audit log's names and date range.
 */
const server = useServer();

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let ccas: string;
let reader: string;
let admin: string;
let ccasOrganisation: string;

const api = (method: string, path: string, cookie?: string, body?: unknown) =>
	apiCall(server, method, path, cookie, body);

const page = (path: string, cookie: string) =>
	fetch(`${server.url}${path}`, { headers: { cookie, accept: 'text/html' }, redirect: 'manual' });

function postForm(path: string, fields: [string, string][], cookie: string) {
	return fetch(`${server.url}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: server.url,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			cookie
		},
		body: new URLSearchParams(fields).toString()
	});
}

/** The fields of the structure form as the edit page would send them back unchanged. */
const structureFields = (over: Record<string, string> = {}): [string, string][] =>
	Object.entries({
		name: 'Épicerie sociale du CCAS de Cahors',
		description: 'Produits à petit prix pour les foyers orientés par un travailleur social.',
		siret: '',
		address: '12 rue du Président Wilson',
		addressComplement: '',
		postalCode: '46000',
		communeCode: 'Cahors (46042)',
		phone: '05 65 20 88 10',
		email: '',
		website: '',
		accessibilityUrl: '',
		...over
	});

async function newStructure(extra: Json = {}) {
	const res = await api('POST', '/structures', ccas, {
		name: 'Épicerie sociale du CCAS de Cahors',
		description: 'Produits à petit prix pour les foyers orientés par un travailleur social.',
		organisationId: ccasOrganisation,
		communeCode: '46042',
		postalCode: '46000',
		address: '12 rue du Président Wilson',
		phone: '0565208810',
		...extra
	});
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	return res.body.id as string;
}

const decode = (html: string) =>
	html
		.replace(/&#39;/g, "'")
		.replace(/&quot;/g, '"')
		.replace(/&amp;/g, '&')
		.replace(/\u202f/g, ' ');

beforeAll(async () => {
	ccas = await apiSignIn(server, 'ccas@demo.maillage.fr');
	reader = await apiSignIn(server, 'gendarmerie@demo.maillage.fr');
	admin = await apiSignIn(server, 'admin@demo.maillage.fr');
	ccasOrganisation = (await api('GET', '/me', ccas)).body.memberships[0].organisationId;
}, 60_000);

describe('editing a structure (form without JavaScript)', () => {
	it('the form is pre-filled: commune by name, hours in the grid, phone as shown', async () => {
		const id = await newStructure({ openingHours: 'Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00' });
		const res = await page(`/annuaire/structures/${id}/modifier`, ccas);
		expect(res.status).toBe(200);
		const html = decode(await res.text());
		expect(html).toContain('value="Cahors (46042)"');
		expect(html).toContain('value="05 65 20 88 10"');
		expect(html).toMatch(
			/name="hours-Mo-2-start"[^>]*value="13:30"|value="13:30"[^>]*name="hours-Mo-2-start"/
		);
		expect(html).toMatch(/name="hours-Sa-1-end"[^>]*value="12:00"|value="12:00"[^>]*name="hours-Sa-1-end"/);
		expect(html).not.toContain('hours-kept');
	});

	it('bad input: 400, French messages naming the field, everything typed shown again, nothing saved', async () => {
		const id = await newStructure();
		const res = await postForm(
			`/annuaire/structures/${id}/modifier`,
			[
				...structureFields({ name: 'Épicerie solidaire', phone: '05 65', communeCode: 'Zzzzville' }),
				['hours-Tu-1-start', '14:00'],
				['hours-Tu-1-end', '12:00']
			],
			ccas
		);
		expect(res.status).toBe(400);
		const html = decode(await res.text());
		expect(html).toContain('Numéro de téléphone non valide');
		expect(html).toContain('Lieu introuvable : Zzzzville');
		expect(html).toContain(
			'Horaires, Mardi, créneau 1 (fin) : L’heure de fin doit être après l’heure de début.'
		);
		expect(html).toContain('value="Épicerie solidaire"');
		expect(html).toContain('value="Zzzzville"');
		expect(html).toMatch(/value="14:00"/);
		const stored = (await api('GET', `/structures/${id}`)).body;
		expect(stored).toMatchObject({ name: 'Épicerie sociale du CCAS de Cahors', communeCode: '46042' });
	});

	it('saves: commune typed by name, grid turned into OSM hours, phone normalised; then the page says so', async () => {
		const id = await newStructure();
		const res = await postForm(
			`/annuaire/structures/${id}/modifier`,
			[
				...structureFields({ communeCode: 'Figeac', postalCode: '46100', phone: '+33 5 65 34 00 00' }),
				...['Mo', 'Tu', 'We', 'Th', 'Fr'].flatMap((d): [string, string][] => [
					[`hours-${d}-1-start`, '08:30'],
					[`hours-${d}-1-end`, '12:00']
				]),
				['hours-Sa-1-start', '09:00'],
				['hours-Sa-1-end', '12:00']
			],
			ccas
		);
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe(`/annuaire/structures/${id}?modifiee=1`);
		expect((await api('GET', `/structures/${id}`)).body).toMatchObject({
			communeCode: '46102',
			postalCode: '46100',
			phone: '05 65 34 00 00',
			openingHours: 'Mo-Fr 08:30-12:00; Sa 09:00-12:00'
		});
		const shown = decode(await (await page(`/annuaire/structures/${id}?modifiee=1`, ccas)).text());
		expect(shown).toContain('Structure enregistrée.');
		expect(shown).toContain('Figeac (46102)');
		const history = decode(await (await page(`/annuaire/structures/${id}/modifier`, ccas)).text());
		expect(history).toContain('46042 → 46102');
	});

	it('hours the grid cannot show are kept as they are, unless the person chooses to replace them', async () => {
		const id = await newStructure({ openingHours: 'Mo-Fr 09:00-12:00; PH off' });
		const html = decode(await (await page(`/annuaire/structures/${id}/modifier`, ccas)).text());
		expect(html).toMatch(/data-testid="hours-kept"[^>]*>Mo-Fr 09:00-12:00; PH off</);
		const keep = await postForm(
			`/annuaire/structures/${id}/modifier`,
			[
				...structureFields({ name: 'Épicerie sociale de Cahors' }),
				['openingHoursKept', 'Mo-Fr 09:00-12:00; PH off']
			],
			ccas
		);
		expect(keep.status).toBe(303);
		expect((await api('GET', `/structures/${id}`)).body).toMatchObject({
			name: 'Épicerie sociale de Cahors',
			openingHours: 'Mo-Fr 09:00-12:00; PH off'
		});
		const replace = await postForm(
			`/annuaire/structures/${id}/modifier`,
			[
				...structureFields(),
				['openingHoursKept', 'Mo-Fr 09:00-12:00; PH off'],
				['openingHoursReplace', 'on'],
				['hours-We-1-start', '14:00'],
				['hours-We-1-end', '17:00']
			],
			ccas
		);
		expect(replace.status).toBe(303);
		expect((await api('GET', `/structures/${id}`)).body.openingHours).toBe('We 14:00-17:00');
	});

	it('a reader gets no edit page and cannot post to it; the structure page offers no edit link', async () => {
		const id = await newStructure();
		expect((await page(`/annuaire/structures/${id}/modifier`, reader)).status).toBe(403);
		const post = await postForm(
			`/annuaire/structures/${id}/modifier`,
			structureFields({ name: 'Pris' }),
			reader
		);
		expect(post.status).toBe(403);
		expect((await api('GET', `/structures/${id}`)).body.name).toBe('Épicerie sociale du CCAS de Cahors');
		const shown = await (await page(`/annuaire/structures/${id}`, reader)).text();
		expect(shown).not.toContain(`/annuaire/structures/${id}/modifier`);
		expect(await (await page(`/annuaire/structures/${id}`, ccas)).text()).toContain(
			`/annuaire/structures/${id}/modifier`
		);
	});

	it('the API refuses a phone that is not one (400 naming the field) and changes nothing', async () => {
		const id = await newStructure();
		const res = await api('PATCH', `/structures/${id}`, ccas, { phone: '12345', name: 'Jamais enregistré' });
		expect(res.status).toBe(400);
		expect(JSON.stringify(res.body)).toContain('phone');
		expect((await api('GET', `/structures/${id}`)).body.name).toBe('Épicerie sociale du CCAS de Cahors');
	});
});

describe('the service form', () => {
	it('"Téléphoner" without any phone is a field error on the phone; languages are offered by name', async () => {
		const structureId = await newStructure({ phone: null });
		const form = await page(`/annuaire/services/nouveau?structure=${structureId}`, ccas);
		const html = decode(await form.text());
		expect(html).toMatch(/<label for="field-languages-ar"[^>]*>Arabe<\/label>/);
		expect(html).toContain('name="hours-Su-2-end"');
		const res = await postForm(
			'/annuaire/services/nouveau',
			[
				['structureId', structureId],
				['name', 'Écoute téléphonique du CCAS'],
				['description', 'Une écoute et une orientation par téléphone, du lundi au vendredi.'],
				['mobilisationModes', 'telephoner'],
				['languages', 'fr'],
				['languages', 'ar'],
				['communeCode', 'Cahors'],
				['eligibilityZone', 'Lot (46)\nCC du Grand Figeac'],
				['phone', '']
			],
			ccas
		);
		expect(res.status).toBe(400);
		const refused = decode(await res.text());
		expect(refused).toContain(
			'« Téléphoner » est coché parmi les modes de mobilisation : indiquez un numéro de téléphone.'
		);
		expect(refused).toMatch(/id="field-languages-ar"[^>]*checked/);
		expect(refused).toContain('CC du Grand Figeac');
		const created = await postForm(
			'/annuaire/services/nouveau',
			[
				['structureId', structureId],
				['name', 'Écoute téléphonique du CCAS'],
				['description', 'Une écoute et une orientation par téléphone, du lundi au vendredi.'],
				['mobilisationModes', 'telephoner'],
				['languages', 'ar'],
				['communeCode', 'Cahors'],
				['eligibilityZone', 'Lot (46)\nCC du Grand Figeac'],
				['phone', '0565208899'],
				['hours-Mo-1-start', '09:00'],
				['hours-Mo-1-end', '12:00']
			],
			ccas
		);
		expect(created.status).toBe(303);
		const serviceId = created.headers.get('location')!.split('/')[3]!.split('?')[0]!;
		const service = (await api('GET', `/services/${serviceId}`)).body;
		expect(service).toMatchObject({
			phone: '05 65 20 88 99',
			communeCode: '46042',
			languages: ['ar'],
			openingHours: 'Mo 09:00-12:00'
		});
		expect(service.eligibilityZone).toEqual(['46', '200067361']);
		const edit = decode(await (await page(`/annuaire/services/${serviceId}`, ccas)).text());
		expect(edit).toContain('Cahors (46042)');
		expect(edit).toContain('Lot (46)\nCC Grand-Figeac (200067361)');
	});
});

describe('the professionals’ directory search', () => {
	it('a reader finds every organisation’s services with their correspondents, and is offered no edit', async () => {
		const res = await page('/annuaire/recherche?q=PMI', reader);
		expect(res.status).toBe(200);
		const html = decode(await res.text());
		expect(html).toContain('Consultations de PMI pour les tout-petits (démo)');
		expect(html).toContain('Docteure Claire Vidal (démo)');
		expect(html).not.toContain('data-testid="edit-service"');
		expect(html).not.toContain('data-testid="edit-structure"');
	});

	it('an editor is offered edits on their own organisation’s services only', async () => {
		const own = decode(await (await page('/annuaire/recherche?q=domiciliation', ccas)).text());
		expect(own).toContain('data-testid="edit-service"');
		const other = decode(await (await page('/annuaire/recherche?q=PMI', ccas)).text());
		expect(other).toContain('Consultations de PMI pour les tout-petits (démo)');
		expect(other).not.toContain('data-testid="edit-service"');
	});

	it('an unknown place is said, and no result is listed as if it were near', async () => {
		const html = decode(await (await page('/annuaire/recherche?q=PMI&lieu=Zzzzville', reader)).text());
		expect(html).toContain('Lieu introuvable : Zzzzville');
		expect(html).not.toContain('data-testid="pro-result"');
	});

	it('is for signed-in partners only', async () => {
		const res = await fetch(`${server.url}/annuaire/recherche?q=PMI`, { redirect: 'manual' });
		expect([302, 303]).toContain(res.status);
	});
});

describe('names instead of codes', () => {
	it('the organisations page names territories (« Cahors (46042) »), not "Commune 46042"', async () => {
		const html = decode(await (await page('/organisations', reader)).text());
		expect(html).toContain('Cahors (46042)');
		expect(html).not.toMatch(/Commune 46042|Intercommunalité \d{9}/);
	});
});

describe('the audit log', () => {
	it('shows readable action names and the names of the objects', async () => {
		const id = await newStructure();
		await api('PATCH', `/structures/${id}`, ccas, { name: 'Épicerie sociale — nom du journal' });
		const html = decode(await (await page('/admin/journal?objectType=structure', admin)).text());
		expect(html).toContain('Structure modifiée');
		expect(html).toContain('<strong>Épicerie sociale — nom du journal</strong>');
	});

	it('refuses a start date after the end date: a field error on the page, a 400 from the API', async () => {
		const html = decode(await (await page('/admin/journal?from=2026-12-01&to=2026-11-01', admin)).text());
		expect(html).toContain('La date de début doit être antérieure ou égale à la date de fin.');
		expect(html).toContain('aria-invalid="true"');
		const res = await api('GET', '/audit-events?from=2026-12-01&to=2026-11-01', admin);
		expect(res.status).toBe(400);
		expect(JSON.stringify(res.body)).toContain('from');
		expect(JSON.stringify(res.body)).toContain('La date de début doit être antérieure');
		expect((await api('GET', '/audit-events?from=2026-11-01&to=2026-12-01', admin)).status).toBe(200);
	});
});
