import type { Context } from '../context';
import { NotFoundError } from '../errors';
import { ForbiddenError } from '../policy/policy';
import { viewerOf } from './access';
import * as repo from './referrals-repository';
import type { ReferralStatus } from './schema';

/** Who may see and act on a stored referral: professionals of its sending or receiving organisation. */

export type Who = { userId: string; organisationIds: string[] };

export function professional(ctx: Context): Who {
	const viewer = viewerOf(ctx);
	if (!viewer) throw new ForbiddenError('read', 'referral', false);
	return viewer;
}

export type ReferralSide = { receiving: boolean; sending: boolean };

/** The stored referral if the actor is a professional of the sending or receiving organisation; 404 otherwise. */
export async function loadForViewer(ctx: Context, id: string) {
	const who = professional(ctx);
	const found = await repo.findReferralDetail(ctx.db, id);
	if (!found) throw new NotFoundError('referral', id);
	const r = found.referral;
	const side: ReferralSide = {
		receiving: who.organisationIds.includes(r.toOrganisationId),
		sending: who.organisationIds.includes(r.fromOrganisationId)
	};
	if (!side.receiving && !side.sending) throw new NotFoundError('referral', id);
	return { ...found, side, who };
}

export function allowedActions(status: ReferralStatus, side: ReferralSide) {
	const waiting = status === 'sent' || status === 'received';
	return {
		accept: side.receiving && waiting,
		refuse: side.receiving && waiting,
		start: side.receiving && status === 'accepted',
		complete: side.receiving && (status === 'accepted' || status === 'in_progress'),
		abandon:
			(side.sending && waiting) || (side.receiving && (status === 'accepted' || status === 'in_progress'))
	};
}

export const isOverdue = (r: Pick<repo.ReferralRow, 'status' | 'respondBy'>, today: string) =>
	(r.status === 'sent' || r.status === 'received') && r.respondBy < today;
