import type { Context } from '../context';
import { nowOf } from '../context';
import { audit } from '../audit/service';
import { inTransaction } from '../db/transaction';
import { ConflictError, NotFoundError, RateLimitError, ValidationError } from '../errors';
import { covers, ForbiddenError } from '../policy/policy';
import type { TerritoryType } from '../policy/actor';
import { territoryPath } from '../territories/service';
import { recordNeed } from '../needs/service';
import type { Need } from '../needs/validation';
import { overlaps, reachOf, sessionAccess, type SessionAccess } from './access';
import * as repo from './repository';
import { needTitle, normaliseTags, PHASE_OF_STATUS, statusOf } from './rules';
import type { ForumStatus } from './schema';
import type {
	Contribution,
	ContributionInput,
	ForumSession,
	SessionInput,
	SessionsQuery
} from './validation';

/**
 * Thematic forums (issue 12 §7). A session is created by a coordinator of its territory or by a professional of
 * an organisation of that territory, who becomes its facilitator. Professionals in reach contribute; facilitators
 * record contributions « au nom d’un participant » (kind of expertise only), see the queue of unanswered ones and
 * turn one into a need of the shared inventory.
 */

/** contributions one person may record in ten minutes (forum text is rate-limited, issue 12) */
export const CONTRIBUTIONS_PER_10_MIN = 30;

const toSession = (
	row: repo.SessionRow,
	facilitators: { userId: string; name: string }[],
	now: Date
): ForumSession => ({
	id: row.id,
	title: row.title,
	themes: row.themes,
	territoryType: row.territoryType as ForumSession['territoryType'],
	territoryCode: row.territoryCode,
	startsAt: row.startsAt.toISOString(),
	endsAt: row.endsAt.toISOString(),
	place: row.place,
	remoteUrl: row.remoteUrl,
	status: statusOf(row, now),
	participants: { technique: row.technicalCount, politique: row.politicalCount, usage: row.usageCount },
	namedProfessionals: row.namedProfessionals,
	facilitators: facilitators.map((f) => ({ id: f.userId, name: f.name })),
	createdAt: row.createdAt.toISOString()
});

const toContribution = (row: repo.ContributionRow & { authorName?: string | null }): Contribution => ({
	id: row.id,
	sessionId: row.sessionId,
	parentId: row.parentId,
	phase: row.phase as Contribution['phase'],
	body: row.body,
	expertise: row.expertise as Contribution['expertise'],
	tags: row.tags,
	authorName: row.onBehalf ? null : (row.authorName ?? null),
	onBehalf: row.onBehalf,
	needId: row.needId,
	createdAt: row.createdAt.toISOString()
});

/** Organisations the actor may act for (records needs, organises a session): admin or member, not reader. */
const actingMemberships = (ctx: Context) => ctx.actor.memberships.filter((m) => m.role !== 'reader');

export async function createSession(ctx: Context, input: SessionInput): Promise<ForumSession> {
	const user = ctx.actor.user;
	if (!user) throw new ForbiddenError('create', 'need', false);
	const type = input.territoryType as TerritoryType;
	const place = await territoryPath(ctx, type, input.territoryCode);
	if (!place.departement)
		throw new ValidationError([{ field: 'territoryCode', message: 'forums.territoryUnknown' }]);
	const ref = { type, code: input.territoryCode };
	let organisationId: string | null = null;
	for (const m of actingMemberships(ctx)) {
		const path = await territoryPath(ctx, m.territory.type, m.territory.code);
		if (overlaps(m.territory, path, ref, place)) {
			organisationId = m.organisationId;
			break;
		}
	}
	const coordinates = ctx.actor.coordinations.some((c) => covers(c, place));
	if (!organisationId && !coordinates && !user.isInstanceAdmin)
		throw new ForbiddenError('create', 'need', true);
	const others = [...new Set(input.facilitatorIds.filter((id) => id !== user.id))];
	const known = await repo.existingUsers(ctx.db, others);
	const unknown = others.findIndex((id) => !known.includes(id));
	if (unknown >= 0)
		throw new ValidationError([{ field: `facilitatorIds.${unknown}`, message: 'forums.facilitator' }]);
	return inTransaction(ctx, async (tx) => {
		const row = await repo.insertSession(tx.db, {
			title: input.title,
			themes: [...new Set(input.themes)],
			territoryType: input.territoryType,
			territoryCode: input.territoryCode,
			regionCode: place.region ?? null,
			departementCode: place.departement ?? null,
			epciCode: place.epci ?? null,
			communeCode: place.commune ?? null,
			startsAt: input.startsAt,
			endsAt: input.endsAt,
			place: input.place ?? null,
			remoteUrl: input.remoteUrl ?? null,
			technicalCount: input.technicalCount,
			politicalCount: input.politicalCount,
			usageCount: input.usageCount,
			namedProfessionals: input.namedProfessionals,
			organisationId,
			createdBy: user.id,
			createdAt: nowOf(ctx),
			updatedAt: nowOf(ctx)
		});
		await repo.addFacilitators(tx.db, row.id, [user.id, ...others]);
		await audit(tx, {
			action: 'forum.session.create',
			objectType: 'forumSession',
			objectId: row.id,
			organisationId: organisationId ?? undefined,
			details: { territory: `${row.territoryType}:${row.territoryCode}`, facilitators: [user.id, ...others] }
		});
		return toSession(row, await repo.facilitatorsOf(tx.db, [row.id]), nowOf(ctx));
	});
}

