/**
 * Directory search at national scale: 200,000 generated services over the communes of France (20,000 with
 * --quick), imported through the directory importer, then searchServices() on PostgreSQL and PGlite at 1 and
 * 32 concurrent clients for three kinds of query, against the same documents in Orama (in-memory index).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { create, insertMultiple, search as oramaSearch, type AnyOrama } from '@orama/orama';
import { openDatabase, rows, type Database, type Db } from '../../src/lib/server/db/client';
import { migrate } from '../../src/lib/server/db/migrate';
import { importTerritories } from '../../src/lib/server/territories/import';
import { loadEtalabSource } from '../../src/lib/server/territories/source';
import { readCentroids } from '../../src/lib/server/territories/centroids';
import { ANONYMOUS } from '../../src/lib/server/policy/actor';
import {
	CATEGORIES,
	PUBLICS,
	categoryOf,
	type Frais,
	type ModeAccueil,
	type Public,
	type ServiceType,
	type Thematique
} from '../../src/lib/server/directory/codes';
import { expandThematiques, normalizeQuery } from '../../src/lib/server/directory/search-query';
import type { ServiceSearchQuery } from '../../src/lib/server/directory/search-query';
import {
	services as servicesTable,
	structures as structuresTable
} from '../../src/lib/server/directory/schema';
import { refreshSearchWords } from '../../src/lib/server/directory/search-words';
import { enableSearchIndex } from '../../src/lib/server/directory/search-index/handle';
import { createThrowAwayDatabase } from '../lib/postgres';
import { onCleanup } from '../lib/cleanup';
import { ratio, round, summarize, type LatencySummary } from '../lib/stats';
import type { Cell, SuiteOptions, SuiteResult, Table } from '../lib/types';
import { seededRandom } from '../../src/lib/server/testing/random';

export const name = 'directory-search';
export const description =
	'searchServices() over 200,000 generated services of France (PostgreSQL, PGlite; 1 and 32 clients) vs Orama; import time';

const SEED = 46042;
const PAGE_SIZE = 20;
const RADIUS_KM = 30;
const CONCURRENCY = [1, 32] as const;
const TARGET_P95_MS = 30;
const TARGET_IMPORT_S = 60;
const SYSTEM = { ...ANONYMOUS, user: { id: '', email: '', displayName: 'bench', isInstanceAdmin: true } };

type Kind = 'text' | 'text + radius' | 'facets only';
const KINDS: Kind[] = ['text', 'text + radius', 'facets only'];

// ---------------------------------------------------------------- deterministic data

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;

interface Template {
	name: string;
	sentences: string[];
	thematiques: Thematique[];
	publics: Public[];
	type: ServiceType;
	fees: Frais;
}

/** A French vocabulary of the social offer: names and sentences a real directory holds. */
const TEMPLATES: Template[] = [
	{
		name: 'Hébergement d’urgence',
		sentences: [
			'Mise à l’abri immédiate des personnes sans solution de logement, en lien avec le 115.',
			'Chambres en résidence sociale et nuitées d’hôtel pour les personnes seules ou les familles.'
		],
		thematiques: ['logement-hebergement--rechercher-une-solution-dhebergement-temporaire'],
		publics: ['personnes-en-situation-durgence'],
		type: 'aide-materielle',
		fees: 'gratuit'
	},
	{
		name: 'Accueil de nuit et halte de jour',
		sentences: [
			'Un lieu pour se reposer, prendre une douche, laver son linge et rencontrer un travailleur social.'
		],
		thematiques: ['logement-hebergement--rechercher-une-solution-dhebergement-temporaire'],
		publics: ['personnes-en-situation-durgence'],
		type: 'aide-materielle',
		fees: 'gratuit'
	},
	{
		name: 'Aide alimentaire',
		sentences: [
			'Distribution de colis alimentaires et de produits d’hygiène aux familles en difficulté.',
			'Aide alimentaire d’urgence remise le jour même sur orientation d’un travailleur social.'
		],
		thematiques: ['equipement-et-alimentation--alimentation'],
		publics: ['familles', 'beneficiaires-des-minimas-sociaux'],
		type: 'aide-materielle',
		fees: 'gratuit'
	},
	{
		name: 'Épicerie sociale et solidaire',
		sentences: [
			'Produits alimentaires à petit prix, de 10 à 30 % du prix en magasin, avec un projet d’accompagnement.'
		],
		thematiques: ['equipement-et-alimentation--alimentation'],
		publics: ['familles', 'etudiants', 'seniors'],
		type: 'aide-materielle',
		fees: 'payant'
	},
	{
		name: 'Vestiaire solidaire',
		sentences: ['Vêtements et chaussures pour toute la famille à prix symbolique.'],
		thematiques: ['equipement-et-alimentation--habillement'],
		publics: ['tous-publics'],
		type: 'aide-materielle',
		fees: 'payant'
	},
	{
		name: 'Accompagnement budgétaire',
		sentences: [
			'Une conseillère vous aide à faire vos comptes, négocier des délais avec vos créanciers et prévenir le surendettement.'
		],
		thematiques: [
			'difficultes-financieres--ameliorer-sa-gestion-budgetaire',
			'difficultes-financieres--situation-dendettement-surendettement'
		],
		publics: ['tous-publics'],
		type: 'accompagnement',
		fees: 'gratuit'
	},
	{
		name: 'Domiciliation administrative',
		sentences: [
			'Une adresse pour recevoir votre courrier et faire valoir vos droits quand vous n’avez pas de domicile stable.'
		],
		thematiques: ['difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives'],
		publics: ['personnes-en-situation-durgence', 'personnes-exilees'],
		type: 'accompagnement',
		fees: 'gratuit'
	},
	{
		name: 'Accès aux droits',
		sentences: [
			'Vérifier tous les droits auxquels vous pouvez prétendre : aides au logement, prime d’activité, RSA, complémentaire santé.'
		],
		thematiques: ['difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits'],
		publics: ['tous-publics'],
		type: 'information',
		fees: 'gratuit'
	},
	{
		name: 'Aide aux démarches en ligne',
		sentences: [
			'Un agent vous aide à faire vos démarches sur internet : impôts, carte grise, retraite, allocations.'
		],
		thematiques: [
			'numerique--acceder-a-des-services-en-ligne',
			'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives'
		],
		publics: ['tous-publics'],
		type: 'accompagnement',
		fees: 'gratuit'
	},
	{
		name: 'Atelier numérique',
		sentences: [
			'Apprendre à utiliser un ordinateur, une tablette, un smartphone et à se protéger des arnaques.'
		],
		thematiques: ['numerique--maitriser-les-fondamentaux-du-numerique'],
		publics: ['seniors'],
		type: 'atelier',
		fees: 'gratuit'
	},
	{
		name: 'Accueil de jour violences conjugales',
		sentences: [
			'Un lieu sûr pour les femmes victimes de violences et leurs enfants : écoute, mise en sécurité, accompagnement.'
		],
		thematiques: ['famille--surmonter-conflits-separation-violence'],
		publics: ['femmes', 'familles'],
		type: 'accompagnement',
		fees: 'gratuit'
	},
	{
		name: 'Permanence juridique d’aide aux victimes',
		sentences: [
			'Une juriste informe sur le dépôt de plainte, l’ordonnance de protection, le divorce et la garde des enfants.'
		],
		thematiques: [
			'difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire',
			'famille--surmonter-conflits-separation-violence'
		],
		publics: ['femmes'],
		type: 'information',
		fees: 'gratuit'
	},
	{
		name: 'Médiation familiale',
		sentences: [
			'Séparation, divorce, conflit entre parents et adolescents : un médiateur aide à renouer le dialogue.'
		],
		thematiques: [
			'famille--surmonter-conflits-separation-violence',
			'famille--soutien-a-la-parentalite-et-a-leducation'
		],
		publics: ['familles'],
		type: 'accompagnement',
		fees: 'payant'
	},
	{
		name: 'Lieu d’accueil enfants-parents',
		sentences: ['Un espace de jeu et de parole pour les enfants de moins de 6 ans et leurs parents.'],
		thematiques: ['famille--soutien-a-la-parentalite-et-a-leducation', 'famille--garde-denfants'],
		publics: ['familles'],
		type: 'atelier',
		fees: 'gratuit'
	},
	{
		name: 'Soutien aux proches aidants',
		sentences: ['Information sur le droit au répit, accueil temporaire et groupes d’échange entre aidants.'],
		thematiques: ['famille--soutien-aidants', 'famille--prise-en-charge-personne-dependante'],
		publics: ['seniors', 'actifs'],
		type: 'information',
		fees: 'gratuit'
	},
	{
		name: 'Consultations de santé mentale',
		sentences: [
			'Entretiens avec un psychologue ou un infirmier : anxiété, dépression, souffrance psychique.'
		],
		thematiques: ['sante--sante-mentale'],
		publics: ['tous-publics'],
		type: 'accompagnement',
		fees: 'gratuit'
	},
	{
		name: 'Consultations addictions',
		sentences: [
			'Alcool, tabac, cannabis, jeux : accueil anonyme et gratuit de la personne ou de son entourage.'
		],
		thematiques: ['sante--addictions'],
		publics: ['tous-publics'],
		type: 'accompagnement',
		fees: 'gratuit'
	},
	{
		name: 'Accès aux soins et complémentaire santé',
		sentences: [
			'Aide à la demande de complémentaire santé solidaire et accompagnement vers un médecin traitant.'
		],
		thematiques: ['sante--acces-aux-soins'],
		publics: ['beneficiaires-des-minimas-sociaux'],
		type: 'accompagnement',
		fees: 'gratuit'
	},
	{
		name: 'Garage solidaire',
		sentences: ['Réparation et entretien de votre voiture à prix coûtant pour garder votre emploi.'],
		thematiques: ['mobilite--entretenir-reparer-son-vehicule'],
		publics: ['demandeurs-emploi', 'beneficiaires-des-minimas-sociaux'],
		type: 'aide-materielle',
		fees: 'payant'
	},
	{
		name: 'Aide au permis de conduire',
		sentences: ['Financement du code et de la conduite avec une auto-école sociale.'],
		thematiques: ['mobilite--preparer-un-permis', 'mobilite--financer-ma-mobilite'],
		publics: ['jeunes', 'demandeurs-emploi'],
		type: 'aide-financiere',
		fees: 'gratuit'
	},
	{
		name: 'Transport solidaire',
		sentences: ['Des chauffeurs bénévoles conduisent les personnes sans voiture à leurs rendez-vous.'],
		thematiques: ['mobilite--mobilite-douce-partagee-collective'],
		publics: ['seniors', 'personnes-en-situation-de-handicap'],
		type: 'aide-materielle',
		fees: 'payant'
	},
	{
		name: 'Accompagnement vers l’emploi',
		sentences: ['Un conseiller vous aide à chercher un emploi, préparer vos candidatures et vos entretiens.'],
		thematiques: [
			'trouver-un-emploi--repondre-a-des-offres-demploi',
			'preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation'
		],
		publics: ['demandeurs-emploi', 'jeunes'],
		type: 'accompagnement',
		fees: 'gratuit'
	},
	{
		name: 'Chantier d’insertion',
		sentences: [
			'Un contrat de travail pour reprendre le rythme, apprendre un métier et construire son projet.'
		],
		thematiques: [
			'trouver-un-emploi--repondre-a-des-offres-demploi',
			'remobilisation--bien-etre-confiance-en-soi'
		],
		publics: ['beneficiaires-des-minimas-sociaux', 'demandeurs-emploi'],
		type: 'accompagnement',
		fees: 'gratuit'
	},
	{
		name: 'Cours de français pour adultes',
		sentences: ['Apprendre ou réapprendre à lire, écrire, parler français et compter, en petits groupes.'],
		thematiques: ['lecture-ecriture-calcul--maitriser-le-francais'],
		publics: ['personnes-exilees'],
		type: 'atelier',
		fees: 'gratuit'
	},
	{
		name: 'Trouver sa formation',
		sentences: ['Faire le point sur ses envies et trouver une formation financée avec un conseiller.'],
		thematiques: ['se-former--trouver-sa-formation'],
		publics: ['jeunes', 'demandeurs-emploi'],
		type: 'accompagnement',
		fees: 'gratuit'
	},
	{
		name: 'Logement des jeunes',
		sentences: [
			'Trouver une chambre ou un studio près de son stage ou de son emploi, avec les aides à l’installation.'
		],
		thematiques: ['logement-hebergement--louer-un-logement'],
		publics: ['jeunes', 'etudiants'],
		type: 'information',
		fees: 'gratuit'
	},
	{
		name: 'Prévention des impayés de loyer',
		sentences: [
			'Un plan d’apurement avec votre bailleur pour garder votre logement et votre aide au logement.'
		],
		thematiques: [
			'logement-hebergement--reduire-les-impayes-de-loyer',
			'logement-hebergement--se-maintenir-dans-le-logement'
		],
		publics: ['familles'],
		type: 'accompagnement',
		fees: 'gratuit'
	},
	{
		name: 'Repas partagés et lien social',
		sentences: ['Cuisiner ensemble puis partager le repas pour rompre l’isolement.'],
		thematiques: ['remobilisation--lien-social'],
		publics: ['seniors'],
		type: 'atelier',
		fees: 'payant'
	}
];

