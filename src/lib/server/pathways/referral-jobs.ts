import type { Context } from '../context';
import { nowOf } from '../context';
import { audit } from '../audit/service';
import { inTransaction } from '../db/transaction';
import { defineJob } from '../jobs/registry';
import { parisDay } from '../jobs/clock';
import { editorIds } from '../organisations/service';
import { communePlace, getService } from '../directory/service';
import { coordinatorsCovering } from '../auth/coordinations';
import * as base from './repository';
import * as repo from './referrals-repository';
import { noticeDeadline, noticeOutcome } from './referrals-notices';
import { afterReferralChange } from './ping-pong';
import { workingDaysBetween } from './working-days';

/**
 * The deadline of referrals waiting for an answer (sent or received), run every morning by the queue (ADR 002):
 * - on the day `respond_by` is reached: one reminder to the receiving organisation's professionals;
 * - ESCALATE_AFTER working days after it: one notice to the coordinators whose territory covers the service's
 *   commune (the territory's coordination; a cooperation's coordinators are those of its territory);
 * - EXPIRE_AFTER working days after it: the referral expires (closed, counted by ping-pong detection) and the
 *   sender and référent are told.
 * Idempotent: reminded_at / escalated_at are set once by a conditional UPDATE, expiry is a conditional transition;
 * a second run the same day, or two processes at once, do nothing more.
 */

/** Working days after the deadline before the coordinators are told. */
export const ESCALATE_AFTER = 2;
/** Working days after the deadline before the referral expires. */
export const EXPIRE_AFTER = 10;

export interface DeadlineRun {
	reminded: number;
	escalated: number;
	expired: number;
}

async function serviceNameAndPlace(ctx: Context, serviceId: string) {
	const { service, structure } = await getService(ctx, serviceId);
	return {
		name: service.name,
		place: await communePlace(ctx, service.communeCode ?? structure.communeCode).catch(() => undefined)
	};
}

export async function runReferralDeadlines(ctx: Context): Promise<DeadlineRun> {
	const now = nowOf(ctx);
	const today = parisDay(now);
	const result: DeadlineRun = { reminded: 0, escalated: 0, expired: 0 };
	for (const r of await repo.dueReferrals(ctx.db, today)) {
		const late = workingDaysBetween(r.respondBy, today);
		await inTransaction(ctx, async (tx) => {
			const service = await serviceNameAndPlace(tx, r.serviceId);
			if (late >= EXPIRE_AFTER) {
				const expired = await repo.transition(
					tx.db,
					r.id,
					{ version: r.version, from: ['sent', 'received'] },
					{ status: 'expired', updatedAt: now, closedAt: now }
				);
				if (!expired) return;
				await repo.insertEvent(tx.db, {
					referralId: r.id,
					fromStatus: r.status,
					toStatus: 'expired',
					automatic: 'expiry',
					at: now
				});
				await audit(tx, {
					action: 'referral.expire',
					objectType: 'referral',
					objectId: r.id,
					organisationId: r.toOrganisationId,
					details: { personId: r.personId, from: r.status, to: 'expired', respondBy: r.respondBy }
				});
				const person = await base.findPerson(tx.db, r.personId);
				await noticeOutcome(tx, expired, service.name, person?.referentUserId ?? null, null);
				await afterReferralChange(tx, r.id);
				result.expired++;
				return;
			}
			if (!r.remindedAt && (await repo.markDeadlineStage(tx.db, r.id, 'remindedAt', now))) {
				await repo.insertEvent(tx.db, {
					referralId: r.id,
					fromStatus: r.status,
					toStatus: r.status,
					automatic: 'reminder',
					at: now
				});
				await noticeDeadline(tx, r, service.name, 'reminder', await editorIds(tx, r.toOrganisationId));
				result.reminded++;
			}
			if (
				late >= ESCALATE_AFTER &&
				!r.escalatedAt &&
				(await repo.markDeadlineStage(tx.db, r.id, 'escalatedAt', now))
			) {
				await repo.insertEvent(tx.db, {
					referralId: r.id,
					fromStatus: r.status,
					toStatus: r.status,
					automatic: 'escalation',
					at: now
				});
				await audit(tx, {
					action: 'referral.escalate',
					objectType: 'referral',
					objectId: r.id,
					organisationId: r.toOrganisationId,
					details: { respondBy: r.respondBy }
				});
				await noticeDeadline(
					tx,
					r,
					service.name,
					'escalation',
					await coordinatorsCovering(tx.db, service.place)
				);
				result.escalated++;
			}
		});
	}
	return result;
}

/** Every morning (UTC cron, before the working day in Paris). */
export const referralDeadlines = defineJob({
	name: 'pathways.referral-deadlines',
	cron: '15 5 * * *',
	async run(ctx) {
		await runReferralDeadlines(ctx);
	}
});
