import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, apiCall, apiSignIn, useServer } from '../support/server';

/**
 * "Signaler une erreur" through the built server: the public form (no account, no JavaScript, same-origin posts
 * only), its French messages, the honeypot and the per-address limit, and the organisation's side in the API.
 */
const server = useServer();

let serviceId: string;
let ccasId: string;
let ccasCookie: string;
let cafCookie: string;

const manual = (url: string, init: RequestInit = {}) => fetch(url, { redirect: 'manual', ...init });
const formPath = () => `/aide/services/${serviceId}/signaler`;

/** Form post as a browser sends it (same origin unless told, asking for HTML). */
const postForm = (fields: Record<string, string>, origin = server.url) =>
	manual(`${server.url}${formPath()}`, {
		method: 'POST',
		headers: {
			origin,
			accept: 'text/html',
			'accept-language': 'fr',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams(fields).toString()
	});

const api = (method: string, path: string, cookie?: string, body?: unknown) =>
	apiCall(server, method, path, cookie, body);

const listOf = async (cookie: string) => api('GET', `/correction-requests?organisationId=${ccasId}`, cookie);

beforeAll(async () => {
	const found = await api('GET', `/services?q=${encodeURIComponent('épicerie sociale')}`);
	const service = (found.body.items as { id: string; name: string; organisationId: string }[]).find(
		(s) => s.name === 'Épicerie sociale (démo)'
	);
	if (!service) throw new Error('demo service not found');
	serviceId = service.id;
	ccasId = service.organisationId;
	ccasCookie = await apiSignIn(server, 'ccas@demo.maillage.fr');
	cafCookie = await apiSignIn(server, 'caf@demo.maillage.fr');
}, 60_000);

describe('Signaler une erreur (public form)', () => {
	it('the sheet links to the form; the form works without an account', async () => {
		const sheet = await (await fetch(`${server.url}/aide/services/${serviceId}`)).text();
		expect(sheet).toContain(`href="${formPath()}"`);
		const res = await fetch(`${server.url}${formPath()}`);
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(html).toContain('<textarea id="field-message" name="message"');
		expect(html).toContain('Épicerie sociale (démo)');
		// the note on the contact says what it is for and how long it is kept
		expect(html).toContain('effacé dès que votre signalement est traité, et au plus tard après 6\u00a0mois');
		expect((await fetch(`${server.url}/aide/services/not-a-uuid/signaler`)).status).toBe(404);
		expect(
			(await fetch(`${server.url}/aide/services/6b1f6a36-2f7e-4a55-9f0e-0d5c1d2e3f40/signaler`)).status
		).toBe(404);
	});

	it('refuses bad input field by field in French, keeping what was typed', async () => {
		const empty = await postForm({ message: '', contact: 'lea@' });
		expect(empty.status).toBe(400);
		const html = await empty.text();
		expect(html).toContain('Décrivez ce qui est faux sur la fiche.');
		expect(html).toContain('Saisissez une adresse e-mail (nom@exemple.fr) ou un numéro de téléphone');
		expect(html).toContain('value="lea@"');
		const unknownPart = await postForm({ message: 'Les horaires sont faux.', part: 'tarifs' });
		expect(unknownPart.status).toBe(400);
		expect(await unknownPart.text()).toContain('Partie de la fiche inconnue\u202f: tarifs.');
		// nothing was stored
		expect((await listOf(ccasCookie)).body.total).toBe(0);
	});

	it('refuses a post from another site (CSRF)', async () => {
		const res = await postForm({ message: 'Le téléphone a changé.' }, 'https://pirate.example');
		expect(res.status).toBe(403);
		expect((await listOf(ccasCookie)).body.total).toBe(0);
	});

	it('sends, confirms in French, and the owner reads it; the honeypot is confirmed but not kept', async () => {
		const res = await postForm({
			message: 'Le numéro a changé : c’est le 05 65 20 88 00.',
			part: 'telephone',
			contact: 'marie.dupuy@example.fr'
		});
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe(`${formPath()}?envoye`);
		const confirmation = await (await fetch(`${server.url}${formPath()}?envoye`)).text();
		expect(confirmation).toContain('Merci, votre signalement est envoyé');

		const robot = await postForm({ message: 'Achetez des montres', precision: 'https://spam.example' });
		expect(robot.status).toBe(303);
		expect(robot.headers.get('location')).toBe(`${formPath()}?envoye`);

		const list = await listOf(ccasCookie);
		expect(list.status).toBe(200);
		expect(
			list.body.items.map((r: Record<string, unknown>) => [r.message, r.part, r.contact, r.status])
		).toEqual([
			['Le numéro a changé : c’est le 05 65 20 88 00.', 'telephone', 'marie.dupuy@example.fr', 'open']
		]);
		// another organisation sees nothing of it; the public neither
		expect((await listOf(cafCookie)).status).toBe(403);
		expect((await api('GET', `/correction-requests?organisationId=${ccasId}`)).status).toBe(401);
	});

	it('on the partners’ page, a reader of the owner sees the reports but neither the contact nor the actions', async () => {
		const page = async (cookie: string) => {
			const res = await fetch(`${server.url}/annuaire/signalements`, { headers: { cookie } });
			expect(res.status).toBe(200);
			return res.text();
		};
		const editor = await page(ccasCookie);
		expect(editor).toContain('Le numéro a changé');
		expect(editor).toContain('marie.dupuy@example.fr');
		expect(editor).toContain('Marquer comme traité');
		// the gendarmerie's referent, invited as a reader of the CCAS
		const invited = await api('POST', `/organisations/${ccasId}/invitations`, ccasCookie, {
			email: 'gendarmerie@demo.maillage.fr',
			role: 'reader'
		});
		expect(invited.status).toBe(201);
		const accepted = await manual(
			new URL(invited.body.acceptUrl as string).pathname.replace(/^/, server.url),
			{
				method: 'POST',
				headers: {
					origin: server.url,
					accept: 'text/html',
					'content-type': 'application/x-www-form-urlencoded'
				},
				body: new URLSearchParams({ password: DEMO_PASSWORD }).toString()
			}
		);
		expect(accepted.status).toBe(303);
		const readerCookie = (accepted.headers.get('set-cookie') ?? '').split(';')[0]!;
		const reader = await page(readerCookie);
		expect(reader).toContain('Le numéro a changé');
		expect(reader).toContain('Votre rôle (lecture) permet de consulter les signalements, pas d’y répondre.');
		expect(reader).not.toContain('marie.dupuy@example.fr');
		expect(reader).not.toContain('Marquer comme traité');
		expect(reader).not.toContain('<form method="POST" novalidate>');
		// its home counts them too
		const home = await (await fetch(`${server.url}/annuaire`, { headers: { cookie: readerCookie } })).text();
		expect(home).toContain('1 erreur signalée sur vos fiches attend une réponse.');
	});

	it('the organisation dismisses with a reason (required) or answers, through the API', async () => {
		const sent = await api('POST', `/services/${serviceId}/correction-requests`, undefined, {
			message: 'Le service a fermé en septembre.',
			part: 'ferme'
		});
		expect(sent.status).toBe(201);
		expect(sent.body).toEqual({ received: true });
		const open = (await listOf(ccasCookie)).body.items as { id: string; message: string }[];
		const id = open.find((r) => r.message === 'Le service a fermé en septembre.')!.id;
		const noReason = await api('PATCH', `/correction-requests/${id}`, ccasCookie, { status: 'dismissed' });
		expect(noReason.status).toBe(400);
		expect(noReason.body.error.issues).toEqual([
			{ field: 'note', message: 'Indiquez le motif pour écarter ce signalement.' }
		]);
		expect((await api('PATCH', `/correction-requests/${id}`, cafCookie, { status: 'answered' })).status).toBe(
			403
		);
		const dismissed = await api('PATCH', `/correction-requests/${id}`, ccasCookie, {
			status: 'dismissed',
			note: 'Le service est toujours ouvert.'
		});
		expect(dismissed.status).toBe(200);
		expect(dismissed.body).toMatchObject({
			status: 'dismissed',
			response: 'Le service est toujours ouvert.'
		});
	});

	it('limits the requests one address sends per hour, with a French message', async () => {
		let res: Response | undefined;
		for (let i = 0; i < 12; i++) {
			res = await postForm({ message: `Erreur numéro ${i + 1} sur cette fiche.` });
			if (res.status !== 303) break;
		}
		expect(res!.status).toBe(429);
		expect(await res!.text()).toContain('Trop de signalements ont été envoyés depuis votre connexion.');
		const api429 = await api('POST', `/services/${serviceId}/correction-requests`, undefined, {
			message: 'Encore une erreur.'
		});
		expect(api429.status).toBe(429);
		expect(api429.headers.get('retry-after')).toBe('3600');
	});
});
