import { beforeAll, describe, expect, it } from 'vitest';
import { apiCall, apiSignIn, useServer } from '../support/server';

/**
 * The governance API on the built demo server, with the demo's profiles: field messages in French, and the
 * minutes of a "partage de situations" body read by its members only — not by another member of the same
 * organisation, not by the territory's coordinator, not by the instance admin.
 */
const server = useServer();
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const api = (method: string, path: string, cookie?: string, body?: unknown) =>
	apiCall(server, method, path, cookie, body);

const cookies: Record<string, string> = {};
const me: Record<string, Json> = {};
let cooperationId: string;
let bodyId: string;
let theoSeat: string;
let meetingId: string;

beforeAll(async () => {
	for (const [key, email] of Object.entries({
		coordination: 'coordination@demo.maillage.fr',
		admin: 'admin@demo.maillage.fr',
		theo: 'travailleur.social@demo.maillage.fr',
		lea: 'ccas@demo.maillage.fr',
		caf: 'caf@demo.maillage.fr'
	})) {
		cookies[key] = await apiSignIn(server, email);
		me[key] = (await api('GET', '/me', cookies[key])).body;
	}
	const view = await api('GET', '/bodies/territory?type=departement&code=46', cookies.coordination);
	cooperationId = view.body.bodies.find(
		(b: Json) => b.name === 'Comité de pilotage VIF du Lot'
	).cooperationId;
	const body = await api('POST', '/bodies', cookies.coordination, {
		cooperationId,
		kind: 'partage_situations',
		name: 'Cellule de partage de situations VIF'
	});
	expect(body.status).toBe(201);
	bodyId = body.body.id;
	const seat = await api('POST', `/bodies/${bodyId}/members`, cookies.coordination, {
		userId: me.theo!.user.id,
		organisationId: me.theo!.memberships[0].organisationId,
		mandate: 'operationnel',
		startsOn: '2026-01-05'
	});
	expect(seat.status).toBe(201);
	theoSeat = seat.body.id;
}, 60_000);

describe('governance API', () => {
	it('names the field of an unknown person, a non-party organisation and a chair outside the body, in French', async () => {
		const unknown = await api('POST', `/bodies/${bodyId}/members`, cookies.coordination, {
			userId: '00000000-0000-4000-8000-000000000000',
			organisationId: me.theo!.memberships[0].organisationId,
			mandate: 'operationnel',
			startsOn: '2026-01-05',
			endsOn: '2025-01-05'
		});
		expect(unknown.status).toBe(400);
		const fields = Object.fromEntries(unknown.body.error.issues.map((i: Json) => [i.field, i.message]));
		expect(fields.userId).toBe('Personne inconnue\u202f: choisissez un compte existant.');
		expect(fields.endsOn).toBe('La fin doit venir après le début.');
		const chair = await api('POST', `/bodies/${bodyId}/meetings`, cookies.coordination, {
			title: 'Cellule de janvier',
			startsAt: '2027-01-12T09:00:00Z',
			endsAt: '2027-01-12T08:00:00Z',
			chairMemberId: '00000000-0000-4000-8000-000000000000'
		});
		expect(chair.status).toBe(400);
		expect(chair.body.error.issues.map((i: Json) => i.field).sort()).toEqual(['chairMemberId', 'endsAt']);
		// a contributor's member may not convene
		const refused = await api('POST', `/bodies/${bodyId}/meetings`, cookies.caf, {
			title: 'Cellule de janvier',
			startsAt: '2027-01-12T08:00:00Z',
			endsAt: '2027-01-12T09:00:00Z'
		});
		expect(refused.status).toBe(403);
	});

	it('keeps the minutes of a partage de situations body among its members', async () => {
		const meeting = await api('POST', `/bodies/${bodyId}/meetings`, cookies.coordination, {
			title: 'Cellule de décembre',
			startsAt: '2026-12-01T08:00:00Z',
			endsAt: '2026-12-01T10:00:00Z',
			chairMemberId: theoSeat
		});
		expect(meeting.status).toBe(201);
		meetingId = meeting.body.id;
		expect(
			(
				await api('PUT', `/meetings/${meetingId}/attendance`, cookies.theo, {
					entries: [{ memberId: theoSeat, status: 'present' }]
				})
			).status
		).toBe(200);
		const saved = await api('PUT', `/meetings/${meetingId}/minutes`, cookies.theo, {
			content: '<p>Situation de Mme B. <img src=x onerror="alert(1)">: relogement en cours.</p>'
		});
		expect(saved.status).toBe(200);
		expect(saved.body.content).toBe('<p>Situation de Mme B. : relogement en cours.</p>');
		for (const who of ['admin', 'coordination', 'lea', 'caf']) {
			const read = await api('GET', `/meetings/${meetingId}/minutes`, cookies[who]);
			expect(read.status, who).toBe(403);
			expect(JSON.stringify(read.body)).not.toContain('Mme B.');
		}
		// nor can anyone else write them, the instance admin included
		const write = await api('PUT', `/meetings/${meetingId}/minutes`, cookies.admin, { content: '<p>x</p>' });
		expect(write.status).toBe(403);
		expect((await api('GET', `/meetings/${meetingId}/minutes`, cookies.theo)).body.content).toContain(
			'Mme B.'
		);
		// approval: the one attendee approves, the minutes are approved
		await api('POST', `/meetings/${meetingId}/minutes/propose`, cookies.theo);
		expect((await api('POST', `/meetings/${meetingId}/minutes/approve`, cookies.lea)).status).toBe(403);
		const approved = await api('POST', `/meetings/${meetingId}/minutes/approve`, cookies.theo);
		expect(approved.body).toEqual({ status: 'approved', approvals: 1, attendees: 1 });
	});
});
