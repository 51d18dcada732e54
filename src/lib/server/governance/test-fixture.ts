import type { Db } from '../db/client';
import type { Context } from '../context';
import type { Actor, Role } from '../policy/actor';
import { actorWith } from '../testing/actors';
import { createUser } from '../auth/service';
import { insertOrganisation, upsertMembership } from '../organisations/repository';
import { createCooperation } from '../cooperations/service';

/**
 * Test support (not used by the application): a cooperation of the Lot with three parties and people in them.
 * Département du Lot pilots, CCAS de Cahors and Écoute Violences contribute; the Gers' CAF is no party.
 */
export interface GovernanceFixture {
	cooperationId: string;
	orgs: { departement: string; ccas: string; ecoute: string; outsider: string };
	users: Record<
		'directrice' | 'cheffe' | 'travailleuse' | 'suppleant' | 'benevole' | 'lecteur' | 'etranger',
		string
	>;
	actor: (user: keyof GovernanceFixture['users']) => Actor;
	coordinator: Actor;
	instanceAdmin: Actor;
	ctx: (actor: Actor, now?: Date) => Context;
}

const MEMBERSHIPS: Record<keyof GovernanceFixture['users'], [keyof GovernanceFixture['orgs'], Role]> = {
	directrice: ['departement', 'admin'],
	cheffe: ['departement', 'member'],
	travailleuse: ['ccas', 'member'],
	suppleant: ['ccas', 'member'],
	benevole: ['ecoute', 'member'],
	lecteur: ['ecoute', 'reader'],
	etranger: ['outsider', 'admin']
};
const NAMES: Record<keyof GovernanceFixture['users'], string> = {
	directrice: 'Hélène Lacombe',
	cheffe: 'Sophie Delmas',
	travailleuse: 'Inès Bouzid',
	suppleant: 'Marc Vialard',
	benevole: 'Élise Fabre',
	lecteur: 'Jean Couderc',
	etranger: 'Paul Gers'
};

export async function governanceFixture(db: Db, now = new Date()): Promise<GovernanceFixture> {
	const org = (name: string, slug: string, kind: string, type: string, code: string) =>
		insertOrganisation(db, { name, slug, kind, territoryType: type, territoryCode: code }).then((o) => o.id);
	const orgs = {
		departement: await org('Département du Lot', 'cd46-gov', 'collectivite', 'departement', '46'),
		ccas: await org('CCAS de Cahors', 'ccas-cahors-gov', 'ccas', 'commune', '46042'),
		ecoute: await org('Écoute Violences Lot', 'ecoute-gov', 'association', 'departement', '46'),
		outsider: await org('CAF du Gers', 'caf-gers-gov', 'caf', 'departement', '32')
	};
	const users = {} as GovernanceFixture['users'];
	for (const key of Object.keys(MEMBERSHIPS) as (keyof GovernanceFixture['users'])[]) {
		const user = await createUser(db, {
			email: `${key}@gouvernance.example.fr`,
			displayName: NAMES[key],
			password: 'Quercy-Blanc-2026!'
		});
		users[key] = user.id;
		await upsertMembership(db, user.id, orgs[MEMBERSHIPS[key][0]], MEMBERSHIPS[key][1]);
	}
	const actor = (key: keyof GovernanceFixture['users']) =>
		actorWith([{ organisationId: orgs[MEMBERSHIPS[key][0]], role: MEMBERSHIPS[key][1] }], { id: users[key] });
	const ctx = (a: Actor, at = now): Context => ({ db, actor: a, now: () => at });
	const account = (email: string, displayName: string) =>
		createUser(db, { email, displayName, password: 'Quercy-Blanc-2026!' }).then((u) => u.id);
	const coordinator = actorWith([], {
		id: await account('coordination@gouvernance.example.fr', 'Claire Coordination'),
		coordinations: [{ type: 'departement', code: '46' }]
	});
	const instanceAdmin = actorWith([], {
		id: await account('admin@gouvernance.example.fr', 'Admin Instance'),
		instanceAdmin: true
	});
	const cooperation = await createCooperation(ctx(coordinator), {
		name: 'Réseau violences intrafamiliales du Lot (test)',
		description: '',
		themes: ['famille--surmonter-conflits-separation-violence'],
		territoryType: 'departement',
		territoryCode: '46',
		parties: [
			{ organisationId: orgs.departement, role: 'pilote', signatoryUserIds: [users.directrice] },
			{ organisationId: orgs.ccas, role: 'contributeur', signatoryUserIds: [] },
			{ organisationId: orgs.ecoute, role: 'contributeur', signatoryUserIds: [] }
		]
	});
	return { cooperationId: cooperation.id, orgs, users, actor, coordinator, instanceAdmin, ctx };
}