export async function listSessions(
	ctx: Context,
	query: SessionsQuery
): Promise<{ sessions: ForumSession[]; total: number }> {
	const reach = await reachOf(ctx);
	const now = nowOf(ctx);
	const found = await repo.listSessions(ctx.db, reach, query, now);
	const facilitators = await repo.facilitatorsOf(
		ctx.db,
		found.rows.map((r) => r.id)
	);
	return {
		sessions: found.rows.map((r) =>
			toSession(
				r,
				facilitators.filter((f) => f.sessionId === r.id),
				now
			)
		),
		total: found.total
	};
}

export type ContributionThread = Contribution & { answers: Contribution[] };

export async function getSession(
	ctx: Context,
	id: string
): Promise<{
	session: ForumSession;
	isFacilitator: boolean;
	canSeeQueue: boolean;
	contributions: ContributionThread[];
}> {
	const access = await sessionAccess(ctx, id);
	const all = (await repo.contributionsOf(ctx.db, id)).map(toContribution);
	const contributions = all
		.filter((c) => !c.parentId)
		.map((c) => ({ ...c, answers: all.filter((a) => a.parentId === c.id) }));
	return {
		session: toSession(access.session, access.facilitators, nowOf(ctx)),
		isFacilitator: access.isFacilitator,
		canSeeQueue: access.canSeeQueue,
		contributions
	};
}

/** Tags to suggest on the contribution form: those used in this session and its département. */
export async function suggestedTags(ctx: Context, id: string): Promise<string[]> {
	const access = await sessionAccess(ctx, id);
	return repo.tagSuggestions(ctx.db, access.session);
}

export async function contribute(ctx: Context, id: string, input: ContributionInput): Promise<Contribution> {
	return inTransaction(ctx, async (tx) => {
		const access = await sessionAccess(tx, id);
		const user = tx.actor.user!;
		if (input.onBehalf && !access.isFacilitator)
			throw new ValidationError([{ field: 'onBehalf', message: 'forums.onBehalfFacilitator' }]);
		const now = nowOf(tx);
		const recent = await repo.recentContributions(tx.db, user.id, new Date(now.getTime() - 600_000));
		if (recent >= CONTRIBUTIONS_PER_10_MIN) throw new RateLimitError(600, 'errors.forums.rateLimited');
		if (input.parentId) {
			const parent = await repo.findContribution(tx.db, id, input.parentId);
			if (!parent) throw new ValidationError([{ field: 'parentId', message: 'forums.parent' }]);
			if (parent.parentId)
				throw new ValidationError([{ field: 'parentId', message: 'forums.answerOfAnswer' }]);
		}
		// a facilitator may file a contribution in another phase (notes taken during the session, typed after)
		const phase =
			access.isFacilitator && input.phase ? input.phase : PHASE_OF_STATUS[statusOf(access.session, now)];
		const row = await repo.insertContribution(tx.db, {
			sessionId: id,
			parentId: input.parentId ?? null,
			phase,
			body: input.body,
			expertise: input.expertise,
			tags: normaliseTags(input.tags),
			authorId: input.onBehalf ? null : user.id,
			onBehalf: input.onBehalf,
			recordedBy: user.id,
			createdAt: now
		});
		await audit(tx, {
			action: input.parentId ? 'forum.contribution.answer' : 'forum.contribution.create',
			objectType: 'forumContribution',
			objectId: row.id,
			organisationId: access.session.organisationId ?? undefined,
			details: { sessionId: id, phase, expertise: row.expertise, onBehalf: row.onBehalf }
		});
		return toContribution({ ...row, authorName: input.onBehalf ? null : user.displayName });
	});
}