const STRUCTURE_KINDS = [
	'CCAS',
	'Centre social',
	'France Services',
	'Association d’entraide',
	'Maison des solidarités',
	'Mission locale',
	'Point d’accès au droit',
	'Secours solidaire',
	'Espace de vie sociale',
	'Relais des familles'
];

const GENERIC_SENTENCES = [
	'Accueil avec ou sans rendez-vous.',
	'Sur orientation d’un travailleur social ou directement.',
	'Permanences dans les communes voisines.',
	'Les professionnels peuvent orienter par téléphone ou par courriel.',
	'Service confidentiel, en lien avec les partenaires du territoire.',
	'Possibilité de rendez-vous à domicile pour les personnes qui ne peuvent pas se déplacer.'
];

export interface Commune {
	code: string;
	name: string;
	departementCode: string;
	population: number;
	latitude: number;
	longitude: number;
}

interface GeneratedService {
	id: string;
	structureId: string;
	name: string;
	description: string;
	thematiques: Thematique[];
	publics: Public[];
	type: ServiceType;
	fees: Frais;
	receptionModes: ModeAccueil[];
	communeCode: string;
	departementCode: string;
	postalCode: string | null;
	latitude: number;
	longitude: number;
}

interface GeneratedStructure {
	id: string;
	name: string;
	communeCode: string;
	latitude: number;
	longitude: number;
}

