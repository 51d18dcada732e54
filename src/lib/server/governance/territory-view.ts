import type { Context } from '../context';
import { ValidationError } from '../errors';
import { authorize, can } from '../policy/policy';
import type { TerritoryPath } from '../policy/actor';
import { cooperationAccess } from '../cooperations/service';
import { territoryPath } from '../territories/service';
import { isCurrent, todayOf } from './access';
import * as repo from './repository';

type Level = 'region' | 'departement' | 'epci' | 'commune';

export interface TerritoryBody {
	id: string;
	name: string;
	kind: string;
	themes: string[];
	territoryType: string;
	territoryCode: string;
	cooperationId: string;
	cooperationName: string;
	members: number;
	/** the actor may open it (member of a party, coordinator) */
	readable: boolean;
}

export interface Overlap {
	a: string;
	b: string;
	sameKind: boolean;
	/** themes both bodies work on */
	themes: string[];
	/** same scope, or one scope inside the other */
	nestedTerritory: boolean;
	/** people seated in both; names only when the actor may read both bodies */
	sharedMembers: number;
	sharedNames: string[];
}

/** Whether place a lies in the territory (type, code) — same place or inside it. */
const inside = (path: TerritoryPath, type: string, code: string) =>
	(path as Record<string, string | undefined>)[type] === code;

/**
 * Every body of the cooperations working in a territory, and the pairs that look redundant (seed 004 P7: three
 * kinds of bodies, often redundant and unarticulated): a common theme on the same or nested territories, or
 * the same people seated in both.
 */
export async function territoryBodies(ctx: Context, territory: { type: Level; code: string }) {
	authorize(ctx.actor, 'read', 'cooperation');
	const place = await territoryPath(ctx, territory.type, territory.code);
	if (!inside(place, territory.type, territory.code))
		throw new ValidationError([{ field: 'code', message: 'territory.unknown' }]);
	const paths = new Map<string, TerritoryPath>();
	const pathOf = async (type: string, code: string) => {
		const key = `${type}:${code}`;
		if (!paths.has(key)) paths.set(key, await territoryPath(ctx, type as Level, code));
		return paths.get(key)!;
	};
	const all = await repo.allBodies(ctx.db);
	const chosen: (typeof all)[number][] = [];
	for (const b of all)
		if (inside(await pathOf(b.territoryType, b.territoryCode), territory.type, territory.code))
			chosen.push(b);
	const today = todayOf(ctx);
	const seats = (
		await repo.membersOf(
			ctx.db,
			chosen.map((b) => b.id)
		)
	).filter((m) => isCurrent(m, today));
	const readable = new Map<string, boolean>();
	for (const id of new Set(chosen.map((b) => b.cooperationId))) {
		const access = await cooperationAccess(ctx, id);
		readable.set(id, can(ctx.actor, 'read', 'body', access.target));
	}
	const bodies: TerritoryBody[] = chosen.map((b) => ({
		...b,
		members: seats.filter((s) => s.bodyId === b.id).length,
		readable: readable.get(b.cooperationId) ?? false
	}));
	const overlaps: Overlap[] = [];
	for (const [i, a] of bodies.entries())
		for (const b of bodies.slice(i + 1)) {
			const pa = await pathOf(a.territoryType, a.territoryCode);
			const pb = await pathOf(b.territoryType, b.territoryCode);
			const nestedTerritory =
				inside(pa, b.territoryType, b.territoryCode) || inside(pb, a.territoryType, a.territoryCode);
			const themes = a.themes.filter((t) => b.themes.includes(t));
			const inA = seats.filter((s) => s.bodyId === a.id);
			const shared = seats.filter((s) => s.bodyId === b.id && inA.some((x) => x.userId === s.userId));
			if ((nestedTerritory && themes.length) || shared.length)
				overlaps.push({
					a: a.id,
					b: b.id,
					sameKind: a.kind === b.kind,
					themes,
					nestedTerritory,
					sharedMembers: shared.length,
					sharedNames: a.readable && b.readable ? shared.map((s) => s.displayName) : []
				});
		}
	return { territory: place, bodies, overlaps };
}
