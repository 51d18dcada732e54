/** Who is acting: resolved once per request from the session, then passed to every service call. */
/** Roles inside one organisation, weakest first; none reaches beyond the organisation (ADR 008). */
export type Role = 'admin' | 'member' | 'reader';
export const ROLES: readonly Role[] = ['reader', 'member', 'admin'];

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
	/** the organisation's kind (caf, ccas…), resolved with the session; the sharing rule reads it */
	organisationKind?: string;
}

/** A territory one may be given the coordination of: an administrative level, or a custom zone (by id). */
export type CoordinatedType = TerritoryType | 'zone';

/** Coordination of a territory held by the actor (the only territory-wide grant). */
export interface ActorCoordination {
	type: CoordinatedType;
	code: string;
	/** for a zone: the codes of its communes */
	communes?: readonly string[];
}

export interface Actor {
	user: { id: string; email: string; displayName: string; isInstanceAdmin: boolean } | null;
	memberships: ActorMembership[];
	coordinations: ActorCoordination[];
}

export const ANONYMOUS: Actor = Object.freeze({ user: null, memberships: [], coordinations: [] }) as Actor;
