import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../db/client';
import { ANONYMOUS } from '../../policy/actor';
import { actorWith } from '../../testing/actors';
import { createTestDatabase, type TestDatabase } from '../../testing/db';
import type { Context } from '../../context';
import { importDirectory } from '../import/importer';
import { readImportFiles } from '../import/read';
import { LIFE_EVENTS } from '../life-events';
import { searchServices, type ServiceSearchResult } from '../search';
import type { ServiceSearchQuery } from '../search-query';
import { enableSearchIndex, searchIndexOf } from './handle';
import { seededRandom } from '../../testing/random';

/**
 * The two engines of the directory search give the same answers: 300 generated services of the Lot and the
 * Gers (imported as data·inclusion), 250 generated queries mixing text (typos, prefixes, stop words,
 * nonsense), filters, territories, distances, life events, pages and facets. First every query through SQL,
 * then the same through the in-memory index, which must answer every one of them.
 */

const NOW = new Date('2026-11-24T10:00:00Z');
let t: TestDatabase;
let communes: { code: string; latitude: number; longitude: number; epci: string }[] = [];

const TEMPLATES = [
	{
		name: 'Hébergement d’urgence',
		text: 'Mise à l’abri immédiate des personnes sans domicile, orientation par le 115.',
		thematiques: ['logement-hebergement--rechercher-une-solution-dhebergement-temporaire'],
		publics: ['personnes-en-situation-durgence'],
		type: 'aide-materielle',
		fees: 'gratuit'
	},
	{
		name: 'Épicerie sociale et solidaire',
		text: 'Aide alimentaire : produits à petit prix, accompagnement budgétaire et ateliers cuisine.',
		thematiques: ['difficultes-financieres--ameliorer-sa-gestion-budgetaire'],
		publics: ['familles', 'beneficiaires-des-minimas-sociaux'],
		type: 'aide-materielle',
		fees: 'payant'
	},
	{
		name: 'Accueil de jour des femmes victimes de violences conjugales',
		text: 'Écoute, mise en sécurité, accompagnement juridique et hébergement si nécessaire.',
		thematiques: ['famille--surmonter-conflits-separation-violence'],
		publics: ['femmes'],
		type: 'accompagnement',
		fees: 'gratuit'
	},
	{
		name: 'Prévention des expulsions locatives',
		text: 'Conseils aux locataires en impayés de loyer, médiation avec le bailleur.',
		thematiques: [
			'logement-hebergement--reduire-les-impayes-de-loyer',
			'logement-hebergement--se-maintenir-dans-le-logement'
		],
		publics: ['tous-publics'],
		type: 'information',
		fees: 'gratuit'
	},
	{
		name: 'Soutien aux aidants familiaux',
		text: 'Groupes de parole et répit pour les proches aidants de personnes âgées.',
		thematiques: ['famille--soutien-aidants', 'famille--prise-en-charge-personne-dependante'],
		publics: ['seniors', 'familles'],
		type: 'atelier',
		fees: 'gratuit'
	},
	{
		name: 'Atelier numérique',
		text: 'Apprendre les démarches en ligne, créer une adresse de courriel, utiliser France Connect.',
		thematiques: [
			'numerique--maitriser-les-fondamentaux-du-numerique',
			'numerique--acceder-a-des-services-en-ligne'
		],
		publics: ['tous-publics'],
		type: 'atelier',
		fees: 'gratuit'
	},
	{
		name: 'Garage solidaire',
		text: 'Réparation de véhicules à prix réduit pour se rendre au travail ou en formation.',
		thematiques: ['mobilite--entretenir-reparer-son-vehicule'],
		publics: ['demandeurs-emploi', 'beneficiaires-des-minimas-sociaux'],
		type: 'aide-materielle',
		fees: 'payant'
	},
	{
		name: 'Centre médico-psychologique',
		text: 'Consultations de santé mentale : psychiatre, psychologue, infirmier.',
		thematiques: ['sante--sante-mentale'],
		publics: ['tous-publics'],
		type: 'accompagnement',
		fees: 'gratuit'
	},
	{
		name: 'Point conseil budget',
		text: 'Surendettement, dossier de la Banque de France, accompagnement budgétaire.',
		thematiques: ['difficultes-financieres--acquerir-une-autonomie-budgetaire'],
		publics: ['tous-publics'],
		type: 'accompagnement',
		fees: 'gratuit'
	},
	{
		// one query word in the name, another in the description: relevance differs between matches
		name: 'Accompagnement social global',
		text: 'Un référent pour l’aide budgétaire, le logement et la santé.',
		thematiques: ['difficultes-financieres--ameliorer-sa-gestion-budgetaire'],
		publics: ['familles'],
		type: 'accompagnement',
		fees: 'gratuit'
	},
	{
		name: 'Accès aux droits',
		text: 'Aide aux démarches administratives : CAF, CPAM, MSA, retraite.',
		thematiques: ['difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits'],
		publics: ['seniors', 'beneficiaires-des-minimas-sociaux'],
		type: 'information',
		fees: 'gratuit'
	}
];

