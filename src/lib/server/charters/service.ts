import type { Context } from '../context';
import { nowOf } from '../context';
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '../errors';
import { authorize, type Action } from '../policy/policy';
import { audit } from '../audit/service';
import { inTransaction } from '../db/transaction';
import { notify } from '../notifications/service';
import { assertSignatory, cooperationAccess, type CooperationAccess } from '../cooperations/service';
import * as repo from './repository';
import { contentHash, sanitizeSection, type CharterContent } from './content';
import { templateContent, type TemplateKey } from './templates';
import type { ApprovalInput, CharterPatch } from './validation';
import { checkContent } from './rules';

export type CharterVersion = repo.VersionRow;
export type PartyStatus = {
	organisationId: string;
	organisationName: string;
	role: string;
	status: 'pending' | 'approved' | 'changes_requested';
	by: string | null;
	at: Date | null;
	reason: string;
};

/** The cooperation as stored, and the charter action checked against it. */
export async function charterAccess(ctx: Context, cooperationId: string, action: Action = 'read') {
	const access = await cooperationAccess(ctx, cooperationId);
	authorize(ctx.actor, action, 'charter', access.target);
	return access;
}

const url = (cooperationId: string, number: number) => `/cooperations/${cooperationId}/charte/${number}`;
const signatoryIds = (access: CooperationAccess) => [
	...new Set(access.parties.flatMap((p) => p.signatories.map((s) => s.userId)))
];

async function versionOrThrow(ctx: Context, cooperationId: string, number: number) {
	const version = await repo.findVersion(ctx.db, cooperationId, number);
	if (!version) throw new NotFoundError('charterVersion', `${cooperationId}/${number}`);
	return version;
}

/** A frozen or superseded version never changes, whoever asks (instance admins included). */
function assertOpen(version: CharterVersion) {
	if (version.status === 'frozen' || version.status === 'superseded')
		throw new ConflictError('charters.frozen');
}

export async function listVersions(ctx: Context, cooperationId: string) {
	const access = await charterAccess(ctx, cooperationId);
	return { access, versions: await repo.versionsOf(ctx.db, cooperationId) };
}

/** Each party's current answer (the latest one not invalidated by an edit). */
export function partyStatuses(access: CooperationAccess, approvals: repo.ApprovalRow[]): PartyStatus[] {
	return access.parties.map((p) => {
		const current = approvals.filter((a) => a.organisationId === p.organisationId && !a.invalidatedAt).at(-1);
		return {
			organisationId: p.organisationId,
			organisationName: p.organisationName,
			role: p.role,
			status: current ? (current.decision as 'approved' | 'changes_requested') : 'pending',
			by: current?.userName ?? null,
			at: current?.createdAt ?? null,
			reason: current?.reason ?? ''
		};
	});
}

export async function getVersion(ctx: Context, cooperationId: string, number: number) {
	const access = await charterAccess(ctx, cooperationId);
	const version = await versionOrThrow(ctx, cooperationId, number);
	const approvals = await repo.approvalsOf(ctx.db, version.id);
	return { access, version, approvals, parties: partyStatuses(access, approvals) };
}

/**
 * Starts a version: from a template, or (an amendment) as a copy of the version in force. Only one version is
 * open (draft or in approval) at a time.
 */
export async function createVersion(ctx: Context, cooperationId: string, input: { template?: TemplateKey }) {
	const access = await charterAccess(ctx, cooperationId, 'create');
	return inTransaction(ctx, async (tx) => {
		if (await repo.findByStatus(tx.db, cooperationId, ['draft', 'in_approval']))
			throw new ConflictError('charters.openExists');
		const inForce = await repo.findByStatus(tx.db, cooperationId, ['frozen']);
		let content: CharterContent;
		if (input.template)
			content = templateContent(
				input.template,
				access.parties.map((p) => p.organisationId)
			);
		else if (inForce) content = structuredClone(inForce.content);
		else throw new ValidationError([{ field: 'template', message: 'charters.templateRequired' }]);
		const version = await repo.insertVersion(tx.db, {
			cooperationId,
			number: await repo.nextNumber(tx.db, cooperationId),
			template: input.template ?? null,
			basedOnVersionId: input.template ? null : (inForce?.id ?? null),
			content,
			createdBy: ctx.actor.user?.id ?? null
		});
		await audit(tx, {
			action: 'charter.create',
			objectType: 'charterVersion',
			objectId: version.id,
			details: { cooperationId, number: version.number, template: version.template }
		});
		return version;
	});
}

