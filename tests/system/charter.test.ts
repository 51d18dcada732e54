import { beforeAll, describe, expect, it } from 'vitest';
import { apiCall, apiSignIn, useServer } from '../support/server';

/**
 * The charter through the built demo server's API: only a party's authorised member answers for it (every other
 * profile refused, instance admin included, nothing written), a frozen version is immutable for everyone (409 with
 * a French message), bad amounts are 400s naming the field, and the PDF is served.
 */
const server = useServer();

const api = (method: string, path: string, cookie?: string, body?: unknown) =>
	apiCall(server, method, path, cookie, body);

const ACCOUNTS = {
	admin: 'admin@demo.maillage.fr', // instance admin, signatory of the Département (pilot)
	coordinator: 'coordination@demo.maillage.fr', // coordinates the Lot, member of the Département
	caf: 'caf@demo.maillage.fr', // signatory of the CAF
	ccas: 'ccas@demo.maillage.fr', // signatory of the CCAS
	socialWorker: 'travailleur.social@demo.maillage.fr', // member of the CCAS, not a signatory
	gendarmerie: 'gendarmerie@demo.maillage.fr', // reader, not a party
	quercy: 'quercy-solidarites@demo.maillage.fr', // admin of an organisation that is not a party
	ecoute: 'ecoute-violences@demo.maillage.fr' // signatory of another party
} as const;
const cookies = {} as Record<keyof typeof ACCOUNTS, string>;
let base: string;
let cafId: string;

const auditCount = async () => {
	const res = await api('GET', '/audit-events?limit=200', cookies.admin);
	return (res.body.items as { action: string }[]).filter((e) => e.action.startsWith('charter.')).length;
};

beforeAll(async () => {
	for (const [k, email] of Object.entries(ACCOUNTS))
		cookies[k as keyof typeof ACCOUNTS] = await apiSignIn(server, email);
	const events = await api('GET', '/audit-events?action=charter.create&limit=200', cookies.admin);
	const first = (events.body.items as { details: { cooperationId: string; number: number } }[]).find(
		(e) => e.details.number === 1
	);
	base = `/cooperations/${first!.details.cooperationId}/charter`;
	const v2 = await api('GET', `${base}/versions/2`, cookies.admin);
	expect(v2.status).toBe(200);
	cafId = (v2.body.parties as { organisationId: string; organisationName: string }[]).find((p) =>
		p.organisationName.startsWith('CAF')
	)!.organisationId;
});

describe('charter API', () => {
	it('lists the demo versions: v1 in force, v2 in approval with a change request', async () => {
		const list = await api('GET', `${base}/versions`, cookies.caf);
		expect(list.status).toBe(200);
		expect(list.body.items.map((v: { number: number; status: string }) => [v.number, v.status])).toEqual([
			[2, 'in_approval'],
			[1, 'frozen']
		]);
		const v2 = await api('GET', `${base}/versions/2`, cookies.caf);
		expect(v2.body.parties.map((p: { status: string }) => p.status)).toContain('changes_requested');
		// a stranger to a cooperation does not read its charter (the gendarmerie is no party of the insertion one)
		const insertion = await api('GET', '/cooperations?q=insertion', cookies.admin);
		const insertionId = (insertion.body.items as { id: string; name: string }[]).find(
			(c) => c.name === 'Coopération insertion du Grand Cahors (démo)'
		)!.id;
		const parties = (await api('GET', `/cooperations/${insertionId}`, cookies.admin)).body.parties as {
			organisationName: string;
		}[];
		expect(parties.map((p) => p.organisationName)).not.toContain('Groupement de gendarmerie du Lot (démo)');
		expect(
			(await api('GET', `/cooperations/${insertionId}/charter/versions`, cookies.gendarmerie)).status
		).toBe(403);
		expect((await api('GET', `/cooperations/${insertionId}/charter/versions`, cookies.ccas)).status).toBe(
			200
		);
		expect((await api('GET', `${base}/versions/2`)).status).toBe(401);
	});

	it('refuses an answer for the CAF from every profile but its authorised member, and writes nothing', async () => {
		const answer = { organisationId: cafId, decision: 'approved' };
		const before = await auditCount();
		expect((await api('POST', `${base}/versions/2/approvals`, undefined, answer)).status).toBe(401);
		for (const who of [
			'admin',
			'coordinator',
			'ccas',
			'socialWorker',
			'gendarmerie',
			'quercy',
			'ecoute'
		] as const) {
			const res = await api('POST', `${base}/versions/2/approvals`, cookies[who], answer);
			expect(res.status, who).toBe(403);
			expect(res.body.error.message).toBe('Vous n’avez pas les droits nécessaires pour cette action.');
		}
		expect(await auditCount()).toBe(before);
		const v2 = await api('GET', `${base}/versions/2`, cookies.caf);
		expect(v2.body.parties.find((p: { organisationId: string }) => p.organisationId === cafId).status).toBe(
			'changes_requested'
		);
	});

	it('asks a reason for a change request, in French, on the field', async () => {
		const res = await api('POST', `${base}/versions/2/approvals`, cookies.caf, {
			organisationId: cafId,
			decision: 'changes_requested',
			reason: ''
		});
		expect(res.status).toBe(400);
		expect(res.body.error.issues).toEqual([
			{ field: 'reason', message: 'Indiquez le motif de la demande de modifications.' }
		]);
	});

	it('keeps a frozen version immutable for everyone, instance admin included', async () => {
		for (const who of ['admin', 'coordinator'] as const) {
			const res = await api('PATCH', `${base}/versions/1`, cookies[who], { title: 'Titre modifié' });
			expect(res.status, who).toBe(409);
			expect(res.body.error.message).toMatch(/^Cette version de la charte est figée\u202f: personne/);
		}
		const v1 = await api('GET', `${base}/versions/1`, cookies.caf);
		expect(v1.body.content.title).toBe('Charte du réseau violences intrafamiliales du Lot');
		expect(v1.body.contentHash).toMatch(/^[0-9a-f]{64}$/);
	});

	it('refuses a float or a malformed amount with the field’s French message', async () => {
		const v2 = await api('GET', `${base}/versions/2`, cookies.admin);
		const commitments = v2.body.content.commitments as { organisationId: string }[];
		const res = await api('PATCH', `${base}/versions/2`, cookies.admin, {
			commitments: [{ organisationId: commitments[0]!.organisationId, amount: '12,345', fte: '0,5' }],
			fund: { ceilingPerYear: 1000.5 }
		});
		expect(res.status).toBe(400);
		const fields = (res.body.error.issues as { field: string; message: string }[]).map((i) => i.field);
		expect(fields).toEqual(expect.arrayContaining(['commitments.0.amount', 'fund.ceilingPerYear']));
		expect(res.body.error.issues[0].message).toMatch(/euros/);
	});

	it('serves the PDF of a version', async () => {
		const res = await fetch(`${server.url}/api/v1${base}/versions/1/pdf`, {
			headers: { cookie: cookies.caf }
		});
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/pdf');
		const bytes = new Uint8Array(await res.arrayBuffer());
		expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
	});
});
