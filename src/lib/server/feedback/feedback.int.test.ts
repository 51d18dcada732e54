import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { actorWith } from '../testing/actors';
import { rows } from '../db/client';
import { ANONYMOUS, type Actor } from '../policy/actor';
import { ForbiddenError } from '../policy/policy';
import { RateLimitError, ValidationError } from '../errors';
import { parseInput } from '../api/errors';
import type { Context } from '../context';
import { insertOrganisation, upsertMembership } from '../organisations/repository';
import { createService, createStructure } from '../directory/service';
import { serviceInputSchema } from '../directory/validation';
import {
	ANSWER_DELAY_MS,
	MAX_FEEDBACK_PER_ADDRESS,
	answerFeedback,
	approvedFeedbackInScope,
	feedbackToNeed,
	moderateFeedback,
	moderationQueue,
	organisationFeedback,
	publishedFeedbackOfService,
	resetFeedbackRateLimit,
	submitFeedback
} from './service';
import { feedbackInputSchema } from './validation';
import { failInsertsAfter, fingerprint } from '../testing/failures';

/** Issue 12 §8: feedback left without an account, de-identified, moderated by coordinators, answered by the owner. */

let t: TestDatabase;
let ccas: string;
let caf: string;
let serviceId: string;
const IP = '203.0.113.42';
const EDITOR = '00000000-0000-4000-8000-0000000000a1';
const READER = '00000000-0000-4000-8000-0000000000a2';
const STRANGER = '00000000-0000-4000-8000-0000000000a3';
const LOT = '00000000-0000-4000-8000-0000000000a4';
const GERS = '00000000-0000-4000-8000-0000000000a5';
const ADMIN = '00000000-0000-4000-8000-0000000000a6';

const ctxOf = (actor: Actor, ip?: string): Context => ({ db: t.db, actor, ip });
const member = (organisationId: string, role: 'admin' | 'member' | 'reader', id: string) =>
	ctxOf(actorWith([{ organisationId, role, territory: { type: 'commune', code: '46042' } }], { id }));
const editor = () => member(ccas, 'member', EDITOR);
const reader = () => member(ccas, 'reader', READER);
const stranger = () => member(caf, 'admin', STRANGER);
/** coordinator of the Lot, also a member of the CAF (in whose name the need is recorded) */
const lotCoordinator = () =>
	ctxOf(
		actorWith([{ organisationId: caf, role: 'member', territory: { type: 'departement', code: '46' } }], {
			id: LOT,
			coordinations: [{ type: 'departement', code: '46' }]
		})
	);
const gersCoordinator = () =>
	ctxOf(actorWith([], { id: GERS, coordinations: [{ type: 'departement', code: '32' }] }));
const admin = () => ctxOf(actorWith([], { instanceAdmin: true, id: ADMIN }));
const anonymous = (ip = IP) => ctxOf(ANONYMOUS, ip);
const input = (raw: Record<string, unknown>) => feedbackInputSchema.parse(raw);

const TEXT =
	'Le 12/03/2024, Mme Durand (durand@example.fr, 06 12 34 56 78) m’a reçue à Cahors ; je m’appelle Sophie et rien n’a bougé.';

beforeAll(async () => {
	t = await createTestDatabase();
	for (const [id, name] of [
		[EDITOR, 'Théo Travailleur social'],
		[READER, 'Lucie Lectrice'],
		[STRANGER, 'Joël de la CAF'],
		[LOT, 'Claire Coordinatrice'],
		[GERS, 'Paul du Gers'],
		[ADMIN, 'Admin']
	])
		await t.db.execute(
			sql`insert into users (id, email, display_name) values (${id}, ${`${id}@example.fr`}, ${name})`
		);
	const org = (name: string, slug: string) =>
		insertOrganisation(t.db, {
			name,
			slug,
			kind: 'autre',
			territoryType: 'commune',
			territoryCode: '46042'
		}).then((o) => o.id);
	ccas = await org('CCAS de Cahors', 'ccas-avis');
	caf = await org('CAF du Lot', 'caf-avis');
	await upsertMembership(t.db, EDITOR, ccas, 'member');
	await upsertMembership(t.db, READER, ccas, 'reader');
	await upsertMembership(t.db, STRANGER, caf, 'admin');
	await upsertMembership(t.db, LOT, caf, 'member');
	const structure = await createStructure(admin(), {
		name: 'CCAS de Cahors',
		description: '',
		organisationId: ccas,
		communeCode: '46042',
		networks: []
	});
	serviceId = (
		await createService(
			admin(),
			serviceInputSchema.parse({
				structureId: structure.id,
				name: 'Aide alimentaire d’urgence',
				description: 'Colis alimentaires pour les foyers en difficulté passagère.',
				communeCode: '46042',
				thematiques: ['equipement-et-alimentation--alimentation']
			})
		)
	).id;
});
afterAll(() => t.drop());
beforeEach(() => resetFeedbackRateLimit());

