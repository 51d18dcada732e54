import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { rows } from '../db/client';
import { ConflictError, ValidationError } from '../errors';
import { ForbiddenError } from '../policy/policy';
import { parseOrThrow } from '../api/errors';
import { charterFixture, type CharterFixture } from './fixture.test-support';
import { createVersion, decide, getVersion, submitVersion, updateVersion } from './service';
import { changesSinceApprovals, charterInForce, charterSummary, compareVersions } from './queries';
import { charterPatchSchema } from './validation';
import { contentHash, sumDecimals } from './content';
import { versionPdf } from './pdf';
import { pdfText } from './pdf-text.test-support';

/** Issue 10 §2–3: versions, sanitisation, exact money, approval party by party, reopen on edit, freeze, PDF. */

let t: TestDatabase;
let f: CharterFixture;
const patch = (raw: unknown) => parseOrThrow(charterPatchSchema, raw);
const issuesOf = async (p: Promise<unknown>) => {
	const e = await p.then(
		() => null,
		(err: unknown) => err
	);
	expect(e).toBeInstanceOf(ValidationError);
	return (e as ValidationError).issues;
};
const dates = { startsOn: '2027-01-01', endsOn: '2029-12-31', reviewOn: '2028-06-30' };

beforeAll(async () => {
	t = await createTestDatabase();
	f = await charterFixture(t.db);
});
afterAll(() => t.drop());

describe('charter versions', () => {
	it('starts from a template with one commitment per party, and only one open version at a time', async () => {
		const v = await createVersion(f.ctx('deptSign'), f.cooperationId, {
			template: 'violences-intrafamiliales'
		});
		expect(v).toMatchObject({ number: 1, status: 'draft' });
		expect(v.content.commitments.map((c) => c.organisationId).sort()).toEqual(
			[f.dept, f.ddets, f.caf].sort()
		);
		expect(v.content.sections.objectifs).toContain('<li>');
		await expect(
			createVersion(f.ctx('deptSign'), f.cooperationId, { template: 'insertion' })
		).rejects.toThrow(ConflictError);
	});

	it('is drafted by the managing parties only; a contributor or a stranger is refused', async () => {
		for (const who of ['cafSign', 'cafReader', 'stranger'] as const)
			await expect(
				updateVersion(f.ctx(who), f.cooperationId, 1, patch({ title: 'Titre pirate' }))
			).rejects.toThrow(ForbiddenError);
		await expect(getVersion(f.ctx('stranger'), f.cooperationId, 1)).rejects.toThrow(ForbiddenError);
	});

	it('sanitises rich text server-side: stored XSS payloads come out inert', async () => {
		const v = await updateVersion(
			f.ctx('deptMember'),
			f.cooperationId,
			1,
			patch({
				sections: {
					publics:
						'<p>Victimes<script>alert(1)</script></p><img src=x onerror="alert(2)"><a href="javascript:alert(3)">lien</a> <a href="https://www.service-public.fr/" onclick="x()">site</a><p style="color:red" onmouseover="y()">texte</p>'
				}
			})
		);
		const html = v.content.sections.publics;
		expect(html).not.toMatch(/script|onerror|javascript:|onclick|onmouseover|style=|<img/i);
		expect(html).toContain('<a href="https://www.service-public.fr/">site</a>');
		expect(html).toContain('<p>texte</p>');
		// a PATCH changes only what was sent
		expect(v.content.sections.objectifs).toContain('<li>');
	});

	it('keeps money exact: French input, sums without floating point', async () => {
		const v = await updateVersion(
			f.ctx('deptSign'),
			f.cooperationId,
			1,
			patch({
				commitments: [
					{ organisationId: f.dept, amount: '0,1', fte: '0,5', premises: 'Salle du conseil', data: '' },
					{
						organisationId: f.ddets,
						amount: '0.20',
						fte: '1',
						premises: '',
						data: 'Statistiques anonymisées'
					},
					{ organisationId: f.caf, amount: '12 500,50', fte: '0', premises: '', data: '' }
				],
				fund: { ceilingPerRequest: '1 000', ceilingPerYear: '9\u202f999\u202f999\u202f999,99' }
			})
		);
		expect(v.content.commitments.map((c) => c.amount)).toEqual(['0.10', '0.20', '12500.50']);
		expect(v.content.commitments.map((c) => c.fte)).toEqual(['0.50', '1.00', '0.00']);
		expect(sumDecimals(v.content.commitments.map((c) => c.amount))).toBe('12500.80');
		expect(sumDecimals(['0.10', '0.20'])).toBe('0.30');
		expect(v.content.fund.ceilingPerYear).toBe('9999999999.99');
		const summed = await rows<{ total: string }>(
			t.db,
			sql`select sum((c->>'amount')::numeric(14,2))::text as total from charter_versions, jsonb_array_elements(content->'commitments') c`
		);
		expect(summed[0]!.total).toBe('12500.80');
	});

	it('refuses bad amounts, unknown parties and dates out of order with field messages', async () => {
		const ctx = f.ctx('deptSign');
		expect(() => patch({ commitments: [{ organisationId: f.dept, amount: '12,345', fte: '1' }] })).toThrow(
			ValidationError
		);
		expect(() => patch({ fund: { ceilingPerYear: '1e3' } })).toThrow(ValidationError);
		expect(() => patch({ fund: { ceilingPerYear: 1000 } })).toThrow(ValidationError);
		const issues = await issuesOf(
			updateVersion(
				ctx,
				f.cooperationId,
				1,
				patch({
					startsOn: '2027-01-01',
					endsOn: '2026-12-31',
					reviewOn: '2030-01-01',
					risks: [{ risk: 'Départ du référent', organisationId: f.other, mitigation: '' }],
					fund: { approvers: [{ organisationId: f.dept, userId: '00000000-0000-4000-8000-0000000000a4' }] }
				})
			)
		);
		expect(issues).toEqual(
			expect.arrayContaining([
				{ field: 'endsOn', message: 'charters.dateOrder' },
				{ field: 'reviewOn', message: 'charters.reviewOrder' },
				{ field: 'risks.0.organisationId', message: 'charters.partyUnknown' },
				{ field: 'fund.approvers.0.userId', message: 'charters.approverUnknown' }
			])
		);
		// nothing was written
		const { version } = await getVersion(ctx, f.cooperationId, 1);
		expect(version.content.startsOn).toBeNull();
		expect(version.content.risks).toEqual([]);
	});

	it('is submitted only with its dates', async () => {
		const issues = await issuesOf(submitVersion(f.ctx('deptSign'), f.cooperationId, 1));
		expect(issues.map((i) => i.field)).toEqual(['startsOn', 'endsOn', 'reviewOn']);
		await updateVersion(
			f.ctx('deptSign'),
			f.cooperationId,
			1,
			patch({
				...dates,
				risks: [
					{ risk: 'Rupture de la mise à l’abri', organisationId: f.ddets, mitigation: 'Astreinte 115' }
				],
				fund: { approvers: [{ organisationId: f.dept, userId: '00000000-0000-4000-8000-0000000000a1' }] }
			})
		);
		const v = await submitVersion(f.ctx('deptSign'), f.cooperationId, 1);
		expect(v.status).toBe('in_approval');
		const events = await rows<{ kind: string }>(t.db, sql`select kind from notification_events`);
		expect(events.map((e) => e.kind)).toContain('charter.approvalRequested');
	});
});

