import { sql } from 'drizzle-orm';
import type { Context } from '../context';
import { rows } from '../db/client';
import { NotFoundError } from '../errors';
import { getTerritory, normalizeName, searchTerritories } from '../territories/service';

/** A commune offered to the person, with its département to tell homonyms apart. */
export interface PlaceChoice {
	code: string;
	name: string;
	/** département name */
	context: string | null;
}

export type PlaceResolution =
	| { status: 'none' }
	| { status: 'resolved'; commune: PlaceChoice; postalCode: string | null; others: PlaceChoice[] }
	| { status: 'ambiguous'; candidates: PlaceChoice[] }
	| { status: 'notFound' };

const POSTAL_CODE = /^\d{5}$/;
const MAX_CHOICES = 8;

/**
 * "Where" of the public search, typed as free text: a commune name ("cahors", "Saint-Céré") or a postal code
 * ("46000"). A unique exact name or a postal code resolves at once; otherwise the person picks from a short
 * "did you mean" list (homonyms, prefixes, small typos), whose links carry the chosen INSEE code as `lieu`.
 */
export async function resolvePlace(
	ctx: Context,
	typed: string,
	chosen: string | null
): Promise<PlaceResolution> {
	if (chosen) {
		const commune = await chosenCommune(ctx, chosen);
		// the chosen code holds only while the text still names it (the person may have typed another place)
		if (
			commune &&
			(typed === '' || sameText(typed, commune.choice.name) || commune.postalCodes.includes(typed))
		)
			return { status: 'resolved', commune: commune.choice, postalCode: null, others: [] };
	}
	const text = typed.replace(/\s*\([^)]*\)\s*$/, '').trim(); // "Cahors (Lot)" as offered in the list
	if (text === '') return { status: 'none' };
	if (POSTAL_CODE.test(text)) {
		const communes = await communesOfPostalCode(ctx, text);
		if (communes.length === 0) return { status: 'notFound' };
		// several communes share most rural postal codes: the main one is enough to measure distances from
		const [first, ...others] = communes;
		return { status: 'resolved', commune: first!, postalCode: text, others };
	}
	const hits = await searchTerritories(ctx, { q: text, type: 'commune', limit: MAX_CHOICES });
	const choices = hits.map((h) => ({ code: h.code, name: h.name, context: h.context }));
	const exact = choices.filter((c) => sameText(c.name, text));
	if (exact.length === 1) {
		// "saint cirq" is Saint-Cirq (82), but the person may mean Saint-Cirq-Lapopie: offer the near names too
		const others = choices.filter(
			(c) => c.code !== exact[0]!.code && normalizeName(c.name).includes(normalizeName(text))
		);
		return { status: 'resolved', commune: exact[0]!, postalCode: null, others };
	}
	if (choices.length === 0) return { status: 'notFound' };
	return { status: 'ambiguous', candidates: exact.length > 1 ? exact : choices };
}

const sameText = (a: string, b: string) => normalizeName(a) === normalizeName(b);

async function chosenCommune(ctx: Context, code: string) {
	try {
		const t = await getTerritory(ctx, 'commune', code);
		const departement = t.parents.find((p) => p.type === 'departement');
		return {
			choice: { code: t.code, name: t.name, context: departement?.name ?? null },
			postalCodes: t.postalCodes
		};
	} catch (e) {
		if (e instanceof NotFoundError) return undefined;
		throw e;
	}
}

/**
 * Communes served by a postal code, most populous first.
 * (Belongs with the territory service; kept here until territories offers a postal-code lookup.)
 */
async function communesOfPostalCode(ctx: Context, postalCode: string): Promise<PlaceChoice[]> {
	return rows<PlaceChoice>(
		ctx.db,
		sql`select c.code, c.name, d.name as context
			from communes c join departements d on d.code = c.departement_code
			where ${postalCode} = any(c.postal_codes)
			order by c.population desc, c.code
			limit ${MAX_CHOICES}`
	);
}
