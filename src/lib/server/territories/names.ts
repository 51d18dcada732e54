import type { Context } from '../context';
import { authorize } from '../policy/policy';
import type { TerritoryType } from '../policy/actor';
import * as repo from './repository';
import { normalizeName, searchTerritories } from './service';

/**
 * Names for codes, so that people read « Cahors (46042) » or « CC du Grand Figeac » instead of codes; and
 * codes for names, so that they can type a commune instead of looking its code up.
 */
export interface TerritoryRef {
	type: TerritoryType;
	code: string;
}

const finders: Record<
	TerritoryType,
	(db: Context['db'], code: string) => Promise<{ name: string } | undefined>
> = {
	commune: repo.findCommune,
	epci: repo.findEpci,
	departement: repo.findDepartement,
	region: repo.findRegion
};

/** The names of these territories, keyed "type:code"; unknown codes are left out. */
export async function territoryNames(
	ctx: Pick<Context, 'db' | 'actor'>,
	refs: TerritoryRef[]
): Promise<Map<string, string>> {
	authorize(ctx.actor, 'read', 'territory');
	const keys = [...new Set(refs.map((r) => `${r.type}:${r.code}`))];
	const names = new Map<string, string>();
	await Promise.all(
		keys.map(async (key) => {
			const [type, code] = key.split(':') as [TerritoryType, string];
			const found = await finders[type](ctx.db, code);
			if (found) names.set(key, found.name);
		})
	);
	return names;
}

const SMALL_WORDS = new Set(['de', 'du', 'des', 'la', 'le', 'les', 'l', 'd']);

/**
 * The territories a typed name may mean, best first: exact names (accents and case aside) before the others.
 * Two communes of the same name are both returned: the caller asks which one.
 */
export async function territoriesNamed(
	ctx: Context,
	name: string,
	types: TerritoryType[],
	limit = 8
): Promise<{ type: TerritoryType; code: string; name: string; context: string | null; exact: boolean }[]> {
	const hits = await searchTerritories(ctx, { q: name, type: types, limit });
	// "CC du Grand Figeac" is the "CC Grand-Figeac" of the official list: small words aside
	const key = (text: string) =>
		normalizeName(text)
			.split(' ')
			.filter((w) => !SMALL_WORDS.has(w))
			.join(' ');
	const wanted = key(name);
	return hits.map((h) => ({
		type: h.type,
		code: h.code,
		name: h.name,
		context: h.context,
		exact: key(h.name) === wanted
	}));
}

/**
 * How a territory is shown to people, keyed "type:code": « Cahors (46042) », « Lot (46) », « CC du Grand
 * Figeac », « Occitanie » (an EPCI's SIREN and a région's code mean nothing to them). Unknown: the code.
 */
export async function territoryLabels(
	ctx: Pick<Context, 'db' | 'actor'>,
	refs: TerritoryRef[]
): Promise<Record<string, string>> {
	const names = await territoryNames(ctx, refs);
	const labels: Record<string, string> = {};
	for (const { type, code } of refs) {
		const name = names.get(`${type}:${code}`);
		labels[`${type}:${code}`] = !name
			? code
			: type === 'commune' || type === 'departement'
				? `${name} (${code})`
				: name;
	}
	return labels;
}
