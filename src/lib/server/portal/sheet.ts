import type { Context } from '../context';
import { NotFoundError } from '../errors';
import type { TerritoryType } from '../policy/actor';
import { getServiceSheet } from '../directory/search';
import { getTerritory } from '../territories/service';

/** The zone_eligibilite entries, named. */
export interface ZoneEntry {
	type: TerritoryType | 'france';
	code: string;
	name: string;
}

/**
 * What the public sheet of a service shows. Built from the public service read only: correspondents (named
 * partner contacts) are never part of it, and neither is contact_nom_prenom, a person's name that data·inclusion
 * treats as personal data; the public sees the service's own phone and e-mail, or its structure's.
 */
export async function publicSheet(ctx: Context, id: string) {
	const found = await getServiceSheet(ctx, id);
	const { structure } = found;
	const ownPlace = !!(found.address || found.communeCode);
	const zone = await zoneOf(ctx, found.eligibilityZone ?? []);
	return {
		service: {
			id: found.id,
			name: found.name,
			description: found.description,
			type: found.type ?? null,
			thematiques: found.thematiques ?? [],
			fees: found.fees ?? null,
			feesDetails: text(found.feesDetails),
			publics: found.publics ?? [],
			publicsDetails: text(found.publicsDetails),
			accessConditions: text(found.accessConditions),
			receptionModes: found.receptionModes ?? [],
			outreach: found.outreach ?? false,
			mobilisationModes: found.mobilisationModes ?? [],
			mobilisableBy: found.mobilisableBy ?? [],
			mobilisationDetails: text(found.mobilisationDetails),
			mobilisationUrl: text(found.mobilisationUrl),
			languages: found.languages ?? [],
			accessibility: text(found.accessibility),
			source: found.source,
			sourceUpdatedOn: found.sourceUpdatedOn,
			lastCheckedAt: found.lastCheckedAt,
			isDemo: found.isDemo
		},
		structure: {
			name: structure.name,
			website: structure.website,
			phone: structure.phone,
			email: structure.email,
			address: structure.address,
			addressComplement: structure.addressComplement,
			postalCode: structure.postalCode,
			accessibilityUrl: structure.accessibilityUrl
		},
		/** how to reach the service: its own details, else its structure's (and the sheet says so) */
		contact: {
			phone: text(found.phone) ?? structure.phone,
			phoneOfStructure: !text(found.phone) && !!structure.phone,
			email: text(found.email) ?? structure.email,
			address: ownPlace ? text(found.address) : structure.address,
			addressComplement: ownPlace ? text(found.addressComplement) : structure.addressComplement,
			postalCode: found.postalCode ?? (ownPlace ? null : structure.postalCode),
			openingHours: text(found.openingHours) ?? structure.openingHours
		},
		communeName: ownPlace ? found.communeName : structure.communeName,
		structureCommuneName: structure.communeName,
		coordinates:
			found.latitude != null && found.longitude != null
				? { latitude: found.latitude, longitude: found.longitude }
				: null,
		zone,
		stale: found.stale,
		sensitive: (found.thematiques ?? []).some((th) => SENSITIVE_THEMATIQUES.has(th))
	};
}

/**
 * Services about violence: their sheet gets a neutral page title (the title shows in the tab, the history and
 * the list of open tabs) and the safety note. The thématique of the "violences dans mon couple" life event that
 * is about violence itself (its other thématiques, housing and legal help, are not revealing).
 */
const SENSITIVE_THEMATIQUES = new Set<string>(['famille--surmonter-conflits-separation-violence']);

/** A text search about violence gets a neutral page title too. */
export const isSensitiveQuery = (q: string | null | undefined): boolean =>
	!!q && /violen|viol\b|vif\b|battu|conjugal|f[ée]minicide|emprise|agression/i.test(q);

/** Route link on OpenStreetMap: directions to the place (the start is left to the person), no tracking. */
export function routeLinks(
	coordinates: { latitude: number; longitude: number } | null,
	address: string | null
): { directions: string; geo: string | null } | null {
	if (coordinates) {
		const { latitude: lat, longitude: lon } = coordinates;
		return {
			directions: `https://www.openstreetmap.org/directions?route=%3B${lat}%2C${lon}#map=16/${lat}/${lon}`,
			geo: `geo:${lat},${lon}`
		};
	}
	if (!address) return null;
	return {
		directions: `https://www.openstreetmap.org/search?query=${encodeURIComponent(address)}`,
		geo: null
	};
}

/** ServiceDto types its optional texts as the form input (unknown before preprocessing); they are strings. */
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export type PublicSheet = Awaited<ReturnType<typeof publicSheet>>;

async function nameOf(ctx: Context, type: TerritoryType, code: string): Promise<string | null> {
	try {
		return (await getTerritory(ctx, type, code)).name;
	} catch (e) {
		if (e instanceof NotFoundError) return null;
		throw e;
	}
}

const MAX_ZONE = 12;

function typeOfCode(code: string): TerritoryType | 'france' | null {
	if (code === 'france') return 'france';
	if (/^[0-9]{9}$/.test(code)) return 'epci';
	if (/^[0-9][0-9AB][0-9]{3}$/.test(code)) return 'commune';
	if (/^([0-9]{2,3}|2A|2B)$/.test(code)) return 'departement';
	return null;
}

async function zoneOf(ctx: Context, codes: string[]): Promise<ZoneEntry[]> {
	const entries = await Promise.all(
		codes.slice(0, MAX_ZONE).map(async (code): Promise<ZoneEntry | null> => {
			const type = typeOfCode(code);
			if (type === 'france') return { type, code, name: 'France' };
			if (!type) return null;
			const name = await nameOf(ctx, type, code);
			return name ? { type, code, name } : null;
		})
	);
	return entries.filter((e) => e !== null);
}
