import { describe, expect, it } from 'vitest';
import { can, POLICY, type Action, type Resource } from './policy';
import { ANONYMOUS, type Actor, type Role } from './actor';
import { actorWith } from '../testing/actors';

const OWN = 'aaaaaaaa-0000-4000-8000-000000000001';
const OTHER = 'bbbbbbbb-0000-4000-8000-000000000002';

/** coordinator: an account given the coordination of the Lot (46), member of no organisation (ADR 008) */
type Profile = 'anonymous' | 'account' | Role | 'coordinator' | 'instance-admin';
const PROFILES: Profile[] = [
	'anonymous',
	'account',
	'reader',
	'member',
	'coordinator',
	'admin',
	'instance-admin'
];

function actorFor(profile: Profile): Actor {
	if (profile === 'anonymous') return ANONYMOUS;
	if (profile === 'account') return actorWith([]);
	if (profile === 'instance-admin') return actorWith([], { instanceAdmin: true });
	if (profile === 'coordinator')
		return actorWith([], { coordinations: [{ type: 'departement', code: '46' }] });
	// a member of OWN, an organisation acting on the Lot (46)
	return actorWith([{ organisationId: OWN, role: profile, territory: { type: 'departement', code: '46' } }]);
}

/** Where the object stands relative to the actor's organisation. */
const POSITIONS = {
	// object of the actor's own organisation, in Cahors
	own: {
		organisationId: OWN,
		place: { commune: '46042', epci: '200023737', departement: '46', region: '76' },
		// a cooperation the actor's organisation pilots
		cooperation: { parties: [{ organisationId: OWN, role: 'pilote' }] }
	},
	// another organisation's object in Figeac (inside the actor's territory)
	territory: {
		organisationId: OTHER,
		place: { commune: '46102', epci: '200067361', departement: '46', region: '76' },
		// piloted by another organisation; the actor's only contributes
		cooperation: {
			parties: [
				{ organisationId: OTHER, role: 'pilote' },
				{ organisationId: OWN, role: 'contributeur' }
			]
		}
	},
	// another organisation's object in Auch, Gers (outside)
	outside: {
		organisationId: OTHER,
		place: { commune: '32013', departement: '32', region: '76' },
		cooperation: { parties: [{ organisationId: OTHER, role: 'pilote' }] }
	}
} as const;
type Position = keyof typeof POSITIONS;

/**
 * The whole matrix, written out by hand: for each resource:action, the profiles allowed at each position
 * (o = own organisation, t = another organisation in the territory, x = outside). '*' = every position.
 */
