import { describe, expect, it } from 'vitest';
import { inPartnersApp, signInRedirect } from './partners-app';

describe('inPartnersApp', () => {
	it('is the (app) route group and nothing else', () => {
		expect(inPartnersApp('/(app)/annuaire/services/[id]')).toBe(true);
		expect(inPartnersApp('/(app)')).toBe(true);
		expect(inPartnersApp('/(application)/x')).toBe(false);
		expect(inPartnersApp('/(public)/aide')).toBe(false);
		expect(inPartnersApp('/connexion')).toBe(false);
		expect(inPartnersApp(null)).toBe(false); // no route: the 404 page
	});
});

describe('signInRedirect', () => {
	const url = new URL('https://maillage.example/annuaire/services/nouveau?structure=3');
	const suite = '/connexion?suite=%2Fannuaire%2Fservices%2Fnouveau%3Fstructure%3D3';

	it('a page gets a 303 to the sign-in page that comes back to it', () => {
		const res = signInRedirect(new Request(url, { headers: { accept: 'text/html,*/*;q=0.8' } }), url);
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe(suite);
	});

	it('a form posted by a browser too; one posted by script or use:enhance gets the ActionResult redirect', async () => {
		const browser = signInRedirect(
			new Request(url, { method: 'POST', headers: { accept: 'text/html,application/xhtml+xml' } }),
			url
		);
		expect(browser.status).toBe(303);
		expect(browser.headers.get('location')).toBe(suite);
		const enhanced = signInRedirect(
			new Request(url, { method: 'POST', headers: { accept: 'application/json' } }),
			url
		);
		expect(enhanced.headers.get('location')).toBeNull();
		expect(await enhanced.json()).toEqual({ type: 'redirect', status: 303, location: suite });
	});
});
