import { THEMATIQUES } from '../codes';
import { isReseauPorteur } from '../reseaux-porteurs';
import { date, list, num, text } from './coerce';

/**
 * Legacy data·inclusion v0 records (schema dropped in 1.0.7, still found in old exports), converted to v1
 * as the schema's CHANGELOG 1.0.1 says: presentation_* → description, profils → publics,
 * modes_orientation_* → modes_mobilisation + mobilisable_par, zone_diffusion_* → zone_eligibilite, etc.
 */
const LEGACY_MARKERS = [
	'presentation_resume',
	'presentation_detail',
	'profils',
	'types',
	'typologie',
	'labels_nationaux',
	'modes_orientation_accompagnateur',
	'modes_orientation_beneficiaire',
	'zone_diffusion_type',
	'prise_rdv',
	'frais_autres',
	'pre_requis',
	'justificatifs',
	'horaires_ouverture'
];

/** Every v0 column (schema v0 at 9f56aae^), so that they are not reported as unknown columns. */
export const LEGACY_COLUMNS = [
	...LEGACY_MARKERS,
	'rna',
	'antenne',
	'accessibilite',
	'labels_autres',
	'cumulable',
	'formulaire_en_ligne',
	'recurrence',
	'date_creation',
	'date_suspension',
	'contact_public',
	'modes_orientation_accompagnateur_autres',
	'modes_orientation_beneficiaire_autres',
	'zone_diffusion_code',
	'zone_diffusion_nom',
	'page_web',
	'profils_precisions'
];

export const isLegacyRecord = (record: Record<string, unknown>) => LEGACY_MARKERS.some((f) => f in record);

/** v0 profils → v1 publics (several v0 profiles have no v1 equivalent: they stay in publics_precisions). */
const PROFILS: Record<string, string> = {
	alternants: 'actifs',
	salaries: 'actifs',
	'beneficiaires-rsa': 'beneficiaires-des-minimas-sociaux',
	'demandeurs-demploi': 'demandeurs-emploi',
	etudiants: 'etudiants',
	'familles-enfants': 'familles',
	femmes: 'femmes',
	jeunes: 'jeunes',
	'jeunes-16-26': 'jeunes',
	'deficience-visuelle': 'personnes-en-situation-de-handicap',
	'handicaps-mentaux': 'personnes-en-situation-de-handicap',
	'handicaps-psychiques': 'personnes-en-situation-de-handicap',
	'personnes-en-situation-de-handicap': 'personnes-en-situation-de-handicap',
	'personnes-handicapees': 'personnes-en-situation-de-handicap',
	surdite: 'personnes-en-situation-de-handicap',
	'personnes-de-nationalite-etrangere': 'personnes-exilees',
	'personnes-en-situation-durgence': 'personnes-en-situation-durgence',
	'sans-domicile-fixe': 'personnes-en-situation-durgence',
	retraites: 'seniors',
	'seniors-65': 'seniors',
	'sortants-de-detention': 'personnes-en-situation-juridique-specifique',
	'tous-publics': 'tous-publics'
};

/** v0 types → v1 type (single value). */
const TYPES: Record<string, string> = {
	accompagnement: 'accompagnement',
	'aide-financiere': 'aide-financiere',
	financement: 'aide-financiere',
	'aide-materielle': 'aide-materielle',
	atelier: 'atelier',
	formation: 'formation',
	information: 'information',
	accueil: 'information'
};

const MODES: Record<string, string> = {
	'envoyer-un-mail': 'envoyer-un-courriel',
	'envoyer-un-mail-avec-une-fiche-de-prescription': 'envoyer-un-courriel',
	telephoner: 'telephoner',
	'se-presenter': 'se-presenter',
	'prendre-rdv': 'utiliser-lien-mobilisation',
	'completer-le-formulaire-dadhesion': 'utiliser-lien-mobilisation'
};

/** v0 thématique categories without a v1 namesake → the closest v1 leaf. */
const THEMATIQUE_CATEGORIES: Record<string, string> = {
	'acces-aux-droits-et-citoyennete':
		'difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits',
	'apprendre-francais': 'lecture-ecriture-calcul--maitriser-le-francais',
	illettrisme: 'lecture-ecriture-calcul--maitriser-le-francais',
	'gestion-financiere': 'difficultes-financieres--ameliorer-sa-gestion-budgetaire',
	'creation-activite': 'creer-une-entreprise--definir-son-projet-de-creation-dentreprise',
	handicap: 'sante--constituer-un-dossier-mdph-invalidite'
};