/** Services spread over communes by population (weight population^0.75 + 30: small villages get some too). */
export function generate(communes: Commune[], count: number, postalCodes: Map<string, string>) {
	const rnd = seededRandom(SEED);
	const cumulative = new Float64Array(communes.length);
	let total = 0;
	communes.forEach((c, i) => {
		total += Math.pow(c.population, 0.75) + 30;
		cumulative[i] = total;
	});
	const communeAt = () => {
		const x = rnd() * total;
		let lo = 0;
		let hi = communes.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (cumulative[mid]! < x) lo = mid + 1;
			else hi = mid;
		}
		return communes[lo]!;
	};
	const jitter = (c: Commune, km: number) => ({
		latitude: Math.round((c.latitude + ((rnd() - 0.5) * 2 * km) / 111) * 1e6) / 1e6,
		longitude:
			Math.round(
				(c.longitude + ((rnd() - 0.5) * 2 * km) / (111 * Math.cos((c.latitude * Math.PI) / 180))) * 1e6
			) / 1e6
	});
	const structures: GeneratedStructure[] = [];
	const services: GeneratedService[] = [];
	let structure: GeneratedStructure | undefined;
	let commune: Commune | undefined;
	for (let i = 0; i < count; i++) {
		if (i % 4 === 0) {
			commune = communeAt();
			structure = {
				id: `s${structures.length}`,
				name: `${pick(rnd, STRUCTURE_KINDS)} de ${commune.name}`,
				communeCode: commune.code,
				...jitter(commune, 1.5)
			};
			structures.push(structure);
		}
		const t = pick(rnd, TEMPLATES);
		const qualifier = rnd() < 0.3 ? ` – antenne de ${commune!.name}` : rnd() < 0.2 ? ' (permanence)' : '';
		const sentences = [...t.sentences, pick(rnd, GENERIC_SENTENCES)];
		if (rnd() < 0.5) sentences.push(pick(rnd, GENERIC_SENTENCES));
		const publics = rnd() < 0.15 ? (['tous-publics'] as Public[]) : t.publics;
		services.push({
			id: `v${i}`,
			structureId: structure!.id,
			name: `${t.name}${qualifier}`,
			description: `${sentences.join(' ')} ${structure!.name}.`,
			thematiques: t.thematiques,
			publics,
			type: t.type,
			fees: t.fees,
			receptionModes: rnd() < 0.3 ? ['en-presentiel', 'a-distance'] : ['en-presentiel'],
			communeCode: commune!.code,
			departementCode: commune!.departementCode,
			postalCode: postalCodes.get(commune!.code) ?? null,
			...jitter(commune!, 2)
		});
	}
	return { structures, services };
}

/** The data·inclusion v1 JSON document the importer reads. */
export function dataInclusionDocument(
	data: ReturnType<typeof generate>,
	communesByCode: Map<string, Commune>
) {
	const today = '2026-11-01';
	return {
		structures: data.structures.map((s) => ({
			source: 'bench',
			id: s.id,
			nom: s.name,
			description: '',
			code_insee: s.communeCode,
			commune: communesByCode.get(s.communeCode)?.name,
			latitude: s.latitude,
			longitude: s.longitude,
			date_maj: today
		})),
		services: data.services.map((v) => ({
			source: 'bench',
			id: v.id,
			structure_id: v.structureId,
			nom: v.name,
			description: v.description,
			type: v.type,
			thematiques: v.thematiques,
			frais: v.fees,
			publics: v.publics,
			modes_accueil: v.receptionModes,
			code_insee: v.communeCode,
			code_postal: v.postalCode,
			commune: communesByCode.get(v.communeCode)?.name,
			latitude: v.latitude,
			longitude: v.longitude,
			zone_eligibilite: [v.departementCode],
			date_maj: today
		}))
	};
}

// ---------------------------------------------------------------- queries

interface Query {
	kind: Kind;
	label: string;
	search: ServiceSearchQuery;
	/** point of the radius, for Orama (the database looks the commune up itself) */
	point?: { lat: number; lon: number };
	departement?: string;
}

const TEXTS = [
	'hebergement urgence',
	'aide alimentaire',
	'hebergement urgense',
	'aide alimantaire',
	'Hébergement d’urgence',
	'epicerie sociale',
	'violences conjugales',
	'violence conjugale',
	'domiciliation',
	'permis de conduire',
	'acces aux droits',
	'sante mentale',
	'surendettement',
	'atelier numerique',
	'logement jeunes',
	'accompagnement budgetaire',
	'vestiaire solidaire',
	'mediation familiale',
	'aidants',
	'demarches en ligne',
	'cours de francais',
	'garage solidaire',
	'chantier insertion',
	'addictions',
	'Épicerie Sociale',
	'imapyes de loyer',
	'acceuil de jour',
	'transport solidaire',
	'repas partages',
	'complementaire sante'
];

