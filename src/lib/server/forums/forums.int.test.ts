import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { failInsertsAfter, fingerprint } from '../testing/failures';
import { rows } from '../db/client';
import type { Context } from '../context';
import type { Actor } from '../policy/actor';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { ForbiddenError } from '../policy/policy';
import { forumsFixture, U, type ForumProfile } from './fixture.test-support';
import { listNeeds } from '../needs/service';
import { parseOrThrow } from '../api/errors';
import {
	contribute,
	contributionToNeed,
	createSession,
	getSession,
	listSessions,
	setStatus,
	suggestedTags,
	unansweredQueue
} from './service';
import { contributionInputSchema, sessionInputSchema, sessionsQuerySchema } from './validation';

let t: TestDatabase;
let ccas: string;
let actor: (who: ForumProfile) => Actor;
const NOW = new Date('2026-06-01T08:00:00Z');
let clock = NOW;

const ctx = (who: ForumProfile): Context => ({ db: t.db, actor: actor(who), now: () => clock });

const sessionInput = (over: Record<string, unknown> = {}) =>
	parseOrThrow(sessionInputSchema, {
		title: 'Se déplacer sans voiture dans le Grand Cahors',
		themes: ['mobilite--etre-accompagne-dans-son-parcours-mobilite'].filter(Boolean),
		territoryType: 'commune',
		territoryCode: '46042',
		startsAt: '2026-06-10T14:00:00Z',
		endsAt: '2026-06-10T16:30:00Z',
		place: 'Espace Clément-Marot, Cahors',
		technicalCount: '6',
		politicalCount: 2,
		usageCount: 5,
		namedProfessionals: 'Agnès Delmas (CCAS)\n',
		...over
	});
const contribution = (over: Record<string, unknown> = {}) =>
	parseOrThrow(contributionInputSchema, {
		body: 'Pas de bus le samedi vers Figeac.',
		expertise: 'usage',
		...over
	});

beforeAll(async () => {
	t = await createTestDatabase();
	({ ccas, actor } = await forumsFixture(t.db));
});
afterAll(() => t?.close());

describe('forum sessions', () => {
	it('a professional of the territory or its coordinator creates a session and becomes its facilitator', async () => {
		const s = await createSession(ctx('ccasPro'), sessionInput());
		expect(s).toMatchObject({
			status: 'upcoming',
			participants: { technique: 6, politique: 2, usage: 5 },
			namedProfessionals: ['Agnès Delmas (CCAS)'],
			facilitators: [{ id: U.ccasPro }]
		});
		const byCoordinator = await createSession(
			ctx('coordinator'),
			sessionInput({
				territoryType: 'departement',
				territoryCode: '46',
				place: '',
				remoteUrl: 'https://visio.example.fr/forum'
			})
		);
		expect(byCoordinator.facilitators.map((f) => f.id)).toEqual([U.coordinator]);
		const [audited] = await rows<{ n: number }>(
			t.db,
			sql`select count(*)::int as n from audit_events where action = 'forum.session.create'`
		);
		expect(audited!.n).toBe(2);
	});

	it('refuses readers, other territories and the anonymous; unknown territories are a French field error', async () => {
		await expect(createSession(ctx('ccasReader'), sessionInput())).rejects.toBeInstanceOf(ForbiddenError);
		await expect(createSession(ctx('gersPro'), sessionInput())).rejects.toBeInstanceOf(ForbiddenError);
		await expect(
			createSession({ db: t.db, actor: { user: null, memberships: [], coordinations: [] } }, sessionInput())
		).rejects.toMatchObject({ status: 401 });
		await expect(
			createSession(ctx('ccasPro'), sessionInput({ territoryCode: '99999' }))
		).rejects.toMatchObject({
			issues: [{ field: 'territoryCode', message: 'forums.territoryUnknown' }]
		});
		expect(() => sessionInput({ endsAt: '2026-06-10T10:00:00Z' })).toThrow(ValidationError);
		expect(() => sessionInput({ place: '', remoteUrl: 'javascript:alert(1)' })).toThrow(/forums.remoteUrl/);
	});

	it('lists the sessions of one’s territories, upcoming first, with filters and pages', async () => {
		const past = await createSession(
			ctx('cafPro'),
			sessionInput({
				title: 'Bilan de l’hiver',
				startsAt: '2026-01-10T14:00:00Z',
				endsAt: '2026-01-10T16:00:00Z'
			})
		);
		const { sessions, total } = await listSessions(ctx('ccasPro'), parseOrThrow(sessionsQuerySchema, {}));
		expect(total).toBe(3);
		expect(sessions.at(-1)!.id).toBe(past.id);
		expect(sessions.at(-1)!.status).toBe('ended');
		const gersView = await listSessions(ctx('gersPro'), parseOrThrow(sessionsQuerySchema, {}));
		expect(gersView.total).toBe(0);
		const filtered = await listSessions(
			ctx('cafPro'),
			parseOrThrow(sessionsQuerySchema, { territoryType: 'departement', territoryCode: '46' })
		);
		expect(filtered.sessions.map((s) => s.territoryCode)).toEqual(['46']);
		const page2 = await listSessions(
			ctx('cafPro'),
			parseOrThrow(sessionsQuerySchema, { limit: 2, offset: 2 })
		);
		expect(page2.sessions.map((s) => s.id)).toEqual([past.id]);
		await expect(getSession(ctx('gersPro'), past.id)).rejects.toBeInstanceOf(NotFoundError);
	});
});

