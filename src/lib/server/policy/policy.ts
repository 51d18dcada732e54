import type { Actor, ActorCoordination, Role, TerritoryPath } from './actor';

/**
 * The single authorization policy: role × resource × action, scoped to an organisation or a territory.
 * Services call `can`/`authorize` before touching data; routes never decide access themselves.
 */
export type Resource =
	| 'territory'
	| 'zone'
	| 'organisation'
	| 'membership'
	| 'invitation'
	| 'audit'
	| 'user'
	| 'instance'
	| 'structure'
	| 'service'
	| 'correspondent'
	| 'referential'
	| 'directoryImport'
	| 'coordination'
	| 'correctionRequest'
	| 'cooperation'
	| 'body'
	| 'meeting'
	| 'governanceAction'
	| 'glossaryTerm'
	| 'decision'
	| 'charter'
	| 'person'
	| 'referral'
	| 'pingPongFlag'
	| 'breakGlass'
	| 'advanceRequest'
	| 'need'
	| 'indicator'
	| 'partnerIndicator'
	| 'feedback'
	| 'feedbackAnswer';
export type Action = 'read' | 'create' | 'update' | 'delete';

/**
 * - public: anyone, signed in or not
 * - signed-in: any account
 * - organisation: a member with this role in the organisation that owns the object
 * - coordination: someone given the coordination of a territory that contains the object's place (ADR 008);
 *   an organisation's membership never reaches beyond the organisation
 */
export type Grant =
	| { scope: 'public' }
	| { scope: 'signed-in' }
	| { scope: 'organisation'; roles: Role[] }
	| { scope: 'coordination' }
	| { scope: 'cooperation'; partyRoles?: readonly string[]; roles: Role[] };

const ALL_ROLES: Role[] = ['admin', 'member', 'reader'];
const org = (...roles: Role[]): Grant => ({ scope: 'organisation', roles });
const coordination: Grant = { scope: 'coordination' };
const signedIn: Grant = { scope: 'signed-in' };
const everyone: Grant = { scope: 'public' };
/** a member with one of these roles in an organisation that is a party of the cooperation (with one of these party roles) */
const party = (partyRoles: readonly string[] | undefined, ...roles: Role[]): Grant => ({
	scope: 'cooperation',
	partyRoles,
	roles
});
const MANAGING_PARTIES = ['pilote', 'co-pilote', 'facilitateur'] as const;

/** Instance administrators may do everything; this table says who else may. Absent = nobody else. */
export { MANAGING_PARTIES };