const KNOWN = new Set<string>(THEMATIQUES);

/** v0 thématiques → v1: same code when it still exists, else the closest leaf of the category; others dropped. */
export function legacyThematiques(codes: string[]): { kept: string[]; dropped: string[] } {
	const kept = new Set<string>();
	const dropped: string[] = [];
	for (const code of codes) {
		if (KNOWN.has(code)) kept.add(code);
		else if (THEMATIQUE_CATEGORIES[code.split('--')[0]!])
			kept.add(THEMATIQUE_CATEGORIES[code.split('--')[0]!]!);
		else dropped.push(code);
	}
	return { kept: [...kept], dropped };
}

const joined = (...parts: (string | undefined)[]) => {
	const present = [...new Set(parts.filter((p): p is string => !!p))];
	return present.length ? present.join('\n\n') : undefined;
};

const common = (r: Record<string, unknown>) => ({
	sourceUrl: text(r.lien_source),
	address: text(r.adresse),
	addressComplement: text(r.complement_adresse),
	postalCode: text(r.code_postal),
	communeCode: text(r.code_insee),
	latitude: num(r.latitude),
	longitude: num(r.longitude),
	phone: text(r.telephone),
	email: text(r.courriel),
	sourceUpdatedOn: date(r.date_maj),
	description: joined(text(r.presentation_resume), text(r.presentation_detail)) ?? text(r.description)
});

/**
 * v0 `typologie` → v1 `reseaux_porteurs` (CHANGELOG 1.0.1: typologie + labels_nationaux → reseaux_porteurs). Only
 * typologies that name a network of the v1 list have one; the others (`Autre`, `ASSO`, `ETABL_PRI`…) describe a
 * kind of structure that v1 no longer records: nothing is written and the import says so (a warning).
 */
const TYPOLOGIES: Record<string, string> = {
	ACI: 'aci',
	ACIPHC: 'aci',
	AFPA: 'afpa',
	AI: 'ai',
	ASE: 'ase',
	AVIP: 'creches-avip',
	CAARUD: 'caarud',
	CADA: 'cada',
	CAF: 'caf',
	CAP_EMPLOI: 'cap-emploi-reseau-cheops',
	CAVA: 'cava',
	CC: 'communes',
	CCAS: 'ccas-cias',
	CCONS: 'chambres-consulaires',
	CD: 'departements',
	CDAS: 'departements',
	CHRS: 'chrs',
	CHU: 'chu',
	CIAS: 'ccas-cias',
	CIDFF: 'cidff',
	CMP: 'cmp',
	CMS: 'cms',
	CPAM: 'cpam',
	CPH: 'cph',
	CS: 'fcsf',
	CSAPA: 'csapa',
	CSC: 'fcsf',
	DEPT: 'departements',
	E2C: 'ecoles-de-la-deuxieme-chance',
	EA: 'ea',
	EATT: 'eatt',
	EI: 'ei',
	EITI: 'eiti',
	EPCI: 'communes',
	EPIDE: 'epide',
	EPN: 'espaces-publics-numeriques',
	ETTI: 'etti',
	FT: 'france-travail',
	GEIQ: 'geiq',
	HUDA: 'huda',
	LA_POSTE: 'la-poste',
	MDA: 'maison-departementale-de-lautonomie',
	MDE: 'maisons-de-l-emploi',
	MDEF: 'maisons-de-l-emploi',
	MDPH: 'mdph',
	MDS: 'maisons-des-solidarites',
	MJC: 'mjc',
	ML: 'mission-locale',
	MSA: 'mutualite-sociale-agricole',
	MSAP: 'msap',
	MUNI: 'communes',
	ODC: 'delegataire-conseil-departemental',
	PAD: 'points-justice',
	PIJ_BIJ: 'reseau-information-jeunesse',
	PIMMS: 'pimms-mediation',
	PJJ: 'pjj',
	PLIE: 'plie',
	REG: 'regions',
	RESSOURCERIE: 'ressourceries',
	RFS: 'france-service',
	RS_FJT: 'residences-fjt',
	SPIP: 'spip',
	UDAF: 'unaf'
};

