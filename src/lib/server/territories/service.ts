import { sql } from 'drizzle-orm';
import type { Context } from '../context';
import { NotFoundError, ValidationError } from '../errors';
import { authorize } from '../policy/policy';
import type { TerritoryPath, TerritoryType } from '../policy/actor';
import { audit } from '../audit/service';
import { inTransaction } from '../db/transaction';
import * as repo from './repository';
import { foldAccents } from '../text';
import { loadEtalabSource } from './source';
import type { Territory, ZoneInput } from './validation';

const ALL_TYPES: TerritoryType[] = ['commune', 'epci', 'departement', 'region'];

/** Same folding as SQL normalize_name(): lower case, no accents, punctuation as spaces. */
export function normalizeName(text: string): string {
	return foldAccents(text)
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
}

export async function searchTerritories(
	ctx: Context,
	query: { q: string; type?: TerritoryType | TerritoryType[]; limit: number }
) {
	authorize(ctx.actor, 'read', 'territory');
	const q = normalizeName(query.q);
	if (q.length < 2) return [];
	const types = query.type ? [query.type].flat() : ALL_TYPES;
	return repo.searchTerritories(ctx.db, q, types, query.limit);
}

export async function getTerritory(ctx: Context, type: TerritoryType, code: string): Promise<Territory> {
	authorize(ctx.actor, 'read', 'territory');
	const found = await loaders[type](ctx, code);
	if (!found) throw new NotFoundError(type, code);
	return found;
}

type Loader = (ctx: Context, code: string) => Promise<Territory | undefined>;

const base = { kind: null, postalCodes: [], centroid: null, parents: [], children: [] };

const loaders: Record<TerritoryType, Loader> = {
	async commune({ db }, code) {
		const c = await repo.findCommune(db, code);
		if (!c) return undefined;
		const [region, departement, epci] = await Promise.all([
			repo.findRegion(db, c.regionCode),
			repo.findDepartement(db, c.departementCode),
			c.epciCode ? repo.findEpci(db, c.epciCode) : undefined
		]);
		return {
			...base,
			type: 'commune',
			code: c.code,
			name: c.name,
			population: c.population,
			postalCodes: c.postalCodes,
			centroid:
				c.latitude !== null && c.longitude !== null ? { latitude: c.latitude, longitude: c.longitude } : null,
			parents: [
				region && { type: 'region' as const, code: region.code, name: region.name },
				departement && { type: 'departement' as const, code: departement.code, name: departement.name },
				epci && { type: 'epci' as const, code: epci.code, name: epci.name }
			].filter((p) => !!p)
		};
	},
	async epci({ db }, code) {
		const e = await repo.findEpci(db, code);
		if (!e) return undefined;
		const [deps, members] = await Promise.all([
			repo.departementsOfEpci(db, code),
			repo.communesWhere(db, 'epci', code)
		]);
		const regionCodes = [...new Set(deps.map((d) => d.regionCode))];
		const regionRows = await Promise.all(regionCodes.map((r) => repo.findRegion(db, r)));
		return {
			...base,
			type: 'epci',
			code: e.code,
			name: e.name,
			kind: e.kind,
			population: e.population,
			parents: [
				...regionRows
					.filter((r) => !!r)
					.map((r) => ({ type: 'region' as const, code: r.code, name: r.name })),
				...deps.map((d) => ({ type: 'departement' as const, code: d.code, name: d.name }))
			],
			children: members.map((m) => ({ type: 'commune' as const, ...m }))
		};
	},
	async departement({ db }, code) {
		const d = await repo.findDepartement(db, code);
		if (!d) return undefined;
		const [region, epciRows] = await Promise.all([
			repo.findRegion(db, d.regionCode),
			repo.epcisOfDepartement(db, code)
		]);
		return {
			...base,
			type: 'departement',
			code: d.code,
			name: d.name,
			population: d.population,
			parents: region ? [{ type: 'region' as const, code: region.code, name: region.name }] : [],
			children: epciRows.map((e) => ({
				type: 'epci' as const,
				code: e.code,
				name: e.name,
				population: e.population
			}))
		};
	},
	async region({ db }, code) {
		const r = await repo.findRegion(db, code);
		if (!r) return undefined;
		const deps = await repo.departementsOfRegion(db, code);
		const children = deps.map((d) => ({ type: 'departement' as const, ...d }));
		return { ...base, type: 'region', code: r.code, name: r.name, population: r.population, children };
	}
};

/** A place and its ancestors, for territory-scoped authorization. */
export async function territoryPath(
	ctx: Pick<Context, 'db'>,
	type: TerritoryType,
	code: string
): Promise<TerritoryPath> {
	if (type === 'commune') {
		const c = await repo.findCommune(ctx.db, code);
		return c
			? {
					commune: c.code,
					epci: c.epciCode ?? undefined,
					departement: c.departementCode,
					region: c.regionCode
				}
			: {};
	}
	if (type === 'epci') {
		const deps = await repo.departementsOfEpci(ctx.db, code);
		return { epci: code, departement: deps[0]?.code, region: deps[0]?.regionCode };
	}
	if (type === 'departement') {
		const d = await repo.findDepartement(ctx.db, code);
		return d ? { departement: d.code, region: d.regionCode } : {};
	}
	return { region: code };
}

