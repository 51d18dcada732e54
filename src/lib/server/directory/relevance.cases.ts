import { inArray } from 'drizzle-orm';
import type { Context } from '../context';
import { portalSearch } from '../portal/view';
import { parsePortalParams } from '../portal/query';
import { services } from './schema';
import { DEMO_SOURCE } from '../demo/services';

/**
 * The relevance test set (issue 9, ADR 010): queries as people type them in the public search — with typos,
 * words of the field and their synonyms, places typed as names, postal or INSEE codes — each with the demo
 * services (source ids of src/lib/server/demo/services.ts) that must be in the first five results.
 * Run through the portal's search (place resolution included) on the demo of the Lot: its score (share of
 * cases satisfied) is printed by `npm run bench -- relevance` and must reach 90 %; relevance.int.test.ts
 * asserts the score and, one by one, the cases marked `key`.
 */
export interface RelevanceCase {
	/** what the person types in « Que cherchez-vous ? » */
	q?: string;
	/** what they type in « Où ? » (a name, a postal code, an INSEE code) */
	place?: string;
	/** km, or 'tout'; 30 by default */
	rayon?: number | 'tout';
	/** life event slug */
	situation?: string;
	/** demo source ids that must all be among the first five */
	top5: string[];
	/** the one that must come first, when it matters */
	first?: string;
	/** a case of the issue or one the test suite asserts one by one */
	key?: boolean;
}

export const RELEVANCE_CASES: RelevanceCase[] = [
	// the complaints of issue 9
	{ q: 'addiction', place: 'Figeac', top5: ['csapa-consultations', 'csapa-permanence-souillac'], key: true },
	{ q: 'logement jeune', place: 'Figeac', top5: ['ml-logement-jeunes'], key: true },
	{
		q: 'hebergement urgense',
		place: 'Figeac',
		top5: ['ccas-hebergement-urgence'],
		first: 'ccas-hebergement-urgence',
		key: true
	},
	{
		q: 'violances conjugal',
		place: 'Cahors',
		top5: ['ecoute-accueil-jour', 'mpf-accompagnement-vif', 'ecoute-permanence-figeac'],
		key: true
	},
	{
		q: 'CAF',
		top5: ['caf-rendez-vous-droits', 'caf-impayes-loyer', 'caf-separation', 'caf-permanence-figeac'],
		key: true
	},
	{ q: 'addiction', place: '46102', top5: ['csapa-consultations'], key: true },
	{ q: 'addiction', place: '46100', top5: ['csapa-consultations'], key: true },
	{ q: 'logement jeune', place: 'Figeak', top5: ['ml-logement-jeunes'], key: true },
	// synonyms of the field
	{ q: 'VIF', place: 'Cahors', top5: ['mpf-accompagnement-vif', 'ecoute-accueil-jour'], key: true },
	{ q: 'violences intrafamiliales', top5: ['mpf-accompagnement-vif', 'ecoute-accueil-jour'] },
	{
		q: 'violences conjugales',
		place: 'Figeac',
		top5: ['ecoute-permanence-figeac'],
		first: 'ecoute-permanence-figeac'
	},
	{
		q: 'manger',
		place: 'Cahors',
		top5: ['ccas-aide-alimentaire-urgence', 'ccas-epicerie-sociale'],
		key: true
	},
	{ q: 'manger', place: 'Figeac', top5: ['epicerie-figeac-courses'] },
	{ q: 'allocations familiales', top5: ['caf-rendez-vous-droits'] },
	{ q: 'drogue', place: 'Souillac', top5: ['csapa-permanence-souillac'] },
	{ q: 'alcool', top5: ['csapa-consultations'] },
	{ q: 'addictologie', place: 'Cahors', top5: ['csapa-consultations'] },
	{ q: 'logement', place: 'Gourdon', top5: ['ml-logement-jeunes'] },
	{ q: 'sans abri', place: 'Figeac', top5: ['ccas-hebergement-urgence'] },
	{ q: 'mise a l abri', place: 'Cahors', top5: ['ccas-hebergement-urgence'] },
	{ q: 'CPAM', top5: ['cpam-css', 'cpam-mission-accompagnement-sante', 'cpam-examen-prevention'] },
	{ q: 'mutuelle', top5: ['cpam-css'] },
	{ q: 'RSA', top5: ['mds-cahors-rsa'] },
	{ q: 'PMI', top5: ['pmi-consultations-nourrissons', 'pmi-visites-domicile'] },
	{ q: 'ASE', top5: ['ase-jeunes-majeurs'] },
	{ q: 'dettes', place: 'Saint-Céré', top5: ['pcb-surendettement'] },
	{ q: 'psy', place: 'Figeac', top5: ['cmp-figeac-consultations'] },
	{ q: 'vetements', place: 'Cahors', top5: ['qs-vestiaire'] },
	{ q: 'ordinateur', place: 'Gramat', top5: ['fs-gramat-poste-libre'] },
	{ q: 'mission locale', place: 'Gourdon', top5: ['ml-logement-jeunes'] },
	// typos
	{ q: 'surendetement', top5: ['pcb-surendettement'] },
	// a typo of a word found only in the structure's name (search context, ADR 010)
	{ q: 'adictologie', place: 'Souillac', top5: ['csapa-permanence-souillac'] },
	{ q: 'psychologe', place: 'Figeac', top5: ['cmp-figeac-consultations'] },
	{
		q: 'epicerie solidaire',
		place: 'Figeac',
		top5: ['epicerie-figeac-courses'],
		first: 'epicerie-figeac-courses'
	},
	{ q: 'aide alimantaire', place: 'Cahors', top5: ['ccas-aide-alimentaire-urgence'] },
	{ q: 'impayes de loyer', top5: ['caf-impayes-loyer'], first: 'caf-impayes-loyer' },
	{ q: 'domiciliation', place: 'Cahors', top5: ['ccas-domiciliation'] },
	{ q: 'permis de conduire', top5: ['ml-permis'] },
	{ q: 'garage solidaire', place: 'Cahors', top5: ['qs-garage-solidaire'] },
	{ q: 'cours de francais', top5: ['cs-souillac-francais'] },
	{ q: 'aidants', place: 'Saint-Céré', top5: ['mds-saint-cere-aidants'] },
	{ q: 'numerique seniors', place: 'Cahors', top5: ['ccas-atelier-numerique-seniors'] },
	{
		q: 'accueil social',
		place: 'Gourdon',
		top5: ['mds-gourdon-accueil-social'],
		first: 'mds-gourdon-accueil-social'
	},
	{ q: 'formation', place: 'Figeac', top5: ['ml-orientation-formation'] },
	{ q: 'transport rendez vous medical', top5: ['transport-solidaire-rdv'] },
	// places: coverage, any distance
	{ q: 'surendettement', place: 'Figeac', top5: ['pcb-surendettement'], key: true },
	{
		q: 'accueil social',
		place: '46042',
		rayon: 'tout',
		top5: ['mds-cahors-accueil-social'],
		first: 'mds-cahors-accueil-social',
		key: true
	},
	{
		situation: 'je-subis-des-violences-dans-mon-couple',
		place: 'Figeac',
		top5: ['ecoute-permanence-figeac']
	},
	{ situation: 'j-ai-des-dettes', place: 'Souillac', top5: ['pcb-surendettement'] }
];