export function buildQueries(communes: Commune[], count: number): Query[] {
	const rnd = seededRandom(SEED + 1);
	const big = [...communes].sort((a, b) => b.population - a.population).slice(0, 600);
	const departements = [...new Set(communes.map((c) => c.departementCode))].sort();
	const queries: Query[] = [];
	for (let i = 0; i < count; i++) {
		const q = TEXTS[i % TEXTS.length]!;
		queries.push({ kind: 'text', label: q, search: { q, pageSize: PAGE_SIZE, facets: true } });
		const c = pick(rnd, big);
		queries.push({
			kind: 'text + radius',
			label: `${q} @ ${c.name}`,
			search: { q, near: { communeCode: c.code }, radiusKm: RADIUS_KM, pageSize: PAGE_SIZE, facets: true },
			point: { lat: c.latitude, lon: c.longitude }
		});
		const category = pick(rnd, CATEGORIES);
		const leaf = pick(rnd, TEMPLATES).thematiques[0]!;
		const pub = pick(rnd, PUBLICS);
		const dep = pick(rnd, departements);
		const variants: Query[] = [
			{ kind: 'facets only', label: `thématique ${category}`, search: { thematiques: [category] } },
			{
				kind: 'facets only',
				label: `${categoryOf(leaf)} + ${pub}`,
				search: { thematiques: [categoryOf(leaf)], publics: [pub] }
			},
			{
				kind: 'facets only',
				label: `${leaf} gratuit en présentiel`,
				search: { thematiques: [leaf], fees: ['gratuit'], receptionModes: ['en-presentiel'] }
			},
			{
				kind: 'facets only',
				label: `département ${dep} + ${category}`,
				search: { territory: { type: 'departement', code: dep }, thematiques: [category] },
				departement: dep
			},
			{
				kind: 'facets only',
				label: `${pub} + accompagnement`,
				search: { publics: [pub], types: ['accompagnement'] }
			}
		];
		const v = variants[i % variants.length]!;
		queries.push({ ...v, search: { ...v.search, pageSize: PAGE_SIZE, facets: true } });
	}
	return queries;
}

// ---------------------------------------------------------------- engines

interface Engine {
	label: string;
	/** returns the number of matches */
	search(query: Query): Promise<number>;
}

type SearchServices = (
	ctx: { db: Db; actor: typeof ANONYMOUS },
	query: ServiceSearchQuery
) => Promise<unknown>;

async function loadSearchServices(): Promise<SearchServices | string> {
	try {
		const mod = (await import('../../src/lib/server/directory/search')) as {
			searchServices?: SearchServices;
		};
		return mod.searchServices ?? 'src/lib/server/directory/search.ts has no searchServices export';
	} catch (error) {
		return `src/lib/server/directory/search.ts could not be loaded (${error instanceof Error ? error.message.split('\n')[0] : error})`;
	}
}

const totalOf = (result: unknown): number => {
	if (result && typeof result === 'object' && 'total' in result && typeof result.total === 'number')
		return result.total;
	if (result && typeof result === 'object' && 'items' in result && Array.isArray(result.items))
		return result.items.length;
	return -1;
};

function databaseEngine(label: string, database: Database, searchServices: SearchServices): Engine {
	const ctx = { db: database.db, actor: ANONYMOUS };
	return { label, search: async (q) => totalOf(await searchServices(ctx, q.search)) };
}

const ORAMA_FACETS = { thematiques: {}, publics: {}, receptionModes: {}, fees: {}, type: {} };

async function buildOrama(data: ReturnType<typeof generate>) {
	const db = await create({
		schema: {
			name: 'string',
			description: 'string',
			thematiques: 'enum[]',
			publics: 'enum[]',
			receptionModes: 'enum[]',
			fees: 'enum',
			type: 'enum',
			departement: 'enum',
			location: 'geopoint'
		} as const
	});
	const docs = data.services.map((s) => ({
		id: s.id,
		// the same accent-free folding as the database's search keys
		name: normalizeQuery(s.name),
		description: normalizeQuery(s.description),
		thematiques: s.thematiques,
		publics: s.publics,
		receptionModes: s.receptionModes,
		fees: s.fees,
		type: s.type,
		departement: s.departementCode,
		location: { lat: s.latitude, lon: s.longitude }
	}));
	for (let i = 0; i < docs.length; i += 10_000) await insertMultiple(db, docs.slice(i, i + 10_000), 10_000);
	return db;
}

/** French stop words the database's full-text configuration ignores: Orama would match them with tolerance. */
const STOP_WORDS = new Set([
	'de',
	'des',
	'du',
	'la',
	'le',
	'les',
	'un',
	'une',
	'et',
	'en',
	'au',
	'aux',
	'a',
	'pour',
	'l',
	'd'
]);
const oramaTerm = (q: string) =>
	normalizeQuery(q)
		.split(' ')
		.filter((w) => w.length >= 2 && !STOP_WORDS.has(w))
		.join(' ');

function oramaEngine(db: AnyOrama): Engine {
	return {
		label: 'Orama (in memory)',
		async search(query) {
			const s = query.search;
			const where: Record<string, unknown> = {};
			if (s.thematiques) where.thematiques = { containsAny: expandThematiques(s.thematiques) };
			if (s.publics) where.publics = { containsAny: [...s.publics, 'tous-publics'] };
			if (s.fees) where.fees = { in: s.fees };
			if (s.receptionModes) where.receptionModes = { containsAny: s.receptionModes };
			if (s.types) where.type = { in: s.types };
			if (query.departement) where.departement = { eq: query.departement };
			if (query.point)
				where.location = {
					radius: { coordinates: query.point, unit: 'km', value: s.radiusKm ?? RADIUS_KM, inside: true }
				};
			const term = s.q ? oramaTerm(s.q) : '';
			// without a term, `properties` would make Orama walk its whole token tree: filters only then
			const result = await oramaSearch(db, {
				term: term || undefined,
				properties: term ? ['name', 'description'] : undefined,
				tolerance: term ? 1 : undefined,
				threshold: 0,
				where: Object.keys(where).length ? (where as never) : undefined,
				facets: ORAMA_FACETS as never,
				limit: PAGE_SIZE
			});
			return result.count;
		}
	};
}

