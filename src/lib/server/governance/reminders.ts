import type { Context } from '../context';
import { nowOf } from '../context';
import { inTransaction } from '../db/transaction';
import { notify } from '../notifications/service';
import { frenchDate, isoWeek, parisDay } from '../jobs/clock';
import {
	chairsOf,
	decisionsToReview,
	managersOf,
	overdueActions,
	type DecisionToReview,
	type OverdueAction
} from './reminders-queries';

/*
 * Reminders of governance (issue 10 §7), run daily by the queue (governance/jobs.ts).
 * - An overdue action (due before today, Paris time, still open or in progress) is reminded to its owner once per
 *   ISO week (dedupe key `governance.action.overdue:<action>:<week>`): a daily digest reader hears of it weekly, not
 *   every morning.
 * - The chair of the body's next meeting (or else its last one) gets one summary per body per week listing the body's
 *   overdue actions (`governance.actions.overdue-summary:<body>:<week>`).
 * - A decision in force whose review date has come is reminded to the body's chair and direction-level members,
 *   once per decision and review date (`governance.decision.review:<decision>:<reviewOn>`).
 * Confidentiality: for a « partage de situations » body, only people sitting in it today hear of it.
 */

const CONFIDENTIAL = 'partage_situations';
const NNBSP = '\u202f';

export interface ReminderRunResult {
	ownerReminders: number;
	chairSummaries: number;
	reviewReminders: number;
}

const actionUrl = (a: Pick<OverdueAction, 'cooperationId' | 'id'>) =>
	`/cooperations/${a.cooperationId}/instances/actions#action-${a.id}`;
const decisionUrl = (d: Pick<DecisionToReview, 'cooperationId' | 'id'>) =>
	`/cooperations/${d.cooperationId}/decisions/${d.id}`;

export function ownerReminderText(action: OverdueAction): string {
	const where = action.bodyName ? `${action.cooperationName} — ${action.bodyName}` : action.cooperationName;
	return `Échéance dépassée depuis le ${frenchDate(action.dueOn)} (${where}).`;
}

export function chairSummaryText(actions: OverdueAction[]): string {
	return [
		`${actions.length === 1 ? 'Une action est' : `${actions.length} actions sont`} en retard${NNBSP}:`,
		...actions.map((a) => `– ${a.title} (${a.ownerName}, échéance le ${frenchDate(a.dueOn)})`)
	].join('\n');
}

/** Overdue actions: the owner's reminder and the chair's summary, per body, each body in its own transaction. */
export async function remindOverdueActions(
	ctx: Pick<Context, 'db' | 'now'>
): Promise<Omit<ReminderRunResult, 'reviewReminders'>> {
	const now = nowOf(ctx);
	const today = parisDay(now);
	const week = isoWeek(today);
	const overdue = await overdueActions(ctx.db, today);
	const bodyIds = [...new Set(overdue.map((a) => a.bodyId).filter((id): id is string => !!id))];
	const chairs = await chairsOf(ctx.db, bodyIds, now, today);
	const byBody = new Map<string, OverdueAction[]>();
	for (const a of overdue)
		byBody.set(a.bodyId ?? `none:${a.id}`, [...(byBody.get(a.bodyId ?? `none:${a.id}`) ?? []), a]);
	const result = { ownerReminders: 0, chairSummaries: 0 };
	for (const [key, actions] of byBody) {
		await inTransaction(ctx, async (tx) => {
			for (const action of actions) {
				if (action.bodyKind === CONFIDENTIAL && action.ownerOutsideBody) continue;
				const recorded = await notify(tx, {
					kind: 'governance.action.overdue',
					title: `Action en retard${NNBSP}: ${action.title}`,
					text: ownerReminderText(action),
					url: actionUrl(action),
					cooperationId: action.cooperationId,
					bodyId: action.bodyId,
					recipients: [action.ownerUserId],
					dedupeKey: `governance.action.overdue:${action.id}:${week}`
				});
				if (recorded) result.ownerReminders++;
			}
			const first = actions[0]!;
			const chair = first.bodyId ? chairs.get(first.bodyId) : undefined;
			if (!first.bodyId || !chair) return;
			const recorded = await notify(tx, {
				kind: 'governance.actions.overdue-summary',
				title: `${first.bodyName}${NNBSP}: ${actions.length} action${actions.length > 1 ? 's' : ''} en retard`,
				text: chairSummaryText(actions),
				url: `/cooperations/${first.cooperationId}/instances/actions`,
				cooperationId: first.cooperationId,
				bodyId: first.bodyId,
				recipients: [chair],
				dedupeKey: `governance.actions.overdue-summary:${key}:${week}`
			});
			if (recorded) result.chairSummaries++;
		});
	}
	return result;
}

/** Decisions whose review date has come: one reminder to the body's chair and managers per decision and date. */
export async function remindDecisionReviews(ctx: Pick<Context, 'db' | 'now'>): Promise<number> {
	const now = nowOf(ctx);
	const today = parisDay(now);
	const due = await decisionsToReview(ctx.db, today);
	const bodyIds = [...new Set(due.map((d) => d.bodyId))];
	const [chairs, managers] = await Promise.all([
		chairsOf(ctx.db, bodyIds, now, today),
		managersOf(ctx.db, bodyIds, today)
	]);
	let count = 0;
	await inTransaction(ctx, async (tx) => {
		for (const decision of due) {
			const chair = chairs.get(decision.bodyId);
			const recipients = [...(chair ? [chair] : []), ...(managers.get(decision.bodyId) ?? [])];
			if (!recipients.length) continue;
			const recorded = await notify(tx, {
				kind: 'governance.decision.review',
				title: `Décision à réexaminer${NNBSP}: ${decision.title}`,
				text: `Décidée le ${frenchDate(decision.decidedOn)} par ${decision.bodyName}, à réexaminer depuis le ${frenchDate(decision.reviewOn)}${NNBSP}: maintenir, modifier ou abroger.`,
				url: decisionUrl(decision),
				cooperationId: decision.cooperationId,
				bodyId: decision.bodyId,
				recipients,
				dedupeKey: `governance.decision.review:${decision.id}:${decision.reviewOn}`
			});
			if (recorded) count++;
		}
	});
	return count;
}

export async function runGovernanceReminders(ctx: Pick<Context, 'db' | 'now'>): Promise<ReminderRunResult> {
	const actions = await remindOverdueActions(ctx);
	return { ...actions, reviewReminders: await remindDecisionReviews(ctx) };
}
