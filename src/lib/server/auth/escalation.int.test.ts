import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { actorWith } from '../testing/actors';
import { rows } from '../db/client';
import { ANONYMOUS, type Actor, type CoordinatedType, type Role } from '../policy/actor';
import { ForbiddenError } from '../policy/policy';
import type { Context } from '../context';
import { setMailer } from '../mail';
import { createUser } from './service';
import { grantCoordination } from './coordinations';
import { insertOrganisation } from '../organisations/repository';
import { addMember, inviteMember } from '../organisations/service';
import { invitationInputSchema } from '../organisations/validation';
import { createService, createStructure, updateService } from '../directory/service';
import { createCorrespondent } from '../directory/correspondents';
import { createNode } from '../directory/referential';
import { serviceInputSchema } from '../directory/validation';
import { createZone } from '../territories/service';

/**
 * Issue 8 §1: every profile tries every grant and every write into places and organisations it does not control.
 * The expected outcome of each attempt is written out; anything not listed must be refused and write nothing.
 */

let t: TestDatabase;
let ccas: string;
let caf: string;
let targetUserId: string;
let cafStructureFigeac: string;
let cafServiceCahors: string;
let zoneCahors: string;
/** a zone straddling Cahors and Figeac: no single commune coordinator holds all of it */
let zoneBoth: string;

const CAHORS = '46042';
const FIGEAC = '46102';
const GRAND_CAHORS = '200023737';
const GRAND_FIGEAC = '200067361';

type Profile =
	| 'anonymous'
	| 'account'
	| 'ccas-reader'
	| 'ccas-member'
	| 'ccas-admin'
	| 'cahors-coordinator'
	| 'figeac-coordinator';
const PROFILES: Profile[] = [
	'anonymous',
	'account',
	'ccas-reader',
	'ccas-member',
	'ccas-admin',
	'cahors-coordinator',
	'figeac-coordinator'
];

function actorFor(profile: Profile): Actor {
	const ccasRole = (role: Role) =>
		actorWith([{ organisationId: ccas, role, territory: { type: 'commune', code: CAHORS } }]);
	switch (profile) {
		case 'anonymous':
			return ANONYMOUS;
		case 'account':
			return actorWith([]);
		case 'ccas-reader':
			return ccasRole('reader');
		case 'ccas-member':
			return ccasRole('member');
		case 'ccas-admin':
			return ccasRole('admin');
		case 'cahors-coordinator':
			return actorWith([], { coordinations: [{ type: 'commune', code: CAHORS }] });
		case 'figeac-coordinator':
			return actorWith([], { coordinations: [{ type: 'epci', code: GRAND_FIGEAC }] });
	}
}

const ctxOf = (actor: Actor): Context => ({ db: t.db, actor });
const admin = () => ctxOf(actorWith([], { instanceAdmin: true }));

/** Whether the attempt was allowed; a refusal must be a ForbiddenError (401/403), nothing else. */
async function attempt(run: () => Promise<unknown>): Promise<boolean> {
	try {
		await run();
		return true;
	} catch (error) {
		if (error instanceof ForbiddenError) return false;
		throw error;
	}
}

const counts = async () =>
	(
		await rows<{
			[
				table in
					| 'memberships'
					| 'invitations'
					| 'coordinations'
					| 'structures'
					| 'services'
					| 'correspondents'
					| 'nodes'
					| 'zones'
					| 'audit'
			]: number;
		}>(
			t.db,
			sql`select (select count(*)::int from memberships) as memberships,
				(select count(*)::int from invitations) as invitations,
				(select count(*)::int from territory_coordinations) as coordinations,
				(select count(*)::int from structures) as structures,
				(select count(*)::int from services) as services,
				(select count(*)::int from correspondents) as correspondents,
				(select count(*)::int from referential_nodes) as nodes,
				(select count(*)::int from zones) as zones,
				(select count(*)::int from audit_events) as audit`
		)
	)[0]!;