const PLACES = ['de Cahors', 'du Grand-Figeac', 'de Gourdon', 'd’Auch', 'de Souillac', 'de Condom'];

function dataInclusionFile() {
	const rnd = seededRandom(46042);
	const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
	const structures = Array.from({ length: 60 }, (_, i) => {
		const c = pick(communes);
		return {
			source: 'equivalence',
			id: `st${i}`,
			nom: `CCAS ${pick(PLACES)} (${i})`,
			code_insee: c.code,
			date_maj: '2026-11-01'
		};
	});
	const services = Array.from({ length: 300 }, (_, i) => {
		const s = structures[i % structures.length]!;
		const c = communes.find((x) => x.code === s.code_insee)!;
		const tpl = pick(TEMPLATES);
		const located = rnd() > 0.1;
		return {
			source: 'equivalence',
			id: `sv${i}`,
			structure_id: s.id,
			// some names repeat exactly: ties are broken by distance, then id
			nom: rnd() < 0.4 ? tpl.name : `${tpl.name} ${pick(PLACES)}`,
			description: `${tpl.text} ${rnd() < 0.5 ? 'Sur rendez-vous.' : 'Permanence le mardi.'}`,
			type: tpl.type,
			thematiques: tpl.thematiques,
			frais: tpl.fees,
			publics: rnd() < 0.2 ? ['tous-publics'] : tpl.publics,
			modes_accueil: rnd() < 0.3 ? ['en-presentiel', 'a-distance'] : ['en-presentiel'],
			code_insee: c.code,
			latitude: located ? Math.round((c.latitude + (rnd() - 0.5) * 0.1) * 1e6) / 1e6 : null,
			longitude: located ? Math.round((c.longitude + (rnd() - 0.5) * 0.1) * 1e6) / 1e6 : null,
			zone_eligibilite: [pick(['46', '32', 'france', c.code, c.epci])],
			date_maj: '2026-11-01'
		};
	});
	return JSON.stringify({ structures, services });
}

const TEXTS = [
	'hebergement urgence',
	'hebergement urgense',
	'HÉBERGEMENT D’URGENCE',
	'aide alimantaire',
	'acceuil de jour',
	'imapyes de loyer',
	'violences conjugales',
	'epicerie',
	'heberg',
	'accompagnement budg',
	'accompagnement budgetaire',
	'logement',
	'aidants',
	'garage solidaire',
	'sante mentale',
	'de la',
	'zzqxw',
	'démarches en ligne',
	'atelier',
	'cahors',
	'psychologue infirmier',
	'surendettement banque',
	// synonyms of the field (ADR 010): one word for several, phrases, a typo inside a phrase
	'vif',
	'manger',
	'caf',
	'addiction',
	'violances conjugal',
	'logement jeune',
	'hebergement d urgence'
];

