import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { uuidArray } from '../db/arrays';
import { users } from '../auth/schema';
import { organisations } from '../organisations/schema';
import { textArray } from '../directory/search-sql';
import type { TerritoryType } from '../policy/actor';
import { actions, bodies, bodyMembers, decisionHistory, decisions } from './schema';

/**
 * SQL of the decisions register and of the decision lifecycle (services: register.ts, decision-lifecycle.ts).
 * Every value is a parameter; the only text given to to_tsquery() is built from [a-z0-9] words.
 *
 * The register reads the stored cooperations, their parties and the territory tables (read only) to scope a search
 * to the cooperations the actor may read and to a territory: a join the planner does once per search, where calling
 * the cooperations service for each cooperation would cost one round trip each.
 */

export type DecisionRow = typeof decisions.$inferSelect;

export async function findDecision(db: Db, id: string) {
	const [row] = await db
		.select({ decision: decisions, bodyName: bodies.name, bodyKind: bodies.kind })
		.from(decisions)
		.innerJoin(bodies, eq(bodies.id, decisions.bodyId))
		.where(eq(decisions.id, id));
	return row;
}

/** Locks the row for the rest of the transaction: two status changes never both read « in force ». */
export async function lockDecision(db: Db, id: string) {
	const [row] = await db.select().from(decisions).where(eq(decisions.id, id)).for('update');
	return row;
}

export async function updateDecision(db: Db, id: string, fields: Partial<typeof decisions.$inferInsert>) {
	const [row] = await db
		.update(decisions)
		.set({ ...fields, updatedAt: new Date() })
		.where(eq(decisions.id, id))
		.returning();
	return row!;
}

export async function historyOf(db: Db, decisionId: string) {
	return db
		.select({
			id: decisionHistory.id,
			kind: decisionHistory.kind,
			changes: decisionHistory.changes,
			reason: decisionHistory.reason,
			changedAt: decisionHistory.changedAt,
			changedByName: users.displayName
		})
		.from(decisionHistory)
		.leftJoin(users, eq(users.id, decisionHistory.changedBy))
		.where(eq(decisionHistory.decisionId, decisionId))
		.orderBy(desc(decisionHistory.changedAt), desc(decisionHistory.id));
}

/** The actions carrying a decision out. */
export async function actionsOf(db: Db, decisionId: string) {
	return db
		.select({
			id: actions.id,
			title: actions.title,
			dueOn: actions.dueOn,
			status: actions.status,
			ownerName: users.displayName,
			organisationName: organisations.name
		})
		.from(actions)
		.innerJoin(users, eq(users.id, actions.ownerUserId))
		.innerJoin(organisations, eq(organisations.id, actions.ownerOrganisationId))
		.where(eq(actions.decisionId, decisionId))
		.orderBy(asc(actions.dueOn), asc(actions.title));
}

/** Decisions that amend or reverse this one. */
export async function supersedingOf(db: Db, decisionId: string) {
	return db
		.select({ id: decisions.id, title: decisions.title, decidedOn: decisions.decidedOn })
		.from(decisions)
		.where(eq(decisions.supersedesId, decisionId))
		.orderBy(asc(decisions.decidedOn));
}

/** A seat in the body on that day (no end date, or an end date on or after it). */
export async function isBodyMember(db: Db, bodyId: string, userId: string, today: string) {
	const [row] = await db
		.select({ id: bodyMembers.id })
		.from(bodyMembers)
		.where(
			and(
				eq(bodyMembers.bodyId, bodyId),
				eq(bodyMembers.userId, userId),
				sql`(${bodyMembers.endsOn} is null or ${bodyMembers.endsOn} >= ${today}::date)`
			)
		)
		.limit(1);
	return !!row;
}

/** The bodies of a cooperation, for the register's filter. */
export async function bodiesOf(db: Db, cooperationId: string) {
	return db
		.select({ id: bodies.id, name: bodies.name, kind: bodies.kind })
		.from(bodies)
		.where(eq(bodies.cooperationId, cooperationId))
		.orderBy(asc(bodies.name));
}

// ---------------------------------------------------------------------------------------------------------
// The register's search

