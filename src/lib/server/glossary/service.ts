import { LRUCache } from 'lru-cache';
import { nowOf, type Context } from '../context';
import { NotFoundError, ValidationError } from '../errors';
import { authorize, can } from '../policy/policy';
import type { TerritoryPath } from '../policy/actor';
import { audit } from '../audit/service';
import { inTransaction } from '../db/transaction';
import { getTerritory, territoryPath } from '../territories/service';
import { getService } from '../directory/service';
import { compileMatcher, markupHtml, searchForm, termsUsedIn, type Matcher } from '$lib/glossary';
import * as repo from './repository';
import NATIONAL from './national-terms.json';
import type { GlossaryEntryInput, GlossaryTerm, GlossaryTerritoryType } from './validation';

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
async function placeOf(ctx: Pick<Context, 'db'>, t: GlossaryTerritory): Promise<TerritoryPath> {
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

async function compiled(ctx: Pick<Context, 'db'>, place: TerritoryPath | null): Promise<Compiled> {
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

/** The effective glossary of a territory (of the whole country without one). Read by anyone. */
export async function effectiveGlossary(
	ctx: Context,
	territory: GlossaryTerritory | null
): Promise<GlossaryTerm[]> {
	const place = territory ? await placeOf(ctx, territory) : null;
	authorize(ctx.actor, 'read', 'glossaryTerm', { place: place ?? undefined });
	return (await compiled(ctx, place)).terms;
}

/** Terms whose acronym, long form or other forms match `q` (accents and case ignored): exact, then beginning, then anywhere. */
export async function searchGlossary(
	ctx: Context,
	query: { q?: string; territory?: GlossaryTerritory; limit: number; offset: number }
): Promise<{ items: GlossaryTerm[]; total: number }> {
	// an unknown territory in the query is a mistake in the request, said on its field
	const terms = await effectiveGlossary(ctx, query.territory ?? null).catch((e: unknown) => {
		if (e instanceof NotFoundError)
			throw new ValidationError([{ field: 'territory', message: 'territory.unknown' }]);
		throw e;
	});
	const q = query.q ? searchForm(query.q) : '';
	const ranked = q
		? terms
				.map((t) => {
					const forms = [t.term, t.longForm ?? '', ...t.aliases].map(searchForm);
					const rank = forms.includes(q)
						? 0
						: forms.some((f) => f.startsWith(q))
							? 1
							: forms.some((f) => f.includes(q))
								? 2
								: 3;
					return { t, rank };
				})
				.filter((r) => r.rank < 3)
				.sort((a, b) => a.rank - b.rank)
				.map((r) => r.t)
		: terms;
	return { items: ranked.slice(query.offset, query.offset + query.limit), total: ranked.length };
}

/** The effective glossary of the commune of a place (national without one), for pages showing content there. */
async function compiledForCommune(ctx: Pick<Context, 'db'>, communeCode: string | null | undefined) {
	const place = communeCode ? await territoryPath(ctx, 'commune', communeCode) : null;
	return compiled(ctx, place?.commune ? place : null);
}

/**
 * The terms the given texts use, in the effective glossary of a commune: what a page sends the component
 * that marks them up (GlossaryText.svelte), rather than the whole glossary.
 */
export async function glossaryTermsIn(
	ctx: Pick<Context, 'db'>,
	communeCode: string | null | undefined,
	texts: readonly (string | null | undefined)[]
): Promise<GlossaryTerm[]> {
	const c = await compiledForCommune(ctx, communeCode);
	const keys = new Set(termsUsedIn(texts, c.matcher));
	return c.terms.filter((t) => keys.has(t.key));
}

/**
 * The glossary terms of a service's description, in the glossary of the service's commune (else its
 * structure's): for the public sheet and the partners' service page.
 */
export async function glossaryTermsOfService(
	ctx: Context,
	serviceId: string,
	texts: readonly (string | null | undefined)[]
) {
	const { service, structure } = await getService(ctx, serviceId);
	return glossaryTermsIn(ctx, service.communeCode ?? structure.communeCode, texts);
}

/**
 * For the other areas (minutes, charter sections, decisions): sanitised HTML with the first occurrence of each
 * glossary term per paragraph marked up, in the glossary of the place of the content (render it with
 * GlossaryHtml.svelte). `idPrefix` must be unique on the page.
 */
export async function markupGlossary(
	ctx: Pick<Context, 'db'>,
	territory: GlossaryTerritory | null,
	sanitisedHtml: string,
	idPrefix: string
): Promise<string> {
	const place = territory ? await placeOf(ctx, territory).catch(() => null) : null;
	return markupHtml(sanitisedHtml, (await compiled(ctx, place)).matcher, { idPrefix });
}

const invalidate = (ctx: Pick<Context, 'db'>) => caches.delete(ctx.db);

/** What a coordinator edits: the territory's effective glossary, which rows are its own, what it hides. */
export async function territoryGlossary(ctx: Context, territory: GlossaryTerritory) {
	const place = await placeOf(ctx, territory);
	authorize(ctx.actor, 'read', 'glossaryTerm', { place });
	const t = await getTerritory(ctx, territory.type, territory.code);
	const c = await compiled(ctx, place);
	const own = new Set((await repo.rowsOf(ctx.db, [[territory.type, territory.code]])).map((r) => r.key));
	return {
		territory: { ...territory, name: t.name },
		terms: c.terms.map((term) => ({ ...term, here: own.has(term.key) })),
		hidden: [...c.hidden.values()].map((term) => ({ ...term, here: own.has(term.key) })),
		editable: can(ctx.actor, 'update', 'glossaryTerm', { place })
	};
}

const snapshot = (row: repo.GlossaryRow | undefined) =>
	row
		? {
				hidden: row.hidden,
				term: row.term,
				longForm: row.longForm,
				definition: row.definition,
				aliases: row.aliases,
				sourceName: row.sourceName,
				sourceUrl: row.sourceUrl
			}
		: null;

type Change = 'create' | 'update' | 'hide' | 'show' | 'reset';

/** One use case's writing: the row's history and the audit entry go with the change. */
async function recorded(
	ctx: Context,
	territory: GlossaryTerritory,
	key: string,
	changeOf: (before: repo.GlossaryRow | undefined) => Change,
	write: (tx: Context, before: repo.GlossaryRow | undefined) => Promise<repo.GlossaryRow | undefined>
) {
	await inTransaction(ctx, async (tx) => {
		const before = await repo.findRow(tx.db, territory.type, territory.code, key);
		const change = changeOf(before);
		const after = await write(tx, before);
		await repo.insertHistory(tx.db, {
			territoryType: territory.type,
			territoryCode: territory.code,
			key,
			change,
			before: snapshot(before),
			after: snapshot(after),
			changedBy: ctx.actor.user?.id ?? null,
			changedAt: nowOf(ctx)
		});
		await audit(tx, {
			action: `glossary.${change}`,
			objectType: 'glossaryTerm',
			objectId: `${territory.type}:${territory.code}:${key}`,
			details: { territoryType: territory.type, territoryCode: territory.code, key }
		});
	});
	invalidate(ctx);
}

/**
 * Writes a territory's version of a term: `key` of a shipped or inherited term overrides it; without a key,
 * a new local term (its key made from the term). Coordinators of the territory only.
 */
export async function saveGlossaryEntry(
	ctx: Context,
	territory: GlossaryTerritory,
	key: string | null,
	input: GlossaryEntryInput
): Promise<string> {
	const place = await placeOf(ctx, territory);
	authorize(ctx.actor, 'update', 'glossaryTerm', { place });
	const k = key ?? termKey(input.term);
	const aliases = [...new Set(input.aliases.map((a) => a.trim()).filter((a) => a !== ''))];
	await recorded(
		ctx,
		territory,
		k,
		(before) => (before ? 'update' : 'create'),
		(tx, before) =>
			repo.upsertRow(tx.db, {
				territoryType: territory.type,
				territoryCode: territory.code,
				key: k,
				hidden: before?.hidden ?? false,
				term: input.term,
				longForm: input.longForm ?? null,
				definition: input.definition,
				aliases,
				sourceName: input.sourceName ?? null,
				sourceUrl: input.sourceUrl ?? null,
				updatedAt: nowOf(ctx),
				updatedBy: ctx.actor.user?.id ?? null
			})
	);
	return k;
}

/** The term as the territory sees it now (shown or hidden), or NotFoundError. */
async function termHere(ctx: Context, place: TerritoryPath, key: string): Promise<GlossaryTerm> {
	const c = await compiled(ctx, place);
	const term = c.terms.find((t) => t.key === key) ?? c.hidden.get(key);
	if (!term) throw new NotFoundError('glossaryTerm', key);
	return term;
}

/** Hides a term in the territory (and below), or shows it again. */
export async function setGlossaryEntryHidden(
	ctx: Context,
	territory: GlossaryTerritory,
	key: string,
	hidden: boolean
): Promise<void> {
	const place = await placeOf(ctx, territory);
	authorize(ctx.actor, 'update', 'glossaryTerm', { place });
	await termHere(ctx, place, key);
	await recorded(
		ctx,
		territory,
		key,
		() => (hidden ? 'hide' : 'show'),
		async (tx, before) => {
			// a row that only hid an inherited term goes once the term is shown again
			if (!hidden && before && before.term === null) {
				await repo.deleteRow(tx.db, before.id);
				return undefined;
			}
			return repo.upsertRow(tx.db, {
				territoryType: territory.type,
				territoryCode: territory.code,
				key,
				hidden,
				term: before?.term ?? null,
				longForm: before?.longForm ?? null,
				definition: before?.definition ?? null,
				aliases: before?.aliases ?? [],
				sourceName: before?.sourceName ?? null,
				sourceUrl: before?.sourceUrl ?? null,
				updatedAt: nowOf(ctx),
				updatedBy: ctx.actor.user?.id ?? null
			});
		}
	);
}

/** Drops the territory's version of a term: the inherited one applies again (a local term is gone, its history kept). */
export async function resetGlossaryEntry(
	ctx: Context,
	territory: GlossaryTerritory,
	key: string
): Promise<void> {
	const place = await placeOf(ctx, territory);
	authorize(ctx.actor, 'update', 'glossaryTerm', { place });
	const row = await repo.findRow(ctx.db, territory.type, territory.code, key);
	if (!row) throw new NotFoundError('glossaryTerm', key);
	await recorded(
		ctx,
		territory,
		key,
		() => 'reset',
		async (tx, before) => {
			if (before) await repo.deleteRow(tx.db, before.id);
			return undefined;
		}
	);
}

/** The changes of a term in a territory, newest first (for those who may change it). */
export async function glossaryEntryHistory(ctx: Context, territory: GlossaryTerritory, key: string) {
	const place = await placeOf(ctx, territory);
	authorize(ctx.actor, 'update', 'glossaryTerm', { place });
	return repo.historyOf(ctx.db, territory.type, territory.code, key);
}
