import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { actorWith } from '../testing/actors';
import { rows } from '../db/client';
import { ANONYMOUS } from '../policy/actor';
import type { Context } from '../context';
import { NotFoundError, ValidationError } from '../errors';
import { parseOrThrow, searchParamsToObject } from '../api/errors';
import { createService, createStructure } from './service';
import { serviceInputSchema } from './validation';
import { refreshSearchWords } from './search-words';
import { getServiceSheet, searchServices } from './search';
import { enableSearchIndex, searchIndexOf } from './search-index/handle';
import { servicesQuerySchema, toSearchQuery, type ServiceSearchQuery } from './search-query';

/**
 * The directory search on a small, realistic offer of the Lot (and one service of the Gers), through the
 * services that the API and the portal call. Defined once, run by two files: with the SQL engine
 * (search.int.test.ts) and with the in-memory index (search-index/search-index.int.test.ts), where every
 * search must be answered by the index.
 */
export function defineSearchTests(engine: 'sql' | 'index') {
	let t: TestDatabase;
	const ids: Record<string, string> = {};
	let figeacEpci: string;

	const NOW = new Date('2026-11-24T10:00:00Z');
	const anonymous = (): Context => ({ db: t.db, actor: ANONYMOUS, now: () => NOW });
	async function search(query: ServiceSearchQuery) {
		const handle = searchIndexOf(t.db);
		const served = handle?.served ?? 0;
		const result = await searchServices(anonymous(), query);
		if (engine === 'index') expect(handle?.served, 'answered by the in-memory index').toBe(served + 1);
		else expect(handle, 'no index: SQL answers').toBeUndefined();
		return result;
	}
	const names = (result: { items: { name: string }[] }) => result.items.map((i) => i.name);
	const keysOf = (result: { items: { id: string }[] }) =>
		result.items.map((i) => Object.entries(ids).find(([, id]) => id === i.id)?.[0]).sort();

	/** Approximate town-centre coordinates. */
	const PLACES = {
		cahors: { communeCode: '46042', postalCode: '46000', latitude: 44.4475, longitude: 1.441 },
		figeac: { communeCode: '46102', postalCode: '46100', latitude: 44.6086, longitude: 2.0317 },
		gourdon: { communeCode: '46127', postalCode: '46300', latitude: 44.7375, longitude: 1.3833 },
		gramat: { communeCode: '46128', postalCode: '46500', latitude: 44.7808, longitude: 1.7258 },
		souillac: { communeCode: '46309', postalCode: '46200', latitude: 44.8967, longitude: 1.4758 },
		saintCere: { communeCode: '46251', postalCode: '46400', latitude: 44.8578, longitude: 1.8939 },
		lacapelle: { communeCode: '46143', postalCode: '46120', latitude: 44.7289, longitude: 1.9261 },
		prayssac: { communeCode: '46225', postalCode: '46220', latitude: 44.5058, longitude: 1.1886 },
		auch: { communeCode: '32013', postalCode: '32000', latitude: 43.6465, longitude: 0.5855 }
	};

	const SERVICES: Record<string, { structure: string; input: Record<string, unknown> }> = {
		urgenceCahors: {
			structure: 'ccas',
			input: {
				name: 'Hébergement d’urgence',
				description:
					'Mise à l’abri immédiate des personnes sans domicile : chambres, repas du soir et petit-déjeuner. Orientation par le 115.',
				type: 'aide-materielle',
				thematiques: ['logement-hebergement--rechercher-une-solution-dhebergement-temporaire'],
				publics: ['personnes-en-situation-durgence'],
				fees: 'gratuit',
				receptionModes: ['en-presentiel'],
				eligibilityZone: ['46042'],
				...PLACES.cahors
			}
		},
		urgenceFigeac: {
			structure: 'cias',
			input: {
				name: 'Hébergement d’urgence du Grand-Figeac',
				description: 'Places d’hébergement temporaire pour les personnes à la rue, accueil 24 h sur 24.',
				type: 'aide-materielle',
				thematiques: ['logement-hebergement--rechercher-une-solution-dhebergement-temporaire'],
				publics: ['personnes-en-situation-durgence'],
				fees: 'gratuit',
				receptionModes: ['en-presentiel'],
				eligibilityZone: ['46'],
				...PLACES.figeac
			}
		},
		epicerie: {
			structure: 'secours',
			input: {
				name: 'Épicerie sociale et solidaire',
				description: 'Produits alimentaires et d’hygiène à petit prix, ateliers cuisine et conseils budget.',
				type: 'aide-materielle',
				thematiques: ['equipement-et-alimentation--alimentation'],
				publics: ['familles'],
				fees: 'payant',
				receptionModes: ['en-presentiel'],
				eligibilityZone: ['46102'],
				...PLACES.figeac
			}
		},
		colis: {
			structure: 'secours',
			input: {
				name: 'Aide alimentaire d’urgence',
				description: 'Colis alimentaires et bons d’achat pour les foyers en difficulté passagère.',
				type: 'aide-materielle',
				thematiques: ['equipement-et-alimentation--alimentation'],
				publics: ['tous-publics'],
				fees: 'gratuit',
				receptionModes: ['en-presentiel'],
				...PLACES.cahors
			}
		},
		accueilJour: {
			structure: 'ccas',
			input: {
				name: 'Accueil de jour',
				description: 'Douches, laverie, vestiaire solidaire et café : un lieu pour se poser et être écouté.',
				type: 'accompagnement',
				thematiques: ['remobilisation--lien-social', 'equipement-et-alimentation--habillement'],
				publics: ['personnes-en-situation-durgence'],
				fees: 'gratuit',
				receptionModes: ['en-presentiel'],
				...PLACES.cahors
			}
		},
		violences: {
			structure: 'victimes',
			input: {
				name: 'Écoute et accompagnement des victimes de violences conjugales',
				description:
					'Entretiens confidentiels, aide aux démarches de plainte, mise en sécurité et accompagnement juridique.',
				type: 'accompagnement',
				thematiques: [
					'famille--surmonter-conflits-separation-violence',
					'difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire'
				],
				publics: ['femmes'],
				fees: 'gratuit',
				receptionModes: ['en-presentiel', 'a-distance'],
				eligibilityZone: ['46'],
				...PLACES.cahors
			}
		},
		budget: {
			structure: 'udaf',
			input: {
				name: 'Point conseil budget',
				description:
					'Conseils gratuits et confidentiels pour gérer son budget et prévenir le surendettement.',
				type: 'accompagnement',
				thematiques: [
					'difficultes-financieres--ameliorer-sa-gestion-budgetaire',
					'difficultes-financieres--situation-dendettement-surendettement'
				],
				publics: ['tous-publics'],
				fees: 'gratuit',
				receptionModes: ['en-presentiel', 'a-distance'],
				...PLACES.gourdon
			}
		},
		numerique: {
			structure: 'franceServices',
			input: {
				name: 'Conseiller numérique France services',
				description:
					'Ateliers pour apprendre à utiliser un ordinateur et aide aux démarches administratives en ligne.',
				type: 'atelier',
				thematiques: [
					'numerique--maitriser-les-fondamentaux-du-numerique',
					'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives'
				],
				publics: ['tous-publics'],
				fees: 'gratuit',
				receptionModes: ['en-presentiel'],
				...PLACES.gramat
			}
		},
		missionLocale: {
			structure: 'missionLocale',
			input: {
				name: 'Mission locale : emploi et formation des 16-25 ans',
				description: 'Un conseiller accompagne les jeunes vers l’emploi, la formation et le logement.',
				type: 'accompagnement',
				thematiques: ['trouver-un-emploi--repondre-a-des-offres-demploi', 'se-former--trouver-sa-formation'],
				publics: ['jeunes'],
				fees: 'gratuit',
				receptionModes: ['en-presentiel'],
				...PLACES.souillac
			}
		},
		aidants: {
			structure: 'cias',
			input: {
				name: 'Plateforme de répit des aidants',
				description: 'Groupes de parole, relais à domicile et séjours de répit pour les proches aidants.',
				type: 'accompagnement',
				thematiques: ['famille--soutien-aidants'],
				publics: ['seniors'],
				fees: 'gratuit',
				receptionModes: ['en-presentiel'],
				...PLACES.saintCere
			}
		},
		droits: {
			structure: 'caf',
			input: {
				name: 'Permanence d’accès aux droits',
				description: 'RSA, prime d’activité, aides au logement : un agent vérifie vos droits avec vous.',
				type: 'information',
				thematiques: ['difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits'],
				publics: ['beneficiaires-des-minimas-sociaux'],
				fees: 'gratuit',
				receptionModes: ['en-presentiel'],
				...PLACES.lacapelle
			}
		},
		garage: {
			structure: 'garage',
			input: {
				name: 'Garage solidaire',
				description: 'Réparation et entretien de véhicules à prix réduit pour les personnes en insertion.',
				type: 'aide-materielle',
				thematiques: ['mobilite--entretenir-reparer-son-vehicule'],
				publics: ['demandeurs-emploi'],
				fees: 'payant',
				receptionModes: ['en-presentiel'],
				...PLACES.prayssac
			}
		},
		ligne3919: {
			structure: 'national',
			input: {
				name: 'Violences Femmes Info – 3919',
				description: 'Numéro national d’écoute, anonyme et gratuit, pour les femmes victimes de violences.',
				type: 'information',
				thematiques: ['famille--surmonter-conflits-separation-violence'],
				publics: ['femmes'],
				fees: 'gratuit',
				receptionModes: ['a-distance'],
				eligibilityZone: ['france']
			}
		},
		cmp: {
			structure: 'hopital',
			input: {
				name: 'Centre médico-psychologique adultes',
				description: 'Consultations de psychiatre, psychologue et infirmier, sans avance de frais.',
				type: 'accompagnement',
				thematiques: ['sante--sante-mentale'],
				publics: ['tous-publics'],
				fees: 'gratuit',
				receptionModes: ['en-presentiel'],
				...PLACES.figeac
			}
		},
		expulsions: {
			structure: 'adil',
			input: {
				name: 'Prévention des expulsions locatives',
				description: 'Conseils juridiques aux locataires en impayé de loyer, médiation avec le bailleur.',
				type: 'information',
				thematiques: [
					'logement-hebergement--se-maintenir-dans-le-logement',
					'logement-hebergement--reduire-les-impayes-de-loyer'
				],
				publics: ['tous-publics'],
				fees: 'gratuit',
				receptionModes: ['en-presentiel', 'a-distance'],
				eligibilityZone: ['46'],
				...PLACES.cahors
			}
		},
		urgenceAuch: {
			structure: 'auch',
			input: {
				name: 'Hébergement d’urgence d’Auch',
				description: 'Mise à l’abri des personnes sans domicile dans le Gers.',
				type: 'aide-materielle',
				thematiques: ['logement-hebergement--rechercher-une-solution-dhebergement-temporaire'],
				publics: ['personnes-en-situation-durgence'],
				fees: 'gratuit',
				receptionModes: ['en-presentiel'],
				eligibilityZone: ['32'],
				...PLACES.auch
			}
		}
	};

	const STRUCTURES: Record<string, { name: string; communeCode: string | null; website?: string }> = {
		ccas: { name: 'CCAS de Cahors', communeCode: '46042', website: 'https://www.cahors.fr/ccas' },
		cias: { name: 'CIAS du Grand-Figeac', communeCode: '46102' },
		secours: { name: 'Secours populaire — antenne de Figeac', communeCode: '46102' },
		victimes: { name: 'France Victimes 46', communeCode: '46042' },
		udaf: { name: 'UDAF du Lot', communeCode: '46127' },
		franceServices: { name: 'France services de Gramat', communeCode: '46128' },
		missionLocale: { name: 'Mission locale du Lot', communeCode: '46309' },
		caf: { name: 'CAF du Lot', communeCode: '46042' },
		garage: { name: 'Garage solidaire du Quercy Blanc', communeCode: '46225' },
		national: { name: 'Fédération nationale Solidarité Femmes', communeCode: null },
		hopital: { name: 'Centre hospitalier de Figeac', communeCode: '46102' },
		adil: { name: 'ADIL du Lot', communeCode: '46042' },
		auch: { name: 'Maison des solidarités d’Auch', communeCode: '32013' }
	};

	beforeAll(async () => {
		t = await createTestDatabase();
		// the default id of actorWith(): history rows and audit events reference their author
		await t.db.execute(
			sql`insert into users (id, email, display_name) values ('00000000-0000-4000-8000-000000000001', 'agent@example.fr', 'Agent de test')`
		);
		const admin: Context = { db: t.db, actor: actorWith([], { instanceAdmin: true }), now: () => NOW };
		const structureIds: Record<string, string> = {};
		for (const [key, s] of Object.entries(STRUCTURES)) {
			structureIds[key] = (
				await createStructure(admin, {
					name: s.name,
					description: '',
					communeCode: s.communeCode,
					website: s.website ?? null,
					address: s.communeCode ? '2 place de la Mairie' : null,
					networks: []
				})
			).id;
		}
		for (const [key, s] of Object.entries(SERVICES)) {
			const input = serviceInputSchema.parse({ ...s.input, structureId: structureIds[s.structure] });
			ids[key] = (await createService(admin, input)).id;
		}
		await refreshSearchWords(t.db);
		if (engine === 'index') await enableSearchIndex(t.db).build();
		figeacEpci = (
			await rows<{ epci: string }>(t.db, sql`select epci_code as epci from communes where code = '46102'`)
		)[0]!.epci;
	});
	afterAll(() => t.drop());

	describe('full text', () => {
		it('ignores accents and case: "HEBERGEMENT D’URGENCE" finds the three emergency shelters', async () => {
			const result = await search({ q: 'HEBERGEMENT D’URGENCE' });
			expect(keysOf(result)).toEqual(['urgenceAuch', 'urgenceCahors', 'urgenceFigeac']);
			expect(result.correctedQuery).toBeNull();
		});

		it('corrects a small typo: "hebergement urgense" finds "Hébergement d’urgence" and says so', async () => {
			const result = await search({ q: 'hebergement urgense' });
			expect(result.correctedQuery).toBe('hebergement urgence');
			expect(names(result)).toContain('Hébergement d’urgence');
			expect(result.total).toBe(3);
		});

		it('corrects a typo in the middle of the query and keeps known words as typed', async () => {
			const result = await search({ q: 'epicierie solidaire' });
			expect(result.correctedQuery).toBe('epicerie solidaire');
			// "épicerie solidaire" is in the synonyms of food aid (ADR 010): the épicerie first, by its name
			expect(result.items[0]!.id).toBe(ids.epicerie);
		});

		it('searches the words as typed when asked (the « Vous cherchiez » link)', async () => {
			const result = await search({ q: 'hebergement urgense', noCorrection: true });
			expect(result.correctedQuery).toBeNull();
			expect(result.items.map((i) => i.id)).not.toContain(ids.urgenceCahors);
		});

		it('matches French word forms (stemming) and the start of the last word', async () => {
			expect(keysOf(await search({ q: 'expulsion' }))).toEqual(['expulsions']);
			expect(keysOf(await search({ q: 'garag' }))).toEqual(['garage']);
			// "violence" (singular) finds texts saying "violences"
			expect(keysOf(await search({ q: 'violence' }))).toEqual(['ligne3919', 'violences']);
		});

		it('ranks a service whose name holds the words above one that only mentions them', async () => {
			const result = await search({ q: 'budget' });
			expect(result.items[0]!.name).toBe('Point conseil budget');
			expect(keysOf(result)).toEqual(['budget', 'epicerie']);
		});

		it('does not "correct" a word the vocabulary does not know yet but the services do', async () => {
			const admin: Context = { db: t.db, actor: actorWith([], { instanceAdmin: true }), now: () => NOW };
			const structure = (
				await rows<{ id: string }>(t.db, sql`select id from structures where name = 'CCAS de Cahors'`)
			)[0]!.id;
			const created = await createService(
				admin,
				serviceInputSchema.parse({
					structureId: structure,
					name: 'Ressourcerie du Lot',
					description: 'Meubles et vêtements de seconde main à petit prix.',
					thematiques: ['equipement-et-alimentation--habillement'],
					...PLACES.cahors
				})
			);
			try {
				// no refreshSearchWords() since: the vocabulary is stale
				const result = await search({ q: 'ressourcerie' });
				expect(result.correctedQuery).toBeNull();
				expect(result.items.map((i) => i.id)).toEqual([created.id]);
			} finally {
				await t.db.execute(sql`delete from services where id = ${created.id}`);
			}
		});

		it('falls back on names alike when full text finds nothing', async () => {
			// "grandfigeac" is no word of the vocabulary, nor close enough to one, but close to a name
			const result = await search({ q: 'grandfigeac' });
			expect(result.correctedQuery).toBeNull();
			expect(result.items[0]?.name).toBe('Hébergement d’urgence du Grand-Figeac');
		});

		it('finds nothing, without error, for text that matches nothing, and ignores stop words alone', async () => {
			const none = await search({ q: 'zzkqwx' });
			expect(none.total).toBe(0);
			expect(none.items).toEqual([]);
			const stopWordsOnly = await search({ q: 'de la' });
			expect(stopWordsOnly.total).toBe(Object.keys(SERVICES).length);
		});

		it('is inert to tsquery and LIKE syntax in the text: the words are searched, nothing else', async () => {
			const urgence = await search({ q: 'urgence' });
			expect(keysOf(urgence)).toEqual(['colis', 'urgenceAuch', 'urgenceCahors', 'urgenceFigeac']);
			// tsquery operators, quotes and brackets around a word: the same answer as the word alone
			for (const q of ["urgence' | !", 'urgence & (', 'urgence:*&', '(urgence)', '"urgence"', 'urgence%'])
				expect(await search({ q }), q).toEqual(urgence);
			// nothing but punctuation (LIKE and tsquery syntax): no text, so the same answer as no text at all
			const everything = await search({});
			expect(everything.total).toBe(Object.keys(SERVICES).length);
			for (const q of ['%_\\', ':*', "'", '%', '_', '!', '&|!()<->', "'--"])
				expect(await search({ q }), q).toEqual(everything);
			// SQL payloads are plain words ("drop table services", "or") that no service holds: nothing found,
			// nothing widened, and the table is untouched
			const payload = await search({ q: "'); drop table services; --" });
			expect(payload).toEqual(await search({ q: 'drop table services' }));
			expect(payload).toMatchObject({ items: [], total: 0, correctedQuery: null });
			expect(await search({ q: "' or '1'='1" })).toMatchObject({ items: [], total: 0, correctedQuery: null });
			expect((await search({})).total).toBe(Object.keys(SERVICES).length);
		});
	});

	describe('filters', () => {
		it('thématique: a leaf code, or a category standing for all its leaves', async () => {
			expect(keysOf(await search({ thematiques: ['equipement-et-alimentation--alimentation'] }))).toEqual([
				'colis',
				'epicerie'
			]);
			expect(keysOf(await search({ thematiques: ['equipement-et-alimentation'] }))).toEqual([
				'accueilJour',
				'colis',
				'epicerie'
			]);
			// several codes: any of them
			expect(keysOf(await search({ thematiques: ['mobilite', 'sante--sante-mentale'] }))).toEqual([
				'cmp',
				'garage'
			]);
		});

		it('public: services for that public, and those for everyone', async () => {
			expect(keysOf(await search({ publics: ['femmes'] }))).toEqual([
				'budget',
				'cmp',
				'colis',
				'expulsions',
				'ligne3919',
				'numerique',
				'violences'
			]);
		});

		it('reception mode, fees and type', async () => {
			expect(keysOf(await search({ receptionModes: ['a-distance'] }))).toEqual([
				'budget',
				'expulsions',
				'ligne3919',
				'violences'
			]);
			expect(keysOf(await search({ fees: ['payant'] }))).toEqual(['epicerie', 'garage']);
			expect(keysOf(await search({ types: ['information'], fees: ['gratuit'] }))).toEqual([
				'droits',
				'expulsions',
				'ligne3919'
			]);
		});

		it('filters combine with the text', async () => {
			expect(keysOf(await search({ q: 'urgence', territory: { type: 'departement', code: '46' } }))).toEqual([
				'colis',
				'urgenceCahors',
				'urgenceFigeac'
			]);
		});
	});

	describe('territory', () => {
		it('département: services located in it and those eligible there (national ones too), not the Gers', async () => {
			const result = await search({ territory: { type: 'departement', code: '46' }, pageSize: 100 });
			expect(keysOf(result)).toEqual(
				Object.keys(SERVICES)
					.filter((k) => k !== 'urgenceAuch')
					.sort()
			);
			const gers = await search({ territory: { type: 'departement', code: '32' } });
			expect(keysOf(gers)).toEqual(['ligne3919', 'urgenceAuch']);
		});

		it('EPCI: its communes’ services and those whose zone covers it (its département, France)', async () => {
			const result = await search({ territory: { type: 'epci', code: figeacEpci } });
			expect(keysOf(result)).toEqual(
				// Lacapelle-Marival is in the Grand-Figeac
				['cmp', 'droits', 'epicerie', 'expulsions', 'ligne3919', 'urgenceFigeac', 'violences'].sort()
			);
		});

		it('commune: located there or eligible there — a Cahors-only service does not show in Figeac', async () => {
			const figeac = await search({ territory: { type: 'commune', code: '46102' } });
			expect(keysOf(figeac)).toEqual([
				'cmp',
				'epicerie',
				'expulsions',
				'ligne3919',
				'urgenceFigeac',
				'violences'
			]);
			const gramat = await search({ territory: { type: 'commune', code: '46128' } });
			expect(keysOf(gramat)).toEqual(['expulsions', 'ligne3919', 'numerique', 'urgenceFigeac', 'violences']);
			// the Cahors shelter is eligible for Cahors only, and is in Cahors
			const cahors = await search({ territory: { type: 'commune', code: '46042' }, q: 'hebergement' });
			// and "hébergement" is a synonym of "logement" (ADR 010): the expulsions service comes after the shelters
			expect(keysOf(cahors)).toEqual(['expulsions', 'urgenceCahors', 'urgenceFigeac']);
			expect(cahors.items.at(-1)!.id).toBe(ids.expulsions);
		});

		it('région: located in one of its communes, or national', async () => {
			const occitanie = await search({ territory: { type: 'region', code: '76' }, pageSize: 0 });
			expect(occitanie.total).toBe(Object.keys(SERVICES).length);
			expect(occitanie.items).toEqual([]);
		});

		it('an unknown territory is a validation error', async () => {
			await expect(search({ territory: { type: 'departement', code: '99' } })).rejects.toBeInstanceOf(
				ValidationError
			);
			await expect(search({ territory: { type: 'commune', code: '46999' } })).rejects.toBeInstanceOf(
				ValidationError
			);
		});
	});

	describe('distance', () => {
		it('from Cahors at 20 km: the services within 20 km, and beyond those whose zone covers Cahors (ADR 010)', async () => {
			const near = await search({ near: { communeCode: '46042' }, radiusKm: 20, pageSize: 100 });
			// within 20 km; plus the Figeac shelter (zone: the Lot) and the national line (zone: France, no
			// coordinates: last); not the Figeac épicerie (zone: Figeac) nor Auch's shelter (zone: the Gers)
			expect(keysOf(near)).toEqual([
				'accueilJour',
				'colis',
				'expulsions',
				'ligne3919',
				'urgenceCahors',
				'urgenceFigeac',
				'violences'
			]);
			for (const item of near.items)
				if (item.distanceKm !== null && item.distanceKm <= 20) expect(item.reach).toBe('near');
				else expect(item.reach, item.name).toBe('covers');
			expect(near.items.map((i) => i.id).slice(-2)).toEqual([ids.urgenceFigeac, ids.ligne3919]);
			expect(near.items.at(-1)!.distanceKm).toBeNull();

			const wide = await search({ near: { communeCode: '46042' }, radiusKm: 80, pageSize: 100 });
			const keys = keysOf(wide);
			expect(keys).toContain('epicerie');
			expect(keys).toContain('cmp');
			expect(keys).not.toContain('urgenceAuch');
			const distances = wide.items.flatMap((i) => (i.distanceKm === null ? [] : [i.distanceKm]));
			expect(distances).toEqual([...distances].sort((a, b) => a - b));
			const figeac = wide.items.find((i) => i.id === ids.epicerie)!;
			expect(figeac.distanceKm).toBeGreaterThan(40);
			expect(figeac.distanceKm).toBeLessThan(60);
			expect(figeac.communeName).toBe('Figeac');
		});

		it('from a point, with text: relevance first, then distance', async () => {
			const result = await search({
				q: 'hebergement urgence',
				near: { latitude: 44.6086, longitude: 2.0317 },
				radiusKm: 100
			});
			expect(keysOf(result)).toEqual(['urgenceCahors', 'urgenceFigeac']);
			expect(result.items.find((i) => i.id === ids.urgenceFigeac)!.distanceKm).toBeLessThan(1);
		});

		it('the default radius is 30 km; an unknown commune is a validation error', async () => {
			const result = await search({ near: { communeCode: '46102' }, pageSize: 100 });
			// beyond 30 km, only services whose zone covers Figeac
			expect(result.items.every((i) => i.distanceKm! <= 30 || i.reach === 'covers')).toBe(true);
			expect(result.items.filter((i) => i.reach === 'covers').length).toBeGreaterThan(0);
			expect(keysOf(result)).toEqual(keysOf(await search({ near: { communeCode: '46102' }, radiusKm: 30 })));
			expect(keysOf(result)).toEqual(expect.arrayContaining(['cmp', 'droits', 'epicerie', 'urgenceFigeac']));
			expect(keysOf(result)).not.toContain('urgenceCahors');
			await expect(search({ near: { communeCode: '46999' } })).rejects.toBeInstanceOf(ValidationError);
		});

		it('from Figeac at 10 km with text: a service of Cahors covering the Lot is found, one for Cahors only is not', async () => {
			const shelters = await search({
				q: 'hebergement urgence',
				near: { communeCode: '46102' },
				radiusKm: 10
			});
			expect(keysOf(shelters)).toEqual(['urgenceFigeac']);
			expect(shelters.items[0]!.reach).toBe('near');
			const result = await search({ q: 'violences', near: { communeCode: '46102' }, radiusKm: 10 });
			expect(keysOf(result)).toEqual(['ligne3919', 'violences']);
			const violences = result.items.find((i) => i.id === ids.violences)!;
			expect(violences.reach).toBe('covers');
			expect(violences.distanceKm).toBeGreaterThan(40);
			// from bare coordinates there is no commune, hence no coverage
			const { latitude, longitude } = PLACES.figeac;
			const point = keysOf(await search({ q: 'violences', near: { latitude, longitude }, radiusKm: 10 }));
			expect(point).not.toContain('violences');
			expect(point).not.toContain('ligne3919');
		});

		it('any distance from a commune: every service, nearest first, none without coordinates before', async () => {
			const result = await search({ near: { communeCode: '46102' }, anyDistance: true, pageSize: 100 });
			expect(result.total).toBe(Object.keys(SERVICES).length);
			const distances = result.items.map((i) => i.distanceKm);
			const measured = distances.filter((d): d is number => d !== null);
			expect(measured).toEqual([...measured].sort((a, b) => a - b));
			expect(distances.slice(measured.length).every((d) => d === null)).toBe(true);
			expect(result.items.at(-1)!.id).toBe(ids.ligne3919);
			expect(keysOf(result)).toContain('urgenceAuch');
		});

		it('without a point, no distance', async () => {
			const result = await search({ q: 'garage' });
			expect(result.items[0]!.distanceKm).toBeNull();
			expect(result.items[0]!.communeName).toBe('Prayssac');
		});
	});

	describe('facets, pages, life events', () => {
		it('counts the whole filtered set by category, thématique, public, mode, fees and type', async () => {
			const result = await search({ territory: { type: 'departement', code: '46' }, pageSize: 2 });
			expect(result.items).toHaveLength(2);
			expect(result.total).toBe(15);
			expect(result.facets.categorie['logement-hebergement']).toBe(3);
			expect(result.facets.categorie['equipement-et-alimentation']).toBe(3);
			// one service with two leaves of a category counts once for the category, once per leaf
			expect(result.facets.categorie['difficultes-financieres']).toBe(1);
			expect(result.facets.thematique['difficultes-financieres--ameliorer-sa-gestion-budgetaire']).toBe(1);
			expect(result.facets.thematique['difficultes-financieres--situation-dendettement-surendettement']).toBe(
				1
			);
			expect(result.facets.categorie.famille).toBe(3);
			expect(result.facets.public['tous-publics']).toBe(5);
			expect(result.facets.receptionMode).toEqual({ 'a-distance': 4, 'en-presentiel': 14 });
			expect(result.facets.fees).toEqual({ gratuit: 13, payant: 2 });
			expect(Object.values(result.facets.type).reduce((a, b) => a + b, 0)).toBe(15);
			expect(result.facets.type.information).toBe(3);
		});

		it('facets follow the filters, and can be left out', async () => {
			const withText = await search({ q: 'urgence' });
			expect(withText.facets.categorie).toEqual({
				'logement-hebergement': 3,
				'equipement-et-alimentation': 1
			});
			const without = await search({ q: 'urgence', facets: false });
			expect(without.facets.categorie).toEqual({});
			expect(without.total).toBe(4);
		});

		it('pages: total stays, page 2 continues page 1, the last page is short', async () => {
			const first = await search({ pageSize: 5 });
			const second = await search({ pageSize: 5, page: 2 });
			const last = await search({ pageSize: 5, page: 4 });
			expect(first.total).toBe(16);
			expect(second.total).toBe(16);
			expect(second.page).toBe(2);
			expect(second.items).toHaveLength(5);
			expect(last.items).toHaveLength(1);
			const seen = [...first.items, ...second.items, ...last.items].map((i) => i.id);
			expect(new Set(seen).size).toBe(11);
			// without text nor point: by name, accents aside
			expect(names(first)).toEqual([
				'Accueil de jour',
				'Aide alimentaire d’urgence',
				'Centre médico-psychologique adultes',
				'Conseiller numérique France services',
				'Écoute et accompagnement des victimes de violences conjugales'
			]);
			expect((await search({ pageSize: 5, page: 9 })).items).toEqual([]);
		});

		it('a life event selects its thématiques and puts its publics first', async () => {
			const result = await search({
				lifeEvent: 'je-perds-mon-logement',
				territory: { type: 'departement', code: '46' }
			});
			expect(keysOf(result)).toEqual(['expulsions', 'urgenceCahors', 'urgenceFigeac']);
			// the shelters are for people in an emergency, the life event's public
			expect(
				result.items
					.slice(0, 2)
					.map((i) => i.id)
					.sort()
			).toEqual([ids.urgenceCahors, ids.urgenceFigeac].sort());
			const violence = await search({ lifeEvent: 'je-subis-des-violences-dans-mon-couple' });
			expect(keysOf(violence)).toContain('ligne3919');
			await expect(search({ lifeEvent: 'je-gagne-au-loto' })).rejects.toBeInstanceOf(ValidationError);
		});

		it('items are full service records', async () => {
			const [item] = (await search({ q: 'garage solidaire' })).items;
			expect(item).toMatchObject({
				id: ids.garage,
				name: 'Garage solidaire',
				structureName: 'Garage solidaire du Quercy Blanc',
				fees: 'payant',
				communeCode: '46225',
				stale: false
			});
		});
	});

	describe('service sheet', () => {
		it('is public, with the structure’s contact details and the commune names', async () => {
			const sheet = await getServiceSheet(anonymous(), ids.urgenceCahors!);
			expect(sheet.name).toBe('Hébergement d’urgence');
			expect(sheet.communeName).toBe('Cahors');
			expect(sheet.structure).toMatchObject({
				name: 'CCAS de Cahors',
				website: 'https://www.cahors.fr/ccas',
				address: '2 place de la Mairie',
				communeName: 'Cahors'
			});
			await expect(getServiceSheet(anonymous(), crypto.randomUUID())).rejects.toBeInstanceOf(NotFoundError);
		});
	});

	describe('query string (GET /api/v1/services)', () => {
		const parse = (qs: string) =>
			toSearchQuery(parseOrThrow(servicesQuerySchema, searchParamsToObject(new URLSearchParams(qs))));
		const issues = (qs: string) => {
			try {
				parse(qs);
			} catch (error) {
				if (error instanceof ValidationError) return error.issues;
				throw error;
			}
			return [];
		};

		it('reads repeated keys and comma lists, and searches with them', async () => {
			const query = parse(
				'q=h%C3%A9bergement&thematiques=logement-hebergement&publics=personnes-en-situation-durgence,femmes&near=46042&radiusKm=80&pageSize=1&facets=false'
			);
			expect(query).toMatchObject({
				q: 'hébergement',
				thematiques: ['logement-hebergement'],
				publics: ['personnes-en-situation-durgence', 'femmes'],
				near: { communeCode: '46042' },
				radiusKm: 80,
				pageSize: 1,
				facets: false
			});
			const result = await search(query);
			const direct = await search({
				q: 'hébergement',
				thematiques: ['logement-hebergement'],
				publics: ['personnes-en-situation-durgence', 'femmes'],
				near: { communeCode: '46042' },
				radiusKm: 80,
				pageSize: 1,
				facets: false
			});
			expect(result.total).toBe(direct.total);
			expect(result.total).toBeGreaterThanOrEqual(2);
			expect(result.items).toHaveLength(1);
			expect(parse('fees=gratuit&fees=payant').fees).toEqual(['gratuit', 'payant']);
		});

		it('refuses unknown codes, naming them', () => {
			expect(issues('thematiques=logement-hebergement,logement--xyz')).toEqual([
				{ field: 'thematiques.1', message: 'thematique.unknown:logement--xyz' }
			]);
			expect(issues('publics=martiens')).toEqual([
				{ field: 'publics.0', message: 'public.unknown:martiens' }
			]);
			expect(issues('lifeEvent=je-gagne-au-loto')).toEqual([
				{ field: 'lifeEvent', message: 'lifeEvent.unknown:je-gagne-au-loto' }
			]);
		});

		it('wants coordinates together, in France, and a radius of 1 to 200 km', () => {
			expect(issues('latitude=44.45')).toEqual([{ field: 'longitude', message: 'coordinates.incomplete' }]);
			expect(issues('latitude=52.52&longitude=13.40')).toEqual([
				{ field: 'latitude', message: 'coordinates.outsideFrance' }
			]);
			expect(issues('near=46042&radiusKm=500')).toEqual([{ field: 'radiusKm', message: 'radius.invalid' }]);
			expect(issues('near=Cahors')).toEqual([{ field: 'near', message: 'commune.invalidCode' }]);
			expect(issues('territoryType=departement')).toEqual([
				{ field: 'territoryCode', message: 'territory.incomplete' }
			]);
			expect(issues('territoryType=epci&territoryCode=46')).toEqual([
				{ field: 'territoryCode', message: 'code.invalid' }
			]);
			expect(issues('pageSize=500')).toEqual([{ field: 'pageSize', message: 'pageSize.invalid' }]);
			expect(parse('latitude=44.45&longitude=1.44&near=46102').near).toEqual({
				latitude: 44.45,
				longitude: 1.44
			});
		});
	});
}
