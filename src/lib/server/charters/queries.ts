import type { Context } from '../context';
import { NotFoundError } from '../errors';
import { sharedCooperationsQuery, type CooperationAccess } from '../cooperations/service';
import * as repo from './repository';
import { charterAccess, partyStatuses, type PartyStatus } from './service';
import { contentParts, diffParts, type PartDiff, type TextPart } from './render';
import {
	fundQuorum,
	type Commitment,
	type FundApprover,
	type InfoCategory,
	type SharingSubject
} from './content';

/** Names of the parties and of their signatories, to show ids in words. */
export function namesOf(access: CooperationAccess) {
	const names = new Map(access.parties.map((p) => [p.organisationId, p.organisationName]));
	const people = new Map(
		access.parties.flatMap((p) => p.signatories.map((s) => [s.userId, s.displayName] as const))
	);
	return { names, people };
}

export function partsOf(access: CooperationAccess, content: repo.CharterContent): TextPart[] {
	const { names, people } = namesOf(access);
	return contentParts(content, names, people);
}

/** What the pathways and advance-fund modules read: the frozen version in force, typed. */
export interface CharterInForce {
	versionId: string;
	number: number;
	contentHash: string;
	frozenAt: Date;
	startsOn: string | null;
	endsOn: string | null;
	reviewOn: string | null;
	/** for each information category, the kinds of party (by role in the cooperation) allowed to see it */
	sharingRules: { category: InfoCategory; subject: SharingSubject; allowed: boolean }[];
	/** whether a kind of party may see a category */
	allows(category: InfoCategory, subject: SharingSubject): boolean;
	fund: { approvers: FundApprover[]; ceilingPerRequest: string; ceilingPerYear: string; quorum: number };
	commitments: Commitment[];
}

export async function charterInForce(ctx: Context, cooperationId: string): Promise<CharterInForce | null> {
	await charterAccess(ctx, cooperationId);
	const v = await repo.findByStatus(ctx.db, cooperationId, ['frozen']);
	if (!v) return null;
	const c = v.content;
	const subjects: SharingSubject[] = ['pilote', 'co-pilote', 'facilitateur', 'contributeur'];
	const sharingRules = (Object.keys(c.sharing) as InfoCategory[]).flatMap((category) =>
		subjects.map((subject) => ({ category, subject, allowed: c.sharing[category].includes(subject) }))
	);
	return {
		versionId: v.id,
		number: v.number,
		contentHash: v.contentHash!,
		frozenAt: v.frozenAt!,
		startsOn: c.startsOn,
		endsOn: c.endsOn,
		reviewOn: c.reviewOn,
		sharingRules,
		allows: (category, subject) => c.sharing[category]?.includes(subject) ?? false,
		fund: { ...structuredClone(c.fund), quorum: fundQuorum(c.fund) },
		commitments: structuredClone(c.commitments)
	};
}

export interface CharterSummary {
	inForce: {
		number: number;
		title: string;
		frozenAt: Date;
		contentHash: string;
		reviewOn: string | null;
	} | null;
	open: { number: number; status: 'draft' | 'in_approval'; title: string; parties: PartyStatus[] } | null;
	url: string;
}

/** For the cooperation page: the version in force and the open one with each party's answer. */
export async function charterSummary(ctx: Context, cooperationId: string): Promise<CharterSummary> {
	const access = await charterAccess(ctx, cooperationId);
	const [inForce, open] = await Promise.all([
		repo.findByStatus(ctx.db, cooperationId, ['frozen']),
		repo.findByStatus(ctx.db, cooperationId, ['draft', 'in_approval'])
	]);
	return {
		inForce: inForce
			? {
					number: inForce.number,
					title: inForce.content.title,
					frozenAt: inForce.frozenAt!,
					contentHash: inForce.contentHash!,
					reviewOn: inForce.content.reviewOn
				}
			: null,
		open: open
			? {
					number: open.number,
					status: open.status as 'draft' | 'in_approval',
					title: open.content.title,
					parties: partyStatuses(access, await repo.approvalsOf(ctx.db, open.id))
				}
			: null,
		url: `/cooperations/${cooperationId}/charte`
	};
}

/**
 * For each party that approved this version (even if the approval was reopened since), what changed after its
 * approval: a word diff part by part. Parties whose approval still matches the content have no entry.
 */
export function changesSinceApprovals(
	access: CooperationAccess,
	current: repo.CharterContent,
	approvals: repo.ApprovalRow[]
): { organisationName: string; approvedAt: Date; diffs: PartDiff[] }[] {
	const now = partsOf(access, current);
	return access.parties.flatMap((p) => {
		const last = approvals
			.filter((a) => a.organisationId === p.organisationId && a.decision === 'approved')
			.at(-1);
		if (!last) return [];
		const diffs = diffParts(partsOf(access, last.contentSnapshot), now).filter((d) => d.changed);
		return diffs.length ? [{ organisationName: p.organisationName, approvedAt: last.createdAt, diffs }] : [];
	});
}

/** Two versions side by side, section by section, with what changed from the first to the second. */
export async function compareVersions(ctx: Context, cooperationId: string, a: number, b: number) {
	const access = await charterAccess(ctx, cooperationId);
	const [va, vb] = await Promise.all([
		repo.findVersion(ctx.db, cooperationId, a),
		repo.findVersion(ctx.db, cooperationId, b)
	]);
	if (!va) throw new NotFoundError('charterVersion', `${cooperationId}/${a}`);
	if (!vb) throw new NotFoundError('charterVersion', `${cooperationId}/${b}`);
	const left = partsOf(access, va.content);
	const right = partsOf(access, vb.content);
	const diffs = diffParts(left, right);
	return {
		access,
		left: va,
		right: vb,
		rows: right.map((part, i) => ({
			key: part.key,
			label: part.label,
			left: left[i]?.text ?? '',
			right: part.text,
			changed: diffs[i]!.changed,
			chunks: diffs[i]!.chunks
		}))
	};
}

/**
 * The headline of the version in force (number, title, dates), for mails sent to the cooperation's own members
 * (newcomer digests): the caller has already established that the recipient sits in one of its bodies.
 */
export async function charterHeadlineForMembers(ctx: Pick<Context, 'db'>, cooperationId: string) {
	const v = await repo.findByStatus(ctx.db, cooperationId, ['frozen']);
	if (!v) return null;
	return { number: v.number, title: v.content.title, frozenAt: v.frozenAt!, reviewOn: v.content.reviewOn };
}

/**
 * The active cooperations each holder organisation shares with one of `others`, that other party's role, and the
 * sharing table of the charter in force (null when none is frozen): one statement. For the pathways sharing rule,
 * which has already placed the actor; no authorization here and nothing personal is returned.
 */
export async function sharingBetween(
	ctx: Pick<Context, 'db'>,
	holderOrganisationIds: readonly string[],
	others: readonly string[]
) {
	if (!holderOrganisationIds.length || !others.length) return [];
	return repo.withSharingInForce(ctx.db, sharedCooperationsQuery(ctx, holderOrganisationIds, others));
}
