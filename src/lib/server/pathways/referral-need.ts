import type { Context } from '../context';
import { ConflictError, NotFoundError } from '../errors';
import { inTransaction } from '../db/transaction';
import { getService } from '../directory/service';
import { needOfReferral, recordNeed } from '../needs/service';
import type { Need } from '../needs/validation';
import * as repo from './ping-pong-repository';

/**
 * A refused referral becomes a need of the shared inventory in one action (issue 11 §4): source « orientation
 * refusée », thématiques and publics of the service, territory = the service's commune, evidence = the refusal
 * reason category. Never any person data (no person id either: the referral id is the link). Idempotent.
 */

export const REFUSAL_REASON_LABELS: Record<string, string> = {
	no_capacity: 'pas de place disponible',
	outside_conditions: 'hors des conditions d’accès',
	not_our_mission: 'hors de nos missions',
	unreachable: 'personne injoignable',
	other: 'autre motif'
};

/** The referral as the need action may see it: only its sending or receiving organisation's professionals (else 404). */
async function referralInReach(ctx: Context, referralId: string) {
	const head = await repo.referralHead(ctx.db, referralId);
	const orgIds = ctx.actor.memberships.filter((m) => m.role !== 'reader').map((m) => m.organisationId);
	if (!head || ![head.fromOrganisationId, head.toOrganisationId].some((o) => orgIds.includes(o)))
		throw new NotFoundError('referral', referralId);
	return {
		head,
		organisationId: orgIds.includes(head.toOrganisationId) ? head.toOrganisationId : head.fromOrganisationId
	};
}

/** What the « Faire de ce refus un besoin » page shows: the service, the reason, and the need if already recorded. */
export async function refusalForNeed(ctx: Context, referralId: string) {
	const { head } = await referralInReach(ctx, referralId);
	const found = await getService(ctx, head.serviceId);
	return {
		referralId,
		status: head.status,
		refusalReason: head.refusalReason,
		serviceName: found.service.name,
		themes: found.service.thematiques ?? [],
		need: await needOfReferral(ctx, referralId)
	};
}

export async function needFromRefusedReferral(
	ctx: Context,
	referralId: string
): Promise<{ need: Need; created: boolean }> {
	return inTransaction(ctx, async (tx) => {
		const { head, organisationId } = await referralInReach(tx, referralId);
		if (head.status !== 'refused') throw new ConflictError('pingpong.notRefused');
		const { service, structure } = await getService(tx, head.serviceId);
		const commune = service.communeCode ?? structure.communeCode;
		if (!commune) throw new ConflictError('pingpong.noTerritory');
		const reason = head.refusalReason ?? 'other';
		return recordNeed(tx, {
			title: `Orientation refusée\u202f: ${service.name}`,
			description: `Une orientation vers ce service a été refusée (motif\u202f: ${REFUSAL_REASON_LABELS[reason] ?? reason}).`,
			themes: service.thematiques ?? [],
			publics: service.publics ?? [],
			territoryType: 'commune',
			territoryCode: commune,
			source: 'refused_referral',
			expertise: 'technique',
			evidence: { refusalReason: reason, serviceId: service.id },
			referralId,
			organisationId
		});
	});
}