/** Merges what was sent into the stored content (a PATCH): sections sanitised, the rest replaced part by part. */
function merge(content: CharterContent, patch: CharterPatch): CharterContent {
	const next = structuredClone(content);
	if (patch.title !== undefined) next.title = patch.title;
	for (const [k, v] of Object.entries(patch.sections ?? {}))
		if (v !== undefined) next.sections[k as keyof CharterContent['sections']] = sanitizeSection(v);
	if (patch.commitments) next.commitments = patch.commitments;
	if (patch.risks) next.risks = patch.risks;
	for (const [k, v] of Object.entries(patch.sharing ?? {}))
		if (v) next.sharing[k as keyof CharterContent['sharing']] = [...new Set(v)];
	if (patch.fund) {
		if (patch.fund.approvers) next.fund.approvers = patch.fund.approvers;
		if (patch.fund.ceilingPerRequest !== undefined)
			next.fund.ceilingPerRequest = patch.fund.ceilingPerRequest;
		if (patch.fund.ceilingPerYear !== undefined) next.fund.ceilingPerYear = patch.fund.ceilingPerYear;
		if (patch.fund.quorum !== undefined) next.fund.quorum = patch.fund.quorum;
	}
	for (const k of ['startsOn', 'endsOn', 'reviewOn'] as const) if (patch[k] !== undefined) next[k] = patch[k];
	return next;
}

/**
 * Edits a draft or a version in approval. In approval, an edit after any answer reopens every approval: the
 * answers stay in history, marked invalidated, and each party is told.
 */
export async function updateVersion(
	ctx: Context,
	cooperationId: string,
	number: number,
	patch: CharterPatch
) {
	const access = await charterAccess(ctx, cooperationId, 'update');
	const found = await versionOrThrow(ctx, cooperationId, number);
	assertOpen(found);
	return inTransaction(ctx, async (tx) => {
		const version = (await repo.lockVersion(tx.db, found.id))!;
		assertOpen(version);
		const content = merge(version.content, patch);
		const issues = checkContent(content, access);
		if (issues.length) throw new ValidationError(issues);
		const now = nowOf(ctx);
		const updated = await repo.updateVersion(tx.db, version.id, { content }, now);
		const reopened =
			version.status === 'in_approval' ? await repo.invalidateApprovals(tx.db, version.id, now) : 0;
		await audit(tx, {
			action: 'charter.update',
			objectType: 'charterVersion',
			objectId: version.id,
			details: { cooperationId, number, fields: Object.keys(patch), reopenedApprovals: reopened }
		});
		if (reopened)
			await notify(tx, {
				kind: 'charter.reopened',
				title: `Charte v${number} modifiée\u202f: l’approbation est rouverte`,
				url: url(cooperationId, number),
				cooperationId,
				recipients: signatoryIds(access),
				dedupeKey: `charter.reopened:${version.id}:${now.toISOString()}`
			});
		return updated;
	});
}

/** Submits a draft to the parties' approval (title and dates required). */
export async function submitVersion(ctx: Context, cooperationId: string, number: number) {
	const access = await charterAccess(ctx, cooperationId, 'update');
	const found = await versionOrThrow(ctx, cooperationId, number);
	assertOpen(found);
	if (found.status !== 'draft') throw new ConflictError('charters.notDraft');
	const issues: FieldIssue[] = checkContent(found.content, access);
	for (const k of ['startsOn', 'endsOn', 'reviewOn'] as const)
		if (!found.content[k]) issues.push({ field: k, message: 'charters.dateRequired' });
	if (!access.parties.length) issues.push({ field: 'parties', message: 'charters.noParty' });
	if (issues.length) throw new ValidationError(issues);
	return inTransaction(ctx, async (tx) => {
		const now = nowOf(ctx);
		const updated = await repo.updateVersion(
			tx.db,
			found.id,
			{ status: 'in_approval', submittedAt: now },
			now
		);
		await audit(tx, {
			action: 'charter.submit',
			objectType: 'charterVersion',
			objectId: found.id,
			details: { cooperationId, number }
		});
		await notify(tx, {
			kind: 'charter.approvalRequested',
			title: `Charte v${number} à approuver pour votre organisation`,
			text: found.content.title,
			url: url(cooperationId, number),
			cooperationId,
			recipients: signatoryIds(access),
			dedupeKey: `charter.submitted:${found.id}`
		});
		return updated;
	});
}