export const POLICY: Record<Resource, Partial<Record<Action, Grant[]>>> = {
	territory: { read: [everyone] },
	// indicators: open data read by anyone; imported by the instance's operators (command line) only
	indicator: { read: [everyone] },
	// values partners share only among themselves (visibility `partners`): any signed-in account
	partnerIndicator: { read: [signedIn] },
	zone: {
		read: [signedIn],
		create: [org('admin')],
		update: [org('admin')],
		delete: [org('admin')]
	},
	organisation: { read: [signedIn], update: [org('admin')] },
	membership: {
		read: [org(...ALL_ROLES)],
		update: [org('admin')],
		delete: [org('admin')]
	},
	invitation: { read: [org('admin')], create: [org('admin')], delete: [org('admin')] },
	audit: { read: [org('admin')] },
	user: {},
	instance: {},
	// Directory: each organisation edits its own offer; coordinators edit everywhere in their territory.
	structure: {
		read: [everyone],
		create: [org('admin', 'member')],
		update: [org('admin', 'member'), coordination],
		delete: [org('admin'), coordination]
	},
	service: {
		read: [everyone],
		create: [org('admin', 'member'), coordination],
		update: [org('admin', 'member'), coordination],
		delete: [org('admin'), coordination]
	},
	// named contact people: partners only, never the public portal
	correspondent: {
		read: [signedIn],
		create: [org('admin', 'member'), coordination],
		update: [org('admin', 'member'), coordination],
		delete: [org('admin', 'member'), coordination]
	},
	// Politique → Mission → Action tree of a territory
	referential: {
		read: [everyone],
		create: [coordination],
		update: [coordination],
		delete: [coordination]
	},
	// bulk import of structures and services (data·inclusion, HSDS) on behalf of an organisation
	directoryImport: { create: [org('admin')] },
	// "Signaler une erreur": anyone sends; the owning organisation's members read, its editors answer or dismiss
	correctionRequest: { read: [org(...ALL_ROLES)], create: [everyone], update: [org('admin', 'member')] },
	// Cooperations (DOMAIN.md): coordinators of the territory create them; the pilot, co-pilot and facilitator manage them
	cooperation: {
		read: [signedIn],
		create: [coordination],
		update: [coordination, party(MANAGING_PARTIES, 'admin', 'member')]
	},
	// a cooperation's charter: read by its parties' members and the territory's coordinators, drafted by those who
	// manage the cooperation; approval is not a policy grant (only a party's signatories, assertSignatory)
	charter: {
		read: [coordination, party(undefined, ...ALL_ROLES)],
		create: [coordination, party(MANAGING_PARTIES, 'admin', 'member')],
		update: [coordination, party(MANAGING_PARTIES, 'admin', 'member')]
	},
	// Bodies and meetings of a cooperation (target: the stored cooperation): its parties' members and the
	// territory's coordinators read; the managers (pilot, co-pilot, facilitator, coordinators) run them
	body: {
		read: [coordination, party(undefined, ...ALL_ROLES)],
		create: [coordination, party(MANAGING_PARTIES, 'admin', 'member')],
		update: [coordination, party(MANAGING_PARTIES, 'admin', 'member')]
	},
	meeting: {
		read: [coordination, party(undefined, ...ALL_ROLES)],
		create: [coordination, party(MANAGING_PARTIES, 'admin', 'member')],
		update: [coordination, party(MANAGING_PARTIES, 'admin', 'member')]
	},
	// actions of a cooperation: any party's editors record and update them (owners update theirs: service)
	governanceAction: {
		read: [coordination, party(undefined, ...ALL_ROLES)],
		create: [coordination, party(undefined, 'admin', 'member')],
		update: [coordination, party(undefined, 'admin', 'member')]
	},
	// glossary of social action: shipped terms read by anyone; a territory's version written by its coordinators
	glossaryTerm: { read: [everyone], create: [coordination], update: [coordination], delete: [coordination] },
	// Decisions register (target: the stored cooperation): its parties' members and the territory's coordinators read it;
	// the managing parties and coordinators keep it (status, review date). « Partage de situations »: body members only.
	decision: {
		read: [coordination, party(undefined, ...ALL_ROLES)],
		update: [coordination, party(MANAGING_PARTIES, 'admin', 'member')]
	},
	// People followed (pathways; target: the holding organisation): its professionals (never readers) create and keep
	// them. Other organisations see a person only through consent + the charter's sharing rule (pathways/sharing.ts),
	// never through a grant here; the instance administrator gets no access to people from this table (the service
	// requires a membership of the holding organisation).
	person: {
		read: [org('admin', 'member')],
		create: [org('admin', 'member')],
		update: [org('admin', 'member')],
		delete: [org('admin')]
	},
	// referrals (target: the sending organisation for create, the receiving one for read/update): their professionals
	referral: {
		read: [org('admin', 'member')],
		create: [org('admin', 'member')],
		update: [org('admin', 'member')]
	},
	// ping-pong flags (target: the cooperation): the coordinators and the managing parties see and handle them
	pingPongFlag: {
		read: [coordination, party(MANAGING_PARTIES, 'admin', 'member')],
		update: [coordination, party(MANAGING_PARTIES, 'admin', 'member')]
	},
	// break-glass (target: the professional's organisation): its professionals open one, reason required; the
	// organisation's admins and the territory's coordinators review them
	breakGlass: {
		read: [coordination, org('admin')],
		create: [org('admin', 'member')],
		update: [coordination]
	},
	// advance fund (target: the cooperation): its parties' professionals request; approval is decided by the
	// approvers the charter in force names (fund service), not by this table
	advanceRequest: {
		read: [coordination, party(undefined, 'admin', 'member')],
		create: [party(undefined, 'admin', 'member')],
		update: [party(undefined, 'admin', 'member')]
	},
	// shared needs inventory (no person data; target: the need's territory place and the reporting organisation):
	// partners' members and the territory's coordinators read; professionals record; coordinators qualify
	need: {
		read: [coordination, org(...ALL_ROLES)],
		create: [coordination, org('admin', 'member')],
		update: [coordination]
	},
	// lived-experience feedback (target: the stored place of the service or life event, and the service's owner):
	// anyone leaves it; the territory's coordinators moderate it; the owner's members read what was approved
	feedback: { read: [coordination, org(...ALL_ROLES)], create: [everyone], update: [coordination] },
	// the owning organisation's answer to approved feedback on one of its services
	feedbackAnswer: { create: [org('admin', 'member')] },
	// the grant itself: given, read and revoked by coordinators of an enclosing territory (target: the granted one)
	coordination: { read: [coordination], create: [coordination], delete: [coordination] }
};

export interface Target {
	/** Organisation that owns the object (or the organisation itself). */
	organisationId?: string;
	/** Where the object is, with every level above it. */
	place?: TerritoryPath;
	/** For cooperation objects: the stored cooperation's parties (never the request's claims). */
	cooperation?: { parties: readonly { organisationId: string; role: string }[] };
}

/** Whether a coordination covers a place (a zone covers the places of its communes). */
export function covers(scope: ActorCoordination, place: TerritoryPath | undefined): boolean {
	if (!place) return false;
	if (scope.type === 'zone') return !!place.commune && (scope.communes ?? []).includes(place.commune);
	return place[scope.type] === scope.code;
}

function grants(actor: Actor, grant: Grant, target: Target): boolean {
	switch (grant.scope) {
		case 'public':
			return true;
		case 'signed-in':
			return actor.user !== null;
		case 'organisation':
			return actor.memberships.some(
				(m) => m.organisationId === target.organisationId && grant.roles.includes(m.role)
			);
		case 'coordination':
			return actor.coordinations.some((c) => covers(c, target.place));
		case 'cooperation':
			return actor.memberships.some(
				(m) =>
					grant.roles.includes(m.role) &&
					!!target.cooperation?.parties.some(
						(p) =>
							p.organisationId === m.organisationId &&
							(!grant.partyRoles || grant.partyRoles.includes(p.role))
					)
			);
	}
}

export function can(actor: Actor, action: Action, resource: Resource, target: Target = {}): boolean {
	if (actor.user?.isInstanceAdmin) return true;
	const rules = POLICY[resource][action] ?? [];
	return rules.some((grant) => grants(actor, grant, target));
}

export class ForbiddenError extends Error {
	readonly status: number;
	constructor(
		readonly action: Action,
		readonly resource: Resource,
		signedIn: boolean
	) {
		super(`${action} ${resource}: ${signedIn ? 'forbidden' : 'authentication required'}`);
		this.status = signedIn ? 403 : 401;
	}
}

/** Throws 401 (not signed in) or 403 (signed in but not allowed). */
export function authorize(actor: Actor, action: Action, resource: Resource, target: Target = {}): void {
	if (!can(actor, action, resource, target)) throw new ForbiddenError(action, resource, actor.user !== null);
}
