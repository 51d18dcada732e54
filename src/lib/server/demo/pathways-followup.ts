import type { Db } from '../db/client';
import { actorForUser, findUserByEmail, findUserById } from '../auth/service';
import { addEntry } from '../pathways/entries';
import { setReferent } from '../pathways/referent';

/**
 * Demo follow-up on the demo persons (fictional situations in the Lot): steps of the five-step relation, an
 * assessed need, notes at each sharing level and an appointment next week. Written through the service, as the
 * demo professionals, so that every rule applies (category visible, sealed content, audit). Called with the ids the
 * persons area's demo creates; `partnerUserId` (optional) is a professional of a partner organisation the person
 * consented to, who becomes référent of the first person and adds a shared entry.
 */
export interface FollowupDemoInput {
	personIds: string[];
	/** a professional of the holding organisation (CCAS) */
	holderUserId: string;
	partnerUserId?: string;
	now?: Date;
}

const DAY = 86_400_000;

export async function seedFollowupDemo(db: Db, input: FollowupDemoInput): Promise<number> {
	const now = input.now ?? new Date();
	const ctxOf = async (userId: string) => {
		const user = await findUserById(db, userId);
		if (!user) throw new Error(`demo user ${userId} missing`);
		return { db, actor: await actorForUser(db, user), now: () => now };
	};
	const holder = await ctxOf(input.holderUserId);
	const at = (days: number, hour = 10) => {
		const d = new Date(now.getTime() + days * DAY);
		d.setUTCHours(hour - 1, 0, 0, 0);
		return d.toISOString();
	};
	let written = 0;
	for (const [i, personId] of input.personIds.entries()) {
		const entries = [
			{
				kind: 'step',
				category: 'situation',
				sharing: 'shared',
				step: 'identify',
				occursAt: at(-40 + i),
				text: 'Premier accueil au CCAS : demande d’aide pour le loyer et situation familiale tendue.'
			},
			{
				kind: 'need',
				category: 'needs',
				sharing: 'shared',
				theme: 'logement-hebergement--changer-de-logement',
				occursAt: at(-38 + i),
				text: 'Recherche d’un logement plus proche de l’école des enfants, à Cahors ou Pradines.'
			},
			{
				kind: 'step',
				category: 'situation',
				sharing: 'shared',
				step: 'contact',
				occursAt: at(-30 + i),
				text: 'Accord pour un accompagnement coordonné avec la CAF et l’association.'
			},
			{
				kind: 'note',
				category: 'situation',
				sharing: 'organisation',
				occursAt: at(-20 + i),
				text: 'Point en équipe : dossier FSL à compléter avant la commission du mois prochain.'
			},
			{
				kind: 'note',
				category: 'situation',
				sharing: 'author',
				occursAt: at(-10 + i),
				text: 'Synthèse personnelle : bonne adhésion, vigilance sur l’isolement.'
			},
			{
				kind: 'appointment',
				category: 'needs',
				sharing: 'shared',
				occursAt: at(7 + i, 14),
				place: 'CCAS de Cahors, bureau 2',
				with: 'Conseillère en économie sociale et familiale',
				text: 'Montage du dossier de demande de logement social.'
			}
		];
		for (const entry of entries) {
			await addEntry(holder, personId, entry);
			written++;
		}
	}
	const [first] = input.personIds;
	if (first && input.partnerUserId) {
		await setReferent(holder, first, { userId: input.partnerUserId });
		await addEntry(await ctxOf(input.partnerUserId), first, {
			kind: 'step',
			category: 'situation',
			sharing: 'shared',
			step: 'accompany',
			occursAt: at(-5),
			text: 'Rendez-vous à l’association : accompagnement vers un hébergement temporaire engagé.'
		});
		written++;
	}
	return written;
}

/** The demo's follow-up, on the demo persons just created (the CCAS worker holds them, Écoute Violences partners). */
export async function seedDemoFollowup(db: Db, personIds: string[]): Promise<void> {
	const [worker, partner] = await Promise.all(
		['travailleur.social@demo.maillage.fr', 'ecoute-violences@demo.maillage.fr'].map((e) =>
			findUserByEmail(db, e)
		)
	);
	if (!worker || !personIds.length) return;
	await seedFollowupDemo(db, { personIds, holderUserId: worker.id, partnerUserId: partner?.id });
}
