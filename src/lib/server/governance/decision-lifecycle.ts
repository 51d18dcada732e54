import type { Context } from '../context';
import { NotFoundError, ValidationError, type FieldIssue } from '../errors';
import { authorize } from '../policy/policy';
import { audit } from '../audit/service';
import { inTransaction } from '../db/transaction';
import type { DecisionStatus } from './schema';
import * as repo from './register-repository';
import { insertDecisionHistory } from './repository';
import { getDecision, readableDecision } from './register';
import type { DecisionPatch, DecisionStatusInput } from './decision-lifecycle-validation';

/**
 * The life of a decision after it was taken (issue 10 §5–6): its text, outcome and review date are corrected,
 * its status moves on (amended or reversed by a later decision, carried out), and every change is kept in
 * decision_history with who, when, the fields before and after and the reason. Nothing is ever deleted.
 */

/** Where a status may go. Amended and reversed are final: a later decision carries the matter on. */
export const TRANSITIONS: Record<DecisionStatus, readonly DecisionStatus[]> = {
	in_force: ['amended', 'reversed', 'carried_out'],
	// « carried out » too soon: back in force, with a reason
	carried_out: ['in_force'],
	amended: [],
	reversed: []
};

const EDITABLE = ['title', 'text', 'outcome', 'reviewOn'] as const;

/** The stored decision, locked, once the actor is known to be allowed to change it. */
async function changeable(ctx: Context, id: string) {
	const { access } = await readableDecision(ctx, id);
	authorize(ctx.actor, 'update', 'decision', access.target);
	const row = await repo.lockDecision(ctx.db, id);
	if (!row) throw new NotFoundError('decision', id);
	return row;
}

/** PATCH: only the fields sent change; a decision no longer in force is not rewritten (a new one is taken). */
export async function updateDecision(ctx: Context, id: string, patch: DecisionPatch) {
	await inTransaction(ctx, async (tx) => {
		const row = await changeable(tx, id);
		const changes: Record<string, [unknown, unknown]> = {};
		for (const field of EDITABLE) {
			const after = patch[field];
			if (after === undefined || after === row[field]) continue;
			changes[field] = [row[field], after];
		}
		if (!Object.keys(changes).length) return;
		const issues: FieldIssue[] = [];
		if (row.status !== 'in_force')
			issues.push({ field: Object.keys(changes)[0]!, message: 'decisions.notInForce' });
		const reviewOn = 'reviewOn' in changes ? (patch.reviewOn ?? null) : row.reviewOn;
		if (reviewOn && reviewOn < row.decidedOn)
			issues.push({ field: 'reviewOn', message: 'decisions.reviewBeforeDecision' });
		if (issues.length) throw new ValidationError(issues);
		await repo.updateDecision(
			tx.db,
			id,
			Object.fromEntries(Object.entries(changes).map(([k, [, after]]) => [k, after]))
		);
		await insertDecisionHistory(tx.db, {
			decisionId: id,
			changedBy: tx.actor.user?.id ?? null,
			kind: 'update',
			changes,
			reason: patch.reason ?? null
		});
		await audit(tx, {
			action: 'decision.update',
			objectType: 'decision',
			objectId: id,
			details: { fields: Object.keys(changes) }
		});
	});
	return getDecision(ctx, id);
}

/**
 * Moves the status on, with a reason. « Amended » names the new decision that amends this one (required),
 * « reversed » may name the one that reverses it: that decision, of the same cooperation, taken on or after this
 * one and superseding nothing else, gets supersedes_id = this one (with its own history line).
 */
export async function changeDecisionStatus(ctx: Context, id: string, input: DecisionStatusInput) {
	await inTransaction(ctx, async (tx) => {
		const row = await changeable(tx, id);
		const from = row.status as DecisionStatus;
		if (!TRANSITIONS[from].includes(input.status))
			throw new ValidationError([{ field: 'status', message: `decisions.transition.${from}` }]);
		const byId = input.status === 'amended' || input.status === 'reversed' ? input.byDecisionId : undefined;
		if (input.status === 'amended' && !byId)
			throw new ValidationError([{ field: 'byDecisionId', message: 'decisions.byDecisionRequired' }]);
		if (byId) {
			const by = await repo.lockDecision(tx.db, byId);
			const wrong =
				!by || by.id === id || by.cooperationId !== row.cooperationId
					? 'decisions.byDecisionUnknown'
					: by.decidedOn < row.decidedOn
						? 'decisions.byDecisionEarlier'
						: by.supersedesId && by.supersedesId !== id
							? 'decisions.byDecisionSupersedesOther'
							: null;
			if (wrong) throw new ValidationError([{ field: 'byDecisionId', message: wrong }]);
			if (by!.supersedesId !== id) {
				await repo.updateDecision(tx.db, byId, { supersedesId: id });
				await insertDecisionHistory(tx.db, {
					decisionId: byId,
					changedBy: tx.actor.user?.id ?? null,
					kind: 'update',
					changes: { supersedesId: [null, id] },
					reason: input.reason
				});
			}
		}
		await repo.updateDecision(tx.db, id, { status: input.status });
		await insertDecisionHistory(tx.db, {
			decisionId: id,
			changedBy: tx.actor.user?.id ?? null,
			kind: 'status',
			changes: { status: [from, input.status], ...(byId ? { byDecisionId: [null, byId] } : {}) },
			reason: input.reason
		});
		await audit(tx, {
			action: 'decision.status',
			objectType: 'decision',
			objectId: id,
			details: { from, to: input.status, byDecisionId: byId ?? null }
		});
	});
	return getDecision(ctx, id);
}
