import { createHmac } from 'node:crypto';
import { config } from '../config';
import { nowOf, type Context } from '../context';
import { NotFoundError, RateLimitError, ValidationError } from '../errors';
import { authorize, can, ForbiddenError } from '../policy/policy';
import type { TerritoryPath } from '../policy/actor';
import { audit } from '../audit/service';
import { inTransaction } from '../db/transaction';
import { logger } from '../log';
import { communePlace, getService } from '../directory/service';
import { lifeEvent } from '../directory/life-events';
import { recordNeed } from '../needs/service';
import { deidentify } from './deidentify';
import * as repo from './repository';
import type { FeedbackMissing, FeedbackStatus } from './schema';
import type { AnswerInput, FeedbackDto, FeedbackInput, ModerationInput } from './validation';

/**
 * Lived-experience feedback (issue 12 §8): left without an account on a service sheet or a life event page,
 * de-identified before it is stored, moderated by the coordinators of its place, then read by partners and
 * answered by the organisation that owns the service. Published on the public sheet once approved and either
 * answered or approved for `ANSWER_DELAY_MS` (the service gets days to answer first, as on Care Opinion).
 */

export const MAX_FEEDBACK_PER_ADDRESS = 5;
export const FEEDBACK_WINDOW_MS = 3600_000;
export const ANSWER_DELAY_MS = 7 * 24 * 3600_000;

/**
 * The rate limit is kept in memory only, keyed by a keyed hash of the address: nothing about the address is ever
 * written with the feedback nor in the audit log. A restart forgets it (acceptable: a robot still meets the
 * honeypot and the moderation).
 */
const recent = new Map<string, number[]>();
const addressKey = (ip: string) =>
	createHmac('sha256', config().secret).update(`feedback:${ip}`).digest('hex');

function takeRateToken(ip: string | undefined, now: number) {
	const key = addressKey(ip ?? 'unknown');
	const times = (recent.get(key) ?? []).filter((t) => t > now - FEEDBACK_WINDOW_MS);
	if (times.length >= MAX_FEEDBACK_PER_ADDRESS) {
		recent.set(key, times);
		throw new RateLimitError(Math.ceil(FEEDBACK_WINDOW_MS / 1000), 'feedback.errors.rateLimited');
	}
	times.push(now);
	recent.set(key, times);
	if (recent.size > 50_000) recent.clear();
}

/** For tests: forget every address. */
export const resetFeedbackRateLimit = () => recent.clear();

export type FeedbackSubject = { serviceId: string } | { lifeEventSlug: string };

async function subjectOf(ctx: Context, subject: FeedbackSubject, communeCode: string | undefined) {
	if ('serviceId' in subject) {
		const found = await getService(ctx, subject.serviceId);
		const code = found.service.communeCode ?? found.structure.communeCode;
		const place = code ? await communePlace(ctx, code) : undefined;
		if (!code || !place)
			throw new ValidationError([{ field: 'communeCode', message: 'feedback.communeRequired' }]);
		return {
			serviceId: found.service.id,
			lifeEventSlug: null,
			organisationId: found.structure.organisationId,
			subjectName: found.service.name,
			thematiques: found.service.thematiques,
			place: { ...place, commune: code }
		};
	}
	const event = lifeEvent(subject.lifeEventSlug);
	if (!event) throw new NotFoundError('lifeEvent', subject.lifeEventSlug);
	if (!communeCode)
		throw new ValidationError([{ field: 'communeCode', message: 'feedback.communeRequired' }]);
	const place = await communePlace(ctx, communeCode);
	return {
		serviceId: null,
		lifeEventSlug: event.slug,
		organisationId: null,
		subjectName: event.slug,
		thematiques: [...event.thematiques],
		place: { ...place!, commune: communeCode }
	};
}

export type SubmitOutcome = { stored: true; id: string } | { stored: false };

