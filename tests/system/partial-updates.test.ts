import { beforeAll, describe, expect, it } from 'vitest';
import { apiCall, apiSignIn, useServer } from '../support/server';

/**
 * A PATCH changes what it was sent and nothing else. Every PATCH operation of the OpenAPI document is driven one
 * field at a time (PATCH /correspondents/{id} with only `phone` used to reset jobTitle to ""); an operation or
 * a field without a sample value here fails the test, so new ones get covered.
 */
const server = useServer();

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let coordination: string;
let ccas: string;
let ccasOrganisation: string;
let structureId: string;

const api = (method: string, path: string, cookie?: string, body?: unknown) =>
	apiCall(server, method, path, cookie, body);

interface Fixture {
	/** creates a resource to patch, returns its id */
	create(): Promise<string>;
	/** the resource as the API shows it */
	read(id: string): Promise<Json>;
	cookie(): string;
	/** one PATCH body per step, together covering every property of the body schema */
	steps: Json[];
	/** fields the server keeps up to date on every write (not data that was sent) */
	bookkeeping: string[];
	/** a patched field → other fields that follow it when read back (communeCode → communeName) */
	shows?: Record<string, string[]>;
	/** the PATCH path of the created resource, when it has more than {id} */
	path?(id: string): string;
}

const flatten = (nodes: Json[]): Json[] => nodes.flatMap((n) => [n, ...flatten(n.children)]);

let politiques: string[] = [];

