import { describe, expect, it } from 'vitest';
import { apiCall, apiSignIn, useServer } from '../support/server';

/** GET/PUT /api/v1/me/notifications through the built server: one's own rhythm only, French field messages. */
const server = useServer({ env: { MAILLAGE_JOBS: '0' } });

describe('/api/v1/me/notifications', () => {
	it('reads and changes one’s own digest rhythm, weekly by default', async () => {
		const lea = await apiSignIn(server, 'ccas@demo.maillage.fr');
		const theo = await apiSignIn(server, 'travailleur.social@demo.maillage.fr');
		expect((await apiCall(server, 'GET', '/me/notifications', lea)).body).toEqual({ frequency: 'weekly' });
		const put = await apiCall(server, 'PUT', '/me/notifications', lea, { frequency: 'daily' });
		expect(put.status).toBe(200);
		expect(put.body).toEqual({ frequency: 'daily' });
		expect((await apiCall(server, 'GET', '/me/notifications', lea)).body).toEqual({ frequency: 'daily' });
		// somebody else's stays as it was
		expect((await apiCall(server, 'GET', '/me/notifications', theo)).body).toEqual({ frequency: 'weekly' });
	});

	it('refuses a bad rhythm with a French message naming the field, and anonymous callers', async () => {
		const lea = await apiSignIn(server, 'ccas@demo.maillage.fr');
		const bad = await apiCall(server, 'PUT', '/me/notifications', lea, { frequency: 'hourly' });
		expect(bad.status).toBe(400);
		expect(JSON.stringify(bad.body)).toContain('frequency');
		expect(JSON.stringify(bad.body)).toContain(
			'Choisissez un rythme\u202f: chaque jour, chaque semaine ou jamais.'
		);
		const extra = await apiCall(server, 'PUT', '/me/notifications', lea, { frequency: 'none', userId: 'x' });
		expect(extra.status).toBe(400);
		expect((await apiCall(server, 'GET', '/me/notifications', lea)).body.frequency).not.toBe('none');
		expect((await apiCall(server, 'GET', '/me/notifications')).status).toBe(401);
		expect((await apiCall(server, 'PUT', '/me/notifications', undefined, { frequency: 'none' })).status).toBe(
			401
		);
	});
});