/** A cooperation `c` whose territory lies in (type, code); a zone is a list of communes. */
export function cooperationIn(
	type: TerritoryType | 'zone',
	code: string,
	communes: readonly string[] = []
): SQL {
	const t = sql`c.territory_type`;
	const k = sql`c.territory_code`;
	switch (type) {
		case 'zone':
			return sql`(${t} = 'commune' and ${k} = any(${textArray(communes)}))`;
		case 'commune':
			return sql`(${t} = 'commune' and ${k} = ${code})`;
		case 'epci':
			return sql`((${t} = 'epci' and ${k} = ${code})
				or (${t} = 'commune' and exists (select 1 from communes m where m.code = ${k} and m.epci_code = ${code})))`;
		case 'departement':
			return sql`((${t} = 'departement' and ${k} = ${code})
				or (${t} = 'epci' and exists (select 1 from epci_departements e where e.epci_code = ${k} and e.departement_code = ${code}))
				or (${t} = 'commune' and exists (select 1 from communes m where m.code = ${k} and m.departement_code = ${code})))`;
		case 'region':
			return sql`((${t} = 'region' and ${k} = ${code})
				or (${t} = 'departement' and exists (select 1 from departements p where p.code = ${k} and p.region_code = ${code}))
				or (${t} = 'epci' and exists (select 1 from epci_departements e join departements p on p.code = e.departement_code
					where e.epci_code = ${k} and p.region_code = ${code}))
				or (${t} = 'commune' and exists (select 1 from communes m where m.code = ${k} and m.region_code = ${code})))`;
	}
}

/** A thématique, or a category ('famille') for every thématique under it ('famille--…'). */
const hasTheme = (themes: SQL, theme: string) =>
	sql`exists (select 1 from unnest(${themes}) x where x = ${theme} or starts_with(x, ${`${theme}--`}))`;

export interface CooperationScope {
	/** null: every cooperation (instance admins); else the actor's readable ones */
	readable: null | { organisationIds: string[]; coordinations: SQL[] };
	cooperationId?: string;
	territory?: SQL;
	theme?: string;
}

/**
 * What a search runs over, in one statement: the cooperations (ids, names, those having the theme) and, among
 * their bodies, the « partage de situations » ones the user has no current seat in (their decisions are left out)
 * and those having the theme (the theme may also be a body's). Computed once per search, so that the search itself
 * filters decisions by cooperation and body ids without joining the bodies of every row.
 */
export async function searchScope(db: Db, scope: CooperationScope, userId: string | null, today: string) {
	const where: SQL[] = [sql`true`];
	if (scope.readable) {
		const ors: SQL[] = [...scope.readable.coordinations];
		if (scope.readable.organisationIds.length)
			ors.push(sql`exists (select 1 from cooperation_parties p where p.cooperation_id = c.id
				and p.organisation_id = any(${uuidArray(scope.readable.organisationIds)}))`);
		where.push(ors.length ? sql`(${sql.join(ors, sql` or `)})` : sql`false`);
	}
	if (scope.cooperationId) where.push(sql`c.id = ${scope.cooperationId}`);
	if (scope.territory) where.push(scope.territory);
	const themed = (column: SQL) => (scope.theme ? hasTheme(column, scope.theme) : sql`false`);
	const found = await rows<{ body: boolean; id: string; name: string; themed: boolean; hidden: boolean }>(
		db,
		sql`with c as materialized (
				select c.id, c.name, ${themed(sql`c.themes`)} as themed
				from cooperations c where ${sql.join(where, sql` and `)})
			select false as body, c.id, c.name, c.themed, false as hidden from c
			union all
			select true, b.id, '', ${themed(sql`b.themes`)},
				b.kind = 'partage_situations' and not exists (select 1 from body_members m where m.body_id = b.id
					and m.user_id = ${userId} and (m.ends_on is null or m.ends_on >= ${today}::date))
			from bodies b join c on c.id = b.cooperation_id`
	);
	const cooperations = found.filter((r) => !r.body);
	const bodies = found.filter((r) => r.body);
	return {
		ids: cooperations.map((r) => r.id),
		names: new Map(cooperations.map((r) => [r.id, r.name])),
		themed: cooperations.filter((r) => r.themed).map((r) => r.id),
		hiddenBodies: bodies.filter((b) => b.hidden).map((b) => b.id),
		themedBodies: bodies.filter((b) => b.themed).map((b) => b.id)
	};
}

