import type { Db } from '../db/client';
import type { Context } from '../context';
import { findUserByEmail, findUserById } from '../auth/repository';
import { actorForUser } from '../auth/service';
import { findOrganisationBySlug } from '../organisations/repository';
import { slugify } from '../organisations/service';
import { cooperationAccess, createCooperation, listCooperations } from '../cooperations/service';
import type { PartyRole } from '../cooperations/schema';
import { createVersion, decide, listVersions, submitVersion, updateVersion } from '../charters/service';
import { charterPatchSchema } from '../charters/validation';

/**
 * The demo charters (issue 10): the Lot's violences intrafamiliales cooperation with its charter v1 frozen and
 * v2 in approval with one change request; and a second cooperation, « Coopération insertion du Grand Cahors
 * (démo) », with three parties and no charter yet (where a charter is started from a template). Cooperations
 * are looked up by name and created only when missing (the cooperations demo may have made them); the charter
 * is written only when the cooperation has none. Running it twice changes nothing.
 */
export const DEMO_VIF_COOPERATION = 'Réseau violences intrafamiliales du Lot (démo)';
export const DEMO_INSERTION_COOPERATION = 'Coopération insertion du Grand Cahors (démo)';

interface DemoParty {
	organisation: string;
	role: PartyRole;
	signatory: string;
}

const VIF_PARTIES: DemoParty[] = [
	{ organisation: 'Département du Lot (démo)', role: 'pilote', signatory: 'admin@demo.maillage.fr' },
	{ organisation: 'CAF du Lot (démo)', role: 'contributeur', signatory: 'caf@demo.maillage.fr' },
	{ organisation: 'CCAS de Cahors (démo)', role: 'contributeur', signatory: 'ccas@demo.maillage.fr' },
	{
		organisation: 'Association Écoute Violences Lot (démo)',
		role: 'contributeur',
		signatory: 'ecoute-violences@demo.maillage.fr'
	}
];
const INSERTION_PARTIES: DemoParty[] = [
	{ organisation: 'CCAS de Cahors (démo)', role: 'pilote', signatory: 'ccas@demo.maillage.fr' },
	{ organisation: 'CAF du Lot (démo)', role: 'contributeur', signatory: 'caf@demo.maillage.fr' },
	{
		organisation: 'Association Quercy Solidarités (démo)',
		role: 'contributeur',
		signatory: 'quercy-solidarites@demo.maillage.fr'
	}
];

async function ctxOf(db: Db, email: string): Promise<Context | null> {
	const user = await findUserByEmail(db, email);
	return user ? { db, actor: await actorForUser(db, user) } : null;
}

async function findOrCreateCooperation(
	db: Db,
	coordinator: Context,
	name: string,
	place: { territoryType: 'departement' | 'commune'; territoryCode: string },
	parties: DemoParty[]
): Promise<string | null> {
	for (let offset = 0; ; offset += 100) {
		const page = await listCooperations(coordinator, { limit: 100, offset });
		const found = page.find((c) => c.name === name);
		if (found) return found.id;
		if (page.length < 100) break;
	}
	const resolved = [];
	for (const p of parties) {
		const org = await findOrganisationBySlug(db, slugify(p.organisation));
		const user = await findUserByEmail(db, p.signatory);
		if (!org || !user) return null;
		resolved.push({ organisationId: org.id, role: p.role, signatoryUserIds: [user.id] });
	}
	const created = await createCooperation(coordinator, {
		name,
		description:
			name === DEMO_VIF_COOPERATION
				? 'Coopération de démonstration\u202f: repérer, mettre à l’abri et accompagner les victimes de violences intrafamiliales et leurs enfants.'
				: 'Coopération de démonstration\u202f: aucune personne allocataire du RSA sans référent de parcours.',
		themes: [],
		...place,
		parties: resolved
	});
	return created.id;
}

/** The signatory of each party (the first one), as a context, or null when a party has none with an account. */
async function signatoryContexts(db: Db, ctx: Context, cooperationId: string) {
	const access = await cooperationAccess(ctx, cooperationId);
	const out: { organisationId: string; organisationName: string; ctx: Context }[] = [];
	for (const p of access.parties) {
		const first = p.signatories[0];
		const row = first ? await findUserById(db, first.userId) : undefined;
		if (!row) return null;
		out.push({
			organisationId: p.organisationId,
			organisationName: p.organisationName,
			ctx: { db, actor: await actorForUser(db, row) }
		});
	}
	return out;
}

const patch = (raw: unknown) => charterPatchSchema.parse(raw);

