import type { CoordinatedType, Role } from '../policy/actor';

/** Clearly fictitious organisations and people of the Lot demo territory. */
export interface DemoAccount {
	email: string;
	displayName: string;
	role: Role;
	instanceAdmin?: boolean;
	/** coordination of a territory, granted apart from the membership (ADR 008) */
	coordinates?: { type: CoordinatedType; code: string };
}

export interface DemoOrganisation {
	name: string;
	kind: string;
	territoryType: 'departement' | 'commune' | 'epci';
	territoryCode: string;
	accounts: DemoAccount[];
}

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
	{
		name: 'Département du Lot (démo)',
		kind: 'departement',
		territoryType: 'departement',
		territoryCode: '46',
		accounts: [
			{
				email: 'admin@demo.maillage.fr',
				displayName: 'Camille Administratrice',
				role: 'admin',
				instanceAdmin: true
			},
			{
				email: 'coordination@demo.maillage.fr',
				displayName: 'Hélène Coordinatrice',
				role: 'member',
				coordinates: { type: 'departement', code: '46' }
			}
		]
	},
	{
		name: 'DDETS du Lot (démo)',
		kind: 'etat',
		territoryType: 'departement',
		territoryCode: '46',
		accounts: [
			{ email: 'ddets@demo.maillage.fr', displayName: 'Sophie Cheffe de service DDETS', role: 'admin' }
		]
	},
	{
		name: 'CAF du Lot (démo)',
		kind: 'caf',
		territoryType: 'departement',
		territoryCode: '46',
		accounts: [{ email: 'caf@demo.maillage.fr', displayName: 'Joël Conseiller CAF', role: 'admin' }]
	},
	{
		name: 'CPAM du Lot (démo)',
		kind: 'cpam',
		territoryType: 'departement',
		territoryCode: '46',
		accounts: [{ email: 'cpam@demo.maillage.fr', displayName: 'Inès Conseillère CPAM', role: 'admin' }]
	},
	{
		name: 'CCAS de Cahors (démo)',
		kind: 'ccas',
		territoryType: 'commune',
		territoryCode: '46042',
		accounts: [
			{ email: 'ccas@demo.maillage.fr', displayName: 'Léa Directrice CCAS', role: 'admin' },
			{ email: 'travailleur.social@demo.maillage.fr', displayName: 'Théo Travailleur social', role: 'member' }
		]
	},
	{
		name: 'Association Quercy Solidarités (démo)',
		kind: 'association',
		territoryType: 'epci',
		territoryCode: '200023737',
		accounts: [
			{ email: 'quercy-solidarites@demo.maillage.fr', displayName: 'Amélie Bénévole', role: 'admin' }
		]
	},
	{
		name: 'Association Écoute Violences Lot (démo)',
		kind: 'association',
		territoryType: 'departement',
		territoryCode: '46',
		accounts: [{ email: 'ecoute-violences@demo.maillage.fr', displayName: 'Nadia Juriste', role: 'admin' }]
	},
	{
		name: 'Groupement de gendarmerie du Lot (démo)',
		kind: 'gendarmerie',
		territoryType: 'departement',
		territoryCode: '46',
		accounts: [
			{ email: 'gendarmerie@demo.maillage.fr', displayName: 'Adjudant François Référent VIF', role: 'reader' }
		]
	}
];
