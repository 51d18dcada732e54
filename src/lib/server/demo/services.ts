import type {
	Frais,
	MobilisablePar,
	ModeAccueil,
	ModeMobilisation,
	Public,
	ServiceType,
	Thematique
} from '../directory/codes';

/**
 * The demo offer of the Lot (46): structures and services, all fictitious and marked "(démo)".
 * Ids are stable source ids (source 'maillage-demo'), so seeding twice updates nothing and duplicates nothing.
 * Phone numbers (05 65 00 0x xx) and e-mail addresses (@demo.maillage.fr) are fictional.
 */
export const DEMO_SOURCE = 'maillage-demo';

export interface DemoService {
	id: string;
	name: string;
	description: string;
	type: ServiceType;
	thematiques: Thematique[];
	fees: Frais;
	feesDetails?: string;
	publics: Public[];
	publicsDetails?: string;
	accessConditions?: string;
	receptionModes: ModeAccueil[];
	/** "aller-vers": the service goes to people (mobile unit, home visits) */
	outreach?: boolean;
	/** default: the whole département ['46'] */
	eligibilityZone?: string[];
	mobilisationModes: ModeMobilisation[];
	mobilisableBy: MobilisablePar[];
	mobilisationDetails?: string;
	/** default: the structure's commune and address */
	communeCode?: string;
	address?: string;
	/** OSM opening_hours; default: the structure's */
	openingHours?: string;
	/** default ['fr'] */
	languages?: string[];
	accessibility?: string;
	phone?: string;
	email?: string;
	contactName?: string;
	/** months since an editor last confirmed the entry (more than 6: stale); default 1 */
	checkedMonthsAgo?: number;
}

export interface DemoCorrespondent {
	id: string;
	theme: string;
	fullName: string;
	jobTitle: string;
	phone?: string;
	email?: string;
}

export interface DemoStructure {
	id: string;
	name: string;
	/** name of a demo organisation of Maillage (organisations.ts), whose members edit the structure */
	organisation?: string;
	description: string;
	communeCode: string;
	postalCode: string;
	address: string;
	phone: string;
	email: string;
	website?: string;
	openingHours: string;
	networks?: string[];
	correspondents?: DemoCorrespondent[];
	services: DemoService[];
}

const DEPARTEMENT = 'Département du Lot (démo)';
const CAF = 'CAF du Lot (démo)';
const CPAM = 'CPAM du Lot (démo)';
const CCAS = 'CCAS de Cahors (démo)';
const QUERCY = 'Association Quercy Solidarités (démo)';
const ECOUTE = 'Association Écoute Violences Lot (démo)';
const GENDARMERIE = 'Groupement de gendarmerie du Lot (démo)';

const OFFICE_HOURS = 'Mo-Fr 09:00-12:00,13:30-17:00';

/** A maison des solidarités départementales: every one has a walk-in social desk. */
function maisonDesSolidarites(
	key: string,
	town: string,
	communeCode: string,
	postalCode: string,
	address: string,
	phone: string,
	extra: DemoService[]
): DemoStructure {
	return {
		id: `mds-${key}`,
		name: `Maison des solidarités départementales de ${town} (démo)`,
		organisation: DEPARTEMENT,
		description: `Service social du Département pour le secteur de ${town} : accueil, écoute, accès aux droits, protection de l’enfance et accompagnement des personnes âgées ou handicapées.`,
		communeCode,
		postalCode,
		address,
		phone,
		email: `mds-${key}@demo.maillage.fr`,
		openingHours: OFFICE_HOURS,
		networks: ['Département du Lot'],
		services: [
			{
				id: `mds-${key}-accueil-social`,
				name: `Accueil social de ${town} (démo)`,
				description: `Un travailleur social vous reçoit, avec ou sans rendez-vous, pour faire le point sur votre situation : logement, argent, santé, famille, démarches. Il vous informe sur vos droits et vous oriente vers le bon service.`,
				type: 'accompagnement',
				thematiques: [
					'difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits',
					'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives'
				],
				fees: 'gratuit',
				publics: ['tous-publics'],
				receptionModes: ['en-presentiel', 'a-distance'],
				mobilisationModes: ['se-presenter', 'telephoner'],
				mobilisableBy: ['usagers', 'professionnels'],
				mobilisationDetails: 'Accueil sans rendez-vous le matin, sur rendez-vous l’après-midi.',
				accessibility: 'Locaux de plain-pied, boucle magnétique à l’accueil.'
			},
			...extra
		]
	};
}