/** Trigram similarity from which a vocabulary word is taken for a word the register does not know. */
export const CORRECTION_SIMILARITY = 0.4;

export type WordCheck =
	{ kind: 'stop' } | { kind: 'known' } | { kind: 'corrected'; word: string } | { kind: 'none' };

/**
 * For each query word (as a tsquery term: "word" or "word:*"): a French stop word (no lexeme: left out), a word
 * the full text finds in the register, else the closest word of the register's vocabulary (trigram GIN index on
 * decision_words), else nothing. One round trip for all the words.
 *
 * « The full text finds it » is asked of the vocabulary's stems (GIN index on decision_words.lexemes) for a word of
 * 3 to 40 letters: every such word of the decisions is in the vocabulary, with the stems the decisions' full text
 * gives it. Asking the decisions instead cost a scan of the whole register for a mistyped word. Shorter or longer
 * words, which the vocabulary does not keep, are still asked of the decisions.
 */
export async function checkWords(db: Db, words: { word: string; term: string }[]): Promise<WordCheck[]> {
	if (!words.length) return [];
	const checks = words.map(
		({ word, term }, i) => sql`case when numnode(to_tsquery('french', ${term})) = 0 then '-stop'
			when ${
				word.length >= 3 && word.length <= 40
					? sql`exists (select 1 from decision_words k where k.lexemes @@ to_tsquery('french', ${term}))`
					: sql`exists (select 1 from decisions d where d.search_vector @@ to_tsquery('french', ${term}))`
			} then '-known'
			else coalesce((select k.word from decision_words k
				where k.word % ${word} and similarity(k.word, ${word}) >= ${CORRECTION_SIMILARITY}::float8
				order by similarity(k.word, ${word}) desc, k.word collate "C" limit 1), '-none') end
			as ${sql.identifier(`w${i}`)}`
	);
	const [row] = await rows<Record<string, string>>(db, sql`select ${sql.join(checks, sql`, `)}`);
	return words.map((_, i): WordCheck => {
		const v = row?.[`w${i}`] ?? '-none';
		if (v === '-stop') return { kind: 'stop' };
		if (v === '-known') return { kind: 'known' };
		if (v === '-none') return { kind: 'none' };
		return { kind: 'corrected', word: v };
	});
}

export interface RegisterQuery {
	cooperationIds: string[];
	/** with a theme: the cooperations and the bodies having it */
	theme?: { cooperationIds: string[]; bodyIds: string[] };
	/** « partage de situations » bodies the actor has no seat in */
	hiddenBodyIds: string[];
	/** full-text query of the words (as typed, or corrected from the vocabulary) */
	tsquery?: string;
	bodyId?: string;
	status?: string;
	from?: string;
	to?: string;
	limit: number;
	offset: number;
}

function whereOf(q: RegisterQuery, withStatus: boolean): SQL {
	// with words, the scope is written so that no index serves it (coalesce): the full-text GIN index alone finds
	// the rows, never combined with the cooperation index (most of the register is in scope: a bitmap of every row)
	const where: SQL[] = [
		q.tsquery
			? sql`coalesce(d.cooperation_id, d.cooperation_id) = any(${uuidArray(q.cooperationIds)})`
			: sql`d.cooperation_id = any(${uuidArray(q.cooperationIds)})`
	];
	if (q.hiddenBodyIds.length) where.push(sql`d.body_id <> all(${uuidArray(q.hiddenBodyIds)})`);
	if (q.theme)
		where.push(
			sql`(d.cooperation_id = any(${uuidArray(q.theme.cooperationIds)}) or d.body_id = any(${uuidArray(q.theme.bodyIds)}))`
		);
	if (q.tsquery) where.push(sql`d.search_vector @@ to_tsquery('french', ${q.tsquery})`);
	if (q.bodyId) where.push(sql`d.body_id = ${q.bodyId}`);
	if (withStatus && q.status) where.push(sql`d.status = ${q.status}`);
	if (q.from) where.push(sql`d.decided_on >= ${q.from}::date`);
	if (q.to) where.push(sql`d.decided_on <= ${q.to}::date`);
	return sql.join(where, sql` and `);
}

