import { emptyContent, type CharterContent, type InfoCategory, type SharingSubject } from './content';

/** Three starting points for a charter, in the words of seed 004 P7 and seed 002 (convention d’objectifs et de moyens). */
export const TEMPLATE_KEYS = ['violences-intrafamiliales', 'insertion', 'prevention-jeunesse'] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

/** French typography for the template texts: narrow no-break spaces before ; : ! ? and inside « ». */
const fr = (s: string) =>
	s
		.replace(/ ([;:!?])/g, '\u202f$1')
		.replace(/« /g, '«\u202f')
		.replace(/ »/g, '\u202f»');
const p = (...lines: string[]) => lines.map((l) => `<p>${fr(l)}</p>`).join('');
const ul = (...items: string[]) => `<ul>${items.map((i) => `<li>${fr(i)}</li>`).join('')}</ul>`;

const ALL: SharingSubject[] = ['pilote', 'co-pilote', 'facilitateur', 'contributeur'];
const STEERING: SharingSubject[] = ['pilote', 'co-pilote', 'facilitateur'];

interface Template {
	label: string;
	title: string;
	sections: CharterContent['sections'];
	sharing: Partial<Record<InfoCategory, SharingSubject[]>>;
	ceilingPerRequest: string;
	ceilingPerYear: string;
}

const common = {
	gouvernance:
		p(
			'La coopération se dote de trois instances articulées entre elles : un comité de pilotage (direction des institutions, qui engagent leur structure), un comité technique (encadrement intermédiaire, qui engage son équipe) et, si besoin, une cellule de partage de situations (professionnels de terrain).'
		) +
		ul(
			'Le comité de pilotage se réunit au moins deux fois par an ; il valide les orientations et arbitre.',
			'Le comité technique se réunit tous les deux mois ; il prépare les décisions et suit les actions.',
			'Chaque décision est inscrite au registre des décisions avec sa date de réexamen.'
		),
	suiviEvaluation: p(
		'Les partenaires suivent ensemble un petit nombre d’indicateurs, définis dès la signature : nombre de personnes accompagnées, délais d’orientation, orientations abouties, actions réalisées au regard des engagements.',
		'Une évaluation partagée est conduite chaque année avec les professionnels et, autant que possible, avec les personnes concernées.'
	),
	observatoire: p(
		'Un observatoire partagé rassemble les données anonymisées des partenaires et les données publiques (INSEE, CAF, Département) pour éclairer les décisions du comité de pilotage.'
	),
	communication: p(
		'Toute communication extérieure au nom de la coopération est validée par le pilote et le facilitateur ; elle cite l’ensemble des partenaires. Les documents produits sont publiés sous licence ouverte lorsque c’est possible.'
	),
	roles:
		p('Le rôle de chaque partie :') +
		ul(
			'Le pilote porte la coopération, préside le comité de pilotage et signe au nom du réseau.',
			'Le co-pilote l’appuie et le remplace en cas d’empêchement.',
			'Le facilitateur anime les instances, tient le registre et veille à ce que chacun soit entendu ; la présidence des réunions tourne entre les parties (« leadership glissant »).',
			'Chaque contributeur désigne une personne habilitée à l’engager et un suppléant.'
		),
	delegation: p(
		'Pour mettre en œuvre ses orientations, le comité de pilotage délègue au comité technique les décisions d’organisation courante dans la limite des moyens inscrits à la présente charte. Les engagements financiers nouveaux restent du ressort du comité de pilotage.'
	)
};

