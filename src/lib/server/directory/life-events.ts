import type { Public, Thematique } from './codes';

/**
 * The offer read by a person's pathway, not by institution (seed 002, "logique de parcours de vie").
 * Titles and texts are in the catalogues (portal.lifeEvents.<slug>); here: what each event maps to.
 */
export interface LifeEvent {
	slug: string;
	thematiques: Thematique[];
	/** publics that make a service especially relevant (ranking hint, not a filter) */
	publics: Public[];
	/** shows the safety note and puts the quick exit forward */
	sensitive?: boolean;
}

export const LIFE_EVENTS: LifeEvent[] = [
	{
		slug: 'je-perds-mon-logement',
		thematiques: [
			'logement-hebergement--rechercher-une-solution-dhebergement-temporaire',
			'logement-hebergement--se-maintenir-dans-le-logement',
			'logement-hebergement--reduire-les-impayes-de-loyer',
			'logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement'
		],
		publics: ['personnes-en-situation-durgence']
	},
	{
		slug: 'je-subis-des-violences-dans-mon-couple',
		thematiques: [
			'famille--surmonter-conflits-separation-violence',
			'difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire',
			'logement-hebergement--rechercher-une-solution-dhebergement-temporaire'
		],
		publics: ['femmes', 'personnes-en-situation-durgence'],
		sensitive: true
	},
	{
		slug: 'je-sors-de-l-ase-a-18-ans',
		thematiques: [
			'logement-hebergement--louer-un-logement',
			'difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits',
			'se-former--trouver-sa-formation',
			'difficultes-financieres--acquerir-une-autonomie-budgetaire'
		],
		publics: ['jeunes']
	},
	{
		slug: 'je-m-occupe-d-un-proche-age',
		thematiques: [
			'famille--soutien-aidants',
			'famille--prise-en-charge-personne-dependante',
			'equipement-et-alimentation--aide-menagere'
		],
		publics: ['seniors']
	},
	{
		slug: 'je-n-ai-plus-de-revenus',
		thematiques: [
			'difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits',
			'difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere',
			'equipement-et-alimentation--alimentation',
			'trouver-un-emploi--repondre-a-des-offres-demploi'
		],
		publics: ['beneficiaires-des-minimas-sociaux', 'demandeurs-emploi']
	},
	{
		slug: 'j-ai-des-dettes',
		thematiques: [
			'difficultes-financieres--situation-dendettement-surendettement',
			'difficultes-financieres--ameliorer-sa-gestion-budgetaire',
			'logement-hebergement--reduire-les-impayes-de-loyer'
		],
		publics: []
	},
	{
		slug: 'je-cherche-un-emploi',
		thematiques: [
			'trouver-un-emploi--repondre-a-des-offres-demploi',
			'preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation',
			'choisir-un-metier--identifier-ses-points-forts-et-ses-competences',
			'mobilite--financer-ma-mobilite'
		],
		publics: ['demandeurs-emploi']
	},
	{
		slug: 'j-attends-un-enfant-ou-je-deviens-parent',
		thematiques: [
			'famille--soutien-a-la-parentalite-et-a-leducation',
			'famille--garde-denfants',
			'sante--acces-aux-soins'
		],
		publics: ['familles']
	},
	{
		slug: 'je-me-separe',
		thematiques: [
			'famille--surmonter-conflits-separation-violence',
			'logement-hebergement--changer-de-logement',
			'difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits'
		],
		publics: ['familles']
	},
	{
		slug: 'je-suis-malade-ou-en-situation-de-handicap',
		thematiques: [
			'sante--acces-aux-soins',
			'sante--constituer-un-dossier-mdph-invalidite',
			'sante--sante-mentale'
		],
		publics: ['personnes-en-situation-de-handicap']
	},
	{
		slug: 'je-n-arrive-pas-a-faire-mes-demarches-en-ligne',
		thematiques: [
			'numerique--acceder-a-des-services-en-ligne',
			'numerique--maitriser-les-fondamentaux-du-numerique',
			'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives'
		],
		publics: []
	},
	{
		slug: 'je-n-ai-pas-de-quoi-manger',
		thematiques: ['equipement-et-alimentation--alimentation', 'equipement-et-alimentation--habillement'],
		publics: ['personnes-en-situation-durgence']
	},
	{
		slug: 'je-n-ai-pas-de-moyen-de-transport',
		thematiques: [
			'mobilite--acceder-a-un-vehicule',
			'mobilite--mobilite-douce-partagee-collective',
			'mobilite--preparer-un-permis'
		],
		publics: []
	},
	{
		slug: 'je-me-sens-seul-ou-isole',
		thematiques: [
			'remobilisation--lien-social',
			'remobilisation--bien-etre-confiance-en-soi',
			'sante--sante-mentale'
		],
		publics: ['seniors']
	}
];

export const lifeEvent = (slug: string) => LIFE_EVENTS.find((e) => e.slug === slug);