/** Public: leaves feedback. A filled honeypot is answered as a success, never stored. */
export async function submitFeedback(
	ctx: Context,
	subject: FeedbackSubject,
	input: FeedbackInput
): Promise<SubmitOutcome> {
	authorize(ctx.actor, 'create', 'feedback');
	const found = await subjectOf(ctx, subject, input.communeCode);
	if (input.precision && input.precision.trim() !== '') {
		logger.info({ subject }, 'feedback refused: honeypot filled');
		return { stored: false };
	}
	// logged, not audited, when refused: a robot would fill the audit log
	takeRateToken(ctx.ip, nowOf(ctx).getTime());
	// the audit entry of an anonymous post carries no address either
	const anonymous: Context = { ...ctx, ip: undefined };
	return inTransaction(anonymous, async (tx) => {
		const row = await repo.insertFeedback(tx.db, {
			serviceId: found.serviceId,
			lifeEventSlug: found.lifeEventSlug,
			organisationId: found.organisationId,
			subjectName: found.subjectName,
			thematiques: found.thematiques,
			communeCode: found.place.commune,
			epciCode: found.place.epci ?? null,
			departementCode: found.place.departement ?? null,
			regionCode: found.place.region ?? null,
			useful: input.useful ?? null,
			missing: input.missing,
			text: deidentify(input.text),
			createdAt: nowOf(ctx)
		});
		await audit(tx, {
			action: 'feedback.create',
			objectType: 'feedback',
			objectId: row.id,
			organisationId: row.organisationId,
			details: { serviceId: row.serviceId, lifeEventSlug: row.lifeEventSlug }
		});
		return { stored: true as const, id: row.id };
	});
}

const placeOf = (row: repo.FeedbackRow): TerritoryPath => ({
	commune: row.communeCode,
	epci: row.epciCode ?? undefined,
	departement: row.departementCode ?? undefined,
	region: row.regionCode ?? undefined
});

export const toDto = (row: repo.FeedbackRow): FeedbackDto => ({
	id: row.id,
	serviceId: row.serviceId,
	lifeEventSlug: row.lifeEventSlug,
	organisationId: row.organisationId,
	subjectName: row.subjectName,
	communeCode: row.communeCode,
	useful: row.useful,
	missing: row.missing as FeedbackMissing[],
	text: row.text,
	status: row.status as FeedbackStatus,
	rejectReason: row.rejectReason,
	answer: row.answer,
	answeredAt: row.answeredAt?.toISOString() ?? null,
	needId: row.needId,
	createdAt: row.createdAt.toISOString()
});

async function load(ctx: Context, id: string) {
	const row = await repo.findFeedback(ctx.db, id);
	if (!row) throw new NotFoundError('feedback', id);
	return row;
}

/** The moderation queue: feedback of a status in the places the actor coordinates (everything for an instance admin). */
export async function moderationQueue(
	ctx: Context,
	options: { status?: FeedbackStatus; limit: number; offset: number }
) {
	const admin = !!ctx.actor.user?.isInstanceAdmin;
	if (!admin && ctx.actor.coordinations.length === 0)
		throw new ForbiddenError('update', 'feedback', ctx.actor.user !== null);
	const rows = await repo.feedbackInPlaces(ctx.db, admin ? null : ctx.actor.coordinations, {
		status: options.status ?? 'pending',
		limit: options.limit,
		offset: options.offset
	});
	return rows.map(toDto);
}

/** Approve (the text possibly edited further, de-identified again) or reject with a reason; pending feedback only. */
export async function moderateFeedback(ctx: Context, id: string, input: ModerationInput) {
	const stored = await load(ctx, id);
	authorize(ctx.actor, 'update', 'feedback', { place: placeOf(stored) });
	if (stored.status !== 'pending')
		throw new ValidationError([{ field: 'decision', message: 'feedback.alreadyModerated' }]);
	return inTransaction(ctx, async (tx) => {
		const base = { moderatedBy: ctx.actor.user?.id ?? null, moderatedAt: nowOf(ctx) };
		const change =
			input.decision === 'approve'
				? {
						...base,
						status: 'approved',
						text: input.text !== undefined ? deidentify(input.text) : stored.text
					}
				: { ...base, status: 'rejected', rejectReason: input.reason ?? null };
		const updated = await repo.updateFeedback(tx.db, id, 'pending', change);
		if (!updated) throw new ValidationError([{ field: 'decision', message: 'feedback.alreadyModerated' }]);
		await audit(tx, {
			action: input.decision === 'approve' ? 'feedback.approve' : 'feedback.reject',
			objectType: 'feedback',
			objectId: id,
			organisationId: stored.organisationId,
			details: { edited: input.decision === 'approve' && updated.text !== stored.text }
		});
		return toDto(updated);
	});
}

/** Approved feedback on an organisation's services, for its members (pending and rejected feedback never). */
export async function organisationFeedback(
	ctx: Context,
	organisationId: string,
	options: { limit: number; offset: number }
) {
	authorize(ctx.actor, 'read', 'feedback', { organisationId });
	const rows = await repo.approvedOfOrganisations(ctx.db, [organisationId], options);
	return {
		items: rows.map(toDto),
		canAnswer: can(ctx.actor, 'create', 'feedbackAnswer', { organisationId })
	};
}