describe('contributions, tags, answers and the queue', () => {
	it('records the phase from the session’s dates; tags are normalised and suggested; answers one level deep', async () => {
		const s = await createSession(ctx('ccasPro'), sessionInput({ title: 'Phases' }));
		clock = new Date('2026-06-05T09:00:00Z');
		const before = await contribute(
			ctx('cafPro'),
			s.id,
			contribution({ tags: '#Mobilité  Rurale, transport, Transport' })
		);
		clock = new Date('2026-06-10T15:00:00Z');
		const during = await contribute(
			ctx('ccasReader'),
			s.id,
			contribution({ body: 'Pendant', expertise: 'technique' })
		);
		clock = new Date('2026-06-10T15:05:00Z');
		const onBehalf = await contribute(
			ctx('ccasPro'),
			s.id,
			contribution({ body: 'Témoignage <script>alert(1)</script>', onBehalf: 'on', tags: ['Transport'] })
		);
		clock = new Date('2026-06-11T09:00:00Z');
		const after = await contribute(
			ctx('cafPro'),
			s.id,
			contribution({ body: 'Après', expertise: 'politique' })
		);
		expect([before.phase, during.phase, onBehalf.phase, after.phase]).toEqual([
			'before',
			'during',
			'during',
			'after'
		]);
		expect(before.tags).toEqual(['mobilité rurale', 'transport']);
		expect(onBehalf).toMatchObject({
			authorName: null,
			onBehalf: true,
			body: 'Témoignage <script>alert(1)</script>'
		});
		const [stored] = await rows<{ author_id: string | null }>(
			t.db,
			sql`select author_id from forum_contributions where id = ${onBehalf.id}`
		);
		expect(stored!.author_id).toBeNull();
		expect(await suggestedTags(ctx('ccasPro'), s.id)).toEqual(['transport', 'mobilité rurale']);
		// a facilitator may file notes in another phase; others may not choose
		clock = new Date('2026-06-11T09:01:00Z');
		const filed = await contribute(ctx('ccasPro'), s.id, contribution({ body: 'Note', phase: 'during' }));
		expect(filed.phase).toBe('during');
		clock = new Date('2026-06-11T09:02:00Z');
		const notFiled = await contribute(ctx('cafPro'), s.id, contribution({ body: 'Note 2', phase: 'before' }));
		expect(notFiled.phase).toBe('after');

		const answer = await contribute(
			ctx('ccasPro'),
			s.id,
			contribution({ body: 'Un transport à la demande existe.', parentId: before.id, expertise: 'technique' })
		);
		await expect(
			contribute(ctx('cafPro'), s.id, contribution({ body: 'Réponse à une réponse', parentId: answer.id }))
		).rejects.toMatchObject({ issues: [{ field: 'parentId', message: 'forums.answerOfAnswer' }] });
		await expect(contribute(ctx('cafPro'), s.id, contribution({ onBehalf: true }))).rejects.toMatchObject({
			issues: [{ field: 'onBehalf' }]
		});
		await expect(contribute(ctx('gersPro'), s.id, contribution())).rejects.toBeInstanceOf(NotFoundError);
		expect(() => contribution({ body: 'x'.repeat(4001) })).toThrow(/forums.bodyTooLong:4000/);

		const detail = await getSession(ctx('cafPro'), s.id);
		expect(detail.contributions.find((c) => c.id === before.id)!.answers.map((a) => a.id)).toEqual([
			answer.id
		]);
		expect(detail.contributions.some((c) => c.id === answer.id)).toBe(false);

		const queue = await unansweredQueue(ctx('ccasPro'), s.id);
		expect(queue.contributions.map((c) => c.id)).toEqual([
			during.id,
			onBehalf.id,
			after.id,
			filed.id,
			notFiled.id
		]);
		const tagged = await unansweredQueue(ctx('coordinator'), s.id, 'TRANSPORT');
		expect(tagged.contributions.map((c) => c.id)).toEqual([onBehalf.id]);
		await expect(unansweredQueue(ctx('cafPro'), s.id)).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('a facilitator may set the status by hand', async () => {
		clock = NOW;
		const s = await createSession(ctx('ccasPro'), sessionInput({ title: 'Statut' }));
		expect((await setStatus(ctx('ccasPro'), s.id, 'ended')).status).toBe('ended');
		expect((await setStatus(ctx('ccasPro'), s.id, null)).status).toBe('upcoming');
		await expect(setStatus(ctx('cafPro'), s.id, 'ended')).rejects.toBeInstanceOf(ForbiddenError);
	});
});

describe('a contribution becomes a need', () => {
	it('in one action, by a facilitator only, once', async () => {
		clock = NOW;
		const s = await createSession(
			ctx('ccasPro'),
			sessionInput({ title: 'Besoins', themes: ['mobilite--etre-accompagne-dans-son-parcours-mobilite'] })
		);
		const c = await contribute(
			ctx('cafPro'),
			s.id,
			contribution({
				body: 'Aucune aide au permis pour les plus de 26 ans',
				expertise: 'technique',
				tags: 'permis'
			})
		);
		await expect(contributionToNeed(ctx('cafPro'), s.id, c.id)).rejects.toBeInstanceOf(ForbiddenError);
		await expect(contributionToNeed(ctx('gersPro'), s.id, c.id)).rejects.toBeInstanceOf(NotFoundError);
		const first = await contributionToNeed(ctx('ccasPro'), s.id, c.id);
		expect(first).toMatchObject({ created: true, contribution: { needId: first.need.id } });
		const again = await contributionToNeed(ctx('ccasPro'), s.id, c.id);
		expect(again).toMatchObject({ created: false, need: { id: first.need.id } });
		const { needs } = await listNeeds(ctx('coordinator'), { limit: 50, source: 'forum' });
		expect(needs.filter((n) => n.evidence.contributionId === c.id)).toEqual([
			expect.objectContaining({
				title: 'Aucune aide au permis pour les plus de 26 ans',
				source: 'forum',
				expertise: 'technique',
				territoryType: 'commune',
				territoryCode: '46042',
				themes: ['mobilite--etre-accompagne-dans-son-parcours-mobilite'],
				reportedByOrganisationId: ccas
			})
		]);
		expect((await unansweredQueue(ctx('ccasPro'), s.id)).contributions.map((x) => x.id)).not.toContain(c.id);
		const shown = (await getSession(ctx('cafPro'), s.id)).contributions.find((x) => x.id === c.id);
		expect(shown!.needId).toBe(first.need.id);
	});

	it('a facilitator without an organisation gets a French conflict; an unknown contribution a 404', async () => {
		const s = await createSession(
			ctx('coordinator'),
			sessionInput({ title: 'Coordination seule', territoryType: 'departement', territoryCode: '46' })
		);
		const c = await contribute(ctx('cafPro'), s.id, contribution());
		await expect(contributionToNeed(ctx('coordinator'), s.id, c.id)).rejects.toBeInstanceOf(ConflictError);
		await expect(
			contributionToNeed(ctx('coordinator'), s.id, '00000000-0000-4000-8000-0000000000aa')
		).rejects.toBeInstanceOf(NotFoundError);
	});

	it('writes nothing when the audit entry fails', async () => {
		const s = await createSession(ctx('ccasPro'), sessionInput({ title: 'Panne' }));
		const c = await contribute(ctx('cafPro'), s.id, contribution({ body: 'Panne simulée' }));
		const before = await fingerprint(t.db);
		const restore = await failInsertsAfter(t.db, 'audit_events', 0, {
			when: `new.action = 'forum.contribution.need'`
		});
		try {
			await expect(contributionToNeed(ctx('ccasPro'), s.id, c.id)).rejects.toThrow();
		} finally {
			await restore();
		}
		expect(await fingerprint(t.db)).toEqual(before);
	});
});