// ---------------------------------------------------------------- measuring

interface Cell32 {
	summary: LatencySummary;
	qps: number;
	/** CPU time of this Node process (driver, drizzle, the service, the bench itself; PGlite's engine too) per query */
	nodeCpuMs: number;
	/** share of queries with at least one result */
	nonEmpty: number;
	meanTotal: number;
	truncated: boolean;
	samples: { label: string; ms: number }[];
}

/**
 * 32 clients answer the 600 queries of a kind in a third of a second at 2,000 queries/s: a window that short
 * measures whatever else the machine does during it (autovacuum after the import, other tenants) as much as
 * the search. So the cells with several clients go round the list until they have this many answers (or
 * until the time budget).
 */
const MANY_CLIENTS_ANSWERS = 3_000;

/**
 * `concurrency` clients, each taking the next query of the list (from the start again after the last) when
 * its previous one is answered, until `wanted` answers or the time budget.
 */
async function measure(
	engine: Engine,
	queries: Query[],
	concurrency: number,
	budgetMs: number,
	wanted = queries.length
): Promise<Cell32> {
	const samples: { label: string; ms: number; total: number }[] = [];
	let next = 0;
	const cpu0 = process.cpuUsage();
	const started = performance.now();
	const deadline = started + budgetMs;
	const worker = async () => {
		while (next < wanted && performance.now() < deadline) {
			const query = queries[next++ % queries.length]!;
			const t0 = performance.now();
			const total = await engine.search(query);
			samples.push({ label: query.label, ms: performance.now() - t0, total });
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	const elapsed = performance.now() - started;
	const cpu = process.cpuUsage(cpu0);
	return {
		summary: summarize(samples.map((s) => s.ms)),
		nodeCpuMs: (cpu.user + cpu.system) / 1000 / Math.max(1, samples.length),
		qps: samples.length / (elapsed / 1000),
		nonEmpty: samples.filter((s) => s.total > 0).length / Math.max(1, samples.length),
		meanTotal: samples.reduce((sum, s) => sum + Math.max(0, s.total), 0) / Math.max(1, samples.length),
		truncated: samples.length < wanted,
		samples: samples.map(({ label, ms }) => ({ label, ms }))
	};
}

interface EngineResult {
	label: string;
	status: 'measured' | 'skipped';
	reason?: string;
	setup: Record<string, number | string | null>;
	cells: Partial<Record<Kind, Partial<Record<number, Cell32>>>>;
	explain?: { kind: Kind; label: string; plan: string }[];
}

// ---------------------------------------------------------------- loading a database

async function loadDatabase(
	database: Database,
	file: string,
	data: ReturnType<typeof generate>,
	log: (m: string) => void,
	label: string
) {
	const setup: Record<string, number | string | null> = {};
	let t = performance.now();
	let importer: 'importDirectory' | 'bulk insert' = 'importDirectory';
	try {
		const { readImportFiles } = await import('../../src/lib/server/directory/import/read');
		const { importDirectory } = await import('../../src/lib/server/directory/import/importer');
		const bytes = fs.readFileSync(file);
		const parsed = readImportFiles([{ name: path.basename(file), bytes }]);
		setup['read + parse (s)'] = (performance.now() - t) / 1000;
		let lastLog = 0;
		const phases: string[] = [];
		const summary = await importDirectory({ db: database.db, actor: SYSTEM }, parsed, {
			// where the import's time goes (setup table: checks, writes, index rebuild, typo vocabulary)
			onPhase: (phase, ms) => phases.push(`${phase} ${(ms / 1000).toFixed(1)}`),
			onProgress: (done, total) => {
				if (performance.now() - lastLog > 10_000) {
					lastLog = performance.now();
					log(`  ${label}: import ${done}/${total}`);
				}
			}
		});
		setup['import phases (s)'] = phases.join(', ');
		log(`  ${label}: import phases (s): ${phases.join(', ')}`);
		setup['services created'] = summary.services.created;
		setup['rows rejected'] = summary.services.rejected + summary.structures.rejected;
		if (summary.errors.length) log(`  ${label}: first import error: ${JSON.stringify(summary.errors[0])}`);
	} catch (error) {
		if (!(
			error instanceof Error && /Cannot find module|Failed to load|ERR_MODULE_NOT_FOUND/.test(error.message)
		))
			throw error;
		importer = 'bulk insert';
		await bulkInsert(database.db, data);
		await refreshSearchWords(database.db);
		setup['services created'] = data.services.length;
	}
	setup['import (s)'] = (performance.now() - t) / 1000;
	setup.importer = importer;
	log(
		`  ${label}: ${data.services.length} services imported in ${setup['import (s)']!.toFixed(1)} s (${importer})`
	);
	t = performance.now();
	await database.db.execute(sql`analyze`);
	setup['ANALYZE (s)'] = (performance.now() - t) / 1000;
	return setup;
}

/** Fallback when the importer is not there: plain multi-row inserts, 1,000 rows a statement. */
async function bulkInsert(db: Db, data: ReturnType<typeof generate>) {
	const ids = new Map<string, string>();
	await db.transaction(async (tx) => {
		for (let i = 0; i < data.structures.length; i += 1000) {
			const batch = data.structures.slice(i, i + 1000);
			const inserted = await tx
				.insert(structuresTable)
				.values(
					batch.map((s) => ({
						source: 'bench',
						sourceId: s.id,
						name: s.name,
						communeCode: s.communeCode,
						latitude: s.latitude,
						longitude: s.longitude
					}))
				)
				.returning({ id: structuresTable.id, sourceId: structuresTable.sourceId });
			for (const r of inserted) ids.set(r.sourceId, r.id);
		}
		for (let i = 0; i < data.services.length; i += 1000) {
			await tx.insert(servicesTable).values(
				data.services.slice(i, i + 1000).map((v) => ({
					structureId: ids.get(v.structureId)!,
					source: 'bench',
					sourceId: v.id,
					name: v.name,
					description: v.description,
					type: v.type,
					thematiques: v.thematiques,
					fees: v.fees,
					publics: v.publics,
					receptionModes: v.receptionModes,
					eligibilityZone: [v.departementCode],
					communeCode: v.communeCode,
					postalCode: v.postalCode,
					latitude: v.latitude,
					longitude: v.longitude
				}))
			);
		}
	});
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of one query as searchServices() sends it: the statements are captured at the
 * node-postgres level while the query runs once, then the main one (the CTE over services) is explained.
 */
async function explainQuery(database: Database, url: string, searchServices: SearchServices, query: Query) {
	const captured: { text: string; values: unknown[] }[] = [];
	const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
	const original = proto.query;
	proto.query = function (this: unknown, ...args: unknown[]) {
		const config = args[0];
		if (config && typeof config === 'object' && 'text' in config)
			captured.push({
				text: String((config as { text: string }).text),
				values: (config as { values?: unknown[] }).values ?? (Array.isArray(args[1]) ? args[1] : [])
			});
		else if (typeof config === 'string')
			captured.push({ text: config, values: Array.isArray(args[1]) ? args[1] : [] });
		return original.apply(this, args);
	};
	try {
		await searchServices({ db: database.db, actor: ANONYMOUS }, query.search);
	} finally {
		proto.query = original;
	}
	if (captured.length === 0) return 'no statement captured';
	// replayed in order on one connection: transaction control and set_config() run as they are (the service
	// sets planner options locally), every other query is explained; the costliest printed in full
	const isSession = (text: string) => /^\s*(begin|commit|rollback|set\b|select set_config)/i.test(text);
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		const plans: { ms: number; plan: string[]; first: string }[] = [];
		for (const c of captured) {
			if (isSession(c.text)) {
				await client.query(c.text, c.values);
				continue;
			}
			const result = await client.query(`explain (analyze, buffers) ${c.text}`, c.values);
			const plan = result.rows.map((r: Record<string, string>) => r['QUERY PLAN']!);
			const ms = Number(/Execution Time: ([\d.]+)/.exec(plan.join('\n'))?.[1] ?? NaN);
			plans.push({ ms, plan, first: c.text.replace(/\s+/g, ' ').trim().slice(0, 80) });
		}
		if (plans.length === 0) return 'no query captured';
		const costliest = plans.reduce((a, b) => (b.ms > a.ms ? b : a));
		const session = captured.filter((c) => isSession(c.text)).map((c) => c.text.replace(/\s+/g, ' ').trim());
		return [
			`searchServices sent ${plans.length} queries (plus: ${session.join(' ; ') || 'nothing else'}); execution times:`,
			...plans.map((p) => `  ${p.ms.toFixed(2)} ms  ${p.first}…`),
			`costliest (${costliest.ms.toFixed(2)} ms):`,
			...costliest.plan
		].join('\n');
	} finally {
		await client.end();
	}
}

async function measureEngine(
	engine: Engine,
	queries: Query[],
	concurrencies: readonly number[],
	budgetMs: number,
	warmup: number,
	log: (m: string) => void
) {
	const cells: EngineResult['cells'] = {};
	for (const kind of KINDS) {
		const list = queries.filter((q) => q.kind === kind);
		for (let i = 0; i < Math.min(warmup, list.length); i++) await engine.search(list[i]!);
		cells[kind] = {};
		for (const c of concurrencies) {
			const wanted = c > 1 ? Math.max(list.length, MANY_CLIENTS_ANSWERS) : list.length;
			const cell = await measure(engine, list, c, budgetMs, wanted);
			cells[kind]![c] = cell;
			log(
				`  ${engine.label}, ${kind}, ${c} client${c > 1 ? 's' : ''}: p50 ${cell.summary.p50.toFixed(2)} ms, p95 ${cell.summary.p95.toFixed(2)} ms, ${cell.qps.toFixed(0)} q/s`
			);
		}
	}
	return cells;
}

/**
 * The same database with the in-memory index (src/lib/server/directory/search-index/): its build time and
 * the heap it takes, then the same queries; every one must be answered by the index.
 */
async function measureWithIndex(
	label: string,
	database: Database,
	searchServices: SearchServices,
	queries: Query[],
	budgetMs: number,
	warmup: number,
	log: (m: string) => void
): Promise<EngineResult> {
	globalThis.gc?.();
	const heap0 = process.memoryUsage().heapUsed;
	const t = performance.now();
	const handle = enableSearchIndex(database.db);
	await handle.build();
	const buildS = (performance.now() - t) / 1000;
	globalThis.gc?.();
	const heapMb = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
	log(
		`  ${label}: in-memory index of ${handle.lastBuild?.services} services built in ${buildS.toFixed(1)} s, heap +${heapMb.toFixed(0)} MiB`
	);
	const engine = databaseEngine(`${label} + index`, database, searchServices);
	const served = handle.served;
	const cells = await measureEngine(engine, queries, CONCURRENCY, budgetMs, warmup, log);
	const searches = KINDS.reduce(
		(n, k) => n + CONCURRENCY.reduce((m, c) => m + (cells[k]?.[c]?.summary.count ?? 0), 0),
		0
	);
	return {
		label: engine.label,
		status: 'measured',
		setup: {
			'index build (s)': buildS,
			'index heap (MiB)': heapMb,
			'heap per service (KiB)': (heapMb * 1024) / Math.max(1, handle.lastBuild?.services ?? 1),
			'answered by the index': `${handle.served - served} of ${searches + warmup * KINDS.length}`
		},
		cells
	};
}

// ---------------------------------------------------------------- the suite

export async function run(options: SuiteOptions): Promise<SuiteResult> {
	const { log, quick } = options;
	const count = quick ? 20_000 : 200_000;
	const perKind = quick ? 150 : 600;
	const budgetMs = quick ? 30_000 : 90_000;
	const warmup = quick ? 20 : 60;
	const notes: string[] = [];

	// territories of France with centroids (all départements' shapes)
	let t = performance.now();
	const geoDir = path.resolve(options.projectRoot, '..', 'shared', 'data', 'geo', 'communes');
	if (!fs.existsSync(geoDir))
		throw new Error(`no commune shapes at ${geoDir}: the centroids of France are needed`);
	const source = loadEtalabSource();
	const centroids = readCentroids(geoDir);
	log(`  ${centroids.size} commune centroids read in ${((performance.now() - t) / 1000).toFixed(1)} s`);

	// the communes as the database will hold them: generate from the database's own table after the load
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'maillage-bench-directory-'));
	const removeTmp = () => fs.rmSync(tmp, { recursive: true, force: true });
	const unregisterTmp = onCleanup(removeTmp);

	const searchServices = await loadSearchServices();
	if (typeof searchServices === 'string') {
		notes.push(`searchServices not measured: ${searchServices}`);
		log(`  ${searchServices}`);
	}

	const engines: EngineResult[] = [];
	let data: ReturnType<typeof generate> | undefined;
	let queries: Query[] = [];
	let file = '';
	let fileBytes = 0;

	const prepareData = async (db: Db) => {
		const list = await rows<Commune>(
			db,
			sql`select code, name, departement_code as "departementCode", population, latitude, longitude
			from communes where latitude is not null order by code`
		);
		const postal = await rows<{ code: string; postal: string | null }>(
			db,
			sql`select code, postal_codes[1] as postal from communes`
		);
		const postalCodes = new Map(postal.filter((p) => p.postal).map((p) => [p.code, p.postal!]));
		t = performance.now();
		data = generate(list, count, postalCodes);
		queries = buildQueries(list, perKind);
		file = path.join(tmp, 'services-data-inclusion.json');
		fs.writeFileSync(
			file,
			JSON.stringify(dataInclusionDocument(data, new Map(list.map((c) => [c.code, c]))))
		);
		fileBytes = fs.statSync(file).size;
		log(
			`  generated ${data.services.length} services / ${data.structures.length} structures over ${list.length} communes ` +
				`(${(fileBytes / 2 ** 20).toFixed(0)} MiB of data·inclusion JSON) in ${((performance.now() - t) / 1000).toFixed(1)} s`
		);
		notes.push(
			`Data: ${data.services.length.toLocaleString('en-US')} services, ${data.structures.length.toLocaleString('en-US')} structures over ${list.length.toLocaleString('en-US')} communes with a centroid (weight population^0.75 + 30), ${TEMPLATES.length} service templates, file ${(fileBytes / 2 ** 20).toFixed(0)} MiB.`
		);
	};

	const databases: {
		label: string;
		open: () => Promise<
			{ database: Database; url?: string; drop?: () => Promise<void> } | { skipped: string }
		>;
	}[] = [
		{
			label: 'PostgreSQL',
			open: async () => {
				const created = await createThrowAwayDatabase();
				if ('skipped' in created) return created;
				return {
					database: await openDatabase({ url: created.url, poolSize: 10 }),
					url: created.url,
					drop: created.drop
				};
			}
		},
		{ label: 'PGlite', open: async () => ({ database: await openDatabase({}) }) }
	];

	try {
		for (const { label, open } of databases) {
			const opened = await open();
			if ('skipped' in opened) {
				engines.push({ label, status: 'skipped', reason: opened.skipped, setup: {}, cells: {} });
				notes.push(`${label} skipped: ${opened.skipped}`);
				continue;
			}
			const { database, url, drop } = opened;
			try {
				// territories first (the file refers to real commune codes), then the generated file
				await migrate(database);
				t = performance.now();
				await importTerritories(database.db, source, { centroids });
				const territoriesS = (performance.now() - t) / 1000;
				if (!data) await prepareData(database.db);
				const setup = await loadDatabase(database, file, data!, log, label);
				setup['migrate + territories (s)'] = territoriesS;
				const result: EngineResult = { label: `${label} (SQL)`, status: 'measured', setup, cells: {} };
				engines.push(result);
				if (typeof searchServices !== 'string') {
					// first SQL alone (no index on this database yet), then with the in-memory index
					const engine = databaseEngine(result.label, database, searchServices);
					// PGlite runs one statement at a time: 32 clients queue behind each other
					result.cells = await measureEngine(engine, queries, CONCURRENCY, budgetMs, warmup, log);
					if (url) {
						const slowest = KINDS.map((k) => ({ k, p95: result.cells[k]?.[32]?.summary.p95 ?? 0 })).sort(
							(a, b) => b.p95 - a.p95
						)[0]!.k;
						result.explain = [];
						for (const kind of new Set<Kind>([slowest, 'text + radius'])) {
							// a query of the kind's slow tail at 1 client (its 95th percentile)
							const one = [...(result.cells[kind]?.[1]?.samples ?? [])].sort((a, b) => b.ms - a.ms);
							const tail = one[Math.floor(one.length * 0.05)];
							const query =
								queries.find((q) => q.kind === kind && q.label === tail?.label) ??
								queries.find((q) => q.kind === kind)!;
							result.explain.push({
								kind,
								label: query.label,
								plan: await explainQuery(database, url, searchServices, query)
							});
						}
					}
					engines.push(
						await measureWithIndex(label, database, searchServices, queries, budgetMs, warmup, log)
					);
				}
			} finally {
				await database.close();
				// pg-pool's end() resolves before its idle clients have closed their sockets; a forced
				// DROP DATABASE at that moment makes their FATAL 57P01 an unhandled 'error' event
				if (drop) await new Promise((resolve) => setTimeout(resolve, 500)).then(drop);
			}
		}

		// the speed limit: the same documents in Orama
		if (data) {
			t = performance.now();
			const orama = await buildOrama(data);
			const indexS = (performance.now() - t) / 1000;
			log(`  Orama: ${data.services.length} documents indexed in ${indexS.toFixed(1)} s`);
			const engine = oramaEngine(orama);
			const cells = await measureEngine(engine, queries, [1], budgetMs, warmup, log);
			engines.push({ label: engine.label, status: 'measured', setup: { 'index (s)': indexS }, cells });
		}
	} finally {
		removeTmp();
		unregisterTmp();
	}
	return report(engines, queries, notes, count, fileBytes);
}