export interface RegisterHit {
	id: string;
	cooperation_id: string;
	body_id: string;
	body_name: string;
	body_kind: string;
	title: string;
	excerpt: string;
	outcome: string;
	status: string;
	decided_on: string;
	review_on: string | null;
	rank: number;
}

/**
 * One page, by relevance then date (newest first), the total and the count per status (the status filter
 * aside), in one statement.
 *
 * With words, the statement runs with sequential scans off (SET LOCAL, in a transaction of its own): the planner
 * prices a scan of the whole register, evaluating the full text on every row, below the GIN index's bitmap as soon
 * as a word is in a few percent of the decisions; measured on 50,000 decisions the bitmap takes half the time
 * (bench/suites/decisions-register.ts, ADR 013).
 */
export async function searchRegister(db: Db, q: RegisterQuery) {
	if (!q.cooperationIds.length)
		return { hits: [] as RegisterHit[], total: 0, byStatus: {} as Record<string, number> };
	if (!q.tsquery) return newestAndCounts(db, q);
	return db.transaction(async (tx) => {
		await tx.execute(sql`set local enable_seqscan = off`);
		const found = await rankedAndCounts(tx as unknown as Db, q);
		// inside a caller's transaction this one is a savepoint, whose SET LOCAL would outlive it
		await tx.execute(sql`set local enable_seqscan to default`);
		return found;
	});
}

/** The JSON of a page's decision `d` (with its body `b`). */
const hitJson = (rank: SQL) => sql`json_build_object('id', d.id, 'cooperation_id', d.cooperation_id,
	'body_id', d.body_id, 'body_name', b.name, 'body_kind', b.kind, 'title', d.title, 'excerpt', left(d.text, 240),
	'outcome', d.outcome, 'status', d.status, 'decided_on', d.decided_on::text, 'review_on', d.review_on::text,
	'rank', ${rank})`;

type Found = { hits: RegisterHit[] | null; counts: Record<string, number> | null };

function pageOf(q: RegisterQuery, found: Found | undefined) {
	const byStatus = Object.fromEntries(Object.entries(found?.counts ?? {}).map(([k, n]) => [k, Number(n)]));
	const total = q.status ? (byStatus[q.status] ?? 0) : Object.values(byStatus).reduce((s, n) => s + n, 0);
	return { hits: found?.hits ?? [], total, byStatus };
}

/** With words: every match ranked, read once (a materialized CTE) for the page and the counts. */
async function rankedAndCounts(db: Db, q: RegisterQuery) {
	const [found] = await rows<Found>(
		db,
		sql`with m as materialized (
				select d.id, d.status, d.decided_on,
					ts_rank_cd(d.search_vector, to_tsquery('french', ${q.tsquery}))::float8 as rank
				from decisions d where ${whereOf(q, false)}),
			page as (
				select m.* from m ${q.status ? sql`where m.status = ${q.status}` : sql``}
				order by m.rank desc, m.decided_on desc, m.id limit ${q.limit} offset ${q.offset})
			select
				(select json_agg(${hitJson(sql`p.rank`)} order by p.rank desc, p.decided_on desc, p.id)
				from page p join decisions d on d.id = p.id join bodies b on b.id = d.body_id) as hits,
				(select json_object_agg(c.status, c.n) from (select m.status, count(*)::int as n from m group by m.status) c) as counts`
	);
	return pageOf(q, found);
}

/**
 * Without words (every rank 0): the page newest first, read from the date index until it is full, and the
 * counts from the cooperation index (index-only), instead of materializing every decision in scope to sort it.
 */
async function newestAndCounts(db: Db, q: RegisterQuery) {
	const [found] = await rows<Found>(
		db,
		sql`select
				(select json_agg(${hitJson(sql`0`)} order by d.decided_on desc, d.id)
				from (select d.* from decisions d where ${whereOf(q, true)}
					order by d.decided_on desc, d.id limit ${q.limit} offset ${q.offset}) d
				join bodies b on b.id = d.body_id) as hits,
				(select json_object_agg(c.status, c.n)
				from (select d.status, count(*)::int as n from decisions d where ${whereOf(q, false)} group by d.status) c) as counts`
	);
	return pageOf(q, found);
}
