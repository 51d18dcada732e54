import { getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { textArray } from '../directory/search-sql';
import { indicatorDefinitions } from './schema';
import type { IndicatorDefinition, ValueStatus } from './validation';

export async function findDefinitions(db: Db, codes?: string[]): Promise<IndicatorDefinition[]> {
	const { code, label, unit, source, vintage, method, aggregation, denominatorCode, visibility } =
		getTableColumns(indicatorDefinitions);
	const query = db
		.select({ code, label, unit, source, vintage, method, aggregation, denominatorCode, visibility })
		.from(indicatorDefinitions);
	const found = await (codes ? query.where(inArray(indicatorDefinitions.code, codes)) : query).orderBy(
		indicatorDefinitions.code
	);
	return found;
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
 * rule (ADR 016). Two steps: the commune values are summed once per (indicator, period, EPCI, département) —
 * the only pass over a million rows, hashed in memory (work_mem raised for this transaction only) — then those
 * ~40,000 partial sums are rolled up with grouping sets. A ratio is weighted by its denominator's value of the
 * denominator's latest period (Filosofi 2019 rates by the 2018 census population). `communes` is the
 * territories service's membership subquery (code, epci_code, departement_code, region_code, population).
 */
export async function refreshAggregates(db: Db, codes: string[], communes: SQL) {
	if (codes.length === 0) return;
	const list = textArray(codes);
	await db.execute(sql`set local work_mem = '64MB'`);
	await db.execute(sql`delete from indicator_aggregates where indicator_code = any(${list})`);
	await db.execute(sql`
		with m as not materialized ${communes},
		levels as (select distinct departement_code, region_code from m),
		totals as (
			select ${levelType} as territory_type, ${levelCode} as territory_code, sum(population)::float8 as population
			from m group by grouping sets ((epci_code), (departement_code), (region_code), ())
		),
		dp as (
			select d.code, d.denominator_code, (
				select max(x.period) from indicator_values x
				where x.indicator_code = d.denominator_code and x.territory_type = 'commune'
			) as period
			from indicator_definitions d where d.code = any(${list}) and d.aggregation = 'ratio'
		),
		w as (
			select dp.code as indicator_code, x.territory_code, x.value as weight
			from dp join indicator_values x on x.indicator_code = dp.denominator_code
				and x.territory_type = 'commune' and x.period = dp.period
		),
		p as (
			select v.indicator_code, v.period, m.epci_code, m.departement_code,
				count(*) filter (where ok)::int as communes,
				coalesce(sum(m.population) filter (where ok), 0)::float8 as covered,
				bool_or(v.status = 'secret') as any_secret,
				sum(v.value) filter (where ok) as total,
				sum(v.value * w.weight) filter (where ok) as weighted,
				sum(w.weight) filter (where ok) as weights
			from indicator_values v
			join indicator_definitions d on d.code = v.indicator_code
			join m on m.code = v.territory_code
			left join w on w.indicator_code = v.indicator_code and w.territory_code = v.territory_code
			cross join lateral (
				select v.status = 'value' and (d.aggregation <> 'ratio' or w.weight is not null) as ok
			) o
			where v.territory_type = 'commune' and v.indicator_code = any(${list})
			group by v.indicator_code, v.period, m.epci_code, m.departement_code
		),
		g as (
			select p.indicator_code, p.period, ${levelType} as territory_type, ${levelCode} as territory_code,
				sum(p.communes)::int as communes, sum(p.covered) as covered, bool_or(p.any_secret) as any_secret,
				sum(p.total) as total, sum(p.weighted) as weighted, sum(p.weights) as weights
			from p join levels using (departement_code)
			group by grouping sets ((p.indicator_code, p.period, epci_code), (p.indicator_code, p.period, departement_code),
				(p.indicator_code, p.period, region_code), (p.indicator_code, p.period))
		)
		insert into indicator_aggregates
			(indicator_code, territory_type, territory_code, period, status, value, coverage, communes)
		select g.indicator_code, g.territory_type, g.territory_code, g.period,
			case when d.aggregation = 'none' then 'not_computable' when g.communes > 0 then 'value'
				when g.any_secret then 'secret' else 'missing' end,
			case when d.aggregation = 'none' or g.communes = 0 then null
				when d.aggregation = 'sum' then g.total else g.weighted / nullif(g.weights, 0) end,
			case when t.population > 0 then g.covered / t.population else 0 end,
			g.communes
		from g join indicator_definitions d on d.code = g.indicator_code
		join totals t using (territory_type, territory_code)
		where g.territory_code is not null`);
}

/** Level and code of a grouping-sets row over (epci_code), (departement_code), (region_code), (). */
const levelType = sql.raw(`case when grouping(epci_code) = 0 then 'epci' when grouping(departement_code) = 0
	then 'departement' when grouping(region_code) = 0 then 'region' else 'france' end`);
const levelCode =
	sql.raw(`case when grouping(epci_code) = 0 then epci_code when grouping(departement_code) = 0
	then departement_code when grouping(region_code) = 0 then region_code else 'FR' end`);

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
