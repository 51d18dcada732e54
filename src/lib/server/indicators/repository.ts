import { inArray, sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { textArray } from '../directory/search-sql';
import { indicatorDefinitions } from './schema';
import type { IndicatorDefinition, ValueStatus } from './validation';

export async function findDefinitions(db: Db, codes?: string[]): Promise<IndicatorDefinition[]> {
	const query = db.select().from(indicatorDefinitions);
	const found = await (codes ? query.where(inArray(indicatorDefinitions.code, codes)) : query).orderBy(
		indicatorDefinitions.code
	);
	return found.map(({ updatedAt: _, ...definition }) => definition);
}

export async function upsertDefinitions(db: Db, definitions: IndicatorDefinition[]) {
	await db
		.insert(indicatorDefinitions)
		.values(definitions)
		.onConflictDoUpdate({
			target: indicatorDefinitions.code,
			set: {
				label: sql`excluded.label`,
				unit: sql`excluded.unit`,
				source: sql`excluded.source`,
				vintage: sql`excluded.vintage`,
				method: sql`excluded.method`,
				aggregation: sql`excluded.aggregation`,
				denominatorCode: sql`excluded.denominator_code`,
				visibility: sql`excluded.visibility`,
				updatedAt: sql`now()`
			}
		});
}

export interface CommuneValue {
	indicatorCode: string;
	communeCode: string;
	period: string;
	status: ValueStatus;
	value: number | null;
	source: string;
}

/** A float8[] bound as one parameter; null stays null. */
const floatArray = (values: (number | null)[]) =>
	sql`${`{${values.map((v) => (v === null ? 'NULL' : String(v))).join(',')}}`}::float8[]`;

/** Commune values, inserted or replaced, one statement per chunk (arrays unnested: 7 parameters, not 7 per row). */
export async function upsertCommuneValues(db: Db, values: CommuneValue[]) {
	if (values.length === 0) return;
	await db.execute(sql`insert into indicator_values
		(indicator_code, territory_type, territory_code, period, status, value, source)
		select i, 'commune', c, p, s, v, src from unnest(
			${textArray(values.map((v) => v.indicatorCode))}, ${textArray(values.map((v) => v.communeCode))},
			${textArray(values.map((v) => v.period))}, ${textArray(values.map((v) => v.status))},
			${floatArray(values.map((v) => v.value))}, ${textArray(values.map((v) => v.source))}
		) as t(i, c, p, s, v, src)
		on conflict (indicator_code, territory_type, territory_code, period) do update set
			status = excluded.status, value = excluded.value, source = excluded.source, imported_at = now()`);
}

/**
 * Recomputes the aggregates of these indicators for every EPCI, département, région and France, by each one's
 * rule, in one statement (grouping sets: one pass over the commune values). A ratio is weighted by its
 * denominator's value for the same period, or its latest one. `communes` is the territories service's
 * membership subquery (code, epci_code, departement_code, region_code, population).
 */
export async function refreshAggregates(db: Db, codes: string[], communes: SQL) {
	if (codes.length === 0) return;
	const list = textArray(codes);
	await db.execute(sql`delete from indicator_aggregates where indicator_code = any(${list})`);
	await db.execute(sql`
		with m as ${communes},
		totals as (
			select case when grouping(epci_code) = 0 then 'epci' when grouping(departement_code) = 0 then 'departement'
					when grouping(region_code) = 0 then 'region' else 'france' end as territory_type,
				case when grouping(epci_code) = 0 then epci_code when grouping(departement_code) = 0 then departement_code
					when grouping(region_code) = 0 then region_code else 'FR' end as territory_code,
				sum(population)::float8 as population
			from m group by grouping sets ((epci_code), (departement_code), (region_code), ())
		),
		v as (
			select v.indicator_code, v.period, d.aggregation, v.status, v.value, m.population,
				m.epci_code, m.departement_code, m.region_code,
				case when d.aggregation = 'ratio' then (
					select w.value from indicator_values w
					where w.indicator_code = d.denominator_code and w.territory_type = 'commune'
						and w.territory_code = v.territory_code
					order by w.period = v.period desc, w.period desc limit 1
				) end as weight
			from indicator_values v
			join indicator_definitions d on d.code = v.indicator_code
			join m on m.code = v.territory_code
			where v.territory_type = 'commune' and v.indicator_code = any(${list})
		),
		usable as (
			select *, status = 'value' and (aggregation <> 'ratio' or weight is not null) as ok from v
		),
		g as (
			select indicator_code, period, min(aggregation) as aggregation,
				case when grouping(epci_code) = 0 then 'epci' when grouping(departement_code) = 0 then 'departement'
					when grouping(region_code) = 0 then 'region' else 'france' end as territory_type,
				case when grouping(epci_code) = 0 then epci_code when grouping(departement_code) = 0 then departement_code
					when grouping(region_code) = 0 then region_code else 'FR' end as territory_code,
				count(*) filter (where ok)::int as communes,
				coalesce(sum(population) filter (where ok), 0)::float8 as covered,
				bool_or(status = 'secret') as any_secret,
				sum(value) filter (where ok) as total,
				sum(value * weight) filter (where ok) as weighted,
				sum(weight) filter (where ok) as weights
			from usable
			group by grouping sets ((indicator_code, period, epci_code), (indicator_code, period, departement_code),
				(indicator_code, period, region_code), (indicator_code, period))
		)
		insert into indicator_aggregates
			(indicator_code, territory_type, territory_code, period, status, value, coverage, communes)
		select g.indicator_code, g.territory_type, g.territory_code, g.period,
			case when g.aggregation = 'none' then 'not_computable' when g.communes > 0 then 'value'
				when g.any_secret then 'secret' else 'missing' end,
			case when g.aggregation = 'none' or g.communes = 0 then null
				when g.aggregation = 'sum' then g.total else g.weighted / nullif(g.weights, 0) end,
			case when t.population > 0 then g.covered / t.population else 0 end,
			g.communes
		from g join totals t using (territory_type, territory_code)
		where g.territory_code is not null`);
}

export interface StoredValue {
	indicatorCode: string;
	territoryType: string;
	territoryCode: string;
	period: string;
	status: ValueStatus | 'not_computable';
	value: number | null;
	/** null for a commune's own value */
	coverage: number | null;
}

/** The latest period's value of every indicator for these territories (commune values, or aggregates). */
export async function latestValues(
	db: Db,
	codes: string[],
	territories: { type: string; code: string }[]
): Promise<StoredValue[]> {
	if (codes.length === 0 || territories.length === 0) return [];
	const types = textArray(territories.map((t) => t.type));
	const places = textArray(territories.map((t) => t.code));
	return rows<StoredValue>(
		db,
		sql`select distinct on (indicator_code, territory_type, territory_code)
				indicator_code as "indicatorCode", territory_type as "territoryType", territory_code as "territoryCode",
				period, status, value, coverage
			from (
				select indicator_code, territory_type, territory_code, period, status, value, null::float8 as coverage
				from indicator_values
				union all
				select indicator_code, territory_type, territory_code, period, status, value, coverage
				from indicator_aggregates
			) x
			where indicator_code = any(${textArray(codes)})
				and (territory_type, territory_code) in (select * from unnest(${types}, ${places}))
			order by indicator_code, territory_type, territory_code, period desc`
	);
}