/** Top-level contributions with no answer that have not become a need, oldest first (facilitators, coordinators). */
export async function unansweredQueue(
	ctx: Context,
	id: string,
	tag?: string
): Promise<{ session: ForumSession; isFacilitator: boolean; contributions: Contribution[] }> {
	const access = await sessionAccess(ctx, id);
	if (!access.canSeeQueue) throw new ForbiddenError('read', 'need', true);
	const normalised = tag ? normaliseTags([tag])[0] : undefined;
	return {
		session: toSession(access.session, access.facilitators, nowOf(ctx)),
		isFacilitator: access.isFacilitator,
		contributions: (await repo.unanswered(ctx.db, id, normalised)).map(toContribution)
	};
}

export async function setStatus(ctx: Context, id: string, status: ForumStatus | null): Promise<ForumSession> {
	return inTransaction(ctx, async (tx) => {
		const access = await sessionAccess(tx, id, true);
		if (!access.isFacilitator) throw new ForbiddenError('update', 'need', true);
		const row = await repo.updateStatus(tx.db, id, status, nowOf(tx));
		await audit(tx, {
			action: 'forum.session.status',
			objectType: 'forumSession',
			objectId: id,
			organisationId: row.organisationId ?? undefined,
			details: { status }
		});
		return toSession(row, access.facilitators, nowOf(tx));
	});
}

/**
 * A facilitator turns a contribution into a need of the inventory in one action (source « forum », the session's
 * territory and thématiques, the contribution's expertise). Idempotent: the contribution row is locked, and its
 * need returned if it already has one. The need is reported by the session's organisation when the facilitator
 * belongs to it, else by the facilitator's own organisation.
 */
export async function contributionToNeed(
	ctx: Context,
	id: string,
	contributionId: string
): Promise<{ need: Pick<Need, 'id' | 'title'>; created: boolean; contribution: Contribution }> {
	return inTransaction(ctx, async (tx) => {
		const access: SessionAccess = await sessionAccess(tx, id);
		if (!access.isFacilitator) throw new ForbiddenError('create', 'need', true);
		const contribution = await repo.findContribution(tx.db, id, contributionId, true);
		if (!contribution) throw new NotFoundError('forumContribution', contributionId);
		if (contribution.needId)
			return {
				need: { id: contribution.needId, title: needTitle(contribution.body) },
				created: false,
				contribution: toContribution(contribution)
			};
		const memberships = actingMemberships(tx);
		const organisationId =
			memberships.find((m) => m.organisationId === access.session.organisationId)?.organisationId ??
			memberships[0]?.organisationId;
		if (!organisationId) throw new ConflictError('forums.noOrganisation');
		const { need } = await recordNeed(tx, {
			title: needTitle(contribution.body),
			description: contribution.body,
			themes: access.session.themes,
			territoryType: access.session.territoryType,
			territoryCode: access.session.territoryCode,
			publics: [],
			source: 'forum',
			expertise: contribution.expertise as Need['expertise'],
			evidence: { forumSessionId: id, contributionId, phase: contribution.phase, tags: contribution.tags },
			organisationId
		});
		await repo.setNeed(tx.db, contribution.id, need.id);
		await audit(tx, {
			action: 'forum.contribution.need',
			objectType: 'forumContribution',
			objectId: contribution.id,
			organisationId,
			details: { sessionId: id, needId: need.id }
		});
		return {
			need: { id: need.id, title: need.title },
			created: true,
			contribution: toContribution({ ...contribution, needId: need.id })
		};
	});
}