const FIXTURES: Record<string, Fixture> = {
	// a decision of the demo (meetings module), corrected by the Lot's coordinator
	updateDecision: {
		cookie: () => coordination,
		async create() {
			const res = await api('GET', '/decisions?status=in_force&limit=100', coordination);
			const decision = (res.body.items as Json[]).find((d) => d.bodyKind !== 'partage_situations');
			expect(decision, 'the demo has no decision in force').toBeDefined();
			return decision!.id;
		},
		read: async (id) => (await api('GET', `/decisions/${id}`, coordination)).body,
		steps: [
			{ title: 'Décision corrigée par la coordination' },
			{ text: 'Texte de la décision, corrigé après relecture du compte rendu.' },
			{ outcome: 'adopté avec réserves' },
			{ reviewOn: '2099-12-31' },
			{ reason: 'Relecture du compte rendu' }
		],
		bookkeeping: ['history']
	},
	updateService: {
		cookie: () => ccas,
		async create() {
			const res = await api('POST', '/services', ccas, {
				structureId,
				name: 'Permanence d’accès aux droits',
				description: 'Accompagnement dans les démarches administratives, sur rendez-vous.',
				type: 'accompagnement',
				thematiques: ['difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits'],
				fees: 'gratuit',
				feesDetails: 'Gratuit pour tous.',
				publics: ['familles'],
				publicsDetails: 'Familles du Grand Cahors.',
				accessConditions: 'Sur rendez-vous.',
				receptionModes: ['en-presentiel'],
				outreach: true,
				eligibilityZone: ['46'],
				mobilisationModes: ['telephoner'],
				mobilisableBy: ['usagers'],
				mobilisationDetails: 'Appeler le standard.',
				mobilisationUrl: 'https://ccas-cahors.example.fr/rdv',
				contactName: 'Accueil du CCAS',
				phone: '05 65 20 88 00',
				email: 'accueil@ccas-cahors.example.fr',
				communeCode: '46042',
				postalCode: '46000',
				address: '72 rue Wilson',
				addressComplement: 'Rez-de-chaussée',
				latitude: 44.4475,
				longitude: 1.4417,
				openingHours: 'Mo-Fr 09:00-12:00',
				languages: ['fr'],
				accessibility: 'Accès de plain-pied.'
			});
			expect(res.status).toBe(201);
			return res.body.id;
		},
		read: async (id) => (await api('GET', `/services/${id}`)).body,
		steps: [
			{ name: 'Permanence droits et démarches' },
			{ description: 'Aide aux démarches en ligne et sur papier, sans rendez-vous le mardi.' },
			{ type: 'aide-materielle' },
			{ thematiques: ['equipement-et-alimentation--alimentation'] },
			{ fees: 'payant' },
			{ feesDetails: null },
			{ publics: ['seniors'] },
			{ publicsDetails: 'Personnes de plus de 60 ans.' },
			{ accessConditions: null },
			{ receptionModes: ['a-distance'] },
			{ outreach: false },
			{ eligibilityZone: ['46042', '46102'] },
			{ mobilisationModes: ['envoyer-un-courriel'] },
			{ mobilisableBy: ['professionnels'] },
			{ mobilisationDetails: 'Écrire à l’accueil.' },
			{ mobilisationUrl: null },
			{ contactName: 'Mme Delpech' },
			{ phone: null },
			{ email: 'droits@ccas-cahors.example.fr' },
			{ communeCode: '46102' },
			{ postalCode: '46100' },
			{ address: '1 place de la Mairie' },
			{ addressComplement: null },
			{ latitude: 44.6086, longitude: 2.0317 }, // together, or refused
			{ openingHours: 'Tu 14:00-17:00' },
			{ languages: ['fr', 'oc'] },
			{ accessibility: null }
		],
		bookkeeping: ['lastCheckedAt', 'sourceUpdatedOn', 'stale'],
		shows: { communeCode: ['communeName'] }
	},
	updateStructure: {
		cookie: () => ccas,
		async create() {
			const res = await api('POST', '/structures', ccas, {
				name: 'Épicerie sociale du CCAS de Cahors',
				description: 'Produits à petit prix pour les foyers orientés par un travailleur social.',
				organisationId: ccasOrganisation,
				siret: '26460014500019',
				communeCode: '46042',
				postalCode: '46000',
				address: '12 rue du Président Wilson',
				addressComplement: 'Cour intérieure',
				latitude: 44.4475,
				longitude: 1.4417,
				phone: '05 65 20 88 10',
				email: 'epicerie@ccas-cahors.example.fr',
				website: 'https://ccas-cahors.example.fr/epicerie',
				openingHours: 'Tu,Th 14:00-17:00',
				accessibilityUrl: 'https://acceslibre.beta.gouv.fr/app/46-cahors/a/epicerie/',
				networks: ['ANDES']
			});
			expect(res.status).toBe(201);
			return res.body.id;
		},
		read: async (id) => (await api('GET', `/structures/${id}`)).body,
		steps: [
			{ name: 'Épicerie solidaire de Cahors' },
			{ description: 'Produits à petit prix, sur orientation.' },
			{ organisationId: 'CCAS_ORGANISATION' },
			{ siret: null },
			{ communeCode: '46102' },
			{ postalCode: '46100' },
			{ address: '1 place Vival' },
			{ addressComplement: null },
			{ latitude: 44.6086, longitude: 2.0317 },
			{ phone: '05 65 34 00 00' },
			{ email: null },
			{ website: null },
			{ openingHours: 'Mo-Fr 09:00-12:00' },
			{ accessibilityUrl: null },
			{ networks: ['ANDES', 'Restos du cœur'] }
		],
		bookkeeping: []
	},
	updateCorrespondent: {
		cookie: () => ccas,
		async create() {
			const res = await api('POST', `/structures/${structureId}/correspondents`, ccas, {
				theme: 'logement-hebergement',
				fullName: 'Margaux Delpech',
				jobTitle: 'Conseillère en économie sociale et familiale',
				phone: '05 65 20 88 01',
				email: 'm.delpech@ccas-cahors.example.fr'
			});
			expect(res.status).toBe(201);
			return res.body.id;
		},
		async read(id) {
			const list = await api('GET', `/structures/${structureId}/correspondents`, ccas);
			return list.body.items.find((c: Json) => c.id === id);
		},
		steps: [
			{ theme: 'sante' },
			{ fullName: 'Margaux Delpech-Andrieu' },
			{ jobTitle: 'Référente logement' },
			{ phone: '05 65 20 88 02' },
			{ email: null }
		],
		bookkeeping: []
	},
	updateReferentialNode: {
		cookie: () => coordination,
		async create() {
			const politique = politiques[0]!;
			const first = await api('POST', '/referential', coordination, {
				departementCode: '46',
				parentId: politique,
				name: 'Prévenir les expulsions',
				description: 'Repérer tôt les impayés de loyer.'
			});
			// a sibling after it, so that "move" has somewhere to go
			await api('POST', '/referential', coordination, {
				departementCode: '46',
				parentId: politique,
				name: 'Héberger en urgence'
			});
			expect(first.status).toBe(201);
			return first.body.id;
		},
		async read(id) {
			const tree = await api('GET', '/referential?departement=46');
			const { children, services, serviceCount, ...node } = flatten(tree.body.items).find(
				(n) => n.id === id
			)!;
			void children;
			void services;
			void serviceCount;
			return node;
		},
		steps: [
			{ name: 'Prévenir les expulsions locatives' },
			{ description: 'Repérer les impayés dès le deuxième mois.' },
			{ parentId: 'SECOND_POLITIQUE' },
			{ move: 'down' }
		],
		bookkeeping: [],
		shows: { parentId: ['position'], move: ['position'] }
	},
	updateCooperation: {
		cookie: () => coordination,
		async create() {
			const res = await api('POST', '/cooperations', coordination, {
				name: 'Coopération socio-éducative du Grand Figeac',
				description: 'Coordonner la prévention spécialisée.',
				themes: ['famille--surmonter-conflits-separation-violence'],
				territoryType: 'departement',
				territoryCode: '46',
				parties: [{ organisationId: ccasOrganisation, role: 'pilote' }]
			});
			expect(res.status).toBe(201);
			return res.body.id;
		},
		async read(id) {
			return (await api('GET', `/cooperations/${id}`, coordination)).body;
		},
		steps: [
			{ name: 'Coopération socio-éducative du Figeacois' },
			{ description: 'Coordonner la prévention spécialisée et les clubs de prévention.' },
			{ themes: ['sante--acces-aux-soins'] },
			{ territoryType: 'commune', territoryCode: '46102' },
			{ status: 'archived' }
		],
		bookkeeping: ['updatedAt']
	},
	// governance (branch meetings): a body, a meeting and an action of the demo VIF cooperation
	updateBody: {
		cookie: () => coordination,
		async create() {
			const res = await api('POST', '/bodies', coordination, {
				cooperationId: await vifCooperation(),
				kind: 'technique',
				name: 'Groupe de travail (test PATCH)'
			});
			expect(res.status).toBe(201);
			return res.body.id;
		},
		read: async (id) => (await api('GET', `/bodies/${id}`, coordination)).body,
		steps: [
			{ name: 'Groupe de travail logement (test PATCH)' },
			{ description: 'Se réunit tous les deux mois.' },
			{ territoryType: 'epci', territoryCode: '200023737' },
			{ themes: ['logement-hebergement--louer-un-logement'] }
		],
		bookkeeping: []
	},
	updateMeeting: {
		cookie: () => coordination,
		async create() {
			const body = await api('POST', '/bodies', coordination, {
				cooperationId: await vifCooperation(),
				kind: 'technique',
				name: 'Comité (test PATCH des réunions)'
			});
			const res = await api('POST', `/bodies/${body.body.id}/meetings`, coordination, {
				title: 'Réunion (test PATCH)',
				startsAt: '2027-05-04T12:00:00.000Z',
				endsAt: '2027-05-04T14:00:00.000Z',
				location: 'Cahors',
				agenda: [{ title: 'Tour de table', durationMinutes: 15 }]
			});
			expect(res.status).toBe(201);
			return res.body.id;
		},
		async read(id) {
			const meeting = (await api('GET', `/meetings/${id}`, coordination)).body;
			// the agenda as it is sent (its rows get new ids when it is replaced)
			return {
				...meeting,
				agenda: meeting.agenda.map((a: Json) => ({
					title: a.title,
					description: a.description,
					durationMinutes: a.durationMinutes
				}))
			};
		},
		steps: [
			{ title: 'Réunion de mai (test PATCH)' },
			{ startsAt: '2027-05-04T11:30:00.000Z' },
			{ endsAt: '2027-05-04T14:30:00.000Z' },
			{ location: 'Figeac' },
			{ chairMemberId: null },
			{ agenda: [{ title: 'Bilan', description: 'Chiffres du trimestre', durationMinutes: 40 }] },
			{ status: 'held' }
		],
		bookkeeping: ['icsSequence'],
		shows: { agenda: ['totalMinutes'] }
	},
	updateAction: {
		cookie: () => coordination,
		async create() {
			const me = (await api('GET', '/me', coordination)).body;
			const res = await api('POST', '/actions', coordination, {
				cooperationId: await vifCooperation(),
				title: 'Relancer les partenaires (test PATCH)',
				ownerUserId: me.user.id,
				ownerOrganisationId: me.memberships[0].organisationId,
				dueOn: '2027-06-30'
			});
			expect(res.status).toBe(201);
			return res.body.id;
		},
		read: async (id) => (await api('GET', `/actions/${id}`, coordination)).body,
		steps: [
			{ title: 'Relancer les partenaires du réseau (test PATCH)' },
			{ description: 'Par courriel puis par téléphone.' },
			{ dueOn: '2027-07-15' },
			{ status: 'done' },
			{ ownerUserId: 'CCAS_USER', ownerOrganisationId: 'CCAS_ORGANISATION' }
		],
		bookkeeping: ['history'],
		shows: { status: ['completedAt'] }
	},
	// a charter version of the demo cooperation that has none yet (CCAS de Cahors pilots it)
	updateCharterVersion: {
		cookie: () => ccas,
		async create() {
			const admin = await apiSignIn(server, 'admin@demo.maillage.fr');
			const events = await api('GET', '/audit-events?action=cooperation.create&limit=200', admin);
			for (const e of events.body.items as { objectId: string }[]) {
				const list = await api('GET', `/cooperations/${e.objectId}/charter/versions`, ccas);
				if (list.status !== 200 || list.body.items.length) continue;
				const created = await api('POST', `/cooperations/${e.objectId}/charter/versions`, ccas, {
					template: 'insertion'
				});
				expect(created.status).toBe(201);
				return e.objectId;
			}
			throw new Error('no demo cooperation without a charter');
		},
		path: (id) => `/cooperations/${id}/charter/versions/1`,
		async read(id) {
			return (await api('GET', `/cooperations/${id}/charter/versions/1`, ccas)).body.content;
		},
		steps: [
			{ title: 'Convention insertion du Grand Cahors' },
			{
				sections: Object.fromEntries(
					[
						'objectifs',
						'acteurs',
						'publics',
						'gouvernance',
						'partageInformation',
						'suiviEvaluation',
						'observatoire',
						'communication',
						'roles',
						'delegation'
					].map((k) => [k, `<p>Texte de la section ${k}.</p>`])
				)
			},
			{ commitments: [] },
			{ risks: [] },
			{
				sharing: Object.fromEntries(
					[
						'identity',
						'contact',
						'situation',
						'needs',
						'health',
						'justice',
						'violence',
						'finances',
						'children'
					].map((c) => [c, ['pilote']])
				)
			},
			{ fund: { approvers: [], quorum: 1, ceilingPerRequest: '100.00', ceilingPerYear: '1000.00' } },
			{ startsOn: '2027-01-01' },
			{ endsOn: '2029-12-31' },
			{ reviewOn: '2028-06-30' }
		],
		bookkeeping: []
	},
	// a person held by the demo CCAS (pathways), read back field by field from its record
	updatePerson: {
		cookie: () => ccas,
		create: () => createPerson(),
		read: readPerson,
		steps: [
			{ firstName: 'Gaëlle' },
			{ lastName: 'Partielle-Modifiée (fictive)' },
			{ usualName: 'Gaby' },
			{ birthDate: '1990-10-02' },
			{ communeCode: '46102' },
			{ phone: '06 98 76 54 32' },
			{ email: 'gaelle.nouvelle@exemple.fr' },
			{ address: '3 place Carnot, 46100 Figeac' },
			{ situation: 'Relogée à Figeac depuis octobre.' },
			{ preferredLanguage: 'ar' }
		],
		bookkeeping: []
	},
	// a need of the inventory qualified by the Lot's coordinator (the CCAS reported it)
	updateNeed: {
		cookie: () => coordination,
		async create() {
			const res = await api('POST', '/needs', ccas, {
				title: 'Aucune laverie solidaire à Cahors (test PATCH)',
				description: 'Des personnes hébergées ne peuvent pas laver leur linge.',
				themes: ['famille--garde-denfants'],
				territoryType: 'commune',
				territoryCode: '46042',
				publics: ['familles'],
				source: 'field_observation',
				expertise: 'technique',
				evidenceText: 'Trois demandes par semaine à l’accueil'
			});
			expect(res.status, JSON.stringify(res.body)).toBe(201);
			return res.body.id;
		},
		read: async (id) => (await api('GET', `/needs/${id}`, coordination)).body.need,
		steps: [
			{ title: 'Pas de laverie solidaire à Cahors (test PATCH)' },
			{ description: 'Personnes hébergées à l’hôtel sans accès à une machine.' },
			{ themes: ['famille--garde-denfants', 'famille--soutien-aidants'] },
			{ territoryType: 'epci', territoryCode: '200023737' },
			{ territoryCode: '46', territoryType: 'departement' },
			{ publics: ['familles', 'femmes'] },
			{ source: 'data' },
			{ expertise: 'usage' },
			{ evidenceText: 'Cinq demandes par semaine' },
			{ evidenceUrl: 'https://www.example.fr/laverie' },
			{ status: 'confirmed' }
		],
		bookkeeping: [],
		shows: { evidenceText: ['evidence'], evidenceUrl: ['evidence'] }
	},
	// a follow-up entry corrected by its author within the day (id = "person|entry")
	correctPersonEntry: {
		cookie: () => ccas,
		async create() {
			const personId = await createPerson();
			const res = await api('POST', `/persons/${personId}/entries`, ccas, {
				kind: 'appointment',
				category: 'situation',
				sharing: 'organisation',
				step: 'contact',
				theme: 'logement-hebergement--louer-un-logement',
				occursAt: '2027-02-01T09:00:00.000Z',
				text: 'Premier rendez-vous.',
				place: 'CCAS de Cahors',
				with: 'La conseillère logement'
			});
			expect(res.status, JSON.stringify(res.body)).toBe(201);
			return `${personId}|${res.body.id}`;
		},
		path: (id) => `/persons/${id.split('|')[0]}/entries/${id.split('|')[1]}`,
		async read(id) {
			const [personId, entryId] = id.split('|');
			const res = await api('GET', `/persons/${personId}/entries?limit=100`, ccas);
			return (res.body.items as Json[]).find((e) => e.id === entryId)!;
		},
		steps: [
			{ category: 'needs' },
			{ sharing: 'shared' },
			{ step: 'accompany' },
			{ theme: 'logement-hebergement--changer-de-logement' },
			{ occursAt: '2027-03-01T09:30:00.000Z' },
			{ text: 'Rendez-vous déplacé à la demande de la personne.' },
			{ place: 'Mairie de Pradines' },
			{ with: 'Le bailleur social' }
		],
		bookkeeping: ['updatedAt', 'editable']
	}
};

