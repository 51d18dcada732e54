import { enqueueNewcomerDigest } from './jobs';
import { logger } from '../log';
import type { Context } from '../context';
import { NotFoundError, ValidationError, type FieldIssue } from '../errors';
import { authorize } from '../policy/policy';
import { audit } from '../audit/service';
import { inTransaction } from '../db/transaction';
import { membersAmong } from '../organisations/service';
import { cooperationAccess, type CooperationAccess } from '../cooperations/service';
import { notify } from '../notifications/service';
import { territoryPath } from '../territories/service';
import { bodyAccess, isCurrent, todayOf } from './access';
import * as repo from './repository';
import type { BodyInput, BodyPatch, MemberInput, MemberLeave } from './validation';

async function checkScope(ctx: Context, type: string, code: string): Promise<FieldIssue[]> {
	const place = await territoryPath(ctx, type as never, code);
	const known = (place as Record<string, string | undefined>)[type] === code;
	return known && (type === 'region' || place.departement)
		? []
		: [{ field: 'territoryCode', message: 'territory.unknown' }];
}

/** A body of a cooperation; its scope defaults to the cooperation's territory and themes. */
export async function createBody(ctx: Context, cooperationId: string, input: BodyInput) {
	const access = await cooperationAccess(ctx, cooperationId);
	authorize(ctx.actor, 'create', 'body', access.target);
	const c = access.cooperation;
	const territoryType = input.territoryCode ? (input.territoryType ?? c.territoryType) : c.territoryType;
	const territoryCode = input.territoryCode ?? c.territoryCode;
	const issues = await checkScope(ctx, territoryType, territoryCode);
	if (issues.length) throw new ValidationError(issues);
	return inTransaction(ctx, async (tx) => {
		const body = await repo.insertBody(tx.db, {
			cooperationId,
			kind: input.kind,
			name: input.name,
			description: input.description,
			territoryType,
			territoryCode,
			themes: input.themes ?? c.themes
		});
		await audit(tx, {
			action: 'body.create',
			objectType: 'body',
			objectId: body.id,
			details: { cooperationId }
		});
		return body;
	});
}

/** Changes only the fields sent. */
export async function updateBody(ctx: Context, bodyId: string, patch: BodyPatch) {
	const access = await bodyAccess(ctx, bodyId);
	authorize(ctx.actor, 'update', 'body', access.cooperation.target);
	const changes: Record<string, unknown> = {};
	for (const key of ['name', 'description', 'themes'] as const)
		if (patch[key] !== undefined) changes[key] = patch[key];
	if (patch.territoryCode !== undefined || patch.territoryType !== undefined) {
		const type = patch.territoryType ?? access.body.territoryType;
		const code = patch.territoryCode ?? access.body.territoryCode;
		const issues = await checkScope(ctx, type, code);
		if (issues.length) throw new ValidationError(issues);
		Object.assign(changes, { territoryType: type, territoryCode: code });
	}
	if (!Object.keys(changes).length) return access.body;
	return inTransaction(ctx, async (tx) => {
		const body = await repo.updateBody(tx.db, bodyId, changes);
		await audit(tx, {
			action: 'body.update',
			objectType: 'body',
			objectId: bodyId,
			details: { fields: Object.keys(changes) }
		});
		return body;
	});
}

export async function getBody(ctx: Context, bodyId: string) {
	const access = await bodyAccess(ctx, bodyId);
	authorize(ctx.actor, 'read', 'body', access.cooperation.target);
	return access;
}

export async function listBodies(ctx: Context, cooperation: string | CooperationAccess) {
	const access = typeof cooperation === 'string' ? await cooperationAccess(ctx, cooperation) : cooperation;
	authorize(ctx.actor, 'read', 'body', access.target);
	return { cooperation: access, bodies: await repo.bodiesOf(ctx.db, access.cooperation.id) };
}

/**
 * For the cooperation page: each body with its current seats and its next and last meetings (three statements
 * whatever the number of bodies). The cooperation may be given as already loaded (`cooperationAccess`).
 */
export async function bodiesSummary(ctx: Context, cooperation: string | CooperationAccess) {
	const { bodies } = await listBodies(ctx, cooperation);
	const today = todayOf(ctx);
	const ids = bodies.map((b) => b.id);
	const [members, meetings] = await Promise.all([
		repo.membersOf(ctx.db, ids),
		repo.nextAndLastMeetings(ctx.db, ids, new Date(`${today}T00:00:00Z`))
	]);
	const meetingOf = (bodyId: string, upcoming: boolean) =>
		meetings.find((m) => m.bodyId === bodyId && m.upcoming === upcoming) ?? null;
	return bodies.map((b) => ({
		id: b.id,
		name: b.name,
		kind: b.kind,
		members: members.filter((m) => m.bodyId === b.id && isCurrent(m, today)).length,
		nextMeeting: meetingOf(b.id, true),
		lastMeeting: meetingOf(b.id, false)
	}));
}

