import { nowOf, type Context } from '../context';
import { NotFoundError } from '../errors';
import { authorize, can } from '../policy/policy';
import type { TerritoryPath } from '../policy/actor';
import { audit } from '../audit/service';
import { inTransaction } from '../db/transaction';
import { getTerritory, territoryPath } from '../territories/service';
import * as repo from './synonyms-repository';
import { DEFAULT_SYNONYMS } from './synonyms-text';
import type { SynonymList, SynonymListInput } from './synonyms-validation';

/**
 * The synonym list of the field (ADR 010): the shipped groups (synonyms-text.ts) plus those each territory's
 * coordinators add. A territory's list is part of its shared referential: read by anyone, written by the
 * coordinators of the territory (the `referential` grant of the policy), a whole list at a time, audited.
 */

export type SynonymTerritoryType = 'region' | 'departement' | 'epci' | 'commune';

/** The territory's place for the policy; NotFoundError when no such territory exists (before anything is written). */
async function placeOf(ctx: Context, type: SynonymTerritoryType, code: string): Promise<TerritoryPath> {
	await getTerritory(ctx, type, code);
	const path = await territoryPath(ctx, type, code);
	if (path[type] !== code) throw new NotFoundError(type, code);
	return type === 'commune' ? path : { ...path, commune: undefined };
}

export async function getSynonymList(
	ctx: Context,
	type: SynonymTerritoryType,
	code: string
): Promise<SynonymList> {
	authorize(ctx.actor, 'read', 'referential');
	const place = await placeOf(ctx, type, code);
	const territory = await getTerritory(ctx, type, code);
	const rows = await repo.synonymsOf(ctx.db, type, code);
	const updatedAt = rows.reduce<Date | null>((a, r) => (a && a > r.updatedAt ? a : r.updatedAt), null);
	return {
		territoryType: type,
		territoryCode: code,
		territoryName: territory.name,
		groups: rows.map((r) => r.terms),
		defaults: DEFAULT_SYNONYMS.map((g) => [...g]),
		updatedAt: updatedAt?.toISOString() ?? null,
		editable: can(ctx.actor, 'update', 'referential', { place })
	};
}

/** Replaces the territory's list: the rows and the audit entry in one transaction. */
export async function saveSynonymList(
	ctx: Context,
	type: SynonymTerritoryType,
	code: string,
	input: SynonymListInput
): Promise<SynonymList> {
	const place = await placeOf(ctx, type, code);
	authorize(ctx.actor, 'update', 'referential', { place });
	const groups = input.groups.map((g) => [...new Set(g.map((t) => t.trim()))]);
	await inTransaction(ctx, async (tx) => {
		const before = await repo.synonymsOf(tx.db, type, code);
		await repo.replaceSynonyms(tx.db, type, code, groups, ctx.actor.user?.id ?? null, nowOf(ctx));
		await audit(tx, {
			action: 'synonyms.update',
			objectType: 'synonyms',
			objectId: `${type}:${code}`,
			details: {
				territoryType: type,
				territoryCode: code,
				groupsBefore: before.length,
				groups: groups.length
			}
		});
	});
	searchCaches.delete(ctx.db);
	return getSynonymList(ctx, type, code);
}

/**
 * What searches read, per database: every territory's groups (a small table), read once a minute (another
 * process's change shows within that time), and the list each place gets, made once from them: a search
 * from a commune not seen yet costs no statement.
 */
interface SearchSynonyms {
	loadedAt: number;
	rows: Promise<{ territoryType: string; territoryCode: string; terms: string[] }[]>;
	/** per place (its territories): one list object, whose derived words synonyms-text.ts keeps */
	lists: Map<string, readonly (readonly string[])[]>;
}
const SYNONYMS_KEPT_MS = 60_000;
const MAX_PLACES_KEPT = 5_000;
const searchCaches = new WeakMap<object, SearchSynonyms>();

/**
 * The groups a search uses: the shipped ones, plus those of the territories containing the search's place
 * (its commune, EPCI, département, région); without a place, those of every territory.
 */
export async function synonymsForSearch(
	ctx: Pick<Context, 'db'>,
	place: TerritoryPath | null
): Promise<readonly (readonly string[])[]> {
	let cache = searchCaches.get(ctx.db);
	if (!cache || Date.now() - cache.loadedAt > SYNONYMS_KEPT_MS) {
		const rows = repo.allSynonymGroups(ctx.db);
		// a failed read is not kept
		rows.catch(() => searchCaches.delete(ctx.db));
		searchCaches.set(ctx.db, (cache = { loadedAt: Date.now(), rows, lists: new Map() }));
	}
	const territories = place
		? (['commune', 'epci', 'departement', 'region'] as const).flatMap((t) =>
				place[t] ? [`${t}:${place[t]}`] : []
			)
		: null;
	const key = territories ? territories.join('|') : '*';
	const rows = await cache.rows;
	let list = cache.lists.get(key);
	if (!list) {
		const wanted = territories ? new Set(territories) : null;
		const groups = rows
			.filter((r) => !wanted || wanted.has(`${r.territoryType}:${r.territoryCode}`))
			.map((r) => r.terms);
		list = groups.length ? [...DEFAULT_SYNONYMS, ...groups] : DEFAULT_SYNONYMS;
		if (cache.lists.size >= MAX_PLACES_KEPT) cache.lists.clear();
		cache.lists.set(key, list);
	}
	return list;
}