// ---------------------------------------------------------------- reporting

function report(
	engines: EngineResult[],
	queries: Query[],
	notes: string[],
	count: number,
	fileBytes: number
): SuiteResult {
	const orama = engines.find((e) => e.label.startsWith('Orama'));
	const measured = engines.filter((e) => e.status === 'measured');
	const latency: Table = {
		title: `Directory search — ${count.toLocaleString('en-US')} services, page of ${PAGE_SIZE} with facet counts (latency in ms)`,
		columns: [
			'engine',
			'query kind',
			'clients',
			'queries',
			'p50',
			'p95',
			'p99',
			'queries/s',
			'Node CPU ms/query',
			'non-empty',
			'p50 ÷ Orama',
			'p95 ÷ Orama',
			'target'
		],
		rows: []
	};
	for (const e of engines) {
		if (e.status === 'skipped') {
			latency.rows.push([
				e.label,
				'skipped',
				null,
				null,
				null,
				null,
				null,
				null,
				null,
				null,
				null,
				null,
				null
			]);
			continue;
		}
		for (const kind of KINDS) {
			for (const c of CONCURRENCY) {
				const cell = e.cells[kind]?.[c];
				if (!cell) continue;
				const ref = orama?.cells[kind]?.[1]?.summary;
				const target =
					e.label.startsWith('PostgreSQL') && kind === 'text + radius' && c === 32
						? cell.summary.p95 <= TARGET_P95_MS
							? `≤ ${TARGET_P95_MS} ✓`
							: `≤ ${TARGET_P95_MS} ✗ (+${(cell.summary.p95 - TARGET_P95_MS).toFixed(1)} ms, ${ratio(cell.summary.p95, TARGET_P95_MS)})`
						: '';
				latency.rows.push([
					e.label + (cell.truncated ? ' (time budget hit)' : ''),
					kind,
					c,
					cell.summary.count,
					cell.summary.p50,
					cell.summary.p95,
					cell.summary.p99,
					cell.qps,
					cell.nodeCpuMs,
					`${(cell.nonEmpty * 100).toFixed(0)} %`,
					e === orama || !ref ? null : ratio(cell.summary.p50, ref.p50),
					e === orama || !ref ? null : ratio(cell.summary.p95, ref.p95),
					target
				]);
			}
		}
	}
	const importTable: Table = {
		title: `Setup (s): territories of France, import of the ${(fileBytes / 2 ** 20).toFixed(0)} MiB data·inclusion file (${count.toLocaleString('en-US')} services), ANALYZE; in-memory index: build, heap, searches it answered; Orama: indexing`,
		columns: [
			'engine',
			'migrate + territories',
			'read + parse',
			'import (total)',
			'importer',
			'services created',
			'rows rejected',
			'ANALYZE',
			`import target ≤ ${TARGET_IMPORT_S} s`,
			'index build',
			'index heap MiB',
			'answered by the index'
		],
		rows: measured.map((e): Cell[] => {
			const s = e.setup;
			const imp = typeof s['import (s)'] === 'number' ? s['import (s)'] : null;
			return [
				e.label,
				(s['migrate + territories (s)'] as number) ?? null,
				(s['read + parse (s)'] as number) ?? null,
				imp ?? (s['index (s)'] as number) ?? null,
				(s.importer as string) ?? (e.label.startsWith('Orama') ? 'insertMultiple' : null),
				(s['services created'] as number) ?? null,
				(s['rows rejected'] as number) ?? null,
				(s['ANALYZE (s)'] as number) ?? null,
				imp === null
					? ''
					: imp <= TARGET_IMPORT_S
						? '✓'
						: `✗ (+${(imp - TARGET_IMPORT_S).toFixed(0)} s, ${ratio(imp, TARGET_IMPORT_S)})`,
				(s['index build (s)'] as number) ?? null,
				(s['index heap (MiB)'] as number) ?? null,
				(s['answered by the index'] as string) ?? null
			];
		})
	};
	const slowest: Table = {
		title: 'Slowest queries at 1 client (ms)',
		columns: ['engine', 'kind', 'query', 'ms'],
		rows: measured.flatMap((e) =>
			KINDS.flatMap((k) =>
				[...(e.cells[k]?.[1]?.samples ?? [])]
					.sort((a, b) => b.ms - a.ms)
					.slice(0, 2)
					.map((s): Cell[] => [e.label, k, s.label, s.ms])
			)
		)
	};
	notes.push(
		'Each query asks for a page of 20 with facet counts (thématique, catégorie, public, mode, frais, type), as GET /api/v1/services does by default. "text + radius": 30 km around the centroid of one of the 600 most populated communes, looked up by searchServices from its code. "facets only": filters (thématique or category, public, fees, mode, type, département), no text.',
		`32 clients: 32 async callers in one Node process share the app's pool (10 connections on PostgreSQL); latency includes the wait for a connection. They go round the kind's queries until ${MANY_CLIENTS_ANSWERS.toLocaleString('en-US')} answers (or the time budget): a pass of 600 lasts a third of a second with the index, too short a window to tell the search from the machine's other work. PGlite executes one statement at a time, so its 32-client figures are queueing (≈ 32 × one query), reported as measured.`,
		'Measured after ANALYZE (on PostgreSQL autovacuum would do it within a minute of the import; PGlite has no autovacuum).',
		"Orama: the same documents (name and description folded to lower-case ASCII like the database search keys), full text with tolerance 1 and threshold 0 (every word must match, like the database), radius with a geopoint filter (no sort by distance), the département filter on the service's own département (the database also looks at eligibility zones), facets on the same five fields. One client only: Orama is synchronous in-process, 32 callers would only queue. Ratios are database ÷ Orama at 1 client.",
		'Everything runs on the same machine: the bench process, PostgreSQL and PGlite share the cores.'
	);
	for (const e of measured)
		for (const x of e.explain ?? [])
			notes.push(
				`EXPLAIN (ANALYZE, BUFFERS) on ${e.label}, ${x.kind}${x.kind === 'text + radius' ? ' (the target)' : ' (slowest kind at 32 clients)'}, query "${x.label}", run alone after the measurements:\n${x.plan}`
			);
	const data = {
		services: count,
		fileBytes,
		pageSize: PAGE_SIZE,
		radiusKm: RADIUS_KM,
		queries: queries.length,
		sampleQueries: queries.slice(0, 15).map((q) => ({ kind: q.kind, label: q.label, search: q.search })),
		engines: engines.map((e) => ({
			label: e.label,
			status: e.status,
			reason: e.reason,
			setup: Object.fromEntries(
				Object.entries(e.setup).map(([k, v]) => [k, typeof v === 'number' ? round(v, 2) : v])
			),
			explain: e.explain,
			cells: Object.fromEntries(
				Object.entries(e.cells).map(([kind, byC]) => [
					kind,
					Object.fromEntries(
						Object.entries(byC ?? {}).map(([c, cell]) => [
							c,
							cell && {
								count: cell.summary.count,
								p50: round(cell.summary.p50),
								p95: round(cell.summary.p95),
								p99: round(cell.summary.p99),
								mean: round(cell.summary.mean),
								max: round(cell.summary.max),
								qps: round(cell.qps, 1),
								nodeCpuMs: round(cell.nodeCpuMs),
								nonEmpty: round(cell.nonEmpty, 3),
								meanTotal: round(cell.meanTotal, 1),
								truncated: cell.truncated
							}
						])
					)
				])
			)
		}))
	};
	return { tables: [latency, importTable, slowest], notes, data };
}