async function checkMember(
	ctx: Context,
	access: Awaited<ReturnType<typeof bodyAccess>>,
	input: MemberInput
): Promise<FieldIssue[]> {
	const issues: FieldIssue[] = [];
	if (!(await repo.userExists(ctx.db, input.userId)))
		issues.push({ field: 'userId', message: 'governance.userUnknown' });
	const isParty = access.cooperation.parties.some((p) => p.organisationId === input.organisationId);
	if (!isParty) issues.push({ field: 'organisationId', message: 'governance.organisationNotParty' });
	if (input.endsOn && input.endsOn < input.startsOn)
		issues.push({ field: 'endsOn', message: 'governance.endBeforeStart' });
	if (issues.length) return issues;
	const wanted = [input.userId, ...(input.substituteUserId ? [input.substituteUserId] : [])];
	const inOrg = await membersAmong(ctx, input.organisationId, wanted);
	if (!inOrg.has(input.userId)) issues.push({ field: 'userId', message: 'governance.userNotInOrganisation' });
	if (input.substituteUserId) {
		if (input.substituteUserId === input.userId)
			issues.push({ field: 'substituteUserId', message: 'governance.substituteSelf' });
		else if (!inOrg.has(input.substituteUserId))
			issues.push({ field: 'substituteUserId', message: 'governance.substituteNotInOrganisation' });
	}
	if (access.current.some((m) => m.userId === input.userId))
		issues.push({ field: 'userId', message: 'governance.alreadyMember' });
	return issues;
}

/**
 * The hook called when someone takes a seat: for now an event for the newcomer's digest. The digests module builds
 * the newcomer digest (mandate, charter in force, decisions in force, open actions) from it.
 */
export async function onMemberJoined(ctx: Context, memberId: string) {
	const member = await repo.findMember(ctx.db, memberId);
	if (!member) return;
	const body = await repo.findBody(ctx.db, member.bodyId);
	if (!body) return;
	await notify(ctx, {
		kind: 'governance.member.joined',
		title: `Bienvenue dans « ${body.name} »`,
		text: 'Vous siégez désormais dans cette instance.',
		url: `/cooperations/${body.cooperationId}/instances/${body.id}`,
		cooperationId: body.cooperationId,
		bodyId: body.id,
		recipients: [member.userId],
		dedupeKey: `governance.member.joined:${member.id}`
	});
}

export async function addMember(ctx: Context, bodyId: string, input: MemberInput) {
	const access = await bodyAccess(ctx, bodyId);
	authorize(ctx.actor, 'update', 'body', access.cooperation.target);
	const issues = await checkMember(ctx, access, input);
	if (issues.length) throw new ValidationError(issues);
	const created = await inTransaction(ctx, async (tx) => {
		const member = await repo.insertMember(tx.db, {
			bodyId,
			userId: input.userId,
			organisationId: input.organisationId,
			mandate: input.mandate,
			substituteUserId: input.substituteUserId ?? null,
			startsOn: input.startsOn,
			endsOn: input.endsOn ?? null
		});
		await audit(tx, {
			action: 'body.member.add',
			objectType: 'body',
			objectId: bodyId,
			organisationId: input.organisationId,
			details: { memberId: member.id, mandate: input.mandate }
		});
		await onMemberJoined(tx, member.id);
		return member;
	});
	// after the commit: the newcomer digest reads the seat (and never holds the seat's transaction open)
	await enqueueNewcomerDigest(ctx.db, created.id).catch((error) =>
		logger.warn({ err: error, memberId: created.id }, 'newcomer digest not sent')
	);
	return created;
}

/**
 * A member leaves on a date; with a successor, their open actions of this body pass to the successor (hand-over):
 * the seat, the actions, their history, the audit entry and the successor's notice commit together.
 */
export async function memberLeaves(ctx: Context, memberId: string, input: MemberLeave) {
	const member = await repo.findMember(ctx.db, memberId);
	if (!member) throw new NotFoundError('member', memberId);
	const access = await bodyAccess(ctx, member.bodyId);
	authorize(ctx.actor, 'update', 'body', access.cooperation.target);
	const issues: FieldIssue[] = [];
	if (member.endsOn && member.endsOn < todayOf(ctx))
		issues.push({ field: 'endsOn', message: 'governance.alreadyLeft' });
	if (input.endsOn < member.startsOn) issues.push({ field: 'endsOn', message: 'governance.endBeforeStart' });
	const successor = input.successorMemberId
		? access.current.find((m) => m.id === input.successorMemberId && m.id !== memberId)
		: undefined;
	if (input.successorMemberId && !successor)
		issues.push({ field: 'successorMemberId', message: 'governance.successorInvalid' });
	if (issues.length) throw new ValidationError(issues);
	return inTransaction(ctx, async (tx) => {
		await repo.updateMember(tx.db, memberId, {
			endsOn: input.endsOn,
			successorMemberId: successor?.id ?? null
		});
		const handed: string[] = [];
		if (successor) {
			for (const action of await repo.openActionsOfOwnerInBody(tx.db, member.bodyId, member.userId)) {
				await repo.updateAction(tx.db, action.id, {
					ownerUserId: successor.userId,
					ownerOrganisationId: successor.organisationId
				});
				await repo.insertActionHistory(tx.db, {
					actionId: action.id,
					changedBy: ctx.actor.user?.id ?? null,
					kind: 'handover',
					changes: {
						ownerUserId: [action.ownerUserId, successor.userId],
						ownerOrganisationId: [action.ownerOrganisationId, successor.organisationId]
					}
				});
				handed.push(action.id);
			}
			await notify(tx, {
				kind: 'governance.handover',
				title: `Passation dans « ${access.body.name} »`,
				text: `${handed.length} action(s) ouverte(s) vous sont confiées.`,
				url: `/actions`,
				cooperationId: access.body.cooperationId,
				bodyId: access.body.id,
				recipients: [successor.userId],
				dedupeKey: `governance.handover:${memberId}`
			});
		}
		await audit(tx, {
			action: 'body.member.leave',
			objectType: 'body',
			objectId: member.bodyId,
			organisationId: member.organisationId,
			details: { memberId, successorMemberId: successor?.id ?? null, actions: handed }
		});
		return { memberId, endsOn: input.endsOn, handedOver: handed };
	});
}