let personCount = 0;
async function createPerson(): Promise<string> {
	personCount++;
	const res = await api('POST', '/persons', ccas, {
		organisationId: ccasOrganisation,
		firstName: 'Gwenaëlle',
		lastName: `Partielle ${personCount} (fictive)`,
		usualName: 'Gwen',
		birthDate: '1989-04-0' + ((personCount % 9) + 1),
		communeCode: '46042',
		phone: '06 11 22 33 44',
		email: 'gwen.partielle@exemple.fr',
		address: '12 rue Wilson, 46000 Cahors',
		situation: 'Hébergée chez un proche.',
		preferredLanguage: 'fr',
		confirmDuplicate: true
	});
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	return res.body.id;
}

async function readPerson(id: string): Promise<Json> {
	const body = (await api('GET', `/persons/${id}`, ccas)).body;
	const c = body.categories;
	return {
		...c.identity.value,
		...c.contact.value,
		situation: c.situation.value,
		communeCode: body.communeCode,
		preferredLanguage: body.preferredLanguage
	};
}

/** The demo VIF cooperation (found through the bodies of the Lot). */
async function vifCooperation(): Promise<string> {
	const view = await api('GET', '/bodies/territory?type=departement&code=46', coordination);
	return view.body.bodies.find((b: Json) => b.name === 'Comité de pilotage VIF du Lot').cooperationId;
}
let ccasUser: string;