export async function createZone(ctx: Context, input: ZoneInput) {
	authorize(ctx.actor, 'create', 'zone', { organisationId: input.organisationId });
	const codes = [...new Set(input.communeCodes)];
	const known = await repo.existingCommuneCodes(ctx.db, codes);
	const unknown = input.communeCodes
		.map((code, index) => ({ code, index }))
		.filter(({ code }) => !known.has(code));
	if (unknown.length > 0) {
		throw new ValidationError(
			unknown.map(({ index, code }) => ({
				field: `communeCodes.${index}`,
				message: `commune.unknown:${code}`
			}))
		);
	}
	const zone = await inTransaction(ctx, async (tx) => {
		const inserted = await repo.insertZone(
			tx.db,
			{
				name: input.name,
				description: input.description,
				organisationId: input.organisationId,
				createdBy: ctx.actor.user!.id
			},
			codes
		);
		await audit(tx, {
			action: 'zone.create',
			objectType: 'zone',
			objectId: inserted.id,
			organisationId: input.organisationId,
			details: { communes: codes.length }
		});
		return inserted;
	});
	return getZone(ctx, zone.id);
}

export async function getZone(ctx: Context, id: string) {
	authorize(ctx.actor, 'read', 'zone');
	const zone = await repo.findZone(ctx.db, id);
	if (!zone) throw new NotFoundError('zone', id);
	return {
		id: zone.id,
		name: zone.name,
		description: zone.description,
		organisationId: zone.organisationId,
		createdAt: zone.createdAt.toISOString(),
		population: zone.communes.reduce((sum, c) => sum + c.population, 0),
		communes: zone.communes
	};
}

export async function listZones(
	ctx: Context,
	options: { organisationId?: string; limit: number; offset: number }
) {
	authorize(ctx.actor, 'read', 'zone');
	return repo.listZones(ctx.db, options.organisationId, options.limit, options.offset);
}

export async function deleteZone(ctx: Context, id: string) {
	const zone = await repo.findZone(ctx.db, id);
	if (!zone) throw new NotFoundError('zone', id);
	authorize(ctx.actor, 'delete', 'zone', { organisationId: zone.organisationId ?? undefined });
	await inTransaction(ctx, async (tx) => {
		await repo.deleteZone(tx.db, id);
		await audit(tx, {
			action: 'zone.delete',
			objectType: 'zone',
			objectId: id,
			organisationId: zone.organisationId
		});
	});
}

/** Codes of a zone's communes, or undefined when the zone does not exist (coordination of a zone). */
export async function communesOfZone(ctx: Pick<Context, 'db'>, id: string): Promise<string[] | undefined> {
	const zone = await repo.findZone(ctx.db, id);
	return zone?.communes.map((c) => c.code);
}

/**
 * The INSEE code of each commune given by name and postal code, when exactly one commune matches both
 * (the directory import resolves a `commune` written without `code_insee`). Keys: `${name}|${postalCode}`.
 */
export async function resolveCommunes(
	ctx: Context,
	places: { name: string; postalCode: string }[]
): Promise<Map<string, string>> {
	authorize(ctx.actor, 'read', 'territory');
	const found = new Map<string, string[]>();
	for (const row of await repo.communesByNameAndPostalCode(ctx.db, places)) {
		const key = `${row.name}|${row.postalCode}`;
		found.set(key, [...(found.get(key) ?? []), row.code]);
	}
	return new Map(
		[...found].filter(([, codes]) => new Set(codes).size === 1).map(([key, codes]) => [key, codes[0]!])
	);
}

/** Which of these commune codes exist (importers report the others by line). */
export async function knownCommuneCodes(ctx: Pick<Context, 'db'>, codes: string[]): Promise<Set<string>> {
	const known = new Set<string>();
	// chunks: a file of all of France holds 35,000 codes
	for (let i = 0; i < codes.length; i += 5000)
		for (const code of await repo.existingCommuneCodes(ctx.db, codes.slice(i, i + 5000))) known.add(code);
	return known;
}

/**
 * Former commune code → the current communes it was merged into (`anciensCodes` of the official list):
 * data published with an older geography is carried over to today's communes. Usually one current commune.
 */
export function formerCommuneCodes(): Map<string, string[]> {
	const merged = new Map<string, string[]>();
	for (const commune of loadEtalabSource().communes) {
		if (commune.type !== 'commune-actuelle') continue;
		for (const former of commune.anciensCodes ?? []) {
			if (former === commune.code) continue;
			merged.set(former, [...(merged.get(former) ?? []), commune.code]);
		}
	}
	return merged;
}

/**
 * The communes with their EPCI, département, région and legal population, as a subquery with columns
 * (code, epci_code, departement_code, region_code, population): other domains aggregate commune data to every
 * level in one statement without knowing this domain's tables.
 */
export const communeMembershipSql = () =>
	sql`(select code, epci_code, departement_code, region_code, population from communes)`;
