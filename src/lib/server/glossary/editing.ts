import { nowOf, type Context } from '../context';
import { NotFoundError } from '../errors';
import { authorize, can } from '../policy/policy';
import type { TerritoryPath } from '../policy/actor';
import { audit } from '../audit/service';
import { inTransaction } from '../db/transaction';
import { getTerritory } from '../territories/service';
import * as repo from './repository';
import { compiled, invalidate, placeOf, termKey, type GlossaryTerritory } from './effective';
import type { GlossaryEntryInput, GlossaryTerm } from './validation';

/**
 * Changing a territory's glossary (its coordinators): a term's override, a local term, hiding and showing,
 * reverting; each change one transaction with its history line and audit entry.
 */

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
