/**
 * The demo Politique → Mission → Action tree of the Lot (seed 002: "qui fait quoi, pourquoi et comment"),
 * with demo services attached to actions by their source id (services.ts).
 */
export interface DemoNode {
	/** stable key: the node's id is derived from it, so seeding twice creates nothing new */
	key: string;
	name: string;
	description?: string;
	children?: DemoNode[];
	/** on actions: source ids of the attached demo services */
	services?: string[];
}

export const DEMO_REFERENTIAL_DEPARTEMENT = '46';

export const DEMO_REFERENTIAL: DemoNode[] = [
	{
		key: 'politique-enfance-familles',
		name: 'Protection de l’enfance et des familles',
		description: 'Prévenir les difficultés des familles, protéger les enfants et les victimes de violences.',
		children: [
			{
				key: 'mission-violences-intrafamiliales',
				name: 'Prévenir les violences intrafamiliales',
				description:
					'Repérer, mettre à l’abri et accompagner les victimes de violences dans le couple et la famille.',
				children: [
					{
						key: 'action-accueil-mise-a-l-abri',
						name: 'Accueil et mise à l’abri des victimes',
						services: ['ecoute-accueil-jour', 'ccas-hebergement-urgence', 'mpf-accompagnement-vif']
					},
					{
						key: 'action-accompagnement-juridique',
						name: 'Information juridique et dépôt de plainte',
						services: ['ecoute-permanence-juridique', 'ecoute-permanence-figeac', 'mpf-accompagnement-vif']
					},
					{
						key: 'action-informations-preoccupantes',
						name: 'Recueil des informations préoccupantes',
						services: ['ase-crip']
					}
				]
			},
			{
				key: 'mission-soutien-parentalite',
				name: 'Soutenir les parents',
				children: [
					{
						key: 'action-prevention-precoce',
						name: 'Prévention précoce autour de la naissance',
						services: ['pmi-consultations-nourrissons', 'pmi-visites-domicile', 'pmi-bus-itinerant']
					},
					{
						key: 'action-separation',
						name: 'Accompagner les séparations',
						services: ['caf-separation', 'cs-souillac-parents']
					}
				]
			},
			{
				key: 'mission-jeunes-majeurs',
				name: 'Accompagner la sortie de l’ASE',
				children: [
					{
						key: 'action-contrat-jeune-majeur',
						name: 'Logement et ressources des jeunes majeurs',
						services: ['ase-jeunes-majeurs', 'ml-logement-jeunes', 'mds-souillac-faj']
					}
				]
			}
		]
	},
	{
		key: 'politique-insertion-logement',
		name: 'Insertion, logement et lutte contre la pauvreté',
		children: [
			{
				key: 'mission-acces-logement',
				name: 'Accéder à un logement et s’y maintenir',
				children: [
					{
						key: 'action-hebergement-urgence',
						name: 'Hébergement d’urgence et domiciliation',
						services: ['ccas-hebergement-urgence', 'ccas-domiciliation']
					},
					{
						key: 'action-prevention-expulsions',
						name: 'Prévention des expulsions',
						services: ['caf-impayes-loyer', 'adil-conseil-juridique', 'mds-cahors-fsl-acces']
					}
				]
			},
			{
				key: 'mission-aide-alimentaire',
				name: 'Se nourrir et s’équiper',
				children: [
					{
						key: 'action-aide-alimentaire',
						name: 'Aide alimentaire',
						services: [
							'ccas-aide-alimentaire-urgence',
							'ccas-epicerie-sociale',
							'epicerie-figeac-courses',
							'epicerie-figeac-camion'
						]
					}
				]
			},
			{
				key: 'mission-retour-emploi',
				name: 'Retrouver un emploi',
				children: [
					{
						key: 'action-insertion-activite-economique',
						name: 'Insertion par l’activité économique',
						services: ['aci-contrat-insertion', 'mds-cahors-rsa']
					},
					{
						key: 'action-mobilite-emploi',
						name: 'Lever les freins de mobilité',
						services: [
							'qs-garage-solidaire',
							'qs-location-scooters',
							'ml-permis',
							'transport-conseil-mobilite'
						]
					}
				]
			}
		]
	},
	{
		key: 'politique-autonomie',
		name: 'Autonomie des personnes âgées et handicapées',
		children: [
			{
				key: 'mission-maintien-domicile',
				name: 'Bien vieillir à domicile',
				children: [
					{
						key: 'action-aide-domicile',
						name: 'Aide à domicile et répit des aidants',
						services: ['mds-gourdon-apa', 'mds-saint-cere-aidants', 'transport-solidaire-rdv']
					},
					{
						key: 'action-isolement',
						name: 'Rompre l’isolement',
						services: ['qs-visites-convivialite', 'ccas-atelier-numerique-seniors']
					}
				]
			}
		]
	}
];
