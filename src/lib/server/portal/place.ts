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
	| {
			status: 'resolved';
			commune: PlaceChoice;
			postalCode: string | null;
			others: PlaceChoice[];
			/** the name typed was not the commune's: a typo corrected, said to the person */
			corrected?: boolean;
	  }
	| { status: 'ambiguous'; candidates: PlaceChoice[] }
	| { status: 'notFound' };

const FIVE_DIGITS = /^\d{5}$/;
const INSEE_CODE = /^(\d{5}|2[AB]\d{3})$/i;
const MAX_CHOICES = 8;

/**
 * "Where" of the public search, typed as free text: a commune name ("cahors", "Saint-Céré"), a postal code
 * ("46100") or an INSEE code ("46042"). A unique exact name, a postal code or an INSEE code resolves at once
 * (five digits are read as a postal code first: the commune with that INSEE code, if another, is offered
 * beside); a name one or two letters away from a single commune ("Figeak") resolves to it, saying so;
 * names that contain the text or are close to it are offered in a short "did you mean" list, whose links
 * carry the chosen INSEE code as `lieu`; nothing close: not found (never a list of unrelated communes).
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
	if (INSEE_CODE.test(text)) {
		const byInsee = await chosenCommune(ctx, text.toUpperCase());
		const communes = FIVE_DIGITS.test(text) ? await communesOfPostalCode(ctx, text) : [];
		if (communes.length > 0) {
			// several communes share most rural postal codes: the main one is enough to measure distances from
			const [first, ...others] = communes;
			if (byInsee && !communes.some((c) => c.code === byInsee.choice.code)) others.push(byInsee.choice);
			return { status: 'resolved', commune: first!, postalCode: text, others };
		}
		if (byInsee) return { status: 'resolved', commune: byInsee.choice, postalCode: null, others: [] };
		return { status: 'notFound' };
	}
	const hits = await searchTerritories(ctx, { q: text, type: 'commune', limit: MAX_CHOICES });
	const typedName = normalizeName(text);
	// trigram neighbours of an unknown word ("zzzzville" and every "…ville"): only names that contain the
	// text or are a small typo away count
	const choices = hits
		.map((h) => ({ code: h.code, name: h.name, context: h.context }))
		.filter((c) => normalizeName(c.name).includes(typedName) || isTypoOf(typedName, normalizeName(c.name)));
	const exact = choices.filter((c) => sameText(c.name, text));
	if (exact.length === 1) {
		// "saint cirq" is Saint-Cirq (82), but the person may mean Saint-Cirq-Lapopie: offer the near names too
		const others = choices.filter(
			(c) => c.code !== exact[0]!.code && normalizeName(c.name).includes(normalizeName(text))
		);
		return { status: 'resolved', commune: exact[0]!, postalCode: null, others };
	}
	if (choices.length === 0) return { status: 'notFound' };
	const typos = choices.filter((c) => isTypoOf(typedName, normalizeName(c.name)));
	if (exact.length === 0 && choices.length === 1 && typos.length === 1)
		return { status: 'resolved', commune: typos[0]!, postalCode: null, others: [], corrected: true };
	return { status: 'ambiguous', candidates: exact.length > 1 ? exact : choices };
}

/** Letters to add, remove or change to go from one text to the other (Levenshtein distance). */
export function editDistance(a: string, b: string): number {
	let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++)
			current[j] = Math.min(
				previous[j]! + 1,
				current[j - 1]! + 1,
				previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)
			);
		previous = current;
	}
	return previous[b.length]!;
}

/** A small typo: one letter off for a short name, two for a name of 8 letters or more, or two neighbours swapped. */
export function isTypoOf(typed: string, name: string): boolean {
	if (typed.length < 4) return false;
	const distance = editDistance(typed, name);
	return (
		distance <= (Math.max(typed.length, name.length) >= 8 ? 2 : 1) || (distance === 2 && swapped(typed, name))
	);
}

/** The same letters with two neighbours exchanged ("fiegac" for "figeac"). */
function swapped(a: string, b: string): boolean {
	if (a.length !== b.length) return false;
	const diff = [...a].flatMap((ch, i) => (ch === b[i] ? [] : [i]));
	return (
		diff.length === 2 &&
		diff[1] === diff[0]! + 1 &&
		a[diff[0]!] === b[diff[1]!] &&
		a[diff[1]!] === b[diff[0]!]
	);
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
