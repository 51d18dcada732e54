import { beforeAll, describe, expect, it } from 'vitest';
import { apiCall, useServer } from '../support/server';

/**
 * « Votre avis » through the built server: the form on the sheet works without JavaScript nor account, same-origin
 * posts only, French messages (empty, more than 1,000 words with the text kept), the honeypot and the per-address
 * limit (429), and the API closed to anonymous callers.
 */
const server = useServer();

let serviceId: string;
const formPath = () => `/aide/services/${serviceId}/avis`;

const postForm = (fields: Record<string, string>, origin = server.url) =>
	fetch(`${server.url}${formPath()}`, {
		redirect: 'manual',
		method: 'POST',
		headers: {
			origin,
			accept: 'text/html',
			'accept-language': 'fr',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams(fields).toString()
	});

beforeAll(async () => {
	const found = await apiCall(server, 'GET', `/services?q=${encodeURIComponent('épicerie sociale')}`);
	const service = (found.body.items as { id: string; name: string }[]).find(
		(s) => s.name === 'Épicerie sociale (démo)'
	);
	if (!service) throw new Error('demo service not found');
	serviceId = service.id;
}, 60_000);

describe('Votre avis (public form)', () => {
	it('the sheet carries the form, posting to its own page, with the honeypot', async () => {
		const sheet = await (await fetch(`${server.url}/aide/services/${serviceId}`)).text();
		expect(sheet).toContain(`action="${formPath()}"`);
		expect(sheet).toContain('name="precision"');
		expect(sheet).toContain('Il reste 1\u202f000 mots sur 1 000.');
	});

	it('refuses posts from another origin', async () => {
		const res = await postForm({ useful: 'oui' }, 'https://evil.example');
		expect(res.status).toBe(403);
	});

	it('says in French what is wrong, keeping what was typed', async () => {
		const empty = await postForm({});
		expect(empty.status).toBe(400);
		expect(await empty.text()).toContain('Dites au moins si la page vous a été utile');
		const long = Array.from({ length: 1001 }, (_, i) => `mot${i}`).join(' ');
		const tooLong = await postForm({ text: long });
		expect(tooLong.status).toBe(400);
		const html = await tooLong.text();
		expect(html).toContain('Votre avis compte 1001 mots');
		expect(html).toContain('mot1000');
		expect(html).toContain('1 mots de trop');
	});

	it('answers a robot (honeypot) like a person, and limits each address with a French 429', async () => {
		const robot = await postForm({ text: 'Achetez maintenant', precision: 'spam' });
		expect(robot.status).toBe(303);
		expect(robot.headers.get('location')).toBe(`${formPath()}?envoye`);
		let res: Response | undefined;
		for (let i = 0; i < 8; i++) {
			res = await postForm({ useful: 'oui', text: `Avis numéro ${i + 1}.` });
			if (res.status !== 303) break;
		}
		expect(res!.status).toBe(429);
		expect(await res!.text()).toContain('Trop d’avis ont été envoyés depuis votre connexion.');
	});

	it('the API list needs a session', async () => {
		expect((await apiCall(server, 'GET', '/feedback')).status).toBe(401);
	});
});
