import type { Context } from '../context';
import { nowOf } from '../context';
import { NotFoundError, ValidationError, type FieldIssue } from '../errors';
import { authorize, can, ForbiddenError } from '../policy/policy';
import { audit } from '../audit/service';
import { inTransaction } from '../db/transaction';
import { notify } from '../notifications/service';
import { membersAmong } from '../organisations/service';
import { cooperationAccess, type CooperationAccess } from '../cooperations/service';
import { isCurrent, todayOf } from './access';
import * as repo from './repository';
import type { ActionInput, ActionPatch } from './validation';

async function checkOwner(
	ctx: Context,
	access: CooperationAccess,
	ownerUserId: string,
	ownerOrganisationId: string
): Promise<FieldIssue[]> {
	if (!access.parties.some((p) => p.organisationId === ownerOrganisationId))
		return [{ field: 'ownerOrganisationId', message: 'governance.organisationNotParty' }];
	if (!(await repo.userExists(ctx.db, ownerUserId)))
		return [{ field: 'ownerUserId', message: 'governance.userUnknown' }];
	const inOrg = await membersAmong(ctx, ownerOrganisationId, [ownerUserId]);
	return inOrg.has(ownerUserId)
		? []
		: [{ field: 'ownerUserId', message: 'governance.userNotInOrganisation' }];
}

/** Where an action comes from must belong to the same cooperation (and the meeting to the body). */
async function checkOrigin(ctx: Context, cooperationId: string, input: ActionInput): Promise<FieldIssue[]> {
	const issues: FieldIssue[] = [];
	const body = input.bodyId ? await repo.findBody(ctx.db, input.bodyId) : undefined;
	if (input.bodyId && body?.cooperationId !== cooperationId)
		issues.push({ field: 'bodyId', message: 'governance.bodyUnknown' });
	if (input.meetingId) {
		const meeting = await repo.findMeeting(ctx.db, input.meetingId);
		if (!meeting || meeting.bodyId !== input.bodyId)
			issues.push({ field: 'meetingId', message: 'governance.meetingNotInBody' });
	}
	if (input.agendaItemId) {
		const item = await repo.findAgendaItem(ctx.db, input.agendaItemId);
		if (!item || item.meetingId !== input.meetingId)
			issues.push({ field: 'agendaItemId', message: 'governance.agendaItemUnknown' });
	}
	if (input.decisionId) {
		const decision = await repo.findDecision(ctx.db, input.decisionId);
		if (decision?.cooperationId !== cooperationId)
			issues.push({ field: 'decisionId', message: 'governance.decisionUnknown' });
	}
	return issues;
}

/** An action of a cooperation: typed in, from a decision, or from an agenda item. */
export async function createAction(ctx: Context, cooperationId: string, input: ActionInput) {
	const access = await cooperationAccess(ctx, cooperationId);
	authorize(ctx.actor, 'create', 'governanceAction', access.target);
	const issues = [
		...(await checkOwner(ctx, access, input.ownerUserId, input.ownerOrganisationId)),
		...(await checkOrigin(ctx, cooperationId, input))
	];
	if (issues.length) throw new ValidationError(issues);
	return inTransaction(ctx, async (tx) => {
		const action = await repo.insertAction(tx.db, {
			cooperationId,
			bodyId: input.bodyId ?? null,
			meetingId: input.meetingId ?? null,
			agendaItemId: input.agendaItemId ?? null,
			decisionId: input.decisionId ?? null,
			title: input.title,
			description: input.description,
			ownerUserId: input.ownerUserId,
			ownerOrganisationId: input.ownerOrganisationId,
			dueOn: input.dueOn,
			createdBy: ctx.actor.user?.id ?? null
		});
		await repo.insertActionHistory(tx.db, {
			actionId: action.id,
			changedBy: ctx.actor.user?.id ?? null,
			kind: 'create',
			changes: {
				status: [null, 'open'],
				ownerUserId: [null, action.ownerUserId],
				dueOn: [null, action.dueOn]
			}
		});
		await audit(tx, {
			action: 'action.create',
			objectType: 'action',
			objectId: action.id,
			organisationId: input.ownerOrganisationId,
			details: { cooperationId, bodyId: action.bodyId, agendaItemId: action.agendaItemId }
		});
		if (input.ownerUserId !== ctx.actor.user?.id)
			await notify(tx, {
				kind: 'governance.action.assigned',
				title: `Action confiée : ${action.title}`,
				url: '/actions',
				cooperationId,
				bodyId: action.bodyId,
				recipients: [input.ownerUserId],
				dedupeKey: `governance.action.assigned:${action.id}`
			});
		return action;
	});
}

/** One step from an agenda item to an action: the item's meeting, body and title carry over. */
export async function actionFromAgendaItem(
	ctx: Context,
	agendaItemId: string,
	input: Pick<ActionInput, 'ownerUserId' | 'ownerOrganisationId' | 'dueOn'> &
		Partial<Pick<ActionInput, 'title' | 'description'>>
) {
	const item = await repo.findAgendaItem(ctx.db, agendaItemId);
	if (!item) throw new NotFoundError('agendaItem', agendaItemId);
	const meeting = (await repo.findMeeting(ctx.db, item.meetingId))!;
	const body = (await repo.findBody(ctx.db, meeting.bodyId))!;
	return createAction(ctx, body.cooperationId, {
		title: input.title || item.title,
		description: input.description ?? item.description,
		ownerUserId: input.ownerUserId,
		ownerOrganisationId: input.ownerOrganisationId,
		dueOn: input.dueOn,
		bodyId: body.id,
		meetingId: meeting.id,
		agendaItemId: item.id,
		decisionId: null
	});
}