export interface RelevanceOutcome {
	case: RelevanceCase;
	satisfied: boolean;
	/** source ids of the first five results */
	top5: string[];
	missing: string[];
	total: number;
}

export const describeCase = (c: RelevanceCase) =>
	[
		c.q ? `« ${c.q} »` : null,
		c.situation ? `situation ${c.situation}` : null,
		c.place ? `à ${c.place}` : null,
		c.rayon ? `rayon ${c.rayon}` : null
	]
		.filter(Boolean)
		.join(' ');

/** Runs one case through the public search (as GET /aide would) and checks its expectations. */
export async function runRelevanceCase(ctx: Context, c: RelevanceCase): Promise<RelevanceOutcome> {
	const search = new URLSearchParams();
	if (c.q) search.set('q', c.q);
	if (c.place) search.set('commune', c.place);
	if (c.rayon !== undefined) search.set('rayon', String(c.rayon));
	if (c.situation) search.set('situation', c.situation);
	const view = await portalSearch(ctx, parsePortalParams(search), '/aide');
	const ids = view.items.slice(0, 5).map((i) => i.id);
	const found = ids.length
		? await ctx.db
				.select({ id: services.id, sourceId: services.sourceId, source: services.source })
				.from(services)
				.where(inArray(services.id, ids))
		: [];
	const sourceOf = new Map(
		found.filter((r) => r.source === DEMO_SOURCE).map((r) => [r.id, r.sourceId ?? ''])
	);
	const top5 = ids.map((id) => sourceOf.get(id) ?? id);
	const missing = c.top5.filter((s) => !top5.includes(s));
	const firstOk = !c.first || top5[0] === c.first;
	return { case: c, satisfied: missing.length === 0 && firstOk, top5, missing, total: view.total };
}

export async function runRelevanceSet(ctx: Context, cases = RELEVANCE_CASES) {
	const outcomes: RelevanceOutcome[] = [];
	for (const c of cases) outcomes.push(await runRelevanceCase(ctx, c));
	const score = outcomes.filter((o) => o.satisfied).length / outcomes.length;
	return { outcomes, score };
}