beforeAll(async () => {
	coordination = await apiSignIn(server, 'coordination@demo.maillage.fr');
	ccas = await apiSignIn(server, 'ccas@demo.maillage.fr');
	ccasOrganisation = (await api('GET', '/me', ccas)).body.memberships[0].organisationId;
	ccasUser = (await api('GET', '/me', ccas)).body.user.id;
	const structure = await api('POST', '/structures', ccas, {
		name: 'CCAS de Cahors — accès aux droits',
		organisationId: ccasOrganisation,
		communeCode: '46042'
	});
	structureId = structure.body.id;
	politiques = [];
	for (const name of ['Logement (test PATCH)', 'Santé (test PATCH)'])
		politiques.push(
			(await api('POST', '/referential', coordination, { departementCode: '46', name })).body.id
		);
}, 60_000);

interface PatchOperation {
	operationId: string;
	path: string;
	properties: string[];
}

async function patchOperations(): Promise<PatchOperation[]> {
	const doc = (await api('GET', '/openapi.json')).body;
	const resolve = (schema: Json): Json =>
		schema.$ref ? resolve(doc.components.schemas[schema.$ref.split('/').pop()]) : schema;
	const out: PatchOperation[] = [];
	for (const [path, item] of Object.entries(doc.paths as Record<string, Json>))
		if (item.patch) {
			const schema = resolve(item.patch.requestBody.content['application/json'].schema);
			out.push({ operationId: item.patch.operationId, path, properties: Object.keys(schema.properties) });
		}
	return out;
}