/** Changes only the fields sent; the owner updates their own action, the parties' editors any. */
export async function updateAction(ctx: Context, actionId: string, patch: ActionPatch) {
	const action = await repo.findAction(ctx.db, actionId);
	if (!action) throw new NotFoundError('action', actionId);
	const access = await cooperationAccess(ctx, action.cooperationId);
	const isOwner = action.ownerUserId === ctx.actor.user?.id;
	if (!isOwner) authorize(ctx.actor, 'update', 'governanceAction', access.target);
	else if (!access.isMember && !can(ctx.actor, 'read', 'governanceAction', access.target))
		throw new ForbiddenError('update', 'governanceAction', true);
	const ownerUserId = patch.ownerUserId ?? action.ownerUserId;
	const ownerOrganisationId = patch.ownerOrganisationId ?? action.ownerOrganisationId;
	if (patch.ownerUserId !== undefined || patch.ownerOrganisationId !== undefined) {
		const issues = await checkOwner(ctx, access, ownerUserId, ownerOrganisationId);
		if (issues.length) throw new ValidationError(issues);
	}
	const changes: Record<string, unknown> = {};
	const history: Record<string, [unknown, unknown]> = {};
	for (const key of [
		'title',
		'description',
		'ownerUserId',
		'ownerOrganisationId',
		'dueOn',
		'status'
	] as const)
		if (patch[key] !== undefined && patch[key] !== action[key]) {
			changes[key] = patch[key];
			history[key] = [action[key], patch[key]];
		}
	if (!Object.keys(changes).length) return action;
	if (changes.status) changes.completedAt = changes.status === 'done' ? nowOf(ctx) : null;
	return inTransaction(ctx, async (tx) => {
		const row = await repo.updateAction(tx.db, actionId, changes);
		await repo.insertActionHistory(tx.db, {
			actionId,
			changedBy: ctx.actor.user?.id ?? null,
			kind: 'update',
			changes: history
		});
		await audit(tx, {
			action: 'action.update',
			objectType: 'action',
			objectId: actionId,
			organisationId: row.ownerOrganisationId,
			details: { fields: Object.keys(history) }
		});
		return row;
	});
}

export async function getAction(ctx: Context, actionId: string) {
	const action = await repo.findAction(ctx.db, actionId);
	if (!action) throw new NotFoundError('action', actionId);
	const access = await cooperationAccess(ctx, action.cooperationId);
	if (action.ownerUserId !== ctx.actor.user?.id)
		authorize(ctx.actor, 'read', 'governanceAction', access.target);
	const [view] = (
		await repo.listActions(ctx.db, { cooperationId: action.cooperationId, limit: 1000 })
	).filter((a) => a.id === actionId);
	return { ...view!, history: await repo.actionHistoryOf(ctx.db, actionId) };
}

/** « Mes actions »: the signed-in person's actions, open first by due date. */
export async function myActions(ctx: Context, options: { openOnly?: boolean } = {}) {
	const userId = ctx.actor.user?.id;
	if (!userId) throw new ForbiddenError('read', 'governanceAction', false);
	const today = todayOf(ctx);
	const rows = await repo.listActions(ctx.db, {
		ownerUserId: userId,
		openOnly: options.openOnly,
		limit: 500
	});
	return rows.map((a) => ({ ...a, overdue: isOverdue(a, today) }));
}

export const isOverdue = (a: { status: string; dueOn: string }, today: string) =>
	(a.status === 'open' || a.status === 'in_progress') && a.dueOn < today;

/**
 * Open actions of a cooperation, for its page. Actions of a "partage de situations" body are left out for
 * whoever does not sit in it (their titles may speak of people). The cooperation may be given as already loaded
 * (`cooperationAccess`): it is authorized from all the same.
 */
export async function openActionsOf(ctx: Context, cooperation: string | CooperationAccess) {
	const access = typeof cooperation === 'string' ? await cooperationAccess(ctx, cooperation) : cooperation;
	const cooperationId = access.cooperation.id;
	authorize(ctx.actor, 'read', 'governanceAction', access.target);
	const today = todayOf(ctx);
	const bodies = await repo.bodiesOf(ctx.db, cooperationId);
	const confidential = bodies.filter((b) => b.kind === 'partage_situations').map((b) => b.id);
	const seats = await repo.membersOf(ctx.db, confidential);
	const userId = ctx.actor.user?.id;
	const hidden = new Set(
		confidential.filter(
			(id) => !seats.some((s) => s.bodyId === id && s.userId === userId && isCurrent(s, today))
		)
	);
	const rows = await repo.listActions(ctx.db, { cooperationId, openOnly: true, limit: 500 });
	return rows
		.filter((a) => !a.bodyId || !hidden.has(a.bodyId) || a.ownerUserId === userId)
		.map((a) => ({ ...a, overdue: isOverdue(a, today) }));
}

export async function actionsOfMeeting(ctx: Context, cooperationId: string, meetingId: string) {
	const access = await cooperationAccess(ctx, cooperationId);
	authorize(ctx.actor, 'read', 'governanceAction', access.target);
	return repo.listActions(ctx.db, { meetingId, limit: 200 });
}
