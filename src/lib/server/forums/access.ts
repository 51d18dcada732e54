import type { Context } from '../context';
import { NotFoundError } from '../errors';
import { covers, ForbiddenError } from '../policy/policy';
import type { TerritoryPath, TerritoryRef, TerritoryType } from '../policy/actor';
import { territoryPath } from '../territories/service';
import * as repo from './repository';

/**
 * Who sees a forum session (stated in docs/adr and the report): signed-in professionals see the sessions of the
 * territories their organisations belong to — sessions inside their organisation's territory and sessions of a
 * territory that holds it — and coordinators those of the territories they coordinate. Facilitators always see
 * theirs; instance administrators see all. Nothing of a forum is public.
 */

const SESSION_LEVELS = ['departement', 'epci', 'commune'] as const;

/** Does territory `outer` (with its path) hold the place `inner`, or the other way round? */
export function overlaps(
	a: TerritoryRef,
	aPath: TerritoryPath,
	b: TerritoryRef,
	bPath: TerritoryPath
): boolean {
	return bPath[a.type] === a.code || aPath[b.type] === b.code;
}

export async function reachOf(ctx: Context): Promise<repo.Reach> {
	const actor = ctx.actor;
	if (!actor.user) throw new ForbiddenError('read', 'need', false);
	const reach: repo.Reach = {
		all: actor.user.isInstanceAdmin,
		regions: [],
		departements: [],
		epcis: [],
		communes: [],
		enclosing: []
	};
	const territories: TerritoryRef[] = [
		...actor.memberships.map((m) => m.territory),
		...actor.coordinations.flatMap((c) => (c.type === 'zone' ? [] : [{ type: c.type, code: c.code }]))
	];
	for (const c of actor.coordinations) if (c.type === 'zone') reach.communes.push(...(c.communes ?? []));
	const seen = new Set<string>();
	for (const t of territories) {
		const key = `${t.type}:${t.code}`;
		if (seen.has(key)) continue;
		seen.add(key);
		const list = {
			region: reach.regions,
			departement: reach.departements,
			epci: reach.epcis,
			commune: reach.communes
		};
		list[t.type].push(t.code);
		const path = await territoryPath(ctx, t.type, t.code);
		for (const level of SESSION_LEVELS)
			if (level !== t.type && path[level]) reach.enclosing.push(`${level}:${path[level]}`);
	}
	return reach;
}

export const pathOfSession = (s: repo.SessionRow): TerritoryPath => ({
	region: s.regionCode ?? undefined,
	departement: s.departementCode ?? undefined,
	epci: s.epciCode ?? undefined,
	commune: s.communeCode ?? undefined
});

/** Is the session in the actor's reach (see above)? */
export async function inReach(
	ctx: Context,
	session: repo.SessionRow,
	isFacilitator: boolean
): Promise<boolean> {
	const actor = ctx.actor;
	if (!actor.user) return false;
	if (actor.user.isInstanceAdmin || isFacilitator) return true;
	const place = pathOfSession(session);
	if (actor.coordinations.some((c) => covers(c, place))) return true;
	const sessionRef = { type: session.territoryType as TerritoryType, code: session.territoryCode };
	for (const m of actor.memberships) {
		const path = await territoryPath(ctx, m.territory.type, m.territory.code);
		if (overlaps(m.territory, path, sessionRef, place)) return true;
	}
	return false;
}

export interface SessionAccess {
	session: repo.SessionRow;
	facilitators: { userId: string; name: string }[];
	isFacilitator: boolean;
	/** facilitators and the coordinators of the territory see the queue */
	canSeeQueue: boolean;
}

/** A session as stored and what the actor may do with it; out of reach is a 404 (its existence is not told). */
export async function sessionAccess(ctx: Context, id: string, forUpdate = false): Promise<SessionAccess> {
	if (!ctx.actor.user) throw new ForbiddenError('read', 'need', false);
	const session = await repo.findSession(ctx.db, id, forUpdate);
	if (!session) throw new NotFoundError('forum', id);
	const facilitators = await repo.facilitatorsOf(ctx.db, [id]);
	const isFacilitator = facilitators.some((f) => f.userId === ctx.actor.user!.id);
	if (!(await inReach(ctx, session, isFacilitator))) throw new NotFoundError('forum', id);
	const place = pathOfSession(session);
	return {
		session,
		facilitators,
		isFacilitator,
		canSeeQueue:
			isFacilitator || ctx.actor.user.isInstanceAdmin || ctx.actor.coordinations.some((c) => covers(c, place))
	};
}
