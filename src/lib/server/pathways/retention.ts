import type { Context } from '../context';
import { nowOf } from '../context';
import { config } from '../config';
import { audit, auditMany } from '../audit/service';
import { authorize } from '../policy/policy';
import { inTransaction } from '../db/transaction';
import { parseOrThrow } from '../api/errors';
import { editorEmails } from '../organisations/service';
import { mailer } from '../mail';
import { logger } from '../log';
import { auditPersonReads, personViews, reveal } from './access';
import * as rights from './rights-repository';
import { anonymiseRecord } from './erasure';
import { holderView } from './rights';
import { keepInputSchema } from './rights-validation';

/**
 * Retention (issue 11, item 7; DORA anonymises after 730 days): a record without activity for
 * MAILLAGE_RETENTION_DAYS (default 730) is proposed for deletion and its holder's professionals are told (a count
 * and a link, no names); 30 days later, if nobody kept it (« Conserver » resets its activity), it is anonymised.
 */
export const RETENTION_GRACE_DAYS = 30;
const DAY = 86_400_000;

export async function runRetention(
	ctx: Context,
	options: { days?: number; batch?: number } = {}
): Promise<{ proposed: number; anonymised: number }> {
	const now = nowOf(ctx);
	const days = options.days ?? config().retentionDays;
	const proposed = await inTransaction(ctx, async (tx) => {
		await rights.clearResumed(tx.db);
		const rows = await rights.proposeInactive(tx.db, new Date(now.getTime() - days * DAY), now);
		await auditMany(
			tx,
			rows.map((r) => ({
				action: 'person.retention.proposed',
				objectType: 'person',
				objectId: r.id,
				organisationId: r.organisationId,
				details: { days }
			}))
		);
		return rows;
	});
	const byOrganisation = new Map<string, number>();
	for (const r of proposed)
		byOrganisation.set(r.organisationId, (byOrganisation.get(r.organisationId) ?? 0) + 1);
	for (const [organisationId, count] of byOrganisation) await notify(ctx, organisationId, count);

	let anonymised = 0;
	for (;;) {
		const due = await rights.dueForAnonymisation(
			ctx.db,
			new Date(now.getTime() - RETENTION_GRACE_DAYS * DAY),
			options.batch ?? 100
		);
		if (!due.length) break;
		for (const person of due) await inTransaction(ctx, (tx) => anonymiseRecord(tx, person, 'retention'));
		anonymised += due.length;
	}
	return { proposed: proposed.length, anonymised };
}

/** The holder's professionals are told how many records are proposed, with a link: never a name. */
async function notify(ctx: Context, organisationId: string, count: number) {
	const origin = config().origin ?? '';
	const text = [
		'Bonjour,',
		'',
		`${count} dossier(s) de personnes suivies par votre organisme sont sans activité depuis la durée de conservation et sont proposés à l’effacement.`,
		`Sans action de votre part, ils seront anonymisés dans ${RETENTION_GRACE_DAYS} jours. Pour en conserver un, ouvrez la liste :`,
		`${origin}/personnes/retention`,
		'',
		'Maillage'
	].join('\n');
	for (const to of await editorEmails(ctx, organisationId)) {
		try {
			await mailer().send({ to, subject: 'Dossiers proposés à l’effacement', text });
		} catch (err) {
			logger.warn({ err, organisationId }, 'retention notice not sent');
		}
	}
}

/** « Conserver »: a holder admin keeps a record proposed for deletion (its activity restarts). */
export async function keepPerson(ctx: Context, personId: string, input: { reason: string }) {
	const parsed = parseOrThrow(keepInputSchema, input);
	return inTransaction(ctx, async (tx) => {
		const view = await holderView(tx, personId);
		authorize(tx.actor, 'delete', 'person', { organisationId: view.person.organisationId });
		await rights.keepPerson(tx.db, personId, nowOf(tx));
		await audit(tx, {
			action: 'person.retention.keep',
			objectType: 'person',
			objectId: personId,
			organisationId: view.person.organisationId,
			details: { reason: parsed.reason }
		});
		return { id: personId };
	});
}

/** Records of an organisation proposed for deletion, with the date they will be anonymised (names: audited). */
export async function retentionProposals(ctx: Context, organisationId: string) {
	authorize(ctx.actor, 'delete', 'person', { organisationId });
	return inTransaction(ctx, async (tx) => {
		const ids = (await rights.proposedOf(tx.db, organisationId)).map((r) => r.id);
		const views = (await personViews(tx, ids)).filter((v) => v.isHolder);
		await auditPersonReads(tx, views, 'retention');
		return views.map((v) => {
			const identity = reveal<{ firstName: string; lastName: string }>(
				v,
				'identity',
				v.person.identitySealed
			);
			return {
				id: v.person.id,
				name:
					identity.visible && identity.value ? `${identity.value.firstName} ${identity.value.lastName}` : '',
				lastActivityAt: v.person.lastActivityAt,
				proposedAt: v.person.retentionProposedAt!,
				anonymiseOn: new Date(v.person.retentionProposedAt!.getTime() + RETENTION_GRACE_DAYS * DAY)
			};
		});
	});
}
