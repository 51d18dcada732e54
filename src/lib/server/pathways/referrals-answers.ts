import { nowOf, type Context } from '../context';
import { ConflictError } from '../errors';
import { ForbiddenError } from '../policy/policy';
import { audit } from '../audit/service';
import { inTransaction } from '../db/transaction';
import { seal } from '../crypto/fields';
import * as base from './repository';
import * as repo from './referrals-repository';
import { allowedActions, loadForViewer } from './referrals-access';
import { noticeOutcome, noticeWithdrawn } from './referrals-notices';
import { afterReferralChange } from './ping-pong';
import type { ReferralStatus } from './schema';
import type { Outcome, Refusal } from './referrals-validation';

/**
 * The answers to a referral (issue 11 §4): only the receiving organisation's professionals accept, refuse, start and
 * complete it; the sender may withdraw it (abandoned) until it is accepted, the receiver may abandon it afterwards.
 * Each change is a conditional UPDATE on the version the professional saw: of two people accepting at once, one
 * wins and the other gets a 409 naming who accepted.
 */

type Action = keyof ReturnType<typeof allowedActions>;

const FROM: Record<Action, readonly ReferralStatus[]> = {
	accept: ['sent', 'received'],
	refuse: ['sent', 'received'],
	start: ['accepted'],
	complete: ['accepted', 'in_progress'],
	abandon: ['sent', 'received', 'accepted', 'in_progress']
};
const ACCEPTED_OR_LATER: readonly string[] = ['accepted', 'in_progress', 'completed'];

async function conflict(ctx: Context, id: string): Promise<never> {
	const now = await repo.findReferral(ctx.db, id);
	if (now && ACCEPTED_OR_LATER.includes(now.status) && now.acceptedBy)
		throw new ConflictError('referrals.alreadyAccepted', {
			name: (await repo.userName(ctx.db, now.acceptedBy)) ?? '—'
		});
	throw new ConflictError('referrals.changed');
}

async function decide(
	ctx: Context,
	id: string,
	action: Action,
	to: ReferralStatus,
	options: { version?: number; set?: Partial<repo.ReferralRow>; closes?: boolean }
): Promise<repo.ReferralRow> {
	const loaded = await loadForViewer(ctx, id);
	const before = loaded.referral;
	const permitted = allowedActions(before.status as ReferralStatus, loaded.side)[action];
	if (!permitted) {
		// a side that may never do this (the sender accepting): forbidden; the right side too late: conflict
		const anyStatus = FROM[action].some((s) => allowedActions(s, loaded.side)[action]);
		if (!anyStatus) throw new ForbiddenError('update', 'referral', true);
		await conflict(ctx, id);
	}
	return inTransaction(ctx, async (tx) => {
		const now = nowOf(tx);
		const changed = await repo.transition(
			tx.db,
			id,
			{ version: options.version ?? before.version, from: FROM[action] },
			{
				...options.set,
				status: to,
				updatedAt: now,
				...(options.closes ? { closedAt: now } : {}),
				...(to === 'accepted' ? { acceptedBy: loaded.who.userId } : {})
			}
		);
		if (!changed) return conflict(tx, id);
		await repo.insertEvent(tx.db, {
			referralId: id,
			fromStatus: before.status,
			toStatus: to,
			byUserId: loaded.who.userId,
			at: now
		});
		await base.touchPerson(tx.db, changed.personId, now);
		await audit(tx, {
			action: `referral.${action}`,
			objectType: 'referral',
			objectId: id,
			organisationId: loaded.side.receiving ? changed.toOrganisationId : changed.fromOrganisationId,
			details: { personId: changed.personId, from: before.status, to, reason: changed.refusalReason }
		});
		const person = await base.findPerson(tx.db, changed.personId);
		if (action === 'abandon' && !loaded.side.receiving)
			await noticeWithdrawn(tx, changed, loaded.serviceName);
		else if (to !== 'in_progress')
			await noticeOutcome(tx, changed, loaded.serviceName, person?.referentUserId ?? null, loaded.who.userId);
		if (to === 'refused') await afterReferralChange(tx, id);
		return changed;
	});
}

export const accept = (ctx: Context, id: string, input: { version?: number } = {}) =>
	decide(ctx, id, 'accept', 'accepted', { version: input.version });

export async function refuse(ctx: Context, id: string, input: Refusal & { version?: number }) {
	const r = await repo.findReferral(ctx.db, id);
	return decide(ctx, id, 'refuse', 'refused', {
		version: input.version,
		closes: true,
		set: {
			refusalReason: input.reason,
			outcomeSealed: input.text && r ? seal(input.text, r.personId) : null
		}
	});
}

export const start = (ctx: Context, id: string, input: { version?: number } = {}) =>
	decide(ctx, id, 'start', 'in_progress', { version: input.version });

async function closing(ctx: Context, id: string, action: 'complete' | 'abandon', input: Outcome) {
	const r = await repo.findReferral(ctx.db, id);
	return decide(ctx, id, action, action === 'complete' ? 'completed' : 'abandoned', {
		version: input.version,
		closes: true,
		set: input.text && r ? { outcomeSealed: seal(input.text, r.personId) } : {}
	});
}

export const complete = (ctx: Context, id: string, input: Outcome = {}) =>
	closing(ctx, id, 'complete', input);
export const abandon = (ctx: Context, id: string, input: Outcome = {}) => closing(ctx, id, 'abandon', input);
