import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { actorWith } from '../testing/actors';
import { rows } from '../db/client';
import type { Actor } from '../policy/actor';
import type { Context } from '../context';
import { parseOrThrow } from '../api/errors';
import { failInsertsAfter } from '../testing/failures';
import { changeDecisionStatus, updateDecision } from './decision-lifecycle';
import { decisionPatchSchema, decisionStatusInputSchema } from './decision-lifecycle-validation';
import { getDecision } from './register';
import * as repo from './repository';
import * as f from './register-fixtures';

/** Issue 10 §5: a decision is corrected, amended, reversed or carried out — every change kept, nothing deleted. */

let t: TestDatabase;
const PILOT = '00000000-0000-4000-8000-000000000201';
const CONTRIBUTOR = '00000000-0000-4000-8000-000000000202';
const COORD = '00000000-0000-4000-8000-000000000203';
const ADMIN = '00000000-0000-4000-8000-000000000204';
const CELL_OUTSIDER = '00000000-0000-4000-8000-000000000205';
let dep: string, caf: string, coop: string, copil: string, cell: string;

const ctxOf = (actor: Actor): Context => ({ db: t.db, actor, now: () => new Date('2026-06-15T10:00:00Z') });
const pilot = () => ctxOf(actorWith([{ organisationId: dep, role: 'member' }], { id: PILOT }));
const contributor = () => ctxOf(actorWith([{ organisationId: caf, role: 'admin' }], { id: CONTRIBUTOR }));
const pilotReader = () => ctxOf(actorWith([{ organisationId: dep, role: 'reader' }], { id: CELL_OUTSIDER }));
const coordinator = () =>
	ctxOf(actorWith([], { id: COORD, coordinations: [{ type: 'departement', code: '46' }] }));
const admin = () => ctxOf(actorWith([], { id: ADMIN, instanceAdmin: true }));
const patch = (raw: Record<string, unknown>) => parseOrThrow(decisionPatchSchema, raw);
const status = (raw: Record<string, unknown>) => parseOrThrow(decisionStatusInputSchema, raw);
const newDecision = (title: string, decidedOn = '2026-03-10', bodyId = copil) =>
	f.decision(t.db, coop, bodyId, {
		title,
		text: `${title} : texte adopté en séance.`,
		decidedOn,
		outcome: 'adopté'
	});
const historyOf = (id: string) =>
	rows<{
		kind: string;
		changes: Record<string, [unknown, unknown]>;
		reason: string | null;
		changed_by: string;
	}>(
		t.db,
		sql`select kind, changes, reason, changed_by from decision_history where decision_id = ${id} order by changed_at, id`
	);
const auditsOf = (id: string) =>
	rows<{ action: string; details: Record<string, unknown> }>(
		t.db,
		sql`select action, details from audit_events where object_id = ${id} order by id`
	);
const issuesOf = async (run: Promise<unknown>) => {
	try {
		await run;
		return [];
	} catch (e) {
		return (
			(e as { issues?: { field: string; message: string }[] }).issues ?? [{ field: '?', message: String(e) }]
		).map((i) => `${i.field}:${i.message}`);
	}
};

beforeAll(async () => {
	t = await createTestDatabase();
	for (const [id, name] of [
		[PILOT, 'Paule Pilote'],
		[CONTRIBUTOR, 'Cyril Contributeur'],
		[COORD, 'Coralie Coordinatrice'],
		[ADMIN, 'Admin'],
		[CELL_OUTSIDER, 'Octave']
	])
		await f.insertUser(t.db, id!, name!);
	dep = await f.insertOrg(t.db, 'Département du Lot', 'cd46');
	caf = await f.insertOrg(t.db, 'CAF du Lot', 'caf46');
	await f.member(t.db, PILOT, dep, 'member');
	await f.member(t.db, CELL_OUTSIDER, dep, 'reader');
	await f.member(t.db, CONTRIBUTOR, caf, 'admin');
	coop = await f.cooperationWith(t.db, {
		name: 'Réseau violences intrafamiliales du Lot',
		territoryType: 'departement',
		territoryCode: '46',
		adminId: ADMIN,
		parties: [
			{ organisationId: dep, role: 'pilote' },
			{ organisationId: caf, role: 'contributeur' }
		]
	});
	copil = await f.body(t.db, coop, 'Comité de pilotage', 'pilotage');
	cell = await f.body(t.db, coop, 'Cellule de partage de situations', 'partage_situations');
	await f.seat(t.db, cell, PILOT, dep);
});
afterAll(() => t.drop());