const EXPECTED: Record<string, Partial<Record<Profile, string>>> = {
	'territory:read': {
		anonymous: '*',
		account: '*',
		reader: '*',
		member: '*',
		coordinator: '*',
		admin: '*',
		'instance-admin': '*'
	},
	'territory:create': { 'instance-admin': '*' },
	'territory:update': { 'instance-admin': '*' },
	'territory:delete': { 'instance-admin': '*' },
	'zone:read': {
		account: '*',
		reader: '*',
		member: '*',
		coordinator: '*',
		admin: '*',
		'instance-admin': '*'
	},
	'zone:create': { admin: 'o', 'instance-admin': '*' },
	'zone:update': { admin: 'o', 'instance-admin': '*' },
	'zone:delete': { admin: 'o', 'instance-admin': '*' },
	'organisation:read': {
		account: '*',
		reader: '*',
		member: '*',
		coordinator: '*',
		admin: '*',
		'instance-admin': '*'
	},
	'organisation:create': { 'instance-admin': '*' },
	'organisation:update': { admin: 'o', 'instance-admin': '*' },
	'organisation:delete': { 'instance-admin': '*' },
	'membership:read': { reader: 'o', member: 'o', admin: 'o', 'instance-admin': '*' },
	'membership:create': { 'instance-admin': '*' },
	'membership:update': { admin: 'o', 'instance-admin': '*' },
	'membership:delete': { admin: 'o', 'instance-admin': '*' },
	'invitation:read': { admin: 'o', 'instance-admin': '*' },
	'invitation:create': { admin: 'o', 'instance-admin': '*' },
	'invitation:update': { 'instance-admin': '*' },
	'invitation:delete': { admin: 'o', 'instance-admin': '*' },
	'audit:read': { admin: 'o', 'instance-admin': '*' },
	'audit:create': { 'instance-admin': '*' },
	'audit:update': { 'instance-admin': '*' },
	'audit:delete': { 'instance-admin': '*' },
	'user:read': { 'instance-admin': '*' },
	'user:create': { 'instance-admin': '*' },
	'user:update': { 'instance-admin': '*' },
	'user:delete': { 'instance-admin': '*' },
	'instance:read': { 'instance-admin': '*' },
	'instance:create': { 'instance-admin': '*' },
	'instance:update': { 'instance-admin': '*' },
	'instance:delete': { 'instance-admin': '*' },
	'cooperation:read': {
		account: '*',
		reader: '*',
		member: '*',
		coordinator: '*',
		admin: '*',
		'instance-admin': '*'
	},
	'cooperation:create': { coordinator: 'ot', 'instance-admin': '*' },
	'cooperation:update': { member: 'o', coordinator: 'ot', admin: 'o', 'instance-admin': '*' },
	'cooperation:delete': { 'instance-admin': '*' },
	'body:read': { reader: 'ot', member: 'ot', coordinator: 'ot', admin: 'ot', 'instance-admin': '*' },
	'body:create': { member: 'o', coordinator: 'ot', admin: 'o', 'instance-admin': '*' },
	'body:update': { member: 'o', coordinator: 'ot', admin: 'o', 'instance-admin': '*' },
	'body:delete': { 'instance-admin': '*' },
	'meeting:read': { reader: 'ot', member: 'ot', coordinator: 'ot', admin: 'ot', 'instance-admin': '*' },
	'meeting:create': { member: 'o', coordinator: 'ot', admin: 'o', 'instance-admin': '*' },
	'meeting:update': { member: 'o', coordinator: 'ot', admin: 'o', 'instance-admin': '*' },
	'meeting:delete': { 'instance-admin': '*' },
	'governanceAction:read': {
		reader: 'ot',
		member: 'ot',
		coordinator: 'ot',
		admin: 'ot',
		'instance-admin': '*'
	},
	'governanceAction:create': { member: 'ot', coordinator: 'ot', admin: 'ot', 'instance-admin': '*' },
	'governanceAction:update': { member: 'ot', coordinator: 'ot', admin: 'ot', 'instance-admin': '*' },
	'governanceAction:delete': { 'instance-admin': '*' },
	// decisions register: members of a party (any role) and coordinators read; managing parties and coordinators keep it
	'decision:read': { reader: 'ot', member: 'ot', coordinator: 'ot', admin: 'ot', 'instance-admin': '*' },
	'decision:create': { 'instance-admin': '*' },
	'decision:update': { member: 'o', coordinator: 'ot', admin: 'o', 'instance-admin': '*' },
	'decision:delete': { 'instance-admin': '*' },
	// the charter: parties' members and coordinators read; the managing parties and coordinators draft
	'charter:read': { reader: 'ot', member: 'ot', coordinator: 'ot', admin: 'ot', 'instance-admin': '*' },
	'charter:create': { member: 'o', coordinator: 'ot', admin: 'o', 'instance-admin': '*' },
	'charter:update': { member: 'o', coordinator: 'ot', admin: 'o', 'instance-admin': '*' },
	'charter:delete': { 'instance-admin': '*' },
	'structure:read': {
		anonymous: '*',
		account: '*',
		reader: '*',
		member: '*',
		coordinator: '*',
		admin: '*',
		'instance-admin': '*'
	},
	'structure:create': { member: 'o', admin: 'o', 'instance-admin': '*' },
	'structure:update': { member: 'o', coordinator: 'ot', admin: 'o', 'instance-admin': '*' },
	'structure:delete': { coordinator: 'ot', admin: 'o', 'instance-admin': '*' },
	'service:read': {
		anonymous: '*',
		account: '*',
		reader: '*',
		member: '*',
		coordinator: '*',
		admin: '*',
		'instance-admin': '*'
	},
	'service:create': { member: 'o', coordinator: 'ot', admin: 'o', 'instance-admin': '*' },
	'service:update': { member: 'o', coordinator: 'ot', admin: 'o', 'instance-admin': '*' },
	'service:delete': { coordinator: 'ot', admin: 'o', 'instance-admin': '*' },
	'correspondent:read': {
		account: '*',
		reader: '*',
		member: '*',
		coordinator: '*',
		admin: '*',
		'instance-admin': '*'
	},
	'correspondent:create': { member: 'o', coordinator: 'ot', admin: 'o', 'instance-admin': '*' },
	'correspondent:update': { member: 'o', coordinator: 'ot', admin: 'o', 'instance-admin': '*' },
	'correspondent:delete': { member: 'o', coordinator: 'ot', admin: 'o', 'instance-admin': '*' },
	'referential:read': {
		anonymous: '*',
		account: '*',
		reader: '*',
		member: '*',
		coordinator: '*',
		admin: '*',
		'instance-admin': '*'
	},
	'referential:create': { coordinator: 'ot', 'instance-admin': '*' },
	'referential:update': { coordinator: 'ot', 'instance-admin': '*' },
	'referential:delete': { coordinator: 'ot', 'instance-admin': '*' },
	'directoryImport:read': { 'instance-admin': '*' },
	'directoryImport:create': { admin: 'o', 'instance-admin': '*' },
	'directoryImport:update': { 'instance-admin': '*' },
	'directoryImport:delete': { 'instance-admin': '*' },
	'coordination:read': { coordinator: 'ot', 'instance-admin': '*' },
	'coordination:create': { coordinator: 'ot', 'instance-admin': '*' },
	'coordination:update': { 'instance-admin': '*' },
	'coordination:delete': { coordinator: 'ot', 'instance-admin': '*' },
	// lived-experience feedback: left by anyone, moderated by coordinators, answered by the owner's editors
	'feedback:read': { reader: 'o', member: 'o', coordinator: 'ot', admin: 'o', 'instance-admin': '*' },
	'feedback:create': {
		anonymous: '*',
		account: '*',
		reader: '*',
		member: '*',
		coordinator: '*',
		admin: '*',
		'instance-admin': '*'
	},
	'feedback:update': { coordinator: 'ot', 'instance-admin': '*' },
	'feedback:delete': { 'instance-admin': '*' },
	'feedbackAnswer:read': { 'instance-admin': '*' },
	'feedbackAnswer:create': { member: 'o', admin: 'o', 'instance-admin': '*' },
	'feedbackAnswer:update': { 'instance-admin': '*' },
	'feedbackAnswer:delete': { 'instance-admin': '*' },
	// "Signaler une erreur": sent by anyone, read by the owner's members, handled by its editors
	'correctionRequest:read': { reader: 'o', member: 'o', admin: 'o', 'instance-admin': '*' },
	'correctionRequest:create': {
		anonymous: '*',
		account: '*',
		reader: '*',
		member: '*',
		coordinator: '*',
		admin: '*',
		'instance-admin': '*'
	},
	'correctionRequest:update': { member: 'o', admin: 'o', 'instance-admin': '*' },
	'correctionRequest:delete': { 'instance-admin': '*' },
	'glossaryTerm:read': {
		anonymous: '*',
		account: '*',
		reader: '*',
		member: '*',
		coordinator: '*',
		admin: '*',
		'instance-admin': '*'
	},
	'glossaryTerm:create': { coordinator: 'ot', 'instance-admin': '*' },
	'glossaryTerm:update': { coordinator: 'ot', 'instance-admin': '*' },
	'glossaryTerm:delete': { coordinator: 'ot', 'instance-admin': '*' },
	// people followed: the holding organisation's professionals only (partners: sharing rule, not policy)
	'person:read': { member: 'o', admin: 'o', 'instance-admin': '*' },
	'person:create': { member: 'o', admin: 'o', 'instance-admin': '*' },
	'person:update': { member: 'o', admin: 'o', 'instance-admin': '*' },
	'person:delete': { admin: 'o', 'instance-admin': '*' },
	'referral:read': { member: 'o', admin: 'o', 'instance-admin': '*' },
	'referral:create': { member: 'o', admin: 'o', 'instance-admin': '*' },
	'referral:update': { member: 'o', admin: 'o', 'instance-admin': '*' },
	'referral:delete': { 'instance-admin': '*' },
	'pingPongFlag:read': { member: 'o', coordinator: 'ot', admin: 'o', 'instance-admin': '*' },
	'pingPongFlag:create': { 'instance-admin': '*' },
	'pingPongFlag:update': { member: 'o', coordinator: 'ot', admin: 'o', 'instance-admin': '*' },
	'pingPongFlag:delete': { 'instance-admin': '*' },
	'breakGlass:read': { coordinator: 'ot', admin: 'o', 'instance-admin': '*' },
	'breakGlass:create': { member: 'o', admin: 'o', 'instance-admin': '*' },
	'breakGlass:update': { coordinator: 'ot', 'instance-admin': '*' },
	'breakGlass:delete': { 'instance-admin': '*' },
	'advanceRequest:read': { member: 'ot', coordinator: 'ot', admin: 'ot', 'instance-admin': '*' },
	'advanceRequest:create': { member: 'ot', admin: 'ot', 'instance-admin': '*' },
	'advanceRequest:update': { member: 'ot', admin: 'ot', 'instance-admin': '*' },
	'advanceRequest:delete': { 'instance-admin': '*' },
	'need:read': { reader: 'o', member: 'o', coordinator: 'ot', admin: 'o', 'instance-admin': '*' },
	'need:create': { member: 'o', coordinator: 'ot', admin: 'o', 'instance-admin': '*' },
	'need:update': { coordinator: 'ot', 'instance-admin': '*' },
	'need:delete': { 'instance-admin': '*' },
	'indicator:read': {
		anonymous: '*',
		account: '*',
		reader: '*',
		member: '*',
		coordinator: '*',
		admin: '*',
		'instance-admin': '*'
	},
	'indicator:create': { 'instance-admin': '*' },
	'indicator:update': { 'instance-admin': '*' },
	'indicator:delete': { 'instance-admin': '*' },
	'partnerIndicator:read': {
		account: '*',
		reader: '*',
		member: '*',
		coordinator: '*',
		admin: '*',
		'instance-admin': '*'
	},
	'partnerIndicator:create': { 'instance-admin': '*' },
	'partnerIndicator:update': { 'instance-admin': '*' },
	'partnerIndicator:delete': { 'instance-admin': '*' }
};

