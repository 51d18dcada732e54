import type { Db } from '../db/client';
import type { Context } from '../context';
import { actorForUser, findUserByEmail } from '../auth/service';
import { findOrganisationBySlug } from '../organisations/repository';
import { slugify } from '../organisations/service';
import { getStructure, structuresOfOrganisation } from '../directory/service';
import { personIdsHeldBy } from '../pathways/referrals-repository';
import { accept, complete, createReferral, listReferrals, refuse, start } from '../pathways/referrals';

/**
 * Demo referrals (issue 11): the CCAS de Cahors's demo persons referred to Écoute Violences and the CAF in several
 * statuses — one waiting, one accepted and in progress, one refused for lack of places, one completed. Needs the
 * demo persons (persons area's demo) with consent for those organisations; a person without it is skipped.
 * Idempotent: nothing is added when the CCAS has already sent referrals.
 */
async function ctxOf(db: Db, email: string): Promise<Context | null> {
	const user = await findUserByEmail(db, email);
	return user ? { db, actor: await actorForUser(db, user) } : null;
}

async function firstServiceOf(ctx: Context, organisationName: string): Promise<string | null> {
	const org = await findOrganisationBySlug(ctx.db, slugify(organisationName));
	if (!org) return null;
	for (const structure of await structuresOfOrganisation(ctx.db, org.id)) {
		const { services } = await getStructure(ctx, structure.id);
		if (services[0]) return services[0].id;
	}
	return null;
}

export async function seedDemoReferrals(db: Db): Promise<void> {
	const [ccas, asso, caf] = await Promise.all([
		ctxOf(db, 'travailleur.social@demo.maillage.fr'),
		ctxOf(db, 'ecoute-violences@demo.maillage.fr'),
		ctxOf(db, 'caf@demo.maillage.fr')
	]);
	if (!ccas || !asso || !caf) return;
	const ccasOrg = await findOrganisationBySlug(db, slugify('CCAS de Cahors (démo)'));
	if (!ccasOrg) return;
	if ((await listReferrals(ccas, { box: 'sent', limit: 1, offset: 0 })).total > 0) return;
	const assoService = await firstServiceOf(ccas, 'Association Écoute Violences Lot (démo)');
	const cafService = await firstServiceOf(ccas, 'CAF du Lot (démo)');
	const persons = await personIdsHeldBy(db, [ccasOrg.id], 10);
	if (!assoService || !persons.length) return;
	const plans: { service: string | null; message: string; then: (id: string) => Promise<unknown> }[] = [
		{
			service: assoService,
			message:
				'Violences conjugales signalées, souhaite un accompagnement juridique et un hébergement temporaire.',
			then: async (id) => {
				await accept(asso, id);
				await start(asso, id);
				await complete(asso, id, { text: 'Plainte accompagnée, hébergement trouvé au foyer de Cahors.' });
			}
		},
		{
			service: cafService,
			message: 'Séparation récente : revoir les droits (allocation de soutien familial).',
			then: (id) => refuse(caf, id, { reason: 'no_capacity' })
		},
		{
			service: assoService,
			message: 'Demande un groupe de parole pour victimes.',
			then: async (id) => {
				await accept(asso, id);
				await start(asso, id);
			}
		},
		{ service: assoService, message: 'Besoin d’un premier entretien d’écoute.', then: async () => null }
	];
	for (const [i, plan] of plans.entries()) {
		const personId = persons[i % persons.length]!;
		if (!plan.service) continue;
		try {
			const created = await createReferral(ccas, {
				personId,
				serviceId: plan.service,
				message: plan.message
			});
			await plan.then(created.id);
		} catch {
			// the demo person has no consent for that organisation: no referral for them
		}
	}
}