function queries(): ServiceSearchQuery[] {
	const rnd = seededRandom(32013);
	const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
	const some = <T>(list: readonly T[]) => list.filter(() => rnd() < 0.3);
	return Array.from({ length: 250 }, (_, i) => {
		const q: ServiceSearchQuery = {};
		if (i % 5 !== 0) q.q = pick(TEXTS);
		if (rnd() < 0.3) q.thematiques = [pick(pick(TEMPLATES).thematiques)];
		if (rnd() < 0.15) q.thematiques = [pick(['famille', 'logement-hebergement', 'sante'])];
		if (rnd() < 0.2) q.publics = [pick(['femmes', 'seniors', 'familles', 'jeunes'])];
		if (rnd() < 0.15) q.fees = [pick(['gratuit', 'payant'])];
		if (rnd() < 0.1) q.receptionModes = ['a-distance'];
		if (rnd() < 0.1) q.types = some(['accompagnement', 'atelier', 'information', 'aide-materielle']);
		if (rnd() < 0.15) q.lifeEvent = pick(LIFE_EVENTS).slug;
		const place = rnd();
		if (place < 0.3) q.near = { communeCode: pick(communes).code };
		else if (place < 0.4) q.near = { latitude: 44.6, longitude: 1.6 };
		if (q.near && rnd() < 0.5) q.radiusKm = pick([5, 10, 80]);
		const territory = rnd();
		if (territory < 0.1) q.territory = { type: 'departement', code: pick(['46', '32']) };
		else if (territory < 0.15) q.territory = { type: 'commune', code: pick(communes).code };
		else if (territory < 0.2) q.territory = { type: 'epci', code: pick(communes).epci };
		else if (territory < 0.22) q.territory = { type: 'region', code: '76' };
		if (rnd() < 0.2) q.page = 2;
		q.pageSize = pick([20, 20, 5, 0]);
		if (rnd() < 0.1) q.facets = false;
		// any distance from a commune (coverage and distance order still apply)
		if (q.near && 'communeCode' in q.near && rnd() < 0.3) q.anyDistance = true;
		return q;
	});
}

/** What must be equal: counts, facets, correction, and the page in order with its distances. */
const answer = (r: ServiceSearchResult) => ({
	total: r.total,
	correctedQuery: r.correctedQuery,
	facets: r.facets,
	items: r.items.map((i) => `${i.id} ${i.distanceKm ?? '-'}`)
});

beforeAll(async () => {
	t = await createTestDatabase();
	communes = await rows(
		t.db,
		sql`select code, latitude, longitude, epci_code as epci from communes
			where latitude is not null and epci_code is not null
				and code in ('46042', '46102', '46127', '46128', '46309', '46251', '32013', '32107', '32160', '32256')`
	);
	const admin: Context = { db: t.db, actor: actorWith([], { instanceAdmin: true }), now: () => NOW };
	const parsed = readImportFiles([{ name: 'offre.json', bytes: Buffer.from(dataInclusionFile()) }]);
	const summary = await importDirectory(admin, parsed);
	expect(summary.errors.slice(0, 3)).toEqual([]);
	expect(summary.services.created).toBe(300);
});
afterAll(() => t.drop());

describe('SQL and the in-memory index', () => {
	it('give the same total, facets, correction and page for 250 varied queries', async () => {
		expect(communes.length).toBeGreaterThanOrEqual(8);
		const ctx: Context = { db: t.db, actor: ANONYMOUS, now: () => NOW };
		const list = queries();
		expect(searchIndexOf(t.db)).toBeUndefined();
		const bySql = [];
		for (const q of list) bySql.push(answer(await searchServices(ctx, q)));

		const handle = enableSearchIndex(t.db);
		await handle.build();
		for (const [i, q] of list.entries()) {
			const served = handle.served;
			const byIndex = answer(await searchServices(ctx, q));
			expect(handle.served, `query ${i} answered by the index: ${JSON.stringify(q)}`).toBe(served + 1);
			expect(byIndex, `query ${i}: ${JSON.stringify(q)}`).toEqual(bySql[i]);
		}
		// the battery is not trivial: matches, empty results, corrections and several pages all occur
		expect(bySql.filter((a) => a.total > 20).length).toBeGreaterThan(20);
		expect(bySql.filter((a) => a.total === 0).length).toBeGreaterThan(5);
		expect(bySql.filter((a) => a.correctedQuery !== null).length).toBeGreaterThan(10);
		expect(bySql.filter((a) => a.items.some((item) => !item.endsWith(' -'))).length).toBeGreaterThan(20);
	}, 180_000);
});
