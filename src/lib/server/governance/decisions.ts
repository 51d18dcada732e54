import type { Context } from '../context';
import { ValidationError, type FieldIssue } from '../errors';
import { authorize, ForbiddenError } from '../policy/policy';
import { audit } from '../audit/service';
import { inTransaction } from '../db/transaction';
import { notify } from '../notifications/service';
import { bodyAccess, bodyAudience } from './access';
import { meetingAccess } from './meetings';
import * as repo from './repository';
import type { DecisionInput } from './validation';

/**
 * Records what a body decided (in a meeting or not), in force from now, with its 'create' history row. The
 * register module adds the lifecycle around it (amend, reverse, carried out).
 */
export async function createDecision(ctx: Context, bodyId: string, input: DecisionInput) {
	const access = await bodyAccess(ctx, bodyId);
	const issues: FieldIssue[] = [];
	if (input.meetingId) {
		const meeting = await repo.findMeeting(ctx.db, input.meetingId);
		if (!meeting || meeting.bodyId !== bodyId)
			throw new ValidationError([{ field: 'meetingId', message: 'governance.meetingNotInBody' }]);
		// the meeting's chair records its decisions, as the managers do
		const m = await meetingAccess(ctx, input.meetingId);
		if (!m.canRun) throw new ForbiddenError('update', 'meeting', ctx.actor.user !== null);
		if (input.agendaItemId) {
			const item = await repo.findAgendaItem(ctx.db, input.agendaItemId);
			if (!item || item.meetingId !== input.meetingId)
				issues.push({ field: 'agendaItemId', message: 'governance.agendaItemUnknown' });
		}
	} else {
		authorize(ctx.actor, 'update', 'body', access.cooperation.target);
		if (input.agendaItemId) issues.push({ field: 'agendaItemId', message: 'governance.agendaItemUnknown' });
	}
	if (input.reviewOn && input.reviewOn < input.decidedOn)
		issues.push({ field: 'reviewOn', message: 'governance.reviewBeforeDecision' });
	if (
		input.proposedByOrganisationId &&
		!access.cooperation.parties.some((p) => p.organisationId === input.proposedByOrganisationId)
	)
		issues.push({ field: 'proposedByOrganisationId', message: 'governance.organisationNotParty' });
	if (input.proposedByUserId && !(await repo.userExists(ctx.db, input.proposedByUserId)))
		issues.push({ field: 'proposedByUserId', message: 'governance.userUnknown' });
	if (issues.length) throw new ValidationError(issues);
	return inTransaction(ctx, async (tx) => {
		const decision = await repo.insertDecision(tx.db, {
			cooperationId: access.body.cooperationId,
			bodyId,
			meetingId: input.meetingId ?? null,
			agendaItemId: input.agendaItemId ?? null,
			title: input.title,
			text: input.text,
			outcome: input.outcome,
			decidedOn: input.decidedOn,
			proposedByUserId: input.proposedByUserId ?? null,
			proposedByOrganisationId: input.proposedByOrganisationId ?? null,
			reviewOn: input.reviewOn ?? null,
			linkedObjects: input.linkedObjects,
			status: 'in_force'
		});
		await repo.insertDecisionHistory(tx.db, {
			decisionId: decision.id,
			changedBy: ctx.actor.user?.id ?? null,
			kind: 'create',
			changes: {
				title: [null, decision.title],
				status: [null, 'in_force'],
				decidedOn: [null, decision.decidedOn],
				reviewOn: [null, decision.reviewOn]
			}
		});
		await audit(tx, {
			action: 'decision.create',
			objectType: 'decision',
			objectId: decision.id,
			details: { bodyId, meetingId: input.meetingId ?? null }
		});
		// the body's own members hear of it (a "partage de situations" body tells nobody else)
		await notify(tx, {
			kind: 'governance.decision.created',
			title: `Décision : ${decision.title}`,
			url: `/cooperations/${access.body.cooperationId}/instances/${bodyId}`,
			cooperationId: access.body.cooperationId,
			bodyId,
			recipients: bodyAudience(access).filter((id) => id !== ctx.actor.user?.id),
			dedupeKey: `governance.decision.created:${decision.id}`
		});
		return decision;
	});
}

export async function decisionsOfMeeting(ctx: Context, meetingId: string) {
	const m = await meetingAccess(ctx, meetingId);
	authorize(ctx.actor, 'read', 'meeting', m.access.cooperation.target);
	if (m.access.confidential && !m.access.isBodyMember)
		throw new ForbiddenError('read', 'meeting', ctx.actor.user !== null);
	return repo.decisionsOfMeeting(ctx.db, meetingId);
}
