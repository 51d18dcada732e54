import type { Db } from '../db/client';
import type { Context } from '../context';
import { actorForUser, findUserByEmail } from '../auth/service';
import { findOrganisationBySlug } from '../organisations/repository';
import { slugify } from '../organisations/service';
import { createPerson, listPersons } from '../pathways/persons';
import { addConsent } from '../pathways/consents';
import { personInputSchema } from '../pathways/persons-validation';
import type { InfoCategory } from '../charters/content';

/**
 * Demo persons of the pathways (issue 11): obviously invented people of the Lot followed by the demo CCAS de Cahors,
 * with consents for the CAF and the Écoute Violences association; the demo VIF cooperation's charter in force
 * decides the rest. Created through the services, as a CCAS social worker would; seeding again creates nothing.
 */
const WORKER = 'travailleur.social@demo.maillage.fr';
const CCAS = 'CCAS de Cahors (démo)';
const CAF = 'CAF du Lot (démo)';
const ASSO = 'Association Écoute Violences Lot (démo)';

interface DemoPerson {
	firstName: string;
	lastName: string;
	birthDate: string;
	communeCode: string;
	phone: string;
	situation: string;
	language: string;
	caf?: InfoCategory[];
	asso?: InfoCategory[];
}

export const DEMO_PERSONS: DemoPerson[] = [
	{
		firstName: 'Amandine',
		lastName: 'Fictivelle',
		birthDate: '1987-05-19',
		communeCode: '46042',
		phone: '06 00 00 00 01',
		situation:
			'Séparation conflictuelle, deux enfants de 4 et 7 ans ; hébergée temporairement chez sa sœur à Cahors. Droits CAF à mettre à jour.',
		language: 'fr',
		caf: ['identity', 'contact', 'finances'],
		asso: ['identity', 'contact', 'situation', 'violence']
	},
	{
		firstName: 'Bastien',
		lastName: 'Imaginaire',
		birthDate: '1962-11-03',
		communeCode: '46102',
		phone: '06 00 00 00 02',
		situation: 'Perte d’emploi après 30 ans dans la même entreprise, loyer impayé depuis deux mois à Figeac.',
		language: 'fr',
		caf: ['identity', 'contact', 'situation', 'finances']
	},
	{
		firstName: 'Olena',
		lastName: 'Inventova',
		birthDate: '1994-02-27',
		communeCode: '46042',
		phone: '06 00 00 00 03',
		situation: 'Arrivée d’Ukraine avec sa mère ; cherche un logement et un cours de français.',
		language: 'uk',
		caf: ['identity', 'contact']
	},
	{
		firstName: 'Cyprien',
		lastName: 'Supposé',
		birthDate: '2001-08-12',
		communeCode: '46127',
		phone: '06 00 00 00 04',
		situation:
			'Jeune sortant de l’aide sociale à l’enfance, sans ressources depuis ses 21 ans, dort en foyer à Gourdon.',
		language: 'fr'
	},
	{
		firstName: 'Danièle',
		lastName: 'Exemplaire',
		birthDate: '1975-01-30',
		communeCode: '46042',
		phone: '06 00 00 00 05',
		situation:
			'Violences conjugales signalées ; accompagnée par l’association, démarches de mise à l’abri en cours.',
		language: 'fr',
		asso: ['identity', 'contact', 'violence']
	}
];

async function workerContext(db: Db): Promise<Context | undefined> {
	const user = await findUserByEmail(db, WORKER);
	return user ? { db, actor: await actorForUser(db, user) } : undefined;
}

/** Ids of the demo persons held by the demo CCAS (in DEMO_PERSONS order; those missing are left out). */
export async function demoPersonIds(db: Db): Promise<string[]> {
	const ctx = await workerContext(db);
	if (!ctx) return [];
	const ids: string[] = [];
	for (const p of DEMO_PERSONS) {
		const { items } = await listPersons(ctx, {
			scope: 'held',
			q: `${p.firstName} ${p.lastName}`,
			limit: 1,
			offset: 0
		});
		if (items[0]) ids.push(items[0].id);
	}
	return ids;
}

export async function seedDemoPersons(db: Db): Promise<void> {
	const ctx = await workerContext(db);
	const [ccas, caf, asso] = await Promise.all(
		[CCAS, CAF, ASSO].map((name) => findOrganisationBySlug(db, slugify(name)))
	);
	if (!ctx || !ccas || !caf || !asso) return;
	if ((await demoPersonIds(db)).length) return;
	for (const p of DEMO_PERSONS) {
		const { id } = await createPerson(
			ctx,
			personInputSchema.parse({
				organisationId: ccas.id,
				firstName: p.firstName,
				lastName: p.lastName,
				birthDate: p.birthDate,
				communeCode: p.communeCode,
				phone: p.phone,
				situation: p.situation,
				preferredLanguage: p.language
			})
		);
		const consent = (organisationId: string, categories: InfoCategory[]) =>
			addConsent(ctx, id, {
				organisationIds: [organisationId],
				organisationKinds: [],
				categories,
				purpose: 'Accompagnement coordonné entre le CCAS et ses partenaires',
				givenOn: '2026-09-01',
				collectedHow: 'written'
			});
		if (p.caf) await consent(caf.id, p.caf);
		if (p.asso) await consent(asso.id, p.asso);
	}
}
