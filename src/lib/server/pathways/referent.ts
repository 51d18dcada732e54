import type { Context } from '../context';
import { nowOf } from '../context';
import { NotFoundError, ValidationError } from '../errors';
import { ForbiddenError } from '../policy/policy';
import { inTransaction } from '../db/transaction';
import { audit } from '../audit/service';
import { actorForUser, findUserById } from '../auth/service';
import { notify } from '../notifications/service';
import { listMembers } from '../organisations/service';
import { personAccess } from './access';
import * as repo from './entries-repository';
import { referentPutSchema } from './entries-validation';

/**
 * The référent de parcours (the one professional in charge of the whole pathway): exactly one per person, set or
 * changed by the holding organisation's professionals or by the current référent, chosen among the professionals
 * of an organisation that sees the person. Every change is kept in person_referents; the former référent is told
 * (the notice names no one: « Vous n’êtes plus référent d’un parcours » and a link).
 */

export const REFERENT_NOTICE = {
	replaced: 'Vous n’êtes plus référent d’un parcours',
	replacedText:
		'Un autre professionnel a pris le relais. Vos suivis en cours sont sur votre tableau de bord.',
	appointed: 'Vous êtes désormais référent d’un parcours',
	appointedText: 'Retrouvez les personnes dont vous êtes référent sur votre tableau de bord.'
} as const;

export async function setReferent(ctx: Context, personId: string, input: unknown) {
	const { userId } = referentPutSchema.parse(input);
	return inTransaction(ctx, async (tx) => {
		const view = await personAccess(tx, personId);
		const former = view.person.referentUserId;
		if (!view.isHolder && former !== view.viewer.userId) throw new ForbiddenError('update', 'person', true);
		// the new référent must see the person through the same rule, as themselves
		const user = await findUserById(tx.db, userId);
		const notReachable = () =>
			new ValidationError([{ field: 'userId', message: 'followup.referent.noAccess' }]);
		if (!user || user.disabledAt) throw notReachable();
		const theirs = await personAccess({ ...tx, actor: await actorForUser(tx.db, user) }, personId).catch(
			(e: unknown) => {
				if (e instanceof NotFoundError) throw notReachable();
				throw e;
			}
		);
		const now = nowOf(tx);
		if (former === userId)
			return { personId, userId, organisationId: view.person.referentOrganisationId, since: now };
		const row = await repo.replaceReferent(tx.db, {
			personId,
			userId,
			organisationId: theirs.organisationId,
			changedBy: view.viewer.userId,
			at: now
		});
		await audit(tx, {
			action: 'pathway.referent.change',
			objectType: 'person',
			objectId: personId,
			organisationId: view.organisationId,
			details: { from: former, to: userId, organisationId: theirs.organisationId }
		});
		if (former && former !== view.viewer.userId)
			await notify(tx, {
				kind: 'pathways.referent.replaced',
				title: REFERENT_NOTICE.replaced,
				text: REFERENT_NOTICE.replacedText,
				url: '/mes-suivis',
				recipients: [former],
				dedupeKey: `pathways.referent.replaced:${row.id}`
			});
		if (userId !== view.viewer.userId)
			await notify(tx, {
				kind: 'pathways.referent.appointed',
				title: REFERENT_NOTICE.appointed,
				text: REFERENT_NOTICE.appointedText,
				url: '/mes-suivis',
				recipients: [userId],
				dedupeKey: `pathways.referent.appointed:${row.id}`
			});
		return { personId, userId, organisationId: row.organisationId, since: row.since };
	});
}

/**
 * Who the acting professional may propose as référent from a form: the professionals (admin, member) of their own
 * organisations. The API takes any user id; setReferent checks that they see the person.
 */
export async function referentCandidates(ctx: Context) {
	const own = ctx.actor.memberships.filter((m) => m.role !== 'reader');
	const lists = await Promise.all(
		own.map(async (m) =>
			(await listMembers(ctx, m.organisationId))
				.filter((u) => u.role !== 'reader')
				.map((u) => ({
					userId: u.userId,
					displayName: u.displayName,
					organisationName: m.organisationName
				}))
		)
	);
	const seen = new Set<string>();
	return lists.flat().filter((c) => !seen.has(c.userId) && seen.add(c.userId));
}

/** The current référent's name (a professional, not the person followed). */
export async function referentName(ctx: Context, userId: string | null): Promise<string | null> {
	if (!userId) return null;
	return (await findUserById(ctx.db, userId))?.displayName ?? null;
}
