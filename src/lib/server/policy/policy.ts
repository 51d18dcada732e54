import type { Actor, Role, TerritoryPath, TerritoryRef } from './actor';

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
	| 'directoryImport';
export type Action = 'read' | 'create' | 'update' | 'delete';

/**
 * - public: anyone, signed in or not
 * - signed-in: any account
 * - organisation: a member with this role in the organisation that owns the object
 * - territory: a member with this role in an organisation whose territory contains the object's place
 */
export type Grant =
	| { scope: 'public' }
	| { scope: 'signed-in' }
	| { scope: 'organisation'; roles: Role[] }
	| { scope: 'territory'; roles: Role[] };

const ALL_ROLES: Role[] = ['admin', 'coordinator', 'member', 'reader'];
const org = (...roles: Role[]): Grant => ({ scope: 'organisation', roles });
const territory = (...roles: Role[]): Grant => ({ scope: 'territory', roles });
const signedIn: Grant = { scope: 'signed-in' };
const everyone: Grant = { scope: 'public' };

/** Instance administrators may do everything; this table says who else may. Absent = nobody else. */
export const POLICY: Record<Resource, Partial<Record<Action, Grant[]>>> = {
	territory: { read: [everyone] },
	zone: {
		read: [signedIn],
		create: [org('admin', 'coordinator')],
		update: [org('admin', 'coordinator'), territory('coordinator')],
		delete: [org('admin', 'coordinator'), territory('coordinator')]
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
		create: [org('admin', 'coordinator', 'member')],
		update: [org('admin', 'coordinator', 'member'), territory('coordinator')],
		delete: [org('admin', 'coordinator'), territory('coordinator')]
	},
	service: {
		read: [everyone],
		create: [org('admin', 'coordinator', 'member'), territory('coordinator')],
		update: [org('admin', 'coordinator', 'member'), territory('coordinator')],
		delete: [org('admin', 'coordinator'), territory('coordinator')]
	},
	// named contact people: partners only, never the public portal
	correspondent: {
		read: [signedIn],
		create: [org('admin', 'coordinator', 'member'), territory('coordinator')],
		update: [org('admin', 'coordinator', 'member'), territory('coordinator')],
		delete: [org('admin', 'coordinator', 'member'), territory('coordinator')]
	},
	// Politique → Mission → Action tree of a territory
	referential: {
		read: [everyone],
		create: [territory('coordinator')],
		update: [territory('coordinator')],
		delete: [territory('coordinator')]
	},
	// bulk import of structures and services (data·inclusion, HSDS)
	directoryImport: { create: [org('admin', 'coordinator'), territory('coordinator')] }
};

export interface Target {
	/** Organisation that owns the object (or the organisation itself). */
	organisationId?: string;
	/** Where the object is, with every level above it. */
	place?: TerritoryPath;
}

export function contains(scope: TerritoryRef, place: TerritoryPath | undefined): boolean {
	return !!place && place[scope.type] === scope.code;
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
		case 'territory':
			return actor.memberships.some(
				(m) => grant.roles.includes(m.role) && contains(m.territory, target.place)
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