describe('approval party by party', () => {
	it('only a party’s authorised member answers for it: instance admin, coordinator, other members refused', async () => {
		const answer = { organisationId: f.dept, decision: 'approved' as const, reason: '' };
		for (const who of ['admin', 'coordinator', 'deptMember', 'ddetsSign', 'cafReader', 'stranger'] as const)
			await expect(decide(f.ctx(who), f.cooperationId, 1, answer)).rejects.toThrow(ForbiddenError);
		const count = await rows<{ n: number }>(t.db, sql`select count(*)::int as n from charter_approvals`);
		expect(count[0]!.n).toBe(0);
	});

	it('a change request needs a reason', async () => {
		const issues = await issuesOf(
			decide(f.ctx('cafSign'), f.cooperationId, 1, {
				organisationId: f.caf,
				decision: 'changes_requested',
				reason: '  '
			})
		);
		expect(issues).toEqual([{ field: 'reason', message: 'charters.reasonRequired' }]);
	});

	it('an edit after an approval reopens every approval, keeps them in history and shows the diff', async () => {
		await decide(f.ctx('deptSign'), f.cooperationId, 1, {
			organisationId: f.dept,
			decision: 'approved',
			reason: ''
		});
		await decide(f.ctx('cafSign'), f.cooperationId, 1, {
			organisationId: f.caf,
			decision: 'changes_requested',
			reason: 'Préciser les publics : les enfants exposés.'
		});
		let state = await getVersion(f.ctx('deptSign'), f.cooperationId, 1);
		expect(state.parties.map((p) => p.status)).toEqual(['approved', 'pending', 'changes_requested']);

		await updateVersion(
			f.ctx('deptSign'),
			f.cooperationId,
			1,
			patch({ sections: { publics: '<p>Les victimes et les enfants exposés.</p>' } })
		);
		state = await getVersion(f.ctx('deptSign'), f.cooperationId, 1);
		expect(state.parties.map((p) => p.status)).toEqual(['pending', 'pending', 'pending']);
		expect(state.approvals).toHaveLength(2);
		expect(state.approvals.every((a) => a.invalidatedAt)).toBe(true);
		const changes = changesSinceApprovals(state.access, state.version.content, state.approvals);
		expect(changes).toHaveLength(1);
		expect(changes[0]!.organisationName).toBe('Département du Lot');
		const publics = changes[0]!.diffs.find((d) => d.key === 'publics')!;
		expect(publics.chunks.some((c) => c.kind === 'added' && c.text.includes('enfants'))).toBe(true);
		const events = await rows<{ kind: string }>(t.db, sql`select kind from notification_events`);
		expect(events.map((e) => e.kind)).toEqual(
			expect.arrayContaining(['charter.changesRequested', 'charter.reopened'])
		);
	});

	it('freezes when every party has approved: hash, version in force, immutable for everyone', async () => {
		for (const [who, org] of [
			['deptSign', f.dept],
			['ddetsSign', f.ddets]
		] as const) {
			const r = await decide(f.ctx(who), f.cooperationId, 1, {
				organisationId: org,
				decision: 'approved',
				reason: ''
			});
			expect(r.frozen).toBe(false);
		}
		const last = await decide(f.ctx('cafSign'), f.cooperationId, 1, {
			organisationId: f.caf,
			decision: 'approved',
			reason: ''
		});
		expect(last.frozen).toBe(true);
		expect(last.version.status).toBe('frozen');
		expect(last.version.contentHash).toMatch(/^[0-9a-f]{64}$/);
		expect(last.version.contentHash).toBe(contentHash(f.cooperationId, 1, last.version.content));

		for (const who of ['admin', 'deptSign', 'coordinator'] as const)
			await expect(
				updateVersion(f.ctx(who), f.cooperationId, 1, patch({ title: 'Modification interdite' }))
			).rejects.toThrow(ConflictError);
		await expect(
			decide(f.ctx('cafSign'), f.cooperationId, 1, {
				organisationId: f.caf,
				decision: 'approved',
				reason: ''
			})
		).rejects.toThrow(ConflictError);
		// the database refuses it too, whatever the path
		await expect(
			t.db.execute(
				sql`update charter_versions set content = jsonb_set(content, '{title}', '"x"') where number = 1`
			)
		).rejects.toThrow();

		const inForce = await charterInForce(f.ctx('cafReader'), f.cooperationId);
		expect(inForce).toMatchObject({ number: 1, contentHash: last.version.contentHash });
		expect(inForce!.allows('violence', 'pilote')).toBe(true);
		expect(inForce!.allows('health', 'contributeur')).toBe(false);
		expect(inForce!.sharingRules).toHaveLength(36);
		expect(inForce!.fund.ceilingPerRequest).toBe('1000.00');
		expect(inForce!.commitments.find((c) => c.organisationId === f.caf)!.amount).toBe('12500.50');
		const events = await rows<{ kind: string }>(t.db, sql`select kind from notification_events`);
		expect(events.map((e) => e.kind)).toContain('charter.frozen');
	});

	it('the hash is stable: the same content in another key order gives the same hash', async () => {
		const { version } = await getVersion(f.ctx('deptSign'), f.cooperationId, 1);
		const reordered = JSON.parse(
			JSON.stringify(version.content, Object.keys(version.content).sort().reverse())
		) as typeof version.content;
		const shuffled = { ...reordered, ...version.content };
		expect(contentHash(f.cooperationId, 1, shuffled)).toBe(version.contentHash);
		const changed = { ...version.content, title: `${version.content.title}.` };
		expect(contentHash(f.cooperationId, 1, changed)).not.toBe(version.contentHash);
	});

	it('an amendment copies the version in force; once frozen it supersedes it', async () => {
		const v2 = await createVersion(f.ctx('deptSign'), f.cooperationId, {});
		expect(v2).toMatchObject({ number: 2, status: 'draft' });
		await updateVersion(
			f.ctx('deptSign'),
			f.cooperationId,
			2,
			patch({ sections: { observatoire: '<p>Un observatoire départemental des violences.</p>' } })
		);
		await submitVersion(f.ctx('deptSign'), f.cooperationId, 2);
		const summary = await charterSummary(f.ctx('cafReader'), f.cooperationId);
		expect(summary.inForce?.number).toBe(1);
		expect(summary.open?.status).toBe('in_approval');
		for (const [who, org] of [
			['deptSign', f.dept],
			['ddetsSign', f.ddets],
			['cafSign', f.caf]
		] as const)
			await decide(f.ctx(who), f.cooperationId, 2, { organisationId: org, decision: 'approved', reason: '' });
		const after = await charterSummary(f.ctx('cafReader'), f.cooperationId);
		expect(after.inForce?.number).toBe(2);
		expect(after.open).toBeNull();
		const v1 = await getVersion(f.ctx('deptSign'), f.cooperationId, 1);
		expect(v1.version.status).toBe('superseded');

		const cmp = await compareVersions(f.ctx('cafReader'), f.cooperationId, 1, 2);
		expect(cmp.rows.filter((r) => r.changed).map((r) => r.key)).toEqual(['observatoire']);
	});
});

describe('PDF', () => {
	it('carries the content with accents, the hash and the approvals', async () => {
		const bytes = await versionPdf(f.ctx('cafReader'), f.cooperationId, 2);
		const text = await pdfText(bytes);
		const { version } = await getVersion(f.ctx('deptSign'), f.cooperationId, 2);
		expect(text).toContain(version.contentHash!);
		expect(text).toContain('Charte du réseau violences intrafamiliales');
		expect(text).toMatch(/mise à l’abri/);
		expect(text).toMatch(/«\s?leadership glissant\s?»/);
		expect(text).toContain('œ');
		expect(text).toContain('Département du Lot');
		expect(text).toMatch(/approuvée par Personne ddetsSign/);
		expect(text).toMatch(/12\s500,50\s€/);
	});
});
