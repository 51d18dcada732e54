import type { Context } from '../context';
import type { TerritoryType } from '../policy/actor';
import { territoriesNamed, territoryNames, type TerritoryRef } from '../territories/names';

/**
 * Places of the directory's forms, shown and typed by name: a service's commune (« Cahors (46042) ») and its
 * eligibility zone (communes, EPCIs, départements or « France »). Codes stay what is stored.
 */
export const FRANCE = 'france';

/** What kind of territory an eligibility code names (data·inclusion zone_eligibilite). */
export function zoneCodeType(code: string): TerritoryType | null {
	if (code === FRANCE) return null;
	if (/^\d{9}$/.test(code)) return 'epci';
	if (/^[0-9][0-9AB]\d{3}$/.test(code)) return 'commune';
	return 'departement';
}

/** "Cahors (46042)", "Lot (46)", "CC du Grand Figeac", "France"; an unknown code is shown as it is. */
export async function placeLabels(
	ctx: Pick<Context, 'db' | 'actor'>,
	codes: (string | null | undefined)[]
): Promise<Record<string, string>> {
	const refs: TerritoryRef[] = [];
	for (const code of codes) {
		const type = code ? zoneCodeType(code) : null;
		if (code && type) refs.push({ type, code });
	}
	const names = await territoryNames(ctx, refs);
	const labels: Record<string, string> = {};
	for (const code of codes) {
		if (!code) continue;
		const type = zoneCodeType(code);
		if (!type) labels[code] = 'France';
		else {
			const name = names.get(`${type}:${code}`);
			labels[code] = !name ? code : type === 'epci' ? name : `${name} (${code})`;
		}
	}
	return labels;
}

/** An EPCI is named without its code: its name is unique and its SIREN means nothing to people. */
export const placeText = (code: string, labels: Record<string, string>) => {
	const label = labels[code] ?? code;
	return zoneCodeType(code) === 'epci' && label !== code ? `${label} (${code})` : label;
};

export type Resolved = { code: string } | { message: string };

const CODE = /^(france|[0-9][0-9AB]\d{3}|\d{2,3}|2A|2B|\d{9})$/i;

/**
 * A typed place → its code: a code as such ("46042"), a label with its code in brackets ("Cahors (46042)"),
 * or a name ("Cahors", "grand figeac") when exactly one territory of the allowed kinds bears it.
 */
export async function resolvePlace(ctx: Context, text: string, types: TerritoryType[]): Promise<Resolved> {
	const typed = text.trim();
	const bracketed = /\(([0-9AB]{2,9})\)\s*$/i.exec(typed)?.[1];
	if (bracketed) return { code: bracketed.toUpperCase() };
	if (CODE.test(typed)) return { code: typed.toLowerCase() === FRANCE ? FRANCE : typed.toUpperCase() };
	if (types.length > 1 && /^france$/i.test(typed)) return { code: FRANCE };
	const hits = await territoriesNamed(ctx, typed, types);
	const exact = hits.filter((h) => h.exact);
	const candidates = exact.length ? exact : hits.length === 1 ? hits : [];
	if (candidates.length === 1) return { code: candidates[0]!.code };
	return {
		message: `${candidates.length > 1 ? 'place.ambiguous' : 'place.unknown'}:${typed.replace(/:/g, ' ')}`
	};
}