export const DEMO_STRUCTURES: DemoStructure[] = [
	maisonDesSolidarites('cahors', 'Cahors', '46042', '46000', '304 rue Victor-Hugo', '05 65 00 00 01', [
		{
			id: 'mds-cahors-fsl-acces',
			name: 'Fonds de solidarité logement – aide à l’accès (démo)',
			description:
				'Aide financière pour entrer dans un logement : dépôt de garantie, premier loyer, frais d’agence, assurance habitation. La demande est faite avec un travailleur social.',
			type: 'aide-financiere',
			thematiques: ['logement-hebergement--louer-un-logement', 'logement-hebergement--changer-de-logement'],
			fees: 'gratuit',
			publics: ['familles', 'beneficiaires-des-minimas-sociaux', 'jeunes'],
			accessConditions: 'Sous conditions de ressources ; logement situé dans le Lot.',
			receptionModes: ['en-presentiel'],
			mobilisationModes: ['telephoner'],
			mobilisableBy: ['professionnels', 'usagers'],
			mobilisationDetails: 'Dossier instruit par un travailleur social (MDS, CCAS, CAF).'
		},
		{
			id: 'mds-cahors-rsa',
			name: 'Accompagnement des allocataires du RSA (démo)',
			description:
				'Un référent unique vous accompagne pour construire votre projet : retour à l’emploi, formation, santé, mobilité, logement. Un contrat d’engagements réciproques fixe les étapes.',
			type: 'accompagnement',
			thematiques: [
				'remobilisation--bien-etre-confiance-en-soi',
				'trouver-un-emploi--repondre-a-des-offres-demploi'
			],
			fees: 'gratuit',
			publics: ['beneficiaires-des-minimas-sociaux'],
			receptionModes: ['en-presentiel', 'a-distance'],
			mobilisationModes: ['telephoner'],
			mobilisableBy: ['professionnels'],
			checkedMonthsAgo: 8
		}
	]),
	maisonDesSolidarites('figeac', 'Figeac', '46102', '46100', '12 avenue Émile-Bouyssou', '05 65 00 00 02', [
		{
			id: 'mds-figeac-masp',
			name: 'Mesure d’accompagnement social personnalisé – MASP (démo)',
			description:
				'Pour les personnes qui perçoivent des prestations sociales et ont du mal à gérer leur budget au point de mettre en danger leur santé ou leur logement : accompagnement budgétaire renforcé, avec possible gestion du loyer.',
			type: 'accompagnement',
			thematiques: [
				'difficultes-financieres--mettre-en-place-une-mesure-de-protection-financiere',
				'difficultes-financieres--ameliorer-sa-gestion-budgetaire'
			],
			fees: 'gratuit',
			publics: ['beneficiaires-des-minimas-sociaux', 'seniors'],
			accessConditions: 'Contrat signé avec le Département, pour 6 mois à 2 ans.',
			receptionModes: ['en-presentiel'],
			outreach: true,
			mobilisationModes: ['telephoner'],
			mobilisableBy: ['professionnels'],
			mobilisationDetails: 'Sur proposition d’un travailleur social, visites à domicile possibles.'
		}
	]),
	maisonDesSolidarites('gourdon', 'Gourdon', '46127', '46300', '2 boulevard des Martyrs', '05 65 00 00 03', [
		{
			id: 'mds-gourdon-apa',
			name: 'Allocation personnalisée d’autonomie à domicile (démo)',
			description:
				'Évaluation à domicile des besoins d’une personne âgée de 60 ans et plus qui perd son autonomie, puis plan d’aide : aide à domicile, portage de repas, téléassistance, accueil de jour.',
			type: 'aide-financiere',
			thematiques: [
				'famille--prise-en-charge-personne-dependante',
				'equipement-et-alimentation--aide-menagere'
			],
			fees: 'gratuit',
			feesDetails: 'Une participation peut rester à votre charge selon vos revenus.',
			publics: ['seniors', 'personnes-en-situation-de-handicap'],
			receptionModes: ['en-presentiel'],
			outreach: true,
			mobilisationModes: ['telephoner', 'envoyer-un-courriel'],
			mobilisableBy: ['usagers', 'professionnels']
		}
	]),
	maisonDesSolidarites(
		'saint-cere',
		'Saint-Céré',
		'46251',
		'46400',
		'5 place de la République',
		'05 65 00 00 04',
		[
			{
				id: 'mds-saint-cere-aidants',
				name: 'Soutien aux proches aidants (démo)',
				description:
					'Vous vous occupez d’un parent âgé ou d’un proche malade ? Information sur le droit au répit, solutions d’accueil temporaire et groupes d’échange entre aidants.',
				type: 'information',
				thematiques: ['famille--soutien-aidants', 'famille--prise-en-charge-personne-dependante'],
				fees: 'gratuit',
				publics: ['actifs', 'seniors', 'familles'],
				receptionModes: ['en-presentiel', 'a-distance'],
				mobilisationModes: ['telephoner', 'se-presenter'],
				mobilisableBy: ['usagers', 'professionnels'],
				openingHours: 'Tu,Th 09:00-12:00,14:00-17:00'
			}
		]
	),
	maisonDesSolidarites('souillac', 'Souillac', '46309', '46200', '8 rue de la Halle', '05 65 00 00 05', [
		{
			id: 'mds-souillac-faj',
			name: 'Fonds d’aide aux jeunes (démo)',
			description:
				'Aide ponctuelle pour les 18–25 ans en difficulté : se nourrir, se déplacer vers un stage ou un emploi, passer le permis, payer une formation.',
			type: 'aide-financiere',
			thematiques: [
				'difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere',
				'mobilite--financer-ma-mobilite'
			],
			fees: 'gratuit',
			publics: ['jeunes'],
			publicsDetails: 'De 18 à 25 ans.',
			receptionModes: ['en-presentiel'],
			mobilisationModes: ['telephoner'],
			mobilisableBy: ['professionnels'],
			mobilisationDetails: 'Demande faite par la Mission locale ou un travailleur social.'
		}
	]),
	{
		id: 'pmi-lot',
		name: 'Protection maternelle et infantile du Lot – PMI (démo)',
		organisation: DEPARTEMENT,
		description:
			'Service départemental de prévention pour les futurs parents, les enfants de moins de 6 ans et leur famille : consultations, visites à domicile, santé sexuelle, agrément des assistants maternels.',
		communeCode: '46042',
		postalCode: '46000',
		address: '86 avenue Jean-Jaurès',
		phone: '05 65 00 00 10',
		email: 'pmi@demo.maillage.fr',
		openingHours: OFFICE_HOURS,
		correspondents: [
			{
				id: 'pmi-corr-1',
				theme: 'famille--soutien-a-la-parentalite-et-a-leducation',
				fullName: 'Docteure Claire Vidal (démo)',
				jobTitle: 'Médecin de PMI, responsable départementale',
				phone: '05 65 00 00 11',
				email: 'claire.vidal@demo.maillage.fr'
			},
			{
				id: 'pmi-corr-2',
				theme: 'sante--sante-sexuelle',
				fullName: 'Sophie Delmas (démo)',
				jobTitle: 'Sage-femme coordinatrice',
				phone: '05 65 00 00 12',
				email: 'sophie.delmas@demo.maillage.fr'
			}
		],
		services: [
			{
				id: 'pmi-consultations-nourrissons',
				name: 'Consultations de PMI pour les tout-petits (démo)',
				description:
					'Suivi médical gratuit des enfants de 0 à 6 ans : pesée, vaccinations, développement, allaitement et alimentation, sommeil. Sans avance de frais.',
				type: 'accompagnement',
				thematiques: ['sante--acces-aux-soins', 'famille--soutien-a-la-parentalite-et-a-leducation'],
				fees: 'gratuit',
				publics: ['familles'],
				receptionModes: ['en-presentiel'],
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['usagers', 'professionnels'],
				openingHours: 'Mo,We 09:00-12:00; Fr 14:00-17:00'
			},
			{
				id: 'pmi-visites-domicile',
				name: 'Visites à domicile d’une puéricultrice (démo)',
				description:
					'Une puéricultrice vient chez vous après la naissance : soins du bébé, allaitement, fatigue, questions de parents. Pour toutes les familles du Lot, en priorité les plus isolées.',
				type: 'accompagnement',
				thematiques: ['famille--soutien-a-la-parentalite-et-a-leducation'],
				fees: 'gratuit',
				publics: ['familles'],
				receptionModes: ['en-presentiel'],
				outreach: true,
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['usagers', 'professionnels']
			},
			{
				id: 'pmi-sante-sexuelle',
				name: 'Centre de santé sexuelle de Cahors (démo)',
				description:
					'Contraception, test de grossesse, dépistage des infections sexuellement transmissibles, entretien avant IVG, écoute sur la vie affective. Gratuit et confidentiel, y compris pour les mineurs.',
				type: 'accompagnement',
				thematiques: ['sante--sante-sexuelle', 'sante--acces-aux-soins'],
				fees: 'gratuit',
				publics: ['jeunes', 'femmes'],
				receptionModes: ['en-presentiel'],
				mobilisationModes: ['telephoner', 'se-presenter'],
				mobilisableBy: ['usagers'],
				openingHours: 'Mo 13:30-18:00; We 09:00-17:00; Sa 09:00-12:00',
				languages: ['fr', 'en']
			},
			{
				id: 'pmi-bus-itinerant',
				name: 'Bus de la PMI dans le Ségala (démo)',
				description:
					'Le bus de la PMI s’arrête chaque semaine dans les bourgs du Ségala : consultation de l’enfant, pesée, conseils aux parents, sans rendez-vous.',
				type: 'accompagnement',
				thematiques: ['sante--acces-aux-soins', 'famille--soutien-a-la-parentalite-et-a-leducation'],
				fees: 'gratuit',
				publics: ['familles'],
				receptionModes: ['en-presentiel'],
				outreach: true,
				eligibilityZone: ['46143', '46160', '46170', '46015'],
				mobilisationModes: ['se-presenter'],
				mobilisableBy: ['usagers'],
				communeCode: '46143',
				address: 'Place du Foirail',
				openingHours: 'Th 09:30-12:00'
			}
		]
	},
	{
		id: 'ase-lot',
		name: 'Aide sociale à l’enfance du Lot – ASE (démo)',
		organisation: DEPARTEMENT,
		description:
			'Protection de l’enfance : accompagnement des familles, recueil des informations préoccupantes, accueil des enfants confiés, accompagnement des jeunes majeurs.',
		communeCode: '46042',
		postalCode: '46000',
		address: 'Avenue de l’Europe',
		phone: '05 65 00 00 20',
		email: 'ase@demo.maillage.fr',
		openingHours: OFFICE_HOURS,
		correspondents: [
			{
				id: 'ase-corr-1',
				theme: 'famille--surmonter-conflits-separation-violence',
				fullName: 'Marc Lacoste (démo)',
				jobTitle: 'Responsable de la cellule de recueil des informations préoccupantes',
				phone: '05 65 00 00 21',
				email: 'marc.lacoste@demo.maillage.fr'
			}
		],
		services: [
			{
				id: 'ase-jeunes-majeurs',
				name: 'Accompagnement des jeunes sortant de l’ASE (démo)',
				description:
					'Vous avez été confié à l’ASE et vous avez 18 ans ? Un contrat jeune majeur peut prolonger l’accompagnement jusqu’à 21 ans : logement, ressources, études ou formation, santé.',
				type: 'accompagnement',
				thematiques: [
					'logement-hebergement--rechercher-une-solution-dhebergement-temporaire',
					'difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits',
					'se-former--trouver-sa-formation'
				],
				fees: 'gratuit',
				publics: ['jeunes'],
				publicsDetails: 'Jeunes de 18 à 21 ans anciennement confiés à l’ASE.',
				receptionModes: ['en-presentiel'],
				mobilisationModes: ['telephoner', 'envoyer-un-courriel'],
				mobilisableBy: ['usagers', 'professionnels']
			},
			{
				id: 'ase-aed',
				name: 'Aide éducative à domicile (démo)',
				description:
					'Un éducateur vient régulièrement chez vous pour vous aider dans l’éducation de vos enfants quand la situation familiale devient difficile. Avec votre accord.',
				type: 'accompagnement',
				thematiques: ['famille--soutien-a-la-parentalite-et-a-leducation'],
				fees: 'gratuit',
				publics: ['familles'],
				receptionModes: ['en-presentiel'],
				outreach: true,
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['professionnels']
			},
			{
				id: 'ase-crip',
				name: 'Cellule de recueil des informations préoccupantes (démo)',
				description:
					'Vous êtes inquiet pour un enfant (violences, négligence, conflit grave entre parents) ? Les professionnels et les particuliers peuvent transmettre une information préoccupante. En cas de danger immédiat, appelez le 17 ; numéro national enfance en danger : 119.',
				type: 'information',
				thematiques: ['famille--surmonter-conflits-separation-violence'],
				fees: 'gratuit',
				publics: ['familles'],
				receptionModes: ['a-distance'],
				mobilisationModes: ['telephoner', 'envoyer-un-courriel'],
				mobilisableBy: ['professionnels', 'usagers']
			}
		]
	},
	{
		id: 'caf-cahors',
		name: 'CAF du Lot – accueil de Cahors (démo)',
		organisation: CAF,
		description:
			'Caisse d’allocations familiales : prestations familiales, logement, RSA, prime d’activité, action sociale.',
		communeCode: '46042',
		postalCode: '46000',
		address: '4 boulevard Gambetta',
		phone: '05 65 00 00 30',
		email: 'accueil-caf@demo.maillage.fr',
		website: 'https://www.caf.fr',
		openingHours: 'Mo-Th 08:30-12:30,13:30-16:00; Fr 08:30-12:30',
		services: [
			{
				id: 'caf-rendez-vous-droits',
				name: 'Rendez-vous des droits (démo)',
				description:
					'Un entretien d’une heure pour vérifier tous les droits auxquels vous pouvez prétendre : aides au logement, prime d’activité, RSA, complémentaire santé, tarifs sociaux.',
				type: 'information',
				thematiques: ['difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits'],
				fees: 'gratuit',
				publics: ['tous-publics'],
				receptionModes: ['en-presentiel', 'a-distance'],
				mobilisationModes: ['telephoner', 'utiliser-lien-mobilisation'],
				mobilisableBy: ['usagers', 'professionnels']
			},
			{
				id: 'caf-impayes-loyer',
				name: 'Prévention des impayés de loyer (démo)',
				description:
					'Vous avez du retard dans le paiement de votre loyer ? Un travailleur social de la CAF vous aide à trouver un plan d’apurement avec votre bailleur et à garder votre aide au logement.',
				type: 'accompagnement',
				thematiques: [
					'logement-hebergement--reduire-les-impayes-de-loyer',
					'logement-hebergement--se-maintenir-dans-le-logement'
				],
				fees: 'gratuit',
				publics: ['familles'],
				receptionModes: ['en-presentiel', 'a-distance'],
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['usagers', 'professionnels']
			},
			{
				id: 'caf-separation',
				name: 'Accompagnement des parents qui se séparent (démo)',
				description:
					'Séparation, divorce, garde des enfants : un travailleur social vous informe sur vos droits et la pension alimentaire (intermédiation financière) et vous oriente vers la médiation familiale.',
				type: 'accompagnement',
				thematiques: [
					'famille--surmonter-conflits-separation-violence',
					'famille--soutien-a-la-parentalite-et-a-leducation'
				],
				fees: 'gratuit',
				publics: ['familles'],
				receptionModes: ['en-presentiel', 'a-distance'],
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['usagers', 'professionnels']
			},
			{
				id: 'caf-permanence-figeac',
				name: 'Permanence de la CAF à Figeac (démo)',
				description:
					'Un conseiller de la CAF reçoit sur rendez-vous pour les dossiers de prestations, les changements de situation et les difficultés de paiement.',
				type: 'information',
				thematiques: [
					'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives'
				],
				fees: 'gratuit',
				publics: ['tous-publics'],
				receptionModes: ['en-presentiel'],
				mobilisationModes: ['utiliser-lien-mobilisation', 'telephoner'],
				mobilisableBy: ['usagers'],
				communeCode: '46102',
				address: '1 place Vival',
				openingHours: 'Tu 09:00-12:00,13:30-16:30',
				checkedMonthsAgo: 9
			}
		]
	},
	{
		id: 'cpam-cahors',
		name: 'CPAM du Lot – accueil de Cahors (démo)',
		organisation: CPAM,
		description:
			'Caisse primaire d’assurance maladie : remboursements, carte Vitale, complémentaire santé solidaire, prévention.',
		communeCode: '46042',
		postalCode: '46000',
		address: '24 rue du Président-Wilson',
		phone: '05 65 00 00 40',
		email: 'accueil-cpam@demo.maillage.fr',
		website: 'https://www.ameli.fr',
		openingHours: 'Mo-Fr 08:30-12:30,13:30-16:30',
		services: [
			{
				id: 'cpam-css',
				name: 'Aide à la demande de complémentaire santé solidaire (démo)',
				description:
					'Un conseiller vous aide à remplir la demande de complémentaire santé solidaire, gratuite ou à moins de 1 € par jour selon vos ressources.',
				type: 'accompagnement',
				thematiques: [
					'sante--acces-aux-soins',
					'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives'
				],
				fees: 'gratuit',
				publics: ['tous-publics'],
				receptionModes: ['en-presentiel', 'a-distance'],
				mobilisationModes: ['telephoner', 'se-presenter'],
				mobilisableBy: ['usagers', 'professionnels'],
				languages: ['fr', 'en', 'es']
			},
			{
				id: 'cpam-mission-accompagnement-sante',
				name: 'Mission accompagnement santé (démo)',
				description:
					'Vous renoncez à des soins parce qu’ils coûtent trop cher ou parce que vous ne trouvez pas de médecin ? La CPAM vous accompagne jusqu’à la réalisation des soins.',
				type: 'accompagnement',
				thematiques: ['sante--acces-aux-soins'],
				fees: 'gratuit',
				publics: ['tous-publics'],
				receptionModes: ['a-distance'],
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['professionnels'],
				mobilisationDetails: 'Sur signalement d’un professionnel (travailleur social, pharmacien, médecin).'
			},
			{
				id: 'cpam-examen-prevention',
				name: 'Examen de prévention en santé (démo)',
				description:
					'Un bilan de santé complet et gratuit, en priorité pour les personnes éloignées du soin : examens, entretien avec un médecin, orientation.',
				type: 'accompagnement',
				thematiques: ['sante--acces-aux-soins'],
				fees: 'gratuit',
				publics: ['beneficiaires-des-minimas-sociaux', 'demandeurs-emploi', 'jeunes'],
				receptionModes: ['en-presentiel'],
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['usagers', 'professionnels']
			}
		]
	},
	{
		id: 'ccas-cahors',
		name: 'CCAS de Cahors (démo)',
		organisation: CCAS,
		description:
			'Centre communal d’action sociale de Cahors : aide alimentaire, domiciliation, accompagnement budgétaire, hébergement d’urgence, aides facultatives.',
		communeCode: '46042',
		postalCode: '46000',
		address: '73 boulevard Gambetta',
		phone: '05 65 00 00 50',
		email: 'ccas-cahors@demo.maillage.fr',
		openingHours: 'Mo-Fr 08:30-12:00,13:30-17:00',
		correspondents: [
			{
				id: 'ccas-corr-1',
				theme: 'logement-hebergement',
				fullName: 'Julie Bouscarel (démo)',
				jobTitle: 'Conseillère en économie sociale et familiale',
				phone: '05 65 00 00 51',
				email: 'julie.bouscarel@demo.maillage.fr'
			},
			{
				id: 'ccas-corr-2',
				theme: 'equipement-et-alimentation',
				fullName: 'Karim Benali (démo)',
				jobTitle: 'Responsable de l’épicerie sociale',
				phone: '05 65 00 00 52',
				email: 'karim.benali@demo.maillage.fr'
			}
		],
		services: [
			{
				id: 'ccas-hebergement-urgence',
				name: 'Hébergement d’urgence (démo)',
				description:
					'Mise à l’abri immédiate pour une ou plusieurs nuits des personnes sans solution de logement, seules ou en famille, en lien avec le 115. Chambres en résidence et nuitées d’hôtel.',
				type: 'aide-materielle',
				thematiques: ['logement-hebergement--rechercher-une-solution-dhebergement-temporaire'],
				fees: 'gratuit',
				publics: ['personnes-en-situation-durgence'],
				accessConditions: 'Sans condition ; le soir et le week-end, appelez le 115.',
				receptionModes: ['en-presentiel'],
				mobilisationModes: ['telephoner', 'se-presenter'],
				mobilisableBy: ['usagers', 'professionnels'],
				openingHours: 'Mo-Fr 08:30-17:00',
				languages: ['fr', 'en', 'ar']
			},
			{
				id: 'ccas-epicerie-sociale',
				name: 'Épicerie sociale (démo)',
				description:
					'Produits alimentaires, d’hygiène et d’entretien à 10 à 30 % de leur prix, pour quelques mois, avec un accompagnement pour un projet (payer une dette, passer le permis…).',
				type: 'aide-materielle',
				thematiques: ['equipement-et-alimentation--alimentation'],
				fees: 'payant',
				feesDetails: 'De 10 à 30 % du prix en magasin.',
				publics: ['familles', 'beneficiaires-des-minimas-sociaux', 'seniors'],
				accessConditions: 'Sur orientation d’un travailleur social, selon le reste à vivre.',
				receptionModes: ['en-presentiel'],
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['professionnels'],
				address: '11 rue Joachim-Murat',
				openingHours: 'Tu,Th 14:00-17:30; Sa 09:00-12:00'
			},
			{
				id: 'ccas-aide-alimentaire-urgence',
				name: 'Aide alimentaire d’urgence (démo)',
				description:
					'Colis alimentaire ou chèque d’accompagnement personnalisé remis le jour même quand vous n’avez plus rien pour manger.',
				type: 'aide-materielle',
				thematiques: ['equipement-et-alimentation--alimentation'],
				fees: 'gratuit',
				publics: ['personnes-en-situation-durgence'],
				receptionModes: ['en-presentiel'],
				mobilisationModes: ['se-presenter', 'telephoner'],
				mobilisableBy: ['usagers', 'professionnels'],
				languages: ['fr', 'en']
			},
			{
				id: 'ccas-domiciliation',
				name: 'Domiciliation administrative (démo)',
				description:
					'Sans domicile stable ? Le CCAS vous donne une adresse pour recevoir votre courrier et faire valoir vos droits (CAF, assurance maladie, papiers d’identité).',
				type: 'accompagnement',
				thematiques: [
					'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives',
					'difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits'
				],
				fees: 'gratuit',
				publics: ['personnes-en-situation-durgence', 'personnes-exilees'],
				accessConditions: 'Avoir un lien avec la commune de Cahors.',
				receptionModes: ['en-presentiel'],
				eligibilityZone: ['46042'],
				mobilisationModes: ['se-presenter'],
				mobilisableBy: ['usagers'],
				openingHours: 'Mo-Fr 09:00-11:30',
				checkedMonthsAgo: 10
			},
			{
				id: 'ccas-accompagnement-budgetaire',
				name: 'Accompagnement budgétaire (démo)',
				description:
					'Une conseillère vous aide à faire vos comptes, à négocier des délais avec vos créanciers, à prévenir le surendettement et, si besoin, à monter un dossier à la Banque de France.',
				type: 'accompagnement',
				thematiques: [
					'difficultes-financieres--ameliorer-sa-gestion-budgetaire',
					'difficultes-financieres--situation-dendettement-surendettement'
				],
				fees: 'gratuit',
				publics: ['tous-publics'],
				receptionModes: ['en-presentiel'],
				eligibilityZone: ['46042'],
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['usagers', 'professionnels']
			},
			{
				id: 'ccas-atelier-numerique-seniors',
				name: 'Ateliers numériques pour les seniors (démo)',
				description:
					'Apprendre à utiliser une tablette, envoyer des photos à ses petits-enfants, prendre rendez-vous chez le médecin en ligne. Groupes de 6 personnes.',
				type: 'atelier',
				thematiques: ['numerique--maitriser-les-fondamentaux-du-numerique'],
				fees: 'gratuit',
				publics: ['seniors'],
				receptionModes: ['en-presentiel'],
				eligibilityZone: ['46042'],
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['usagers'],
				openingHours: 'We 14:00-16:00'
			},
			{
				id: 'ccas-transport-solidaire',
				name: 'Tickets de bus solidaires (démo)',
				description:
					'Carnets de tickets du réseau de bus de l’agglomération à tarif réduit pour se rendre à un entretien, une formation ou un rendez-vous médical.',
				type: 'aide-financiere',
				thematiques: ['mobilite--financer-ma-mobilite'],
				fees: 'payant',
				feesDetails: '1 € le carnet de 10 tickets.',
				publics: ['demandeurs-emploi', 'beneficiaires-des-minimas-sociaux'],
				receptionModes: ['en-presentiel'],
				eligibilityZone: ['46042'],
				mobilisationModes: ['se-presenter'],
				mobilisableBy: ['usagers']
			}
		]
	},
	{
		id: 'quercy-solidarites',
		name: 'Association Quercy Solidarités (démo)',
		organisation: QUERCY,
		description:
			'Association d’entraide du Grand Cahors : vestiaire, ressourcerie, garage solidaire, activités de lien social, bénévolat.',
		communeCode: '46224',
		postalCode: '46090',
		address: '15 route de Villefranche',
		phone: '05 65 00 00 60',
		email: 'quercy-solidarites@demo.maillage.fr',
		openingHours: 'Tu-Sa 09:00-12:00,14:00-18:00',
		networks: ['Réseau d’entraide du Quercy'],
		services: [
			{
				id: 'qs-vestiaire',
				name: 'Vestiaire solidaire (démo)',
				description:
					'Vêtements et chaussures pour toute la famille, de 0,50 € à 5 €, dans une boutique ouverte à tous.',
				type: 'aide-materielle',
				thematiques: ['equipement-et-alimentation--habillement'],
				fees: 'payant',
				feesDetails: 'De 0,50 € à 5 € la pièce.',
				publics: ['tous-publics'],
				receptionModes: ['en-presentiel'],
				eligibilityZone: ['200023737'],
				mobilisationModes: ['se-presenter'],
				mobilisableBy: ['usagers']
			},
			{
				id: 'qs-ressourcerie',
				name: 'Ressourcerie : électroménager et meubles à petit prix (démo)',
				description:
					'Réfrigérateurs, lave-linge, meubles et vaisselle révisés et garantis 6 mois, pour équiper un premier logement.',
				type: 'aide-materielle',
				thematiques: ['equipement-et-alimentation--electromenager'],
				fees: 'payant',
				publics: ['tous-publics'],
				receptionModes: ['en-presentiel'],
				eligibilityZone: ['200023737'],
				mobilisationModes: ['se-presenter'],
				mobilisableBy: ['usagers', 'professionnels'],
				openingHours: 'We,Sa 09:00-12:00,14:00-17:00'
			},
			{
				id: 'qs-garage-solidaire',
				name: 'Garage solidaire (démo)',
				description:
					'Réparation et entretien de votre voiture à prix coûtant, pièces d’occasion, pour garder votre véhicule et aller travailler.',
				type: 'aide-materielle',
				thematiques: ['mobilite--entretenir-reparer-son-vehicule'],
				fees: 'payant',
				feesDetails: 'Main-d’œuvre à 15 € de l’heure.',
				publics: ['demandeurs-emploi', 'beneficiaires-des-minimas-sociaux', 'actifs'],
				accessConditions: 'Sur orientation d’un conseiller emploi ou d’un travailleur social.',
				receptionModes: ['en-presentiel'],
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['professionnels'],
				address: 'Zone artisanale de Labéraudie',
				communeCode: '46042'
			},
			{
				id: 'qs-location-scooters',
				name: 'Location de scooters pour aller travailler (démo)',
				description:
					'Location d’un scooter à 2 € par jour pendant 3 mois pour se rendre à un emploi ou une formation, casque et assurance compris.',
				type: 'aide-materielle',
				thematiques: ['mobilite--acceder-a-un-vehicule'],
				fees: 'payant',
				feesDetails: '2 € par jour.',
				publics: ['demandeurs-emploi', 'jeunes'],
				receptionModes: ['en-presentiel'],
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['professionnels'],
				checkedMonthsAgo: 7
			},
			{
				id: 'qs-ateliers-cuisine',
				name: 'Ateliers cuisine et repas partagés (démo)',
				description:
					'Cuisiner ensemble avec des produits de saison puis partager le repas : pour rompre l’isolement et apprendre à cuisiner avec un petit budget.',
				type: 'atelier',
				thematiques: ['remobilisation--lien-social', 'equipement-et-alimentation--alimentation'],
				fees: 'payant',
				feesDetails: '2 € par repas.',
				publics: ['tous-publics'],
				receptionModes: ['en-presentiel'],
				mobilisationModes: ['telephoner', 'se-presenter'],
				mobilisableBy: ['usagers'],
				openingHours: 'Th 10:00-14:00'
			},
			{
				id: 'qs-benevolat',
				name: 'Devenir bénévole (démo)',
				description:
					'Donner un peu de temps : accueil, tri au vestiaire, accompagnement aux courses des personnes âgées, aide aux devoirs.',
				type: 'information',
				thematiques: ['remobilisation--benevolat-action-citoyenne'],
				fees: 'gratuit',
				publics: ['tous-publics'],
				receptionModes: ['en-presentiel'],
				mobilisationModes: ['envoyer-un-courriel', 'telephoner'],
				mobilisableBy: ['usagers']
			},
			{
				id: 'qs-visites-convivialite',
				name: 'Visites de convivialité à domicile (démo)',
				description:
					'Des bénévoles rendent visite chaque semaine aux personnes âgées isolées pour discuter, jouer, se promener.',
				type: 'accompagnement',
				thematiques: ['remobilisation--lien-social'],
				fees: 'gratuit',
				publics: ['seniors'],
				receptionModes: ['en-presentiel'],
				outreach: true,
				eligibilityZone: ['200023737'],
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['usagers', 'professionnels']
			}
		]
	},
	{
		id: 'ecoute-violences',
		name: 'Association Écoute Violences Lot (démo)',
		organisation: ECOUTE,
		description:
			'Association d’aide aux victimes de violences conjugales et intrafamiliales : écoute, accueil de jour, information juridique, accompagnement vers la mise à l’abri.',
		communeCode: '46042',
		postalCode: '46000',
		address: 'Adresse communiquée par téléphone',
		phone: '05 65 00 00 70',
		email: 'ecoute-violences@demo.maillage.fr',
		openingHours: 'Mo-Fr 09:00-17:00',
		networks: ['France Victimes (démo)'],
		correspondents: [
			{
				id: 'ecoute-corr-1',
				theme: 'famille--surmonter-conflits-separation-violence',
				fullName: 'Nadia Ferhat (démo)',
				jobTitle: 'Juriste, référente violences conjugales',
				phone: '05 65 00 00 71',
				email: 'nadia.ferhat@demo.maillage.fr'
			}
		],
		services: [
			{
				id: 'ecoute-accueil-jour',
				name: 'Accueil de jour violences conjugales (démo)',
				description:
					'Un lieu sûr, sans rendez-vous, pour les femmes victimes de violences et leurs enfants : écoute, mise en sécurité, préparation du départ, lien avec l’hébergement. En cas de danger, appelez le 17 ou envoyez un SMS au 114.',
				type: 'accompagnement',
				thematiques: [
					'famille--surmonter-conflits-separation-violence',
					'logement-hebergement--rechercher-une-solution-dhebergement-temporaire'
				],
				fees: 'gratuit',
				publics: ['femmes', 'familles'],
				receptionModes: ['en-presentiel', 'a-distance'],
				mobilisationModes: ['telephoner', 'se-presenter'],
				mobilisableBy: ['usagers', 'professionnels'],
				languages: ['fr', 'en', 'ar', 'es'],
				accessibility: 'Locaux accessibles en fauteuil, espace enfants.'
			},
			{
				id: 'ecoute-permanence-juridique',
				name: 'Permanence juridique pour les victimes (démo)',
				description:
					'Une juriste vous informe gratuitement et confidentiellement : dépôt de plainte, ordonnance de protection, divorce, garde des enfants, logement.',
				type: 'information',
				thematiques: [
					'difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire',
					'famille--surmonter-conflits-separation-violence'
				],
				fees: 'gratuit',
				publics: ['femmes'],
				receptionModes: ['en-presentiel', 'a-distance'],
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['usagers', 'professionnels'],
				openingHours: 'Tu,Th 09:00-12:30'
			},
			{
				id: 'ecoute-permanence-figeac',
				name: 'Permanence violences conjugales à Figeac (démo)',
				description:
					'Écoute et accompagnement des victimes de violences dans le couple, au centre social de Figeac, sur rendez-vous.',
				type: 'accompagnement',
				thematiques: ['famille--surmonter-conflits-separation-violence'],
				fees: 'gratuit',
				publics: ['femmes'],
				receptionModes: ['en-presentiel'],
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['usagers', 'professionnels'],
				communeCode: '46102',
				address: 'Centre social, 2 rue de Colomb',
				openingHours: 'We 14:00-17:00'
			},
			{
				id: 'ecoute-groupe-parole',
				name: 'Groupe de parole pour les femmes victimes (démo)',
				description:
					'Se retrouver entre femmes qui ont vécu des violences, avec une psychologue, pour reprendre confiance en soi. Deux fois par mois.',
				type: 'atelier',
				thematiques: ['sante--sante-mentale', 'remobilisation--bien-etre-confiance-en-soi'],
				fees: 'gratuit',
				publics: ['femmes'],
				receptionModes: ['en-presentiel'],
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['usagers', 'professionnels'],
				openingHours: 'Mo 18:00-20:00'
			}
		]
	},
	{
		id: 'maison-protection-familles',
		name: 'Maison de protection des familles du Lot (démo)',
		organisation: GENDARMERIE,
		description:
			'Unité de la gendarmerie spécialisée dans l’accompagnement des victimes de violences intrafamiliales et la prévention auprès des publics vulnérables.',
		communeCode: '46042',
		postalCode: '46000',
		address: 'Caserne Bessières',
		phone: '05 65 00 00 80',
		email: 'mpf46@demo.maillage.fr',
		openingHours: 'Mo-Fr 08:00-18:00',
		services: [
			{
				id: 'mpf-accompagnement-vif',
				name: 'Accompagnement des victimes de violences intrafamiliales (démo)',
				description:
					'Des gendarmes formés vous reçoivent, vous aident à déposer plainte et vous orientent vers les associations et l’hébergement. En cas d’urgence, composez le 17.',
				type: 'accompagnement',
				thematiques: [
					'famille--surmonter-conflits-separation-violence',
					'difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire'
				],
				fees: 'gratuit',
				publics: ['femmes', 'familles', 'seniors'],
				receptionModes: ['en-presentiel'],
				outreach: true,
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['usagers', 'professionnels']
			},
			{
				id: 'mpf-prevention-seniors',
				name: 'Prévention des arnaques et maltraitances envers les aînés (démo)',
				description:
					'Réunions d’information dans les clubs et les communes : démarchage abusif, escroqueries, maltraitance financière.',
				type: 'information',
				thematiques: ['difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere'],
				fees: 'gratuit',
				publics: ['seniors'],
				receptionModes: ['en-presentiel'],
				outreach: true,
				mobilisationModes: ['telephoner', 'envoyer-un-courriel'],
				mobilisableBy: ['professionnels']
			}
		]
	},
	{
		id: 'mission-locale-lot',
		name: 'Mission locale du Lot (démo)',
		description:
			'Accompagnement des jeunes de 16 à 25 ans : emploi, formation, logement, santé, mobilité. Antennes à Cahors, Figeac et Gourdon.',
		communeCode: '46042',
		postalCode: '46000',
		address: '90 rue Wilson',
		phone: '05 65 00 00 90',
		email: 'mission-locale@demo.maillage.fr',
		openingHours: 'Mo-Fr 09:00-12:30,13:30-17:30',
		correspondents: [
			{
				id: 'ml-corr-1',
				theme: 'trouver-un-emploi',
				fullName: 'Romain Teulière (démo)',
				jobTitle: 'Conseiller référent contrat d’engagement jeune',
				phone: '05 65 00 00 91',
				email: 'romain.teuliere@demo.maillage.fr'
			}
		],
		services: [
			{
				id: 'ml-cej',
				name: 'Contrat d’engagement jeune (démo)',
				description:
					'15 à 20 heures d’activités par semaine avec un conseiller (ateliers, stages, formations) et une allocation pouvant aller jusqu’à 528 € par mois.',
				type: 'accompagnement',
				thematiques: [
					'trouver-un-emploi--repondre-a-des-offres-demploi',
					'preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation',
					'choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite'
				],
				fees: 'gratuit',
				publics: ['jeunes'],
				publicsDetails: 'De 16 à 25 ans (29 ans en situation de handicap), sans emploi ni formation.',
				receptionModes: ['en-presentiel'],
				mobilisationModes: ['telephoner', 'se-presenter'],
				mobilisableBy: ['usagers', 'professionnels']
			},
			{
				id: 'ml-permis',
				name: 'Aide au permis de conduire pour les jeunes (démo)',
				description:
					'Financement partiel du code et de la conduite, en lien avec une auto-école sociale, pour les jeunes qui ont besoin du permis pour un emploi.',
				type: 'aide-financiere',
				thematiques: ['mobilite--preparer-un-permis', 'mobilite--financer-ma-mobilite'],
				fees: 'gratuit',
				publics: ['jeunes'],
				receptionModes: ['en-presentiel'],
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['usagers']
			},
			{
				id: 'ml-orientation-formation',
				name: 'Trouver sa formation (démo)',
				description:
					'Faire le point sur ses envies, découvrir des métiers en immersion et trouver une formation financée, avec un conseiller.',
				type: 'accompagnement',
				thematiques: ['se-former--trouver-sa-formation', 'se-former--monter-son-dossier-de-formation'],
				fees: 'gratuit',
				publics: ['jeunes'],
				receptionModes: ['en-presentiel', 'a-distance'],
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['usagers', 'professionnels'],
				communeCode: '46102',
				address: 'Antenne de Figeac, 3 rue Séguier'
			},
			{
				id: 'ml-logement-jeunes',
				name: 'Logement des jeunes (démo)',
				description:
					'Trouver une chambre ou un studio près de son stage ou de son emploi : résidences jeunes, colocations, aides à l’installation.',
				type: 'information',
				thematiques: [
					'logement-hebergement--louer-un-logement',
					'logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement'
				],
				fees: 'gratuit',
				publics: ['jeunes'],
				receptionModes: ['en-presentiel'],
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['usagers'],
				communeCode: '46127',
				address: 'Antenne de Gourdon, 20 boulevard Galiot-de-Genouillac',
				checkedMonthsAgo: 12
			}
		]
	},
	{
		id: 'france-services-gramat',
		name: 'France Services Gramat (démo)',
		description:
			'Un guichet unique pour les démarches administratives : impôts, retraite, CAF, assurance maladie, emploi, papiers.',
		communeCode: '46128',
		postalCode: '46500',
		address: '2 place de la République',
		phone: '05 65 00 01 00',
		email: 'france-services-gramat@demo.maillage.fr',
		openingHours: 'Mo-Fr 09:00-12:00; Tu,Th 13:30-17:00',
		networks: ['France Services'],
		services: [
			{
				id: 'fs-gramat-demarches',
				name: 'Aide aux démarches administratives en ligne (démo)',
				description:
					'Un agent vous aide à faire vos démarches sur internet : déclaration de revenus, demande de carte grise, dossier de retraite, prime d’activité.',
				type: 'accompagnement',
				thematiques: [
					'numerique--acceder-a-des-services-en-ligne',
					'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives'
				],
				fees: 'gratuit',
				publics: ['tous-publics'],
				receptionModes: ['en-presentiel'],
				mobilisationModes: ['se-presenter', 'telephoner'],
				mobilisableBy: ['usagers']
			},
			{
				id: 'fs-gramat-poste-libre',
				name: 'Ordinateur et wifi en libre accès (démo)',
				description: 'Un ordinateur, une imprimante et une connexion internet gratuits pour vos démarches.',
				type: 'aide-materielle',
				thematiques: ['numerique--acceder-a-une-connexion-internet'],
				fees: 'gratuit',
				publics: ['tous-publics'],
				receptionModes: ['en-presentiel'],
				mobilisationModes: ['se-presenter'],
				mobilisableBy: ['usagers']
			},
			{
				id: 'fs-gramat-bus',
				name: 'Bus France Services du Causse (démo)',
				description:
					'Le bus France Services se déplace dans les villages du Causse de Gramat : aide aux démarches, impression de documents, rendez-vous à distance avec les organismes.',
				type: 'accompagnement',
				thematiques: [
					'numerique--acceder-a-des-services-en-ligne',
					'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives'
				],
				fees: 'gratuit',
				publics: ['tous-publics'],
				receptionModes: ['en-presentiel'],
				outreach: true,
				eligibilityZone: ['46128', '46009', '46176', '46148'],
				mobilisationModes: ['se-presenter'],
				mobilisableBy: ['usagers'],
				communeCode: '46176',
				address: 'Place de l’église',
				openingHours: 'We 09:00-12:00'
			},
			{
				id: 'fs-gramat-conseiller-numerique',
				name: 'Initiation au numérique avec un conseiller (démo)',
				description:
					'Créer une adresse e-mail, utiliser un smartphone, se protéger des arnaques en ligne : rendez-vous individuels ou ateliers.',
				type: 'atelier',
				thematiques: ['numerique--maitriser-les-fondamentaux-du-numerique'],
				fees: 'gratuit',
				publics: ['tous-publics'],
				receptionModes: ['en-presentiel'],
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['usagers', 'professionnels']
			}
		]
	},
	{
		id: 'epicerie-figeac',
		name: 'Épicerie solidaire du Pays de Figeac (démo)',
		description: 'Épicerie solidaire associative et distribution alimentaire pour le Grand-Figeac.',
		communeCode: '46102',
		postalCode: '46100',
		address: '7 avenue de Nayrac',
		phone: '05 65 00 01 10',
		email: 'epicerie-figeac@demo.maillage.fr',
		openingHours: 'Tu,Fr 14:00-18:00',
		services: [
			{
				id: 'epicerie-figeac-courses',
				name: 'Courses à petits prix à l’épicerie solidaire (démo)',
				description:
					'Fruits, légumes, produits frais et d’hygiène à prix réduit, sur orientation d’un travailleur social.',
				type: 'aide-materielle',
				thematiques: ['equipement-et-alimentation--alimentation'],
				fees: 'payant',
				feesDetails: '20 % du prix habituel.',
				publics: ['familles', 'beneficiaires-des-minimas-sociaux', 'etudiants'],
				receptionModes: ['en-presentiel'],
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['professionnels']
			},
			{
				id: 'epicerie-figeac-camion',
				name: 'Camion alimentaire itinérant du Ségala (démo)',
				description:
					'Aide alimentaire itinérante : distribution de colis alimentaires dans les communes rurales autour de Figeac, pour les personnes sans moyen de transport.',
				type: 'aide-materielle',
				thematiques: ['equipement-et-alimentation--alimentation'],
				fees: 'gratuit',
				publics: ['tous-publics'],
				receptionModes: ['en-presentiel'],
				outreach: true,
				eligibilityZone: ['46015', '46055', '46160', '46045'],
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['usagers', 'professionnels'],
				communeCode: '46015',
				address: 'Parking de la salle des fêtes',
				openingHours: 'Fr 10:00-12:00'
			}
		]
	},
	{
		id: 'cmp-figeac',
		name: 'Centre médico-psychologique de Figeac (démo)',
		description: 'Consultations de santé mentale pour adultes, sans avance de frais.',
		communeCode: '46102',
		postalCode: '46100',
		address: '33 rue des Carmes',
		phone: '05 65 00 01 20',
		email: 'cmp-figeac@demo.maillage.fr',
		openingHours: 'Mo-Fr 09:00-17:00',
		services: [
			{
				id: 'cmp-figeac-consultations',
				name: 'Consultations psychologiques et psychiatriques (démo)',
				description:
					'Entretiens avec un psychiatre, un psychologue ou un infirmier : anxiété, dépression, idées suicidaires, souffrance au travail. Premier rendez-vous sous 15 jours. Numéro national de prévention du suicide : 3114.',
				type: 'accompagnement',
				thematiques: ['sante--sante-mentale'],
				fees: 'gratuit',
				publics: ['tous-publics'],
				receptionModes: ['en-presentiel'],
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['usagers', 'professionnels']
			},
			{
				id: 'cmp-equipe-mobile-precarite',
				name: 'Équipe mobile psychiatrie précarité (démo)',
				description:
					'Des soignants vont à la rencontre des personnes à la rue ou en hébergement d’urgence qui souffrent de troubles psychiques.',
				type: 'accompagnement',
				thematiques: ['sante--sante-mentale', 'sante--acces-aux-soins'],
				fees: 'gratuit',
				publics: ['personnes-en-situation-durgence'],
				receptionModes: ['en-presentiel'],
				outreach: true,
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['professionnels']
			}
		]
	},
	{
		id: 'csapa-lot',
		name: 'CSAPA du Lot – soins en addictologie (démo)',
		description: 'Centre de soins, d’accompagnement et de prévention en addictologie.',
		communeCode: '46042',
		postalCode: '46000',
		address: '10 rue Saint-Géry',
		phone: '05 65 00 01 30',
		email: 'csapa@demo.maillage.fr',
		openingHours: 'Mo-Fr 09:00-12:30,13:30-18:00',
		services: [
			{
				id: 'csapa-consultations',
				name: 'Consultations addictions : alcool, tabac, cannabis, jeux (démo)',
				description:
					'Accueil anonyme et gratuit de la personne ou de son entourage : médecin, infirmier, psychologue, éducateur. Consultations jeunes consommateurs le mercredi.',
				type: 'accompagnement',
				thematiques: ['sante--addictions'],
				fees: 'gratuit',
				publics: ['tous-publics'],
				receptionModes: ['en-presentiel', 'a-distance'],
				mobilisationModes: ['telephoner', 'se-presenter'],
				mobilisableBy: ['usagers', 'professionnels']
			},
			{
				id: 'csapa-permanence-souillac',
				name: 'Permanence addictions à Souillac (démo)',
				description: 'Consultation avancée du CSAPA à Souillac, un jeudi sur deux, sur rendez-vous.',
				type: 'accompagnement',
				thematiques: ['sante--addictions'],
				fees: 'gratuit',
				publics: ['tous-publics'],
				receptionModes: ['en-presentiel'],
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['usagers', 'professionnels'],
				communeCode: '46309',
				address: 'Maison de santé, avenue de Toulouse',
				openingHours: 'Th 14:00-17:00'
			}
		]
	},
	{
		id: 'adil-lot',
		name: 'Information logement du Lot – ADIL (démo)',
		description:
			'Conseils juridiques, financiers et fiscaux gratuits sur le logement, pour les locataires et les propriétaires.',
		communeCode: '46042',
		postalCode: '46000',
		address: '112 rue Président-Wilson',
		phone: '05 65 00 01 40',
		email: 'adil@demo.maillage.fr',
		website: 'https://www.anil.org',
		openingHours: 'Mo-Fr 09:00-12:00,14:00-17:00',
		services: [
			{
				id: 'adil-conseil-juridique',
				name: 'Conseil juridique logement (démo)',
				description:
					'Bail, état des lieux, dépôt de garantie, charges, expulsion, logement indécent : un juriste répond à vos questions de locataire ou de propriétaire.',
				type: 'information',
				thematiques: [
					'logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement',
					'logement-hebergement--se-maintenir-dans-le-logement'
				],
				fees: 'gratuit',
				publics: ['tous-publics'],
				receptionModes: ['en-presentiel', 'a-distance'],
				mobilisationModes: ['telephoner', 'envoyer-un-courriel'],
				mobilisableBy: ['usagers', 'professionnels']
			},
			{
				id: 'adil-accession',
				name: 'Devenir propriétaire : plan de financement (démo)',
				description: 'Étude gratuite de votre projet d’achat : prêt à taux zéro, aides locales, budget.',
				type: 'information',
				thematiques: ['logement-hebergement--acheter-un-logement'],
				fees: 'gratuit',
				publics: ['actifs', 'familles'],
				receptionModes: ['en-presentiel', 'a-distance'],
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['usagers'],
				checkedMonthsAgo: 14
			}
		]
	},
	{
		id: 'point-conseil-budget',
		name: 'Point conseil budget du Lot (démo)',
		description: 'Conseils gratuits et confidentiels sur le budget et les dettes, labellisés par l’État.',
		communeCode: '46251',
		postalCode: '46400',
		address: '9 rue du Mazel',
		phone: '05 65 00 01 50',
		email: 'pcb46@demo.maillage.fr',
		openingHours: 'Mo,We,Fr 09:00-12:00,14:00-17:00',
		services: [
			{
				id: 'pcb-surendettement',
				name: 'Aide en cas de surendettement (démo)',
				description:
					'Faire le point sur vos crédits et vos dettes, négocier avec les banques, préparer un dossier de surendettement et être accompagné pendant la procédure.',
				type: 'accompagnement',
				thematiques: [
					'difficultes-financieres--situation-dendettement-surendettement',
					'difficultes-financieres--acquerir-une-autonomie-budgetaire'
				],
				fees: 'gratuit',
				publics: ['tous-publics'],
				receptionModes: ['en-presentiel', 'a-distance'],
				mobilisationModes: ['telephoner', 'envoyer-un-courriel'],
				mobilisableBy: ['usagers', 'professionnels']
			}
		]
	},
	{
		id: 'aci-vallee-du-lot',
		name: 'Chantier d’insertion Vallée du Lot (démo)',
		description:
			'Atelier et chantier d’insertion en maraîchage biologique et entretien des espaces naturels.',
		communeCode: '46225',
		postalCode: '46220',
		address: 'Lieu-dit La Plaine',
		phone: '05 65 00 01 60',
		email: 'aci-vallee-lot@demo.maillage.fr',
		openingHours: 'Mo-Fr 08:00-12:00,13:00-16:00',
		networks: ['Chantier école (démo)'],
		services: [
			{
				id: 'aci-contrat-insertion',
				name: 'Emploi en chantier d’insertion – maraîchage (démo)',
				description:
					'Contrat de 26 heures par semaine pour reprendre le rythme du travail, apprendre un métier et construire son projet avec une conseillère en insertion.',
				type: 'accompagnement',
				thematiques: [
					'trouver-un-emploi--repondre-a-des-offres-demploi',
					'remobilisation--bien-etre-confiance-en-soi'
				],
				fees: 'gratuit',
				publics: ['demandeurs-emploi', 'beneficiaires-des-minimas-sociaux'],
				accessConditions: 'Être éligible au parcours d’insertion par l’activité économique.',
				receptionModes: ['en-presentiel'],
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['professionnels']
			},
			{
				id: 'aci-paniers',
				name: 'Paniers de légumes solidaires (démo)',
				description:
					'Paniers de légumes bio du chantier à demi-tarif pour les familles aux revenus modestes.',
				type: 'aide-materielle',
				thematiques: ['equipement-et-alimentation--alimentation'],
				fees: 'payant',
				feesDetails: '6 € le panier.',
				publics: ['familles'],
				receptionModes: ['en-presentiel'],
				mobilisationModes: ['telephoner', 'se-presenter'],
				mobilisableBy: ['usagers'],
				openingHours: 'Fr 16:00-18:30'
			}
		]
	},
	{
		id: 'centre-social-souillac',
		name: 'Centre social et culturel de Souillac (démo)',
		description: 'Lieu d’accueil et d’activités pour tous les habitants du pays de Souillac.',
		communeCode: '46309',
		postalCode: '46200',
		address: '14 rue Jean-Jaurès',
		phone: '05 65 00 01 70',
		email: 'centre-social-souillac@demo.maillage.fr',
		openingHours: 'Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:00',
		services: [
			{
				id: 'cs-souillac-francais',
				name: 'Ateliers de français pour adultes (démo)',
				description:
					'Apprendre ou réapprendre à lire, écrire, parler français et compter, en petits groupes, avec des formateurs bénévoles.',
				type: 'atelier',
				thematiques: [
					'lecture-ecriture-calcul--maitriser-le-francais',
					'lecture-ecriture-calcul--maitriser-le-calcul'
				],
				fees: 'gratuit',
				publics: ['personnes-exilees'],
				receptionModes: ['en-presentiel'],
				mobilisationModes: ['se-presenter', 'telephoner'],
				mobilisableBy: ['usagers', 'professionnels'],
				languages: ['fr', 'en', 'ar', 'uk'],
				openingHours: 'Mo,Th 14:00-16:00'
			},
			{
				id: 'cs-souillac-parents',
				name: 'Lieu d’accueil enfants-parents (démo)',
				description:
					'Un espace de jeu et de parole pour les enfants de moins de 6 ans accompagnés d’un parent ou d’un grand-parent, anonyme et sans inscription.',
				type: 'atelier',
				thematiques: ['famille--soutien-a-la-parentalite-et-a-leducation', 'famille--garde-denfants'],
				fees: 'gratuit',
				publics: ['familles'],
				receptionModes: ['en-presentiel'],
				mobilisationModes: ['se-presenter'],
				mobilisableBy: ['usagers'],
				openingHours: 'We 09:30-11:30'
			},
			{
				id: 'cs-souillac-sorties',
				name: 'Sorties culturelles et sportives en famille (démo)',
				description:
					'Sorties au musée, au théâtre, randonnées et activités sportives à petit prix, pour tous les âges.',
				type: 'atelier',
				thematiques: ['remobilisation--activites-sportives-et-culturelles', 'remobilisation--lien-social'],
				fees: 'payant',
				feesDetails: 'Tarif selon le quotient familial, de 1 € à 8 €.',
				publics: ['familles', 'seniors'],
				receptionModes: ['en-presentiel'],
				mobilisationModes: ['se-presenter', 'telephoner'],
				mobilisableBy: ['usagers']
			}
		]
	},
	{
		id: 'greta-lot',
		name: 'Centre de formation pour adultes de Cahors (démo)',
		description: 'Formations qualifiantes et remises à niveau pour adultes.',
		communeCode: '46042',
		postalCode: '46000',
		address: '1 rue des Augustins',
		phone: '05 65 00 01 80',
		email: 'formation-adultes@demo.maillage.fr',
		openingHours: 'Mo-Fr 08:30-17:00',
		services: [
			{
				id: 'greta-formation-aide-domicile',
				name: 'Formation d’assistant de vie aux familles (démo)',
				description:
					'Titre professionnel en 6 mois pour travailler auprès des personnes âgées et des familles, avec stages en entreprise. Financement possible par France Travail ou la Région.',
				type: 'formation',
				thematiques: ['se-former--trouver-sa-formation', 'choisir-un-metier--confirmer-son-choix-de-metier'],
				fees: 'gratuit',
				feesDetails:
					'Gratuit pour les demandeurs d’emploi ; payant pour les salariés (compte personnel de formation).',
				publics: ['demandeurs-emploi', 'actifs'],
				receptionModes: ['en-presentiel'],
				mobilisationModes: ['telephoner', 'utiliser-lien-mobilisation'],
				mobilisableBy: ['usagers', 'professionnels']
			},
			{
				id: 'greta-entretien-embauche',
				name: 'Atelier « Réussir son entretien d’embauche » (démo)',
				description:
					'Simulations d’entretien filmées, conseils de présentation et préparation des questions difficiles.',
				type: 'atelier',
				thematiques: [
					'trouver-un-emploi--convaincre-un-recruteur-en-entretien',
					'preparer-sa-candidature--valoriser-ses-competences'
				],
				fees: 'gratuit',
				publics: ['demandeurs-emploi'],
				receptionModes: ['en-presentiel', 'a-distance'],
				mobilisationModes: ['envoyer-un-courriel'],
				mobilisableBy: ['usagers', 'professionnels'],
				checkedMonthsAgo: 7
			}
		]
	},
	{
		id: 'transport-a-la-demande-causse',
		name: 'Transport solidaire du Haut-Quercy (démo)',
		description: 'Des chauffeurs bénévoles conduisent les personnes sans voiture à leurs rendez-vous.',
		communeCode: '46185',
		postalCode: '46600',
		address: 'Mairie, place des Consuls',
		phone: '05 65 00 01 90',
		email: 'transport-solidaire@demo.maillage.fr',
		openingHours: 'Mo-Fr 09:00-12:00',
		services: [
			{
				id: 'transport-solidaire-rdv',
				name: 'Transport solidaire vers les rendez-vous médicaux (démo)',
				description:
					'Un chauffeur bénévole vient vous chercher chez vous et vous accompagne à un rendez-vous médical, administratif ou aux courses.',
				type: 'aide-materielle',
				thematiques: ['mobilite--mobilite-douce-partagee-collective', 'sante--acces-aux-soins'],
				fees: 'payant',
				feesDetails: '0,40 € par kilomètre, versés au chauffeur.',
				publics: ['seniors', 'personnes-en-situation-de-handicap'],
				receptionModes: ['en-presentiel'],
				outreach: true,
				eligibilityZone: ['46185', '46330', '46309', '46128'],
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['usagers'],
				mobilisationDetails: 'Réserver 48 heures à l’avance.'
			},
			{
				id: 'transport-conseil-mobilite',
				name: 'Conseil en mobilité (démo)',
				description:
					'Un conseiller cherche avec vous la solution pour vous déplacer : covoiturage, transport à la demande, location de véhicule, aides au permis.',
				type: 'accompagnement',
				thematiques: ['mobilite--etre-accompagne-dans-son-parcours-mobilite'],
				fees: 'gratuit',
				publics: ['demandeurs-emploi', 'jeunes', 'actifs'],
				receptionModes: ['en-presentiel', 'a-distance'],
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['usagers', 'professionnels']
			}
		]
	}
];
