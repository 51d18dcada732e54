import { describe, expect, it } from 'vitest';
import { crossSiteRequest } from './csrf';

const SITE = new URL('https://maillage.example/api/v1/services');

function request(method: string, headers: Record<string, string> = {}) {
	return new Request(SITE, { method, headers });
}

const refused = (method: string, headers: Record<string, string>) =>
	crossSiteRequest(request(method, headers), SITE);

describe('crossSiteRequest', () => {
	it('lets through a state-changing request from our own origin', () => {
		for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'])
			expect(refused(method, { origin: 'https://maillage.example' }), method).toBe(false);
	});

	it('refuses origins that only look like ours', () => {
		for (const origin of [
			'https://maillage.example.evil.example', // ours as a prefix of another host
			'https://maillage.example:8443', // other port
			'http://maillage.example', // other scheme
			'https://evil-maillage.example',
			'https://example',
			'https://maillage.exampl',
			'https://MAILLAGE.EXAMPLE', // browsers serialise hosts in lower case: anything else is not one
			'https://maillage.example/', // an origin has no path
			'https://site-malveillant.example'
		])
			expect(refused('POST', { origin }), origin).toBe(true);
	});

	it('refuses Origin: null (sandboxed frames, data: documents, some redirects) and an empty Origin', () => {
		expect(refused('POST', { origin: 'null' })).toBe(true);
		expect(refused('POST', { origin: '' })).toBe(true);
	});

	it('an Origin of ours wins over a contradicting Sec-Fetch-Site, and the other way round', () => {
		expect(refused('POST', { origin: 'https://maillage.example', 'sec-fetch-site': 'same-origin' })).toBe(
			false
		);
		expect(refused('POST', { origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' })).toBe(true);
	});

	it('without Origin, reads Sec-Fetch-Site: only same-origin and none (typed address, bookmark) pass', () => {
		expect(refused('POST', { 'sec-fetch-site': 'cross-site' })).toBe(true);
		expect(refused('POST', { 'sec-fetch-site': 'same-site' })).toBe(true);
		expect(refused('DELETE', { 'sec-fetch-site': 'cross-site' })).toBe(true);
		expect(refused('POST', { 'sec-fetch-site': 'same-origin' })).toBe(false);
		expect(refused('POST', { 'sec-fetch-site': 'none' })).toBe(false);
		expect(refused('POST', { 'sec-fetch-site': 'something-new' })).toBe(true);
	});

	it('lets through clients that send neither header (curl, scripts): no browser forges those', () => {
		expect(refused('POST', {})).toBe(false);
	});

	it('never blocks safe methods, whatever their headers say', () => {
		for (const method of ['GET', 'HEAD', 'OPTIONS']) {
			expect(refused(method, { origin: 'https://evil.example' }), method).toBe(false);
			expect(refused(method, { 'sec-fetch-site': 'cross-site' }), method).toBe(false);
		}
	});

	it('compares with the port of the site it serves', () => {
		const local = new URL('http://127.0.0.1:5173/connexion');
		const post = (origin: string) =>
			crossSiteRequest(new Request(local, { method: 'POST', headers: { origin } }), local);
		expect(post('http://127.0.0.1:5173')).toBe(false);
		expect(post('http://127.0.0.1:51730')).toBe(true);
		expect(post('http://127.0.0.1')).toBe(true);
		expect(post('http://localhost:5173')).toBe(true);
	});
});
