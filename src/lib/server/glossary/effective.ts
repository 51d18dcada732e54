import { LRUCache } from 'lru-cache';
import type { Context } from '../context';
import { NotFoundError } from '../errors';
import type { TerritoryPath } from '../policy/actor';
import { territoryPath } from '../territories/service';
import { compileMatcher, searchForm, type Matcher } from '$lib/glossary';
import * as repo from './repository';
import NATIONAL from './national-terms.json';
import type { GlossaryTerm, GlossaryTerritoryType } from './validation';

/**
 * The glossary of French social action (issue 10 §8): the terms shipped with Maillage (national-terms.json,
 * versioned with the code), changed per territory by its coordinators (override, hide, local terms), read by
 * anyone. The effective glossary of a place applies its région's rows, then its département's, EPCI's and
 * commune's over the shipped terms: the narrowest territory has the last word.
 */

export interface GlossaryTerritory {
	type: GlossaryTerritoryType;
	code: string;
}

export const NATIONAL_TERMS: readonly GlossaryTerm[] = NATIONAL.map((t) => ({
	key: t.key,
	term: t.term,
	longForm: t.longForm ?? null,
	definition: t.definition,
	aliases: t.aliases,
	source: t.source,
	origin: 'national' as const,
	territory: null
}));
const NATIONAL_BY_KEY = new Map(NATIONAL_TERMS.map((t) => [t.key, t]));

const LEVELS = ['region', 'departement', 'epci', 'commune'] as const;

/** The place of a territory for the policy and the merge; NotFoundError when no such territory exists. */
export async function placeOf(ctx: Pick<Context, 'db'>, t: GlossaryTerritory): Promise<TerritoryPath> {
	const path = await territoryPath(ctx, t.type, t.code);
	if (path[t.type] !== t.code) throw new NotFoundError(t.type, t.code);
	return t.type === 'commune' ? path : { ...path, commune: undefined };
}

const levelsOf = (place: TerritoryPath): [GlossaryTerritoryType, string][] =>
	LEVELS.flatMap((l) => (place[l] ? [[l, place[l]] as [GlossaryTerritoryType, string]] : []));

/** A slug for a new term: lower case, no accents, words joined by dashes (« Réseau VIF 46 » → reseau-vif-46). */
export function termKey(term: string): string {
	return (
		searchForm(term)
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, 80) || 'terme'
	);
}

function termOfRow(row: repo.GlossaryRow, base: GlossaryTerm | undefined): GlossaryTerm | null {
	if (row.term === null || row.definition === null) return base ?? null;
	return {
		key: row.key,
		term: row.term,
		longForm: row.longForm,
		definition: row.definition,
		aliases: row.aliases,
		source:
			row.sourceName || row.sourceUrl ? { name: row.sourceName ?? row.sourceUrl!, url: row.sourceUrl } : null,
		origin: NATIONAL_BY_KEY.has(row.key) ? 'override' : 'local',
		territory: { type: row.territoryType as GlossaryTerritoryType, code: row.territoryCode }
	};
}

/** Shipped terms, then each level's rows in order (pure, for the tests and the cache). */
export function mergeGlossary(
	rows: readonly repo.GlossaryRow[],
	levels: readonly [string, string][]
): { terms: GlossaryTerm[]; hidden: Map<string, GlossaryTerm> } {
	const terms = new Map<string, GlossaryTerm>(NATIONAL_BY_KEY);
	const hidden = new Map<string, GlossaryTerm>();
	for (const [type, code] of levels)
		for (const row of rows)
			if (row.territoryType === type && row.territoryCode === code) {
				const base = terms.get(row.key) ?? hidden.get(row.key);
				const term = termOfRow(row, base);
				if (!term) continue;
				if (row.hidden) {
					terms.delete(row.key);
					hidden.set(row.key, term);
				} else {
					hidden.delete(row.key);
					terms.set(row.key, term);
				}
			}
	const sorted = [...terms.values()].sort((a, b) =>
		a.term.localeCompare(b.term, 'fr', { sensitivity: 'base' })
	);
	return { terms: sorted, hidden };
}

interface Compiled {
	terms: GlossaryTerm[];
	hidden: Map<string, GlossaryTerm>;
	matcher: Matcher;
}
/** Per database and place, kept a minute (another process's change shows within that time). */
const caches = new WeakMap<object, LRUCache<string, Compiled>>();
let nationalCompiled: Compiled | undefined;

export async function compiled(ctx: Pick<Context, 'db'>, place: TerritoryPath | null): Promise<Compiled> {
	if (!place) {
		nationalCompiled ??= {
			terms: [...NATIONAL_TERMS],
			hidden: new Map(),
			matcher: compileMatcher(NATIONAL_TERMS)
		};
		return nationalCompiled;
	}
	let cache = caches.get(ctx.db);
	if (!cache) caches.set(ctx.db, (cache = new LRUCache({ max: 2_000, ttl: 60_000 })));
	const levels = levelsOf(place);
	const cacheKey = levels.map((l) => l.join(':')).join('|');
	let hit = cache.get(cacheKey);
	if (!hit) {
		const merged = mergeGlossary(await repo.rowsOf(ctx.db, levels), levels);
		hit = { ...merged, matcher: compileMatcher(merged.terms) };
		cache.set(cacheKey, hit);
	}
	return hit;
}

/** After a write: this process reads the database again (others within the cache's minute). */
export const invalidate = (ctx: Pick<Context, 'db'>) => caches.delete(ctx.db);