/** v0 `labels_nationaux` renamed in v1 (the others kept their code, or have no v1 equivalent). */
const LABELS: Record<string, string> = {
	bge: 'reseau-bge',
	'conseiller-numerique': 'conseillers-numeriques',
	'fede-pro-fem': 'federation-professionnelle-femmes',
	'la-ressourcerie': 'ressourceries',
	'maisons-de-lemploi': 'maisons-de-l-emploi',
	'point-conseil-budget': 'points-conseil-budget',
	'point-justice': 'points-justice',
	sinca: 'singa',
	'tous-tes-possible': 'tous-tes-possibles'
};

/** v0 typologie and labels_nationaux → v1 reseaux_porteurs codes, and the v0 values that have none. */
export function legacyNetworks(
	typologies: string[],
	labels: string[]
): { kept: string[]; dropped: string[] } {
	const kept = new Set<string>();
	const dropped: string[] = [];
	for (const t of typologies) {
		const code = TYPOLOGIES[t.toUpperCase()];
		if (code) kept.add(code);
		else dropped.push(t);
	}
	for (const label of labels) {
		const code = LABELS[label] ?? label;
		if (isReseauPorteur(code)) kept.add(code);
		else dropped.push(label);
	}
	return { kept: [...kept], dropped };
}

export function legacyStructure(r: Record<string, unknown>): Record<string, unknown> {
	const networks = legacyNetworks(list(r.typologie) ?? [], list(r.labels_nationaux) ?? []);
	return {
		...common(r),
		name: text(r.nom),
		siret: text(r.siret),
		website: text(r.site_web),
		openingHours: text(r.horaires_ouverture),
		accessibilityUrl: text(r.accessibilite),
		networks: networks.kept,
		communeName: text(r.commune),
		// not a field of the model: read by the validator to warn about what was lost
		_legacyNetworksDropped: networks.dropped
	};
}

/** v0 service → v1 fields, plus the v0 codes that could not be converted (reported as warnings). */
export function legacyService(r: Record<string, unknown>): Record<string, unknown> {
	const profils = list(r.profils) ?? [];
	const mapped = [...new Set(profils.map((p) => PROFILS[p]).filter((p): p is string => !!p))];
	const publics = mapped.includes('tous-publics') ? ['tous-publics'] : mapped;
	const unmapped = profils.filter((p) => !PROFILS[p]);
	const frais = list(r.frais) ?? [];
	const fees = frais.some((f) => f === 'payant' || f === 'adhesion')
		? 'payant'
		: frais.length
			? 'gratuit'
			: undefined;
	const pro = list(r.modes_orientation_accompagnateur) ?? [];
	const user = list(r.modes_orientation_beneficiaire) ?? [];
	const link = text(r.prise_rdv) ?? text(r.formulaire_en_ligne) ?? text(r.page_web);
	const modes = [...new Set([...pro, ...user].map((m) => MODES[m]).filter((m): m is string => !!m))].filter(
		(m) => m !== 'utiliser-lien-mobilisation' || link
	);
	const { kept, dropped } = legacyThematiques(list(r.thematiques) ?? []);
	const zoneType = text(r.zone_diffusion_type);
	const zoneCode = text(r.zone_diffusion_code);
	const zone =
		zoneType === 'pays' ? ['france'] : zoneCode && zoneType && zoneType !== 'region' ? [zoneCode] : [];
	const type = (list(r.types) ?? []).map((t) => TYPES[t]).find((t) => t);
	return {
		...common(r),
		name: text(r.nom),
		type,
		thematiques: kept,
		fees,
		feesDetails: text(r.frais_autres),
		publics,
		publicsDetails: joined(text(r.profils_precisions), unmapped.length ? unmapped.join(', ') : undefined),
		accessConditions: joined((list(r.pre_requis) ?? []).join(', '), (list(r.justificatifs) ?? []).join(', ')),
		receptionModes: list(r.modes_accueil) ?? [],
		eligibilityZone: zone,
		mobilisationModes: modes,
		mobilisableBy: [...(pro.length ? ['professionnels'] : []), ...(user.length ? ['usagers'] : [])],
		mobilisationDetails: joined(
			text(r.modes_orientation_accompagnateur_autres),
			text(r.modes_orientation_beneficiaire_autres)
		),
		mobilisationUrl: link,
		contactName: text(r.contact_nom_prenom),
		communeName: text(r.commune),
		weeklyHours: num(r.volume_horaire_hebdomadaire),
		durationWeeks: num(r.nombre_semaines),
		openingHours: text(r.recurrence),
		// not fields of the model: read by the validator to warn about what was lost
		_legacyDropped: dropped,
		_legacyRegion: zoneType === 'region' ? zoneCode : undefined
	};
}
