import type { Db } from '../db/client';
import type { Context } from '../context';
import { actorForUser, findUserByEmail } from '../auth/service';
import { findOrganisationBySlug } from '../organisations/repository';
import { slugify } from '../organisations/service';
import { createCooperation, searchCooperations } from '../cooperations/service';
import { putParty } from '../cooperations/changes';
import type { PartyRole } from '../cooperations/schema';

/** The Lot's violences intrafamiliales network: the demo cooperation others hang their charter, bodies… from. */
export const DEMO_COOPERATION_NAME = 'Réseau violences intrafamiliales du Lot (démo)';

const DESCRIPTION =
	'Le réseau coordonne, dans le Lot, le repérage, la mise à l’abri et l’accompagnement des victimes de violences intrafamiliales et de leurs enfants.\n\n' +
	'Il réunit le Département (pilote), la DDETS (co-pilote), la CAF, la CPAM, le CCAS de Cahors, la gendarmerie et les associations du territoire. Écoute Violences anime le réseau.';

/** organisation (demo name) → role and the accounts authorised to commit it */
const PARTIES: { organisation: string; role: PartyRole; signatories: string[] }[] = [
	{
		organisation: 'Département du Lot (démo)',
		role: 'pilote',
		signatories: ['coordination@demo.maillage.fr']
	},
	{ organisation: 'DDETS du Lot (démo)', role: 'co-pilote', signatories: ['ddets@demo.maillage.fr'] },
	{
		organisation: 'Association Écoute Violences Lot (démo)',
		role: 'facilitateur',
		signatories: ['ecoute-violences@demo.maillage.fr']
	},
	{ organisation: 'CAF du Lot (démo)', role: 'contributeur', signatories: ['caf@demo.maillage.fr'] },
	{ organisation: 'CPAM du Lot (démo)', role: 'contributeur', signatories: ['cpam@demo.maillage.fr'] },
	{ organisation: 'CCAS de Cahors (démo)', role: 'contributeur', signatories: ['ccas@demo.maillage.fr'] },
	{
		organisation: 'Groupement de gendarmerie du Lot (démo)',
		role: 'contributeur',
		signatories: ['gendarmerie@demo.maillage.fr']
	}
];
/** joins after the creation, through the facilitator: the cooperation's history then shows a change */
const LATE_PARTY = {
	organisation: 'Association Quercy Solidarités (démo)',
	role: 'contributeur' as PartyRole,
	signatories: ['quercy-solidarites@demo.maillage.fr']
};

async function contextOf(db: Db, email: string): Promise<Context> {
	const user = await findUserByEmail(db, email);
	if (!user) throw new Error(`demo account ${email} is missing: seed the organisations first`);
	return { db, actor: await actorForUser(db, user) };
}

async function partyInput(db: Db, p: (typeof PARTIES)[number]) {
	const org = await findOrganisationBySlug(db, slugify(p.organisation));
	if (!org) throw new Error(`demo organisation ${p.organisation} is missing`);
	const signatoryUserIds: string[] = [];
	for (const email of p.signatories) {
		const user = await findUserByEmail(db, email);
		if (user) signatoryUserIds.push(user.id);
	}
	return { organisationId: org.id, role: p.role, signatoryUserIds };
}

/** The demo cooperation's id, or undefined before the demo is seeded. */
export async function demoCooperationId(db: Db): Promise<string | undefined> {
	const ctx = await contextOf(db, 'coordination@demo.maillage.fr');
	const { items } = await searchCooperations(ctx, { q: DEMO_COOPERATION_NAME, limit: 10, offset: 0 });
	return items.find((c) => c.name === DEMO_COOPERATION_NAME)?.id;
}

/**
 * Creates the demo cooperation once, as the Lot's coordinator would (seeding again creates nothing), and returns
 * its id so that the charter, bodies, meetings and decisions of the demo can hang from it.
 */
export async function seedDemoCooperation(db: Db): Promise<string> {
	const existing = await demoCooperationId(db);
	if (existing) return existing;
	const coordinator = await contextOf(db, 'coordination@demo.maillage.fr');
	const parties = [];
	for (const p of PARTIES) parties.push(await partyInput(db, p));
	const created = await createCooperation(coordinator, {
		name: DEMO_COOPERATION_NAME,
		description: DESCRIPTION,
		themes: [
			'famille--surmonter-conflits-separation-violence',
			'difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire'
		],
		territoryType: 'departement',
		territoryCode: '46',
		parties
	});
	const facilitator = await contextOf(db, 'ecoute-violences@demo.maillage.fr');
	const late = await partyInput(db, LATE_PARTY);
	await putParty(facilitator, created.id, late.organisationId, {
		role: late.role,
		signatoryUserIds: late.signatoryUserIds
	});
	return created.id;
}
