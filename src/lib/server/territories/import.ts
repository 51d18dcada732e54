import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { communes, departements, epciDepartements, epcis, regions } from './schema';
import { mergeCentroids, type Centroid } from './centroids';
import type { TerritorySource } from './source';

export interface ImportOptions {
	/** Limit communes and EPCIs to these départements (regions and départements are always complete). */
	departements?: string[];
	centroids?: Map<string, Centroid>;
}

export interface ImportSummary {
	regions: number;
	departements: number;
	epcis: number;
	communes: number;
	withCentroid: number;
}

const BATCH = 2000;

function chunks<T>(items: T[], size = BATCH): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
	return out;
}

/** Upserts the whole administrative geography in one transaction: re-running it changes nothing. */
export async function importTerritories(
	db: Db,
	source: TerritorySource,
	options: ImportOptions = {}
): Promise<ImportSummary> {
	const keep = options.departements ? new Set(options.departements) : undefined;
	const current = source.communes.filter(
		(c) => c.type === 'commune-actuelle' && c.departement && c.region && (!keep || keep.has(c.departement))
	);
	const currentCodes = new Set(current.map((c) => c.code));
	const epciOf = new Map<string, string>();
	const epciDeps = new Map<string, Set<string>>();
	const depOf = new Map(current.map((c) => [c.code, c.departement!]));
	const keptEpcis = source.epcis.filter((e) => e.membres.some((m) => currentCodes.has(m.code)));
	for (const epci of keptEpcis) {
		for (const m of epci.membres) {
			if (!currentCodes.has(m.code)) continue;
			epciOf.set(m.code, epci.code);
			const deps = epciDeps.get(epci.code) ?? new Set();
			deps.add(depOf.get(m.code)!);
			epciDeps.set(epci.code, deps);
		}
	}
	const centroidFor = centroidResolver(source, options.centroids);

	let withCentroid = 0;
	await db.transaction(async (tx) => {
		for (const batch of chunks(source.regions)) {
			await tx
				.insert(regions)
				.values(batch.map((r) => ({ code: r.code, name: r.nom, chefLieu: r.chefLieu ?? null })))
				.onConflictDoUpdate({
					target: regions.code,
					set: { name: sql`excluded.name`, chefLieu: sql`excluded.chef_lieu` }
				});
		}
		for (const batch of chunks(source.departements)) {
			await tx
				.insert(departements)
				.values(
					batch.map((d) => ({
						code: d.code,
						name: d.nom,
						regionCode: d.region,
						chefLieu: d.chefLieu ?? null
					}))
				)
				.onConflictDoUpdate({
					target: departements.code,
					set: {
						name: sql`excluded.name`,
						regionCode: sql`excluded.region_code`,
						chefLieu: sql`excluded.chef_lieu`
					}
				});
		}
		for (const batch of chunks(keptEpcis)) {
			await tx
				.insert(epcis)
				.values(
					batch.map((e) => ({
						code: e.code,
						name: e.nom,
						kind: e.type,
						population: e.populationMunicipale ?? e.populationTotale ?? 0
					}))
				)
				.onConflictDoUpdate({
					target: epcis.code,
					set: { name: sql`excluded.name`, kind: sql`excluded.kind`, population: sql`excluded.population` }
				});
		}
		const links = [...epciDeps].flatMap(([epciCode, deps]) =>
			[...deps].map((departementCode) => ({ epciCode, departementCode }))
		);
		for (const batch of chunks(links)) {
			await tx.insert(epciDepartements).values(batch).onConflictDoNothing();
		}
		for (const batch of chunks(current)) {
			const values = batch.map((c) => {
				const centroid = centroidFor(c.code);
				if (centroid) withCentroid++;
				return {
					code: c.code,
					name: c.nom,
					departementCode: c.departement!,
					regionCode: c.region!,
					epciCode: epciOf.get(c.code) ?? null,
					population: c.population ?? 0,
					postalCodes: c.codesPostaux ?? [],
					latitude: centroid?.latitude ?? null,
					longitude: centroid?.longitude ?? null
				};
			});
			await tx
				.insert(communes)
				.values(values)
				.onConflictDoUpdate({
					target: communes.code,
					set: {
						name: sql`excluded.name`,
						departementCode: sql`excluded.departement_code`,
						regionCode: sql`excluded.region_code`,
						epciCode: sql`excluded.epci_code`,
						population: sql`excluded.population`,
						postalCodes: sql`excluded.postal_codes`,
						// keep a centroid computed by an earlier import when this one has no shapes
						latitude: sql`coalesce(excluded.latitude, ${communes.latitude})`,
						longitude: sql`coalesce(excluded.longitude, ${communes.longitude})`
					}
				});
		}
		await tx.execute(sql`update departements d set population =
			(select coalesce(sum(c.population), 0) from communes c where c.departement_code = d.code)`);
		await tx.execute(sql`update regions r set population =
			(select coalesce(sum(c.population), 0) from communes c where c.region_code = r.code)`);
	});
	// Fresh statistics: without them the planner misjudges the trigram indexes (and PGlite has no autovacuum).
	await db.execute(sql`analyze regions, departements, epcis, communes, epci_departements`);
	return {
		regions: source.regions.length,
		departements: source.departements.length,
		epcis: keptEpcis.length,
		communes: current.length,
		withCentroid
	};
}

/** A commune's centroid: its own shape, or the merged shapes of the communes it absorbed. */
function centroidResolver(source: TerritorySource, centroids?: Map<string, Centroid>) {
	if (!centroids) return () => undefined;
	const formerByChefLieu = new Map<string, string[]>();
	for (const c of source.communes) {
		if (!c.chefLieu || c.type === 'commune-actuelle') continue;
		formerByChefLieu.set(c.chefLieu, [...(formerByChefLieu.get(c.chefLieu) ?? []), c.code]);
	}
	return (code: string): Centroid | undefined => {
		const former = (formerByChefLieu.get(code) ?? []).map((f) => centroids.get(f)).filter((c) => !!c);
		const own = centroids.get(code);
		if (former.length === 0) return own;
		return mergeCentroids(own ? [own, ...former.filter((f) => f !== own)] : former);
	};
}
