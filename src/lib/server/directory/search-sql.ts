import { eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { communes } from '../territories/schema';
import { SERVICE_COLUMNS_NOT_SHOWN, type ShownServiceRow } from './dto';
import { services, structures } from './schema';
import { CORRECTION_SIMILARITY, transpositions } from './search-query';
import {
	EARTH_RADIUS_M,
	NAME_BOOST,
	PUBLIC_BOOST,
	WORD_IN_DESCRIPTION,
	WORD_IN_NAME,
	type Point,
	type SearchPage,
	type SearchSpec,
	type TextAlternative,
	type TextSpec
} from './search-spec';

/**
 * SQL of the directory search (the service is search.ts). Every value goes in as a parameter; the only text
 * spliced into to_tsquery() is built by groupsTsQuery() from [a-z0-9] words, and it is a parameter too.
 */

/** A PostgreSQL array literal: every element quoted, so any text is safe inside it. */
export function arrayLiteral(values: readonly string[]): string {
	return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/** A text[] bound as ONE parameter (same SQL text whatever the length; both drivers bind it alike). */
export const textArray = (values: readonly string[]): SQL => sql`${arrayLiteral(values)}::text[]`;

export interface WordCheck {
	word: string;
	/** a French stop word ("les", "pour"): no lexeme, left out of the full-text query */
	stop: boolean;
	/** the word finds services as typed (as a prefix, for the last word) */
	known: boolean;
	/** closest vocabulary word, when the word is unknown */
	suggestion: string | null;
}

/**
 * For each word: is it a French stop word; does it already find something — in the vocabulary (exactly, or as
 * a prefix for the last word), else by full text on the services, so a word the vocabulary does not know yet
 * is not "corrected" away; and if not, the most similar vocabulary word (trigram similarity
 * ≥ CORRECTION_SIMILARITY, frequency breaks ties), else the most frequent vocabulary word made by swapping
 * two neighbouring letters ("acceuil" → "accueil": trigrams see little of a swap).
 * Each test has constant arguments (an InitPlan, evaluated only when the OR before it is false) so the
 * planner sees the real words: a btree probe for the vocabulary, the GIN index for the full-text count (an
 * EXISTS would be planned as a sequential scan hoping to stop early), the trigram GIN index for suggestions.
 * The prefix test reads the first vocabulary word ≥ the prefix in the primary key's order: for [a-z0-9] words
 * every collation sorts the words that start with a prefix right after it.
 */
export async function checkWords(db: Db, words: string[], lastIsPrefix: boolean): Promise<WordCheck[]> {
	if (words.length === 0) return [];
	const values = words.map((word, i) => {
		const prefix = lastIsPrefix && i === words.length - 1;
		const inVocabulary = prefix
			? sql`starts_with((select k.word from search_words k where k.word >= ${word} order by k.word limit 1), ${word})`
			: sql`exists (select 1 from search_words k where k.word = ${word})`;
		const tsq = prefix ? `${word}:*` : word;
		return sql`(${i}::int, ${word}::text, numnode(to_tsquery('french', ${word})) = 0,
			coalesce(${inVocabulary}, false)
			or (select count(*) from services s where s.search_vector @@ to_tsquery('french', ${tsq})) > 0,
			${textArray(transpositions(word))})`;
	});
	const found = await rows<{ word: string; stop: boolean; known: boolean; suggestion: string | null }>(
		db,
		sql`with c as materialized (select * from (values ${sql.join(values, sql`, `)}) v(n, word, stop, known, swaps))
		select c.word, c.stop, c.known,
			case when c.stop or c.known or length(c.word) < 3 then null else coalesce((
				select k.word from search_words k
				where k.word % c.word and similarity(k.word, c.word) >= ${CORRECTION_SIMILARITY}::float8
				order by similarity(k.word, c.word) desc, k.frequency desc, k.word collate "C"
				limit 1), (
				select k.word from search_words k where k.word = any(c.swaps)
				order by k.frequency desc, k.word collate "C" limit 1)) end as suggestion
		from c order by c.n`
	);
	return found.map((r) => ({ word: r.word, stop: !!r.stop, known: !!r.known, suggestion: r.suggestion }));
}

export async function communeCentroid(db: Db, code: string) {
	const [row] = await db
		.select({ latitude: communes.latitude, longitude: communes.longitude })
		.from(communes)
		.where(eq(communes.code, code));
	return row;
}

/** Codes of the communes of an EPCI, a département or a région. */
export async function communesOf(db: Db, type: 'epci' | 'departement' | 'region', code: string) {
	const column = {
		epci: communes.epciCode,
		departement: communes.departementCode,
		region: communes.regionCode
	}[type];
	const found = await db.select({ code: communes.code }).from(communes).where(eq(column, code));
	return found.map((c) => c.code);
}

// ---------------------------------------------------------------------------------------------------------
// Fragments of the main query; `s` is the services row.

export const overlaps = (
	column: 'thematiques' | 'publics' | 'reception_modes' | 'eligibility_zone',
	values: readonly string[]
) => sql`s.${sql.identifier(column)} && ${textArray(values)}`;

export const oneOf = (column: 'fees' | 'type', values: readonly string[]) =>
	sql`s.${sql.identifier(column)} = any(${textArray(values)})`;

/** Located in one of these communes, or eligible in one of these zone codes (a bitmap OR of two indexes once eligibility_zone has one). */
export const inTerritory = (communeCodes: readonly string[], zoneCodes: readonly string[]) =>
	sql`(s.commune_code = any(${textArray(communeCodes)}) or s.eligibility_zone && ${textArray(zoneCodes)})`;

/**
 * to_tsquery() text of a text spec: AND of the groups, each an OR of its alternatives, each an AND of its
 * words ("(hebergement | logement) & (urgence:*)"); `weight` 'A' keeps lexemes of the name only. Words are
 * [a-z0-9]+ (queryWords(), synonyms normalised alike): never tsquery operators.
 */
export function groupsTsQuery(groups: readonly TextAlternative[][], weight: '' | 'A' = ''): string {
	const term = (alt: TextAlternative, w: string, i: number) => {
		const marks = `${alt.prefix && i === alt.words.length - 1 ? '*' : ''}${weight}`;
		return marks ? `${w}:${marks}` : w;
	};
	return groups
		.map((alternatives) => {
			const ors = alternatives
				.filter((alt) => alt.words.length > 0 && alt.words.every((w) => /^[a-z0-9]+$/.test(w)))
				.map((alt) => `(${alt.words.map((w, i) => term(alt, w, i)).join(' & ')})`);
			return `(${ors.join(' | ')})`;
		})
		.join(' & ');
}

export const textMatch = (text: TextSpec) =>
	sql`s.search_vector @@ to_tsquery('french', ${groupsTsQuery(text.groups)})`;

/**
 * Relevance of a full-text match (search-spec.ts): per group, WORD_IN_NAME when one of its alternatives is
 * wholly in the name (weight A), else WORD_IN_DESCRIPTION; plus NAME_BOOST when the accent-free name contains
 * every word typed ([a-z0-9] only: no LIKE wildcard).
 */
export const textRank = (text: TextSpec) =>
	sql.join(
		[
			...text.groups.map(
				(group) =>
					sql`(case when s.search_vector @@ to_tsquery('french', ${groupsTsQuery([group], 'A')})
						then ${WORD_IN_NAME}::int else ${WORD_IN_DESCRIPTION}::int end)`
			),
			sql`(case when s.name_normalized like all(${textArray(text.words.map((w) => `%${w}%`))}) then ${NAME_BOOST}::int else 0 end)`
		],
		sql` + `
	);

/** Fallback: names alike the phrase (pg_trgm word similarity, GIN index on name_normalized). */
export const nameSimilar = (phrase: string) => sql`${phrase} <% s.name_normalized`;
/** On the scale of textRank(): a perfect similarity is worth a word in the name. */
export const nameSimilarity = (phrase: string) =>
	sql`${WORD_IN_NAME}::float8 * word_similarity(${phrase}, s.name_normalized)`;

/** Relevance made of several parts. */
export const sum = (...parts: SQL[]) =>
	sql.join(
		parts.map((p) => sql`(${p})`),
		sql` + `
	);

export const publicsBoost = (publics: readonly string[]) =>
	publics.length
		? sql`(case when s.publics && ${textArray(publics)} then ${PUBLIC_BOOST}::int else 0 end)`
		: sql`0`;

/**
 * Great-circle distance in metres from a point, by the haversine formula on plain columns: the same value as
 * earth_distance(ll_to_earth(…), ll_to_earth(s.latitude, s.longitude)) within a micrometre, about four times
 * cheaper per row (ll_to_earth() checks the earth domain's constraints on every call).
 */
export const distanceFrom = (p: Point) =>
	sql`(${2 * EARTH_RADIUS_M}::float8 * asin(sqrt(
		power(sin(radians(s.latitude - ${p.latitude}::float8) / 2), 2)
		+ ${Math.cos((p.latitude * Math.PI) / 180)}::float8 * cos(radians(s.latitude))
			* power(sin(radians(s.longitude - ${p.longitude}::float8) / 2), 2))))`;

/**
 * Services with coordinates within `metres`: the cube of earth_box() is answered by the partial GiST index
 * services_earth_idx (its expression and its WHERE repeated word for word), then the exact distance.
 */
export const withinRadius = (p: Point, metres: number) =>
	sql`s.latitude is not null and s.longitude is not null
		and earth_box(ll_to_earth(${p.latitude}::float8, ${p.longitude}::float8), ${metres}::float8) @> ll_to_earth(s.latitude, s.longitude)
		and ${distanceFrom(p)} <= ${metres}::float8`;

/** The filters of a spec other than its text, as conditions on `s`. */
function filtersOf(spec: SearchSpec): SQL[] {
	const where: SQL[] = spec.thematiques.map((set) => overlaps('thematiques', set));
	if (spec.publics) where.push(overlaps('publics', spec.publics));
	if (spec.receptionModes) where.push(overlaps('reception_modes', spec.receptionModes));
	if (spec.fees) where.push(oneOf('fees', spec.fees));
	if (spec.types) where.push(oneOf('type', spec.types));
	if (spec.territory) where.push(inTerritory(spec.territory.communeCodes, spec.territory.zoneCodes));
	if (spec.near) {
		const { point, metres, covering } = spec.near;
		const parts: SQL[] = [];
		if (metres !== null) parts.push(withinRadius(point, metres));
		// eligible in a zone covering the person's commune, or located in that commune (even without coordinates)
		if (covering.length)
			parts.push(
				sql`(${overlaps('eligibility_zone', covering)} or s.commune_code = any(${textArray(covering)}))`
			);
		// any distance: no condition, the distance only orders
		if (metres !== null) where.push(parts.length > 1 ? sql`((${parts[0]}) or ${parts[1]})` : parts[0]!);
	}
	return where;
}

/** The SQL engine: the spec's filters, text and relevance in one statement (runSearch). */
export function searchBySql(db: Db, spec: SearchSpec): Promise<SearchPage> {
	const text = spec.text;
	const where = filtersOf(spec);
	const rank = [publicsBoost(spec.boostPublics)];
	if (text) {
		where.unshift(textMatch(text));
		rank.unshift(textRank(text));
	}
	return runSearch(db, {
		...spec,
		where,
		rank: sum(...rank),
		distance: spec.near ? distanceFrom(spec.near.point) : null
	});
}

/** When full text finds nothing: services whose name is alike the phrase, with the spec's other filters. */
export function searchByNameLikeness(db: Db, spec: SearchSpec, phrase: string): Promise<SearchPage> {
	return runSearch(db, {
		...spec,
		where: [nameSimilar(phrase), ...filtersOf(spec)],
		rank: sum(nameSimilarity(phrase), publicsBoost(spec.boostPublics)),
		distance: spec.near ? distanceFrom(spec.near.point) : null
	});
}

/** What the main query needs: conditions on `s`, relevance, distance (or null), page, facets or not. */
export interface SearchPlan {
	where: SQL[];
	rank: SQL;
	distance: SQL | null;
	limit: number;
	offset: number;
	facets: boolean;
}

const FACETS_SQL = sql`(select coalesce(json_agg(json_build_array(f, k, n)), '[]'::json) from (
		select 'thematique' as f, t as k, count(*)::int as n
			from (select unnest(m.thematiques) as t from m) x group by t
		union all
		select 'categorie', c, count(distinct id)::int
			from (select m.id, split_part(unnest(m.thematiques), '--', 1) as c from m) x group by c
		union all
		select 'public', p, count(*)::int from (select unnest(m.publics) as p from m) x group by p
		union all
		select 'receptionMode', r, count(*)::int from (select unnest(m.reception_modes) as r from m) x group by r
		union all
		select case when grouping(m.fees) = 0 then 'fees' else 'type' end,
			case when grouping(m.fees) = 0 then m.fees else m.type end, count(*)::int
			from m group by grouping sets ((m.fees), (m.type))
			having (case when grouping(m.fees) = 0 then m.fees else m.type end) is not null
	) facet)`;

/**
 * One statement: the matching rows are materialised once, then counted, paged (relevance, distance, name)
 * and, if asked, counted by facet (thématique, category — each service once —, public, mode, fees, type).
 *
 * It runs in a transaction with three local settings:
 * - enable_indexscan off: the planner guesses 0.1 % of rows for any earth_box() and cannot guess how many
 *   services a tsquery matches, so it tends to walk the GiST index tuple by tuple and fetch thousands of
 *   rows in random order; bitmap scans (a BitmapAnd of the GIN and GiST indexes) read each page once.
 * - jit off: broad queries cross the JIT cost threshold and pay more to compile than they save.
 * - work_mem 16MB: the per-category distinct count of a broad query sorts in memory.
 */
export async function runSearch(db: Db, plan: SearchPlan): Promise<SearchPage> {
	const where = plan.where.length ? sql.join(plan.where, sql` and `) : sql`true`;
	const distance = plan.distance ?? sql`null::float8`;
	const query = sql`with m as materialized (
			select s.id, s.name_normalized as name, s.thematiques, s.publics, s.reception_modes, s.fees, s.type,
				${plan.rank} as rank, ${distance} as distance
			from services s
			where ${where}
		)
		select (select count(*)::int from m) as total,
			(select json_agg(json_build_array(p.id, p.distance) order by p.rank desc, p.distance nulls last, p.name collate "C", p.id)
				from (select id, name, rank, distance from m
					order by rank desc, distance nulls last, name collate "C", id
					limit ${plan.limit} offset ${plan.offset}) p) as page,
			${plan.facets ? FACETS_SQL : sql`'[]'::json`} as facets`;
	const [row] = await db.transaction(async (tx) => {
		await tx.execute(
			sql`select set_config('enable_indexscan', 'off', true), set_config('jit', 'off', true),
				set_config('work_mem', '16MB', true)`
		);
		return rows<{
			total: number;
			page: [string, number | null][] | null;
			facets: [string, string, number][];
		}>(tx as unknown as Db, query);
	});
	return {
		total: row?.total ?? 0,
		page: (row?.page ?? []).map(([id, distance]) => ({ id, distance })),
		facets: (row?.facets ?? []).map(([f, k, n]) => ({ f, k, n }))
	};
}

/** The columns of `services` a page of results shows (toServiceDto()), then those of its structure and commune. */
const PAGE_COLUMNS = Object.entries(getTableColumns(services)).filter(
	([key]) => !(SERVICE_COLUMNS_NOT_SHOWN as readonly string[]).includes(key)
);
const PAGE_KEYS = [...PAGE_COLUMNS.map(([key]) => key), 'structureName', 'organisationId', 'communeName'];
const TIMESTAMPS = PAGE_COLUMNS.filter(([, column]) => column.columnType === 'PgTimestamp');

/**
 * Builds a page row from its positional JSON array. The database builds arrays (a third cheaper than objects
 * with their keys, and a lighter payload); an object literal made by this generated function has one fixed
 * shape, where setting the keys one by one would grow each object step by step. The keys are the schema's
 * property names, never input.
 */
const pageRowOf = new Function(
	'v',
	`return { ${PAGE_KEYS.map((key, i) => `${JSON.stringify(key)}: v[${i}]`).join(', ')} };`
) as (values: unknown[]) => PageRow;

/**
 * A change (search_changes.xid) that a snapshot did not see: committed after it was taken. Transactions below
 * its xmin had all ended when it was taken, so the btree on xid bounds the scan.
 */
export const unseenBy = (xid: SQL, snapshot: SQL) =>
	sql`${xid} >= pg_snapshot_xmin(${snapshot}) and not pg_visible_in_snapshot(${xid}, ${snapshot})`;

function loadPageQuery(db: Db) {
	const snapshot = sql`${sql.placeholder('snapshot')}::pg_snapshot`;
	return db
		.select({
			// one JSON value for all rows: one JSON.parse instead of a driver parser per column
			rows: sql<unknown[][] | null>`json_agg(json_build_array(${sql.join(
				PAGE_COLUMNS.map(([, column]) => sql`s.${sql.identifier(column.name)}`),
				sql`, `
			)}, st.name, st.organisation_id, c.name))`,
			stale: sql<boolean>`${snapshot} is not null
				and exists (select 1 from search_changes x where ${unseenBy(sql`x.xid`, snapshot)})`
		})
		.from(
			sql`services s join structures st on st.id = s.structure_id left join communes c on c.code = s.commune_code`
		)
		.where(sql`s.id = any(${sql.placeholder('ids')}::uuid[])`)
		.prepare('maillage_search_page');
}

/** Prepared once per database (named: PostgreSQL keeps its plan on each connection). */
const loadPageStatements = new WeakMap<Db, ReturnType<typeof loadPageQuery>>();

/** A service of a page of results, with its structure's name and organisation and its commune's name. */
export type PageRow = ShownServiceRow & {
	structureName: string;
	organisationId: string | null;
	communeName: string | null;
};

/**
 * Full rows of the services of a page of results (of several: page-loads.ts) — and, given the snapshot of an
 * in-memory index, whether services changed since (`stale`: the index must catch up and search again).
 */
export async function loadPageRows(
	db: Db,
	ids: string[],
	snapshot: string | null
): Promise<{ rows: PageRow[]; stale: boolean }> {
	let statement = loadPageStatements.get(db);
	if (!statement) loadPageStatements.set(db, (statement = loadPageQuery(db)));
	const [found] = await statement.execute({ ids: arrayLiteral(ids), snapshot });
	const rows = (found?.rows ?? []).map((values) => {
		const row = pageRowOf(values);
		const fields = row as unknown as Record<string, unknown>;
		for (const [key, column] of TIMESTAMPS)
			if (fields[key] !== null) fields[key] = column.mapFromDriverValue(fields[key]);
		return row;
	});
	return { rows, stale: !!found?.stale };
}

/** A public service sheet: the service, its structure and the communes' names. */
export async function loadServiceSheet(db: Db, id: string) {
	const [row] = await db
		.select({ service: services, structure: structures, communeName: communes.name })
		.from(services)
		.innerJoin(structures, eq(structures.id, services.structureId))
		.leftJoin(communes, eq(communes.code, services.communeCode))
		.where(eq(services.id, id));
	if (!row) return undefined;
	const structureCommune = row.structure.communeCode
		? ((
				await db
					.select({ name: communes.name })
					.from(communes)
					.where(eq(communes.code, row.structure.communeCode))
			)[0]?.name ?? null)
		: null;
	return { ...row, structureCommuneName: structureCommune };
}