describe('correcting a decision (PATCH)', () => {
	it('changes only the fields sent and keeps before/after, who, when and why in the history', async () => {
		const id = await newDecision('Création d’un numéro unique');
		await repo.insertAction(t.db, {
			cooperationId: coop,
			decisionId: id,
			title: 'Ouvrir la ligne téléphonique',
			ownerUserId: PILOT,
			ownerOrganisationId: dep,
			dueOn: '2026-09-01'
		});
		const after = await updateDecision(
			pilot(),
			id,
			patch({ reviewOn: '2026-12-01', outcome: 'adopté avec réserves', reason: 'Oubli du compte rendu' })
		);
		expect(after).toMatchObject({
			title: 'Création d’un numéro unique',
			text: 'Création d’un numéro unique : texte adopté en séance.',
			outcome: 'adopté avec réserves',
			reviewOn: '2026-12-01',
			status: 'in_force'
		});
		expect(after.actions.map((a) => a.title)).toEqual(['Ouvrir la ligne téléphonique']);
		expect(after.history).toHaveLength(1);
		expect(await historyOf(id)).toEqual([
			{
				kind: 'update',
				changes: { outcome: ['adopté', 'adopté avec réserves'], reviewOn: [null, '2026-12-01'] },
				reason: 'Oubli du compte rendu',
				changed_by: PILOT
			}
		]);
		expect(await auditsOf(id)).toEqual([
			{ action: 'decision.update', details: { fields: ['outcome', 'reviewOn'] } }
		]);
		// the same values again, or nothing: no history line, no audit entry
		await updateDecision(pilot(), id, patch({ outcome: 'adopté avec réserves' }));
		await updateDecision(pilot(), id, patch({}));
		expect(await historyOf(id)).toHaveLength(1);
		// clearing the review date
		expect((await updateDecision(coordinator(), id, patch({ reviewOn: '' }))).reviewOn).toBeNull();
	});

	it('refuses a review date before the decision, with the field named, and writes nothing', async () => {
		const id = await newDecision('Réunions trimestrielles');
		expect(
			await issuesOf(
				updateDecision(pilot(), id, patch({ reviewOn: '2026-03-09', title: 'Réunions mensuelles' }))
			)
		).toEqual(['reviewOn:decisions.reviewBeforeDecision']);
		expect((await getDecision(pilot(), id)).title).toBe('Réunions trimestrielles');
		expect(await historyOf(id)).toEqual([]);
		expect(await issuesOf(Promise.resolve().then(() => patch({ reviewOn: '2026-02-31' })))).toEqual([
			'reviewOn:decisions.reviewOnInvalid'
		]);
		expect(await issuesOf(Promise.resolve().then(() => patch({ title: 'x' })))).toEqual([
			'title:decisions.titleTooShort'
		]);
	});

	it('only the managing parties and coordinators change a decision; a « partage » one, its members only', async () => {
		const id = await newDecision('Permanence commune');
		await expect(updateDecision(contributor(), id, patch({ outcome: 'rejeté' }))).rejects.toMatchObject({
			status: 403
		});
		await expect(updateDecision(pilotReader(), id, patch({ outcome: 'rejeté' }))).rejects.toMatchObject({
			status: 403
		});
		await expect(
			changeDecisionStatus(contributor(), id, status({ status: 'carried_out', reason: 'Fait' }))
		).rejects.toMatchObject({ status: 403 });
		expect((await updateDecision(admin(), id, patch({ outcome: 'adopté' }))).outcome).toBe('adopté');
		const secret = await newDecision('Situation de M. B.', '2026-03-10', cell);
		await expect(updateDecision(coordinator(), secret, patch({ outcome: 'ajourné' }))).rejects.toMatchObject({
			status: 404
		});
		expect((await updateDecision(pilot(), secret, patch({ outcome: 'ajourné' }))).outcome).toBe('ajourné');
		// refused attempts (and a PATCH that changes nothing) leave no audit entry
		expect(await auditsOf(id)).toEqual([]);
	});
});

