import type { Context } from '../context';
import { notify } from '../notifications/service';
import { editorIds } from '../organisations/service';
import type { ReferralRow } from './referrals-repository';
import type { ReferralStatus } from './schema';

/**
 * What the referrals area tells people (notification digests, e-mails): never a person's name or anything about
 * them, only « une orientation vous attend » / « une orientation a reçu une réponse », the service and a link with
 * the referral's id.
 */

const NNBSP = '\u202f';
export const referralUrl = (id: string) => `/orientations/${id}`;

export const STATUS_LABELS: Record<ReferralStatus, string> = {
	sent: 'envoyée',
	received: 'reçue',
	accepted: 'acceptée',
	refused: 'refusée',
	in_progress: 'en cours',
	completed: 'terminée',
	abandoned: 'abandonnée',
	expired: 'expirée sans réponse'
};

/** To the receiving organisation's professionals: a new referral waits for them. */
export async function noticeNewReferral(ctx: Pick<Context, 'db'>, r: ReferralRow, serviceName: string) {
	await notify(ctx, {
		kind: 'referrals.new',
		title: 'Une orientation vous attend',
		text: `Une orientation a été adressée au service «${'\u202f'}${serviceName}${'\u202f'}».`,
		url: referralUrl(r.id),
		cooperationId: r.cooperationId,
		recipients: await editorIds(ctx, r.toOrganisationId),
		dedupeKey: `referrals.new:${r.id}`
	});
}

/**
 * The closed loop: the sender and the person's référent hear of every outcome (not whoever made the change).
 * `referentUserId` comes from the stored person.
 */
export async function noticeOutcome(
	ctx: Pick<Context, 'db'>,
	r: ReferralRow,
	serviceName: string,
	referentUserId: string | null,
	actorUserId: string | null
) {
	const recipients = [r.fromUserId, referentUserId].filter((id): id is string => !!id && id !== actorUserId);
	if (!recipients.length) return;
	await notify(ctx, {
		kind: 'referrals.outcome',
		title: 'Une orientation a reçu une réponse',
		text: `Orientation vers «${'\u202f'}${serviceName}${'\u202f'}»${NNBSP}: ${STATUS_LABELS[r.status as ReferralStatus]}.`,
		url: referralUrl(r.id),
		cooperationId: r.cooperationId,
		recipients,
		dedupeKey: `referrals.outcome:${r.id}:${r.status}`
	});
}

/** To the receiving organisation: the sender withdrew a referral it had not answered yet. */
export async function noticeWithdrawn(ctx: Pick<Context, 'db'>, r: ReferralRow, serviceName: string) {
	await notify(ctx, {
		kind: 'referrals.withdrawn',
		title: 'Une orientation a été annulée',
		text: `L’orientation adressée au service «${'\u202f'}${serviceName}${'\u202f'}» a été annulée par l’organisme qui l’avait envoyée.`,
		url: referralUrl(r.id),
		cooperationId: r.cooperationId,
		recipients: await editorIds(ctx, r.toOrganisationId),
		dedupeKey: `referrals.withdrawn:${r.id}`
	});
}

/** Deadline of the queue: reminder to the receiving organisation, escalation to the coordinators. */
export async function noticeDeadline(
	ctx: Pick<Context, 'db'>,
	r: ReferralRow,
	serviceName: string,
	stage: 'reminder' | 'escalation',
	recipients: string[]
) {
	if (!recipients.length) return;
	await notify(ctx, {
		kind: `referrals.${stage}`,
		title:
			stage === 'reminder' ? 'Une orientation vous attend toujours' : 'Une orientation reste sans réponse',
		text:
			stage === 'reminder'
				? `L’orientation adressée au service «${'\u202f'}${serviceName}${'\u202f'}» attend une réponse depuis la date prévue.`
				: `L’orientation adressée au service «${'\u202f'}${serviceName}${'\u202f'}» est sans réponse deux jours ouvrés après l’échéance.`,
		// coordinators are not parties to the referral: they get the service sheet, never the referral
		url: stage === 'reminder' ? referralUrl(r.id) : `/annuaire/services/${r.serviceId}`,
		cooperationId: r.cooperationId,
		recipients,
		dedupeKey: `referrals.${stage}:${r.id}`
	});
}