async function submitted(text = TEXT) {
	const sent = await submitFeedback(
		anonymous(),
		{ serviceId },
		input({ useful: 'non', text, 'missing.horaires': 'on' })
	);
	if (!sent.stored) throw new Error('not stored');
	return sent.id;
}

describe('feedback', () => {
	it('is stored de-identified, with neither the original text nor the address anywhere', async () => {
		const id = await submitted();
		const [row] = await rows<Record<string, unknown>>(t.db, sql`select * from feedback where id = ${id}`);
		expect(row).toMatchObject({
			service_id: serviceId,
			organisation_id: ccas,
			commune_code: '46042',
			departement_code: '46',
			useful: false,
			missing: ['horaires'],
			status: 'pending',
			text: 'Le [date retirée], Mme [nom retiré] ([courriel retiré], [téléphone retiré]) m’a reçue à Cahors ; je m’appelle [nom retiré] et rien n’a bougé.'
		});
		const dump = JSON.stringify(row);
		for (const secret of ['Durand', 'durand@example.fr', '06 12 34 56 78', 'Sophie', '12/03/2024', IP])
			expect(dump).not.toContain(secret);
		const audits = await rows<Record<string, unknown>>(
			t.db,
			sql`select * from audit_events where object_type = 'feedback' and object_id = ${id}`
		);
		expect(audits).toHaveLength(1);
		expect(audits[0]).toMatchObject({ action: 'feedback.create', ip: null });
		expect(JSON.stringify(audits)).not.toContain(IP);
		expect(JSON.stringify(audits)).not.toContain('Durand');
	});

	it('refuses more than 1,000 words with a message naming the field, and stores nothing', async () => {
		const before = await rows<{ n: number }>(t.db, sql`select count(*)::int as n from feedback`);
		const long = Array.from({ length: 1001 }, () => 'mot').join(' ');
		const parsed = parseInput(feedbackInputSchema, { text: long });
		expect(parsed.success).toBe(false);
		if (!parsed.success)
			expect(parsed.issues).toEqual([{ field: 'text', message: 'feedback.tooManyWords:1001' }]);
		expect(parseInput(feedbackInputSchema, { text: long.slice(4) }).success).toBe(true);
		expect(await rows(t.db, sql`select count(*)::int as n from feedback`)).toEqual(before);
	});

	it('is rate-limited per address in memory, with a French message key; another address still gets through', async () => {
		for (let i = 0; i < MAX_FEEDBACK_PER_ADDRESS; i++)
			await submitFeedback(anonymous('198.51.100.9'), { serviceId }, input({ useful: 'oui' }));
		const refused = submitFeedback(anonymous('198.51.100.9'), { serviceId }, input({ useful: 'oui' }));
		await expect(refused).rejects.toBeInstanceOf(RateLimitError);
		await expect(refused).rejects.toMatchObject({ status: 429, messageKey: 'feedback.errors.rateLimited' });
		expect(
			(await submitFeedback(anonymous('198.51.100.10'), { serviceId }, input({ useful: 'oui' }))).stored
		).toBe(true);
	});

	it('a filled honeypot is answered as a success and stored nowhere', async () => {
		const before = await rows(t.db, sql`select count(*)::int as n from feedback`);
		const sent = await submitFeedback(
			anonymous(),
			{ serviceId },
			input({ text: 'Achetez !', precision: 'x' })
		);
		expect(sent).toEqual({ stored: false });
		expect(await rows(t.db, sql`select count(*)::int as n from feedback`)).toEqual(before);
	});

	it('on a life event, needs the commune and takes its thématiques', async () => {
		await expect(
			submitFeedback(anonymous(), { lifeEventSlug: 'je-perds-mon-logement' }, input({ useful: 'oui' }))
		).rejects.toBeInstanceOf(ValidationError);
		const sent = await submitFeedback(
			anonymous(),
			{ lifeEventSlug: 'je-perds-mon-logement' },
			input({ useful: 'oui', communeCode: '46102' })
		);
		const id = sent.stored ? sent.id : '';
		const [row] = await rows<{ commune_code: string; organisation_id: string | null; thematiques: string[] }>(
			t.db,
			sql`select commune_code, organisation_id, thematiques from feedback where id = ${id}`
		);
		expect(row).toMatchObject({ commune_code: '46102', organisation_id: null });
		expect(row!.thematiques).toContain('logement-hebergement--se-maintenir-dans-le-logement');
	});

	it('is moderated by the coordinators of its place only; pending feedback is invisible to partners', async () => {
		const id = await submitted('Accueil très long, Monsieur Martin était absent.');
		// partners (even the owner's) do not see it before approval
		expect(
			(await organisationFeedback(editor(), ccas, { limit: 50, offset: 0 })).items.map((f) => f.id)
		).not.toContain(id);
		// the queue of the Lot has it, the Gers' not
		expect((await moderationQueue(lotCoordinator(), { limit: 50, offset: 0 })).map((f) => f.id)).toContain(
			id
		);
		expect(await moderationQueue(gersCoordinator(), { limit: 50, offset: 0 })).toEqual([]);
		await expect(moderationQueue(editor(), { limit: 50, offset: 0 })).rejects.toBeInstanceOf(ForbiddenError);
		for (const ctx of [editor(), stranger(), gersCoordinator(), anonymous()])
			await expect(moderateFeedback(ctx, id, { decision: 'approve' })).rejects.toBeInstanceOf(ForbiddenError);

		// the coordinator edits the text further (de-identified again) and approves it
		const approved = await moderateFeedback(lotCoordinator(), id, {
			decision: 'approve',
			text: 'Accueil très long le 3 mars, Monsieur Martin était absent. <script>alert(1)</script>'
		});
		expect(approved.status).toBe('approved');
		expect(approved.text).toBe(
			'Accueil très long le [date retirée], Monsieur [nom retiré] était absent. <script>alert(1)</script>'
		);
		await expect(
			moderateFeedback(lotCoordinator(), id, { decision: 'reject', reason: 'x' })
		).rejects.toBeInstanceOf(ValidationError);
		// now the owner's members (reader too) see it; another organisation cannot read the owner's list
		expect(
			(await organisationFeedback(reader(), ccas, { limit: 50, offset: 0 })).items.map((f) => f.id)
		).toContain(id);
		await expect(organisationFeedback(stranger(), ccas, { limit: 50, offset: 0 })).rejects.toBeInstanceOf(
			ForbiddenError
		);
	});

	it('rejected with a reason never reaches partners', async () => {
		const id = await submitted('Ceci est une publicité.');
		expect(parseInput((await import('./validation')).moderationSchema, { decision: 'reject' }).success).toBe(
			false
		);
		const emptied = await submitted('Un texte que la modération retire entièrement.');
		const emptiedInput = parseInput((await import('./validation')).moderationSchema, {
			decision: 'approve',
			text: '  '
		});
		if (!emptiedInput.success) throw new Error('invalid');
		expect((await moderateFeedback(lotCoordinator(), emptied, emptiedInput.data)).text).toBe('');
		const rejected = await moderateFeedback(lotCoordinator(), id, {
			decision: 'reject',
			reason: 'Publicité'
		});
		expect(rejected).toMatchObject({ status: 'rejected', rejectReason: 'Publicité' });
		expect(
			(await organisationFeedback(editor(), ccas, { limit: 50, offset: 0 })).items.map((f) => f.id)
		).not.toContain(id);
	});

	it('is answered by the owning organisation’s editors only, and published after the answer or after the delay', async () => {
		const id = await submitted('Personne n’a rappelé.');
		await expect(answerFeedback(editor(), id, { answer: 'Nous vous rappelons.' })).rejects.toBeInstanceOf(
			ValidationError
		);
		await moderateFeedback(lotCoordinator(), id, { decision: 'approve' });
		// approved but neither answered nor old enough: not public yet
		expect((await publishedFeedbackOfService(anonymous(), serviceId)).map((f) => f.id)).not.toContain(id);
		const later = (ms: number): Context => ({ ...anonymous(), now: () => new Date(Date.now() + ms) });
		expect(
			(await publishedFeedbackOfService(later(ANSWER_DELAY_MS + 60_000), serviceId)).map((f) => f.id)
		).toContain(id);
		for (const ctx of [reader(), stranger(), lotCoordinator(), anonymous()])
			await expect(answerFeedback(ctx, id, { answer: 'Non.' })).rejects.toBeInstanceOf(ForbiddenError);
		const answered = await answerFeedback(editor(), id, { answer: 'Désolés, nous avons changé de numéro.' });
		expect(answered.answer).toBe('Désolés, nous avons changé de numéro.');
		const published = await publishedFeedbackOfService(anonymous(), serviceId);
		expect(published.find((f) => f.id === id)?.answer).toBe('Désolés, nous avons changé de numéro.');
		const [audit] = await rows<{ actor_user_id: string }>(
			t.db,
			sql`select actor_user_id from audit_events where action = 'feedback.answer' and object_id = ${id}`
		);
		expect(audit?.actor_user_id).toBe(EDITOR);
	});

	it('becomes a need in one action of a coordinator of its place, and keeps the need’s id', async () => {
		const id = await submitted('Aucune aide le week-end à Cahors.');
		await expect(feedbackToNeed(gersCoordinator(), id)).rejects.toBeInstanceOf(ForbiddenError);
		await expect(feedbackToNeed(editor(), id)).rejects.toBeInstanceOf(ForbiddenError);
		const { needId, feedback } = await feedbackToNeed(lotCoordinator(), id);
		expect(feedback.needId).toBe(needId);
		const [need] = await rows<Record<string, unknown>>(t.db, sql`select * from needs where id = ${needId}`);
		expect(need).toMatchObject({
			source: 'user_feedback',
			territory_type: 'commune',
			territory_code: '46042',
			themes: ['equipement-et-alimentation--alimentation'],
			reported_by_organisation_id: caf,
			description: 'Aucune aide le week-end à Cahors.'
		});
		await expect(feedbackToNeed(lotCoordinator(), id)).rejects.toBeInstanceOf(ValidationError);
	});

	it('the API list holds approved feedback of one’s organisations and coordinated places only', async () => {
		const pending = await submitted('Encore en attente de relecture.');
		const approved = await submitted('Relu et approuvé.');
		await moderateFeedback(lotCoordinator(), approved, { decision: 'approve' });
		const page = { limit: 100, offset: 0 };
		const ids = async (ctx: Context) => (await approvedFeedbackInScope(ctx, page)).map((f) => f.id);
		for (const ctx of [reader(), lotCoordinator()]) {
			expect(await ids(ctx)).toContain(approved);
			expect(await ids(ctx)).not.toContain(pending);
		}
		expect(await ids(stranger())).toEqual([]);
		expect(await ids(gersCoordinator())).toEqual([]);
		await expect(approvedFeedbackInScope(anonymous(), page)).rejects.toMatchObject({ status: 401 });
	});

	it('a use case whose last audit entry fails leaves every table as it was', async () => {
		const id = await submitted('Pas de permanence le soir.');
		const cases: [string, () => Promise<unknown>, number][] = [
			['submit', () => submitFeedback(anonymous('192.0.2.77'), { serviceId }, input({ useful: 'oui' })), 0],
			['approve', () => moderateFeedback(lotCoordinator(), id, { decision: 'approve', text: 'Édité.' }), 0],
			// the need's own audit entry passes, the feedback's fails: the need goes too
			['need', () => feedbackToNeed(lotCoordinator(), id), 1]
		];
		for (const [name, run, passing] of cases) {
			const before = await fingerprint(t.db);
			const restore = await failInsertsAfter(t.db, 'audit_events', passing);
			const outcome = await run().then(
				() => 'committed',
				(e: Error) => e
			);
			await restore();
			expect(outcome, name).toBeInstanceOf(Error);
			expect(await fingerprint(t.db), name).toEqual(before);
		}
	});
});