const TEMPLATES: Record<TemplateKey, Template> = {
	'violences-intrafamiliales': {
		label: 'Violences intrafamiliales',
		title: 'Charte du réseau violences intrafamiliales',
		sections: {
			objectifs:
				p('Le réseau s’engage à :') +
				ul(
					'repérer plus tôt les situations de violences au sein du couple et de la famille ;',
					'mettre à l’abri les victimes et leurs enfants sans rupture de prise en charge ;',
					'coordonner l’accompagnement social, judiciaire, médical et éducatif autour de chaque victime ;',
					'former ensemble les professionnels à l’accueil des victimes.'
				),
			acteurs: p(
				'Le Département (aide sociale à l’enfance, PMI, service social), les services de l’État (DDETS, délégation aux droits des femmes), la gendarmerie et la police, la CAF, la CPAM, les CCAS, les associations spécialisées d’aide aux victimes et d’hébergement, le parquet lorsqu’il le souhaite.'
			),
			publics: p(
				'Les victimes de violences conjugales et intrafamiliales, majeures, et les enfants exposés, sur l’ensemble du territoire de la coopération, quels que soient leur lieu de vie et leur situation administrative.'
			),
			gouvernance: common.gouvernance,
			partageInformation:
				p(
					'Le partage d’informations est limité à ce qui est strictement nécessaire à la protection de la victime et de ses enfants, avec son accord sauf danger imminent. Les informations relatives à la santé et à la justice ne circulent qu’entre les professionnels qui en ont besoin.'
				) + p('Tout partage est tracé ; la personne peut savoir qui a eu connaissance de quoi.'),
			suiviEvaluation: common.suiviEvaluation,
			observatoire: common.observatoire,
			communication: common.communication,
			roles: common.roles,
			delegation: common.delegation
		},
		sharing: {
			identity: ALL,
			contact: ALL,
			situation: ALL,
			needs: ALL,
			violence: STEERING,
			children: STEERING,
			justice: ['pilote'],
			health: [],
			finances: ['pilote', 'co-pilote']
		},
		ceilingPerRequest: '500.00',
		ceilingPerYear: '15000.00'
	},
	insertion: {
		label: 'Insertion',
		title: 'Convention de la coopération pour l’insertion',
		sections: {
			objectifs:
				p('La coopération se fixe pour objectifs :') +
				ul(
					'qu’aucune personne allocataire du RSA ne reste sans référent de parcours plus d’un mois ;',
					'éviter les ruptures de parcours entre l’accompagnement social et l’accompagnement vers l’emploi ;',
					'lever ensemble les freins périphériques (mobilité, garde d’enfants, logement, santé) ;',
					'aller vers les personnes qui ne sollicitent plus aucun service.'
				),
			acteurs: p(
				'Le Département, France Travail, la CAF, la MSA, le PLIE, les structures de l’insertion par l’activité économique (SIAE), les CCAS et CIAS, la mission locale, les associations d’accompagnement.'
			),
			publics: p(
				'Les personnes allocataires du RSA, les demandeurs d’emploi de longue durée et les jeunes de moins de 26 ans sans solution, domiciliés sur le territoire.'
			),
			gouvernance: common.gouvernance,
			partageInformation: p(
				'Les partenaires partagent l’identité, les coordonnées, la situation et les besoins de la personne, avec son accord écrit et pour la seule durée de l’accompagnement. Les informations de santé ne sont pas partagées.'
			),
			suiviEvaluation: common.suiviEvaluation,
			observatoire: common.observatoire,
			communication: common.communication,
			roles: common.roles,
			delegation: common.delegation
		},
		sharing: {
			identity: ALL,
			contact: ALL,
			situation: ALL,
			needs: ALL,
			finances: STEERING,
			children: [],
			health: [],
			justice: [],
			violence: []
		},
		ceilingPerRequest: '300.00',
		ceilingPerYear: '10000.00'
	},
	'prevention-jeunesse': {
		label: 'Prévention jeunesse',
		title: 'Charte de la coopération prévention jeunesse',
		sections: {
			objectifs:
				p('Les partenaires s’engagent à :') +
				ul(
					'prévenir le décrochage scolaire et les ruptures familiales ;',
					'repérer les jeunes en risque de sortie sèche de l’aide sociale à l’enfance ;',
					'proposer à chaque jeune un adulte de référence et une réponse dans la semaine ;',
					'développer des actions collectives d’aller-vers dans les quartiers prioritaires (QPV) et en milieu rural.'
				),
			acteurs: p(
				'Le Département (ASE, prévention spécialisée, PMI), les communes et leurs CCAS, l’Éducation nationale, la mission locale, la protection judiciaire de la jeunesse, les centres sociaux, les associations de prévention et le CLSPD.'
			),
			publics: p(
				'Les jeunes de 11 à 25 ans et leurs familles, en priorité ceux qui ne fréquentent aucune structure.'
			),
			gouvernance: common.gouvernance,
			partageInformation: p(
				'Les échanges nominatifs se font en cellule de partage de situations, avec l’accord du jeune ou de ses représentants légaux, dans le respect du secret professionnel partagé.'
			),
			suiviEvaluation: common.suiviEvaluation,
			observatoire: common.observatoire,
			communication: common.communication,
			roles: common.roles,
			delegation: common.delegation
		},
		sharing: {
			identity: ALL,
			contact: ALL,
			situation: STEERING,
			needs: ALL,
			children: STEERING,
			justice: ['pilote'],
			health: [],
			finances: [],
			violence: ['pilote']
		},
		ceilingPerRequest: '200.00',
		ceilingPerYear: '5000.00'
	}
};

export const templateLabel = (key: TemplateKey) => TEMPLATES[key].label;

/** The content a new version starts from, with one commitment row and one fund approver per party. */
export function templateContent(key: TemplateKey, partyIds: string[]): CharterContent {
	const t = TEMPLATES[key];
	const content = emptyContent(fr(t.title));
	content.sections = { ...t.sections };
	content.sharing = { ...content.sharing, ...t.sharing };
	content.commitments = partyIds.map((organisationId) => ({
		organisationId,
		amount: '0.00',
		fte: '0.00',
		premises: '',
		data: ''
	}));
	content.fund = {
		approvers: partyIds.slice(0, 1).map((organisationId) => ({ organisationId, userId: null })),
		ceilingPerRequest: t.ceilingPerRequest,
		ceilingPerYear: t.ceilingPerYear,
		quorum: 1
	};
	return content;
}