/**
 * A party's answer, given by one of its authorised members (nobody else, instance admins included). When every
 * party has approved, the version is frozen with its content hash, becomes the version in force and the one
 * before is superseded.
 */
export async function decide(ctx: Context, cooperationId: string, number: number, input: ApprovalInput) {
	const access = await charterAccess(ctx, cooperationId);
	if (!access.parties.some((p) => p.organisationId === input.organisationId))
		throw new ValidationError([{ field: 'organisationId', message: 'charters.partyUnknown' }]);
	assertSignatory(ctx, access, input.organisationId);
	const reason = input.reason.trim();
	if (input.decision === 'changes_requested' && !reason)
		throw new ValidationError([{ field: 'reason', message: 'charters.reasonRequired' }]);
	const found = await versionOrThrow(ctx, cooperationId, number);
	assertOpen(found);
	return inTransaction(ctx, async (tx) => {
		const version = (await repo.lockVersion(tx.db, found.id))!;
		assertOpen(version);
		if (version.status !== 'in_approval') throw new ConflictError('charters.notInApproval');
		const now = nowOf(ctx);
		await repo.invalidatePartyApprovals(tx.db, version.id, input.organisationId, now);
		const approval = await repo.insertApproval(tx.db, {
			versionId: version.id,
			organisationId: input.organisationId,
			userId: ctx.actor.user!.id,
			decision: input.decision,
			reason,
			contentSnapshot: version.content,
			createdAt: now
		});
		await audit(tx, {
			action: input.decision === 'approved' ? 'charter.approve' : 'charter.requestChanges',
			objectType: 'charterVersion',
			objectId: version.id,
			organisationId: input.organisationId,
			details: { cooperationId, number }
		});
		const party = access.parties.find((p) => p.organisationId === input.organisationId)!;
		if (input.decision === 'changes_requested') {
			await notify(tx, {
				kind: 'charter.changesRequested',
				title: `Charte v${number}\u202f: ${party.organisationName} demande des modifications`,
				text: reason,
				url: url(cooperationId, number),
				cooperationId,
				recipients: [...signatoryIds(access), ...(version.createdBy ? [version.createdBy] : [])],
				dedupeKey: `charter.changes:${approval.id}`
			});
			return { version, frozen: false };
		}
		const statuses = partyStatuses(access, await repo.approvalsOf(tx.db, version.id));
		if (!statuses.every((s) => s.status === 'approved')) return { version, frozen: false };
		return { version: await freeze(tx, access, version, now), frozen: true };
	});
}

async function freeze(ctx: Context, access: CooperationAccess, version: CharterVersion, now: Date) {
	const cooperationId = version.cooperationId;
	const previous = await repo.findByStatus(ctx.db, cooperationId, ['frozen']);
	if (previous) await repo.updateVersion(ctx.db, previous.id, { status: 'superseded' }, now);
	const hash = contentHash(cooperationId, version.number, version.content);
	const frozen = await repo.updateVersion(
		ctx.db,
		version.id,
		{ status: 'frozen', contentHash: hash, frozenAt: now },
		now
	);
	await audit(ctx, {
		action: 'charter.freeze',
		objectType: 'charterVersion',
		objectId: version.id,
		details: {
			cooperationId,
			number: version.number,
			contentHash: hash,
			superseded: previous?.number ?? null
		}
	});
	await notify(ctx, {
		kind: 'charter.frozen',
		title: `Charte v${version.number} approuvée par toutes les parties\u202f: elle est en vigueur`,
		url: url(cooperationId, version.number),
		cooperationId,
		recipients: signatoryIds(access),
		dedupeKey: `charter.frozen:${version.id}`
	});
	return frozen;
}
