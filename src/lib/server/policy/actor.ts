/** Who is acting: resolved once per request from the session, then passed to every service call. */
export type Role = 'admin' | 'coordinator' | 'member' | 'reader';
export const ROLES: readonly Role[] = ['admin', 'coordinator', 'member', 'reader'];

export type TerritoryType = 'region' | 'departement' | 'epci' | 'commune';

/** A place and every level above it, so that containment is a lookup. */
export interface TerritoryPath {
	region?: string;
	departement?: string;
	epci?: string;
	commune?: string;
}

export interface TerritoryRef {
	type: TerritoryType;
	code: string;
}

export interface ActorMembership {
	organisationId: string;
	organisationName: string;
	role: Role;
	territory: TerritoryRef;
}

export interface Actor {
	user: { id: string; email: string; displayName: string; isInstanceAdmin: boolean } | null;
	memberships: ActorMembership[];
}

export const ANONYMOUS: Actor = Object.freeze({ user: null, memberships: [] }) as Actor;