/**
 * PATCHes that act on a state rather than update fields (their body says what to do, and an empty one is
 * refused: validation.test.ts): handling a correction request (answered or dismissed, once).
 */
const ACTIONS = ['handleCorrectionRequest'];

describe('PATCH changes only what it is sent', () => {
	it('every PATCH operation has a fixture whose steps cover every field of its body', async () => {
		const operations = await patchOperations();
		expect(operations.length).toBeGreaterThanOrEqual(3);
		for (const op of operations.filter((o) => !ACTIONS.includes(o.operationId))) {
			const fixture = FIXTURES[op.operationId];
			expect(fixture, `no fixture for ${op.operationId}: add one to this test`).toBeDefined();
			const covered = new Set(fixture!.steps.flatMap((s) => Object.keys(s)));
			expect(
				op.properties.filter((p) => !covered.has(p)),
				op.operationId
			).toEqual([]);
		}
	});

	it.each(Object.keys(FIXTURES))(
		'%s: one field at a time, every other field unchanged',
		async (operationId) => {
			const op = (await patchOperations()).find((o) => o.operationId === operationId)!;
			const fixture = FIXTURES[operationId]!;
			const id = await fixture.create();
			for (const rawStep of fixture.steps) {
				const step = Object.fromEntries(
					Object.entries(rawStep).map(([k, v]) => [
						k,
						v === 'SECOND_POLITIQUE'
							? politiques[1]
							: v === 'CCAS_ORGANISATION'
								? ccasOrganisation
								: v === 'CCAS_USER'
									? ccasUser
									: v
					])
				);
				const before = await fixture.read(id);
				const res = await api(
					'PATCH',
					fixture.path?.(id) ?? op.path.replace('{id}', id),
					fixture.cookie(),
					step
				);
				expect(res.status, `${operationId} ${JSON.stringify(step)}: ${JSON.stringify(res.body)}`).toBe(200);
				const after = await fixture.read(id);
				const touched = new Set([
					...fixture.bookkeeping,
					...Object.keys(step).flatMap((k) => [k, ...(fixture.shows?.[k] ?? [])])
				]);
				const unchanged = (o: Json) => Object.fromEntries(Object.entries(o).filter(([k]) => !touched.has(k)));
				expect(unchanged(after), `${operationId} ${JSON.stringify(step)} changed another field`).toEqual(
					unchanged(before)
				);
				for (const [key, value] of Object.entries(step))
					if (key in after) expect(after[key], `${operationId}: ${key} was not saved`).toEqual(value);
			}
		}
	);
});
