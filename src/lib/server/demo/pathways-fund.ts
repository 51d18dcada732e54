import type { Db } from '../db/client';
import type { Context } from '../context';
import { findUserByEmail, findUserById } from '../auth/repository';
import { actorForUser } from '../auth/service';
import { cooperationAccess, listCooperations } from '../cooperations/service';
import { charterInForce } from '../charters/queries';
import { duplicateKey, nameTokens, seal } from '../crypto/fields';
import { insertConsent, insertPerson } from '../pathways/repository';
import { answerRequest, createRequest, listRequests, payRequest, repayRequest } from '../fund/service';
import { advanceRequestInputSchema, answerInputSchema, paymentInputSchema } from '../fund/validation';
import { DEMO_VIF_COOPERATION } from './charters';
import { parisDay } from '../jobs/clock';

/**
 * The advance fund demo (issue 11 §6) in the Lot's violences intrafamiliales cooperation, whose charter v1 names
 * three approvers (Département, CAF, CCAS: any authorised member) with a quorum of two. A CCAS professional asks
 * for two advances for a person the CCAS follows (invented names): one approved by the Département and the CAF,
 * paid in cash and partly repaid; one pending with one answer of two needed. Runs once: nothing when the
 * cooperation already has requests or when its charter is not in force.
 */

async function ctxOf(db: Db, email: string): Promise<Context | null> {
	const user = await findUserByEmail(db, email);
	return user ? { db, actor: await actorForUser(db, user) } : null;
}

async function demoPerson(db: Db, holder: string, createdBy: string, cafId: string | undefined) {
	const id = crypto.randomUUID();
	const [firstName, lastName] = ['Capucine', 'Fictivelle-Lalbenque'];
	await insertPerson(db, {
		id,
		organisationId: holder,
		identitySealed: seal({ firstName, lastName, birthDate: '1994-02-17' }, id),
		contactSealed: seal({ phone: '06 00 00 00 46' }, id),
		situationSealed: seal('Mise à l’abri avec ses deux enfants après des violences conjugales.', id),
		nameTokens: nameTokens([firstName, lastName]),
		duplicateKey: duplicateKey(firstName, lastName, '1994-02-17'),
		communeCode: '46042',
		preferredLanguage: 'fr',
		createdBy,
		referentUserId: createdBy,
		referentOrganisationId: holder
	});
	if (cafId)
		await insertConsent(db, {
			personId: id,
			organisationIds: [cafId],
			organisationKinds: [],
			categories: ['identity', 'contact', 'finances'],
			purposeSealed: seal('Avance d’urgence et ouverture des droits', id),
			givenOn: '2026-01-05',
			expiresOn: null,
			collectedHow: 'written',
			withdrawnAt: null
		});
	return id;
}

export async function seedDemoFund(db: Db): Promise<void> {
	const [ccas, caf] = await Promise.all([
		ctxOf(db, 'ccas@demo.maillage.fr'),
		ctxOf(db, 'caf@demo.maillage.fr')
	]);
	if (!ccas || !caf) return;
	const coop = (await listCooperations(ccas, { limit: 100, offset: 0 })).find(
		(c) => c.name === DEMO_VIF_COOPERATION
	);
	if (!coop) return;
	try {
		if ((await listRequests(ccas, coop.id, { limit: 1, offset: 0 })).length) return;
	} catch {
		return;
	}
	const ccasOrg = ccas.actor.memberships.find((m) => m.organisationName.startsWith('CCAS de Cahors'));
	const cafOrg = caf.actor.memberships.find((m) => m.organisationName.startsWith('CAF'));
	if (!ccasOrg || !ccas.actor.user) return;
	const personId = await demoPerson(db, ccasOrg.organisationId, ccas.actor.user.id, cafOrg?.organisationId);
	// two approvers other than the requester: the first signatory of each approving party, in the charter's order
	const access = await cooperationAccess(ccas, coop.id);
	const charter = await charterInForce(ccas, coop.id);
	const approvers: Context[] = [];
	for (const a of charter?.fund.approvers ?? []) {
		const party = access.parties.find((p) => p.organisationId === a.organisationId);
		const userId = a.userId ?? party?.signatories.find((x) => x.userId !== ccas.actor.user!.id)?.userId;
		const user = userId && userId !== ccas.actor.user.id ? await findUserById(db, userId) : undefined;
		if (user) approvers.push({ db, actor: await actorForUser(db, user) });
	}
	const [first1, second1] = approvers;
	if (!first1 || !second1) return;
	const yes = answerInputSchema.parse({ decision: 'approved', justification: '' });
	const today = parisDay(new Date());
	try {
		const first = await createRequest(
			ccas,
			coop.id,
			advanceRequestInputSchema.parse({
				personId,
				amount: '180,00',
				purpose: 'Trois nuitées d’hôtel à Cahors et un repas, le temps d’une place en hébergement d’urgence.',
				urgency: 'immediate',
				organisationId: ccasOrg.organisationId
			})
		);
		await answerRequest(first1, coop.id, first.id, yes);
		await answerRequest(second1, coop.id, first.id, yes);
		await payRequest(ccas, coop.id, first.id, paymentInputSchema.parse({ paidOn: today, means: 'especes' }));
		await repayRequest(ccas, coop.id, first.id, { amount: '60.00', repaidOn: today });
		const second = await createRequest(
			ccas,
			coop.id,
			advanceRequestInputSchema.parse({
				personId,
				amount: '95,50',
				purpose:
					'Renouvellement de la carte de transport pour les rendez-vous au tribunal et à l’association.',
				urgency: 'within_48h',
				organisationId: ccasOrg.organisationId
			})
		);
		await answerRequest(first1, coop.id, second.id, yes);
	} catch {
		// the demo charter is not in force (or names other approvers): no fund demo, the rest of the demo stands
	}
}