/** The API's list: approved feedback of one's organisations' services and of the places one coordinates. */
export async function approvedFeedbackInScope(ctx: Context, options: { limit: number; offset: number }) {
	if (!ctx.actor.user) throw new ForbiddenError('read', 'feedback', false);
	const admin = ctx.actor.user.isInstanceAdmin;
	const organisationIds = [...new Set(ctx.actor.memberships.map((m) => m.organisationId))];
	const rows = await repo.approvedInScope(
		ctx.db,
		organisationIds,
		admin ? null : ctx.actor.coordinations,
		options
	);
	return rows.map(toDto);
}

/** The owner's answer to approved feedback; answering again replaces it. */
export async function answerFeedback(ctx: Context, id: string, input: AnswerInput) {
	const stored = await load(ctx, id);
	if (!stored.organisationId) throw new ForbiddenError('create', 'feedbackAnswer', ctx.actor.user !== null);
	authorize(ctx.actor, 'create', 'feedbackAnswer', { organisationId: stored.organisationId });
	if (stored.status !== 'approved')
		throw new ValidationError([{ field: 'answer', message: 'feedback.notApproved' }]);
	return inTransaction(ctx, async (tx) => {
		const updated = await repo.updateFeedback(tx.db, id, 'approved', {
			answer: input.answer,
			answeredBy: ctx.actor.user?.id ?? null,
			answeredAt: nowOf(ctx)
		});
		if (!updated) throw new ValidationError([{ field: 'answer', message: 'feedback.notApproved' }]);
		await audit(tx, {
			action: 'feedback.answer',
			objectType: 'feedback',
			objectId: id,
			organisationId: stored.organisationId,
			details: { replaced: stored.answer !== null }
		});
		return toDto(updated);
	});
}

/**
 * A coordinator turns feedback into a need of the inventory in one action (source `user_feedback`, the place's
 * commune, the subject's thématiques); the feedback keeps the need's id. The need is reported in the name of one
 * of the coordinator's organisations (the needs service requires one).
 */
export async function feedbackToNeed(ctx: Context, id: string) {
	const stored = await load(ctx, id);
	authorize(ctx.actor, 'update', 'feedback', { place: placeOf(stored) });
	if (stored.status === 'rejected')
		throw new ValidationError([{ field: 'need', message: 'feedback.rejectedNoNeed' }]);
	if (stored.needId) throw new ValidationError([{ field: 'need', message: 'feedback.alreadyNeed' }]);
	const reporter = ctx.actor.memberships.find((m) => m.role !== 'reader');
	if (!reporter && !ctx.actor.user?.isInstanceAdmin)
		throw new ValidationError([{ field: 'need', message: 'feedback.noOrganisation' }]);
	const organisationId = reporter?.organisationId ?? stored.organisationId;
	if (!organisationId) throw new ValidationError([{ field: 'need', message: 'feedback.noOrganisation' }]);
	return inTransaction(ctx, async (tx) => {
		const { need } = await recordNeed(tx, {
			title: `Avis d’usager\u202f: ${stored.subjectName}`.slice(0, 200),
			description: stored.text,
			themes: stored.thematiques,
			territoryType: 'commune',
			territoryCode: stored.communeCode,
			publics: [],
			source: 'user_feedback',
			expertise: 'usage',
			evidence: { feedbackId: stored.id },
			organisationId
		});
		const updated = await repo.updateFeedback(tx.db, id, stored.status, { needId: need.id });
		if (!updated) throw new ValidationError([{ field: 'need', message: 'feedback.alreadyModerated' }]);
		await audit(tx, {
			action: 'feedback.toNeed',
			objectType: 'feedback',
			objectId: id,
			organisationId: stored.organisationId,
			details: { needId: need.id }
		});
		return { feedback: toDto(updated), needId: need.id };
	});
}

/** Public: what the sheet shows, approved and answered, or approved for `ANSWER_DELAY_MS` without an answer. */
export async function publishedFeedbackOfService(ctx: Context, serviceId: string, limit = 10) {
	authorize(ctx.actor, 'read', 'service');
	const rows = await repo.publishedOfService(
		ctx.db,
		serviceId,
		new Date(nowOf(ctx).getTime() - ANSWER_DELAY_MS),
		limit
	);
	return rows.map((r) => ({
		id: r.id,
		useful: r.useful,
		missing: r.missing as FeedbackMissing[],
		text: r.text,
		answer: r.answer,
		createdAt: r.createdAt.toISOString()
	}));
}