beforeAll(async () => {
	t = await createTestDatabase();
	setMailer({ send: async () => undefined });
	ccas = (
		await insertOrganisation(t.db, {
			name: 'CCAS de Cahors',
			slug: 'ccas-cahors',
			kind: 'ccas',
			territoryType: 'commune',
			territoryCode: CAHORS
		})
	).id;
	caf = (
		await insertOrganisation(t.db, {
			name: 'CAF du Lot',
			slug: 'caf-lot',
			kind: 'caf',
			territoryType: 'departement',
			territoryCode: '46'
		})
	).id;
	await t.db.execute(
		sql`insert into users (id, email, display_name) values ('00000000-0000-4000-8000-000000000001', 'agent@example.fr', 'Agent de test')`
	);
	targetUserId = (
		await createUser(t.db, {
			email: 'cible@exemple.fr',
			displayName: 'Compte cible',
			password: 'Compte-cible-2026'
		})
	).id;
	const structure = (communeCode: string) =>
		createStructure(admin(), {
			name: `CAF — accueil ${communeCode}`,
			description: '',
			organisationId: caf,
			communeCode,
			networks: []
		}).then((s) => s.id);
	cafStructureFigeac = await structure(FIGEAC);
	const cafStructureCahors = await structure(CAHORS);
	cafServiceCahors = (
		await createService(
			admin(),
			serviceInputSchema.parse({
				structureId: cafStructureCahors,
				name: 'Accueil allocataires',
				description: 'Rendez-vous pour les droits aux prestations familiales.',
				thematiques: [
					'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives'
				],
				publics: ['familles'],
				communeCode: CAHORS
			})
		)
	).id;
	zoneCahors = (
		await createZone(admin(), {
			name: 'Cahors centre',
			description: '',
			organisationId: caf,
			communeCodes: [CAHORS]
		})
	).id;
	zoneBoth = (
		await createZone(admin(), {
			name: 'Cahors et Figeac',
			description: '',
			organisationId: caf,
			communeCodes: [CAHORS, FIGEAC]
		})
	).id;
});
afterAll(() => t.drop());