/** The fund's approvers: the Département, the CAF and the CCAS when they are parties, else the first three. */
function fundApprovers(parties: { organisationId: string; organisationName: string }[]): string[] {
	const named = parties.filter((p) =>
		/^(Département du Lot|CAF du Lot|CCAS de Cahors)/.test(p.organisationName)
	);
	return (named.length === 3 ? named : parties.slice(0, 3)).map((p) => p.organisationId);
}

async function seedVifCharter(db: Db, pilot: Context, cooperationId: string) {
	const { versions } = await listVersions(pilot, cooperationId);
	if (versions.length) return;
	const signatories = await signatoryContexts(db, pilot, cooperationId);
	if (!signatories) return;
	const access = await cooperationAccess(pilot, cooperationId);
	const ids = access.parties.map((p) => p.organisationId);
	await createVersion(pilot, cooperationId, { template: 'violences-intrafamiliales' });
	await updateVersion(
		pilot,
		cooperationId,
		1,
		patch({
			title: 'Charte du réseau violences intrafamiliales du Lot',
			commitments: ids.map((organisationId, i) => ({
				organisationId,
				amount: ['25 000', '12 500,50', '4 000', '0'][i] ?? '0',
				fte: ['0,5', '0,2', '0,3', '1'][i] ?? '0',
				premises: i === 0 ? 'Salle du conseil départemental, Cahors' : '',
				data: i === 1 ? 'Statistiques anonymisées des allocataires concernés' : ''
			})),
			risks: [
				{
					risk: 'Rupture de la mise à l’abri le week-end',
					organisationId: ids[0]!,
					mitigation: 'Astreinte partagée avec le 115 et les associations d’hébergement'
				},
				{
					risk: 'Départ d’un référent sans passation',
					organisationId: ids[ids.length - 1]!,
					mitigation: 'Un suppléant désigné par chaque partie\u202f; digest d’accueil des nouveaux membres'
				}
			],
			// three approvers, two of them must agree (the advance fund demo, demo/pathways-fund.ts)
			fund: {
				approvers: fundApprovers(access.parties).map((organisationId) => ({ organisationId, userId: null })),
				ceilingPerRequest: '500',
				ceilingPerYear: '15 000',
				quorum: Math.min(2, ids.length)
			},
			startsOn: '2026-01-01',
			endsOn: '2028-12-31',
			reviewOn: '2027-06-30'
		})
	);
	await submitVersion(pilot, cooperationId, 1);
	for (const s of signatories)
		await decide(s.ctx, cooperationId, 1, {
			organisationId: s.organisationId,
			decision: 'approved',
			reason: ''
		});

	// v2, an amendment in approval, with one change request
	await createVersion(pilot, cooperationId, {});
	await updateVersion(
		pilot,
		cooperationId,
		2,
		patch({
			sections: {
				observatoire:
					'<p>Un observatoire départemental des violences intrafamiliales rassemble chaque semestre les données anonymisées des partenaires (mises à l’abri, plaintes, orientations) et celles de l’INSEE.</p>'
			},
			reviewOn: '2027-12-31'
		})
	);
	await submitVersion(pilot, cooperationId, 2);
	// the pilot approves; the CAF (or else another party) asks for a change
	const first = signatories[0];
	const second = signatories.find((s) => s.organisationName.startsWith('CAF')) ?? signatories[1];
	if (first)
		await decide(first.ctx, cooperationId, 2, {
			organisationId: first.organisationId,
			decision: 'approved',
			reason: ''
		});
	if (second)
		await decide(second.ctx, cooperationId, 2, {
			organisationId: second.organisationId,
			decision: 'changes_requested',
			reason: 'Préciser qui porte l’observatoire et avec quel budget.'
		});
}

export async function seedDemoCharters(db: Db): Promise<void> {
	const coordinator = await ctxOf(db, 'coordination@demo.maillage.fr');
	if (!coordinator) return;
	const vif = await findOrCreateCooperation(
		db,
		coordinator,
		DEMO_VIF_COOPERATION,
		{ territoryType: 'departement', territoryCode: '46' },
		VIF_PARTIES
	);
	await findOrCreateCooperation(
		db,
		coordinator,
		DEMO_INSERTION_COOPERATION,
		{ territoryType: 'commune', territoryCode: '46042' },
		INSERTION_PARTIES
	);
	if (!vif) return;
	// the pilot's signatory drafts (whoever the cooperations demo made it)
	const access = await cooperationAccess(coordinator, vif);
	const pilotSignatory = access.parties.find((p) => p.role === 'pilote')?.signatories[0];
	const pilotUser = pilotSignatory ? await findUserById(db, pilotSignatory.userId) : undefined;
	if (!pilotUser) return;
	await seedVifCharter(db, { db, actor: await actorForUser(db, pilotUser) }, vif);
}