describe('status changes', () => {
	it('carried out, back in force, then reversed: each with its reason; reversed is final', async () => {
		const id = await newDecision('Guide des partenaires');
		await changeDecisionStatus(pilot(), id, status({ status: 'carried_out', reason: 'Guide imprimé' }));
		await changeDecisionStatus(coordinator(), id, status({ status: 'in_force', reason: 'Guide à refaire' }));
		const reversed = await changeDecisionStatus(
			pilot(),
			id,
			status({ status: 'reversed', reason: 'Abandon du guide' })
		);
		expect(reversed.status).toBe('reversed');
		expect((await historyOf(id)).map((h) => [h.kind, h.changes.status, h.reason])).toEqual([
			['status', ['in_force', 'carried_out'], 'Guide imprimé'],
			['status', ['carried_out', 'in_force'], 'Guide à refaire'],
			['status', ['in_force', 'reversed'], 'Abandon du guide']
		]);
		expect(
			await issuesOf(changeDecisionStatus(pilot(), id, status({ status: 'in_force', reason: 'Retour' })))
		).toEqual(['status:decisions.transition.reversed']);
		// no longer in force: not corrected either
		expect(await issuesOf(updateDecision(pilot(), id, patch({ outcome: 'autre' })))).toEqual([
			'outcome:decisions.notInForce'
		]);
		expect((await auditsOf(id)).map((a) => a.action)).toEqual([
			'decision.status',
			'decision.status',
			'decision.status'
		]);
	});

	it('a reason is required; a status that does not follow is refused', async () => {
		const id = await newDecision('Charte graphique');
		expect(
			await issuesOf(Promise.resolve().then(() => status({ status: 'carried_out', reason: ' ' })))
		).toEqual(['reason:decisions.reasonRequired']);
		expect(
			await issuesOf(Promise.resolve().then(() => status({ status: 'abrogée', reason: 'Motif' })))
		).toEqual(['status:decisions.statusUnknown']);
		expect(
			await issuesOf(changeDecisionStatus(pilot(), id, status({ status: 'in_force', reason: 'Motif' })))
		).toEqual(['status:decisions.transition.in_force']);
		expect(await historyOf(id)).toEqual([]);
	});

	it('« amended by » a later decision of the same cooperation, which then supersedes it', async () => {
		const old = await newDecision('Horaires de la permanence', '2026-02-01');
		const earlier = await newDecision('Décision plus ancienne', '2026-01-15');
		const amending = await newDecision('Nouveaux horaires de la permanence', '2026-05-01');
		const amend = (byDecisionId?: string) =>
			changeDecisionStatus(
				pilot(),
				old,
				status({ status: 'amended', reason: 'Horaires élargis', byDecisionId })
			);
		expect(await issuesOf(amend())).toEqual(['byDecisionId:decisions.byDecisionRequired']);
		expect(await issuesOf(amend(earlier))).toEqual(['byDecisionId:decisions.byDecisionEarlier']);
		expect(await issuesOf(amend(old))).toEqual(['byDecisionId:decisions.byDecisionUnknown']);
		expect(await issuesOf(amend('00000000-0000-4000-8000-00000000ffff'))).toEqual([
			'byDecisionId:decisions.byDecisionUnknown'
		]);
		const amended = await amend(amending);
		expect(amended.status).toBe('amended');
		expect(amended.supersededBy.map((d) => d.id)).toEqual([amending]);
		const newer = await getDecision(pilot(), amending);
		expect(newer.supersedesId).toBe(old);
		expect(newer.history.map((h) => h.changes)).toEqual([{ supersedesId: [null, old] }]);
		expect((await historyOf(old)).at(-1)!.changes).toEqual({
			status: ['in_force', 'amended'],
			byDecisionId: [null, amending]
		});
		// a decision that already amends another cannot be named for a third one
		const third = await newDecision('Tarifs', '2026-02-01');
		expect(
			await issuesOf(
				changeDecisionStatus(
					pilot(),
					third,
					status({ status: 'reversed', reason: 'Motif', byDecisionId: amending })
				)
			)
		).toEqual(['byDecisionId:decisions.byDecisionSupersedesOther']);
	});

	it('all or nothing: when the audit entry fails, the status and the history stay as they were', async () => {
		const id = await newDecision('Annuaire partagé');
		const restore = await failInsertsAfter(t.db, 'audit_events', 0);
		try {
			await expect(
				changeDecisionStatus(pilot(), id, status({ status: 'carried_out', reason: 'Annuaire en ligne' }))
			).rejects.toThrow();
		} finally {
			await restore();
		}
		expect((await getDecision(pilot(), id)).status).toBe('in_force');
		expect(await historyOf(id)).toEqual([]);
	});
});