describe('escalation paths (issue 8 §1)', () => {
	it('the role "coordinator" and other unknown roles cannot be asked for at all', () => {
		for (const role of ['coordinator', 'owner', 'instance-admin', 'ADMIN'])
			expect(invitationInputSchema.safeParse({ email: 'x@exemple.fr', role }).success, role).toBe(false);
	});

	const ROLES: Role[] = ['reader', 'member', 'admin'];
	for (const profile of PROFILES) {
		it(`${profile}: grants roles only in an organisation it administers`, async () => {
			const before = await counts();
			for (const [organisation, name] of [
				[() => ccas, 'CCAS'],
				[() => caf, 'CAF']
			] as const) {
				for (const role of ROLES) {
					const expected = profile === 'ccas-admin' && name === 'CCAS';
					const ctx = ctxOf(actorFor(profile));
					const invited = await attempt(() =>
						inviteMember(ctx, organisation(), { email: `invite-${role}@exemple.fr`, role }, 'https://m.fr')
					);
					const added = await attempt(() => addMember(ctx, organisation(), targetUserId, role));
					expect([invited, added], `${profile} grants ${role} in ${name}`).toEqual([expected, expected]);
				}
			}
			if (profile !== 'ccas-admin') expect(await counts()).toEqual(before);
		});
	}

	const SCOPES: [CoordinatedType, () => string][] = [
		['commune', () => CAHORS],
		['commune', () => FIGEAC],
		['epci', () => GRAND_CAHORS],
		['epci', () => GRAND_FIGEAC],
		['departement', () => '46'],
		['departement', () => '32'],
		['region', () => '76'],
		['zone', () => zoneCahors],
		['zone', () => zoneBoth]
	];
	/** what each coordinator may give: what lies inside the territory it holds, not that territory nor wider */
	const MAY_GRANT: Partial<Record<Profile, string[]>> = {
		'cahors-coordinator': ['zone:cahors'],
		'figeac-coordinator': [`commune:${FIGEAC}`]
	};
	for (const profile of PROFILES) {
		it(`${profile}: gives the coordination of a territory only inside its own`, async () => {
			for (const [type, code] of SCOPES) {
				const key =
					type === 'zone' ? (code() === zoneCahors ? 'zone:cahors' : 'zone:both') : `${type}:${code()}`;
				const before = await counts();
				const allowed = await attempt(() =>
					grantCoordination(ctxOf(actorFor(profile)), {
						email: 'cible@exemple.fr',
						territoryType: type,
						territoryCode: code()
					})
				);
				expect(allowed, `${profile} grants ${key}`).toBe((MAY_GRANT[profile] ?? []).includes(key));
				if (!allowed) expect(await counts(), `${profile} grants ${key}: nothing written`).toEqual(before);
				else await t.db.execute(sql`delete from territory_coordinations`);
			}
		});
	}

	for (const profile of PROFILES) {
		it(`${profile}: creates and moves nothing into places and organisations it does not control`, async () => {
			const ctx = ctxOf(actorFor(profile));
			const before = await counts();
			const attempts: Record<string, () => Promise<unknown>> = {
				'structure for the CAF': () =>
					createStructure(ctx, {
						name: 'Faux accueil',
						description: '',
						organisationId: caf,
						communeCode: CAHORS,
						networks: []
					}),
				// the reproduction: a commune of one's own territory named on a structure outside it
				'service in a CAF structure of Figeac, said to be in Cahors': () =>
					createService(
						ctx,
						serviceInputSchema.parse({
							structureId: cafStructureFigeac,
							name: 'Service glissé',
							description: 'Un service placé dans une structure d’autrui.',
							communeCode: CAHORS
						})
					),
				'CAF service of Cahors moved to Figeac': () =>
					updateService(ctx, cafServiceCahors, { communeCode: FIGEAC }),
				'correspondent in a CAF structure of Figeac': () =>
					createCorrespondent(ctx, cafStructureFigeac, {
						theme: 'famille',
						fullName: 'Faux Contact',
						jobTitle: ''
					}),
				'referential of the Gers': () =>
					createNode(ctx, { departementCode: '32', name: 'Politique du Gers', description: '' }),
				'zone of the CAF': () =>
					createZone(ctx, { name: 'Zone CAF', description: '', organisationId: caf, communeCodes: [CAHORS] })
			};
			const expected: Partial<Record<Profile, string[]>> = {
				// coordinators act on other organisations' objects inside their territory, and only there
				'figeac-coordinator': ['correspondent in a CAF structure of Figeac']
			};
			for (const [name, run] of Object.entries(attempts)) {
				const allowed = await attempt(run);
				expect(allowed, `${profile}: ${name}`).toBe((expected[profile] ?? []).includes(name));
			}
			const after = await counts();
			const wrote = profile === 'figeac-coordinator' ? 1 : 0;
			expect(after.correspondents - before.correspondents).toBe(wrote);
			expect({ ...after, correspondents: 0, audit: 0 }).toEqual({ ...before, correspondents: 0, audit: 0 });
		});
	}

	it('an instance admin may do each of them (the attempts are possible at all)', async () => {
		const ctx = admin();
		await expect(
			grantCoordination(ctx, { email: 'cible@exemple.fr', territoryType: 'departement', territoryCode: '32' })
		).resolves.toBeTruthy();
		await expect(updateService(ctx, cafServiceCahors, { communeCode: FIGEAC })).resolves.toBeTruthy();
		await expect(
			createService(
				ctx,
				serviceInputSchema.parse({
					structureId: cafStructureFigeac,
					name: 'Service de Figeac',
					description: 'Un service ajouté par l’administration.',
					communeCode: CAHORS
				})
			)
		).resolves.toBeTruthy();
	});
});