const ACTIONS: Action[] = ['read', 'create', 'update', 'delete'];
const RESOURCES = Object.keys(POLICY) as Resource[];
const LETTER: Record<Position, string> = { own: 'o', territory: 't', outside: 'x' };

describe('authorization policy matrix', () => {
	it('covers every resource of the policy in the expected table', () => {
		const expectedResources = new Set(Object.keys(EXPECTED).map((k) => k.split(':')[0]));
		expect([...expectedResources].sort()).toEqual([...RESOURCES].sort());
	});

	for (const resource of RESOURCES) {
		for (const action of ACTIONS) {
			const key = `${resource}:${action}`;
			it(`${key} for every profile and position`, () => {
				const row = EXPECTED[key];
				expect(row, `missing expected row ${key}`).toBeDefined();
				for (const profile of PROFILES) {
					for (const position of Object.keys(POSITIONS) as Position[]) {
						const allowed = row![profile] ?? '';
						const expected = allowed === '*' || allowed.includes(LETTER[position]);
						const actual = can(actorFor(profile), action, resource, POSITIONS[position]);
						expect(actual, `${profile} ${key} (${position})`).toBe(expected);
					}
				}
			});
		}
	}

	it('a coordinator of the Gers does not reach objects of the Lot', () => {
		const gers = actorWith([], { coordinations: [{ type: 'departement', code: '32' }] });
		expect(can(gers, 'update', 'service', POSITIONS.territory)).toBe(false);
		expect(can(gers, 'update', 'service', POSITIONS.outside)).toBe(true);
	});

	it('a coordinator scoped to an EPCI reaches only its communes', () => {
		const figeac = actorWith([], { coordinations: [{ type: 'epci', code: '200067361' }] });
		expect(can(figeac, 'update', 'service', POSITIONS.territory)).toBe(true);
		expect(can(figeac, 'update', 'service', { organisationId: OTHER, place: POSITIONS.own.place })).toBe(
			false
		);
	});

	it('a coordinator of a zone reaches the places of its communes only', () => {
		const zone = actorWith([], {
			coordinations: [{ type: 'zone', code: 'z', communes: ['46102', '46040'] }]
		});
		expect(can(zone, 'update', 'service', POSITIONS.territory)).toBe(true);
		expect(can(zone, 'update', 'service', POSITIONS.own)).toBe(false);
		// a place known only down to its département is not inside a zone of communes
		expect(can(zone, 'update', 'referential', { place: { departement: '46', region: '76' } })).toBe(false);
	});

	it('an organisation role never reaches beyond its organisation, whatever the organisation’s territory', () => {
		for (const role of ['admin', 'member', 'reader'] as const) {
			const actor = actorWith([
				{ organisationId: OWN, role, territory: { type: 'departement', code: '46' } }
			]);
			for (const resource of RESOURCES)
				for (const action of ['create', 'update', 'delete'] as const)
					// an action open to everyone (sending a correction request) is no reach of the role, nor one open to
					// every party of a cooperation (the position's cooperation counts the organisation as a contributor)
					if (
						!POLICY[resource][action]?.some(
							(g) => g.scope === 'public' || (g.scope === 'cooperation' && !g.partyRoles)
						)
					)
						expect(can(actor, action, resource, POSITIONS.territory), `${role} ${resource}:${action}`).toBe(
							false
						);
		}
	});
});
