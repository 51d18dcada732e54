import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client';
import { arrayLiteral, unseenBy } from '../search-sql';
import { searchChanges } from '../schema';
import { CELL_COLUMNS, CELL_DEGREES } from './cells';
import type { IndexedService } from './index';
import type { VocabularyWord } from './vocabulary';

/**
 * Reads what the search index holds. Every read of a build or a refresh happens in one repeatable-read
 * transaction, whose snapshot (pg_current_snapshot()) tells later which changes the index has seen.
 */

/** Services read per round trip: bounds memory, and lets other requests run between pages. */
export const PAGE = 5_000;

const SERVICE_COLUMNS = sql`s.id, s.name_normalized as name, s.latitude, s.longitude, s.fees, s.type,
	s.thematiques, s.publics, s.reception_modes as "receptionModes", s.eligibility_zone as "eligibilityZone",
	s.commune_code as "communeCode",
	array(select u.lexeme from unnest(s.search_vector) u) as lexemes,
	array(select u.lexeme from unnest(s.search_vector) u where 'A' = any(u.weights)) as "nameLexemes"`;

export async function currentSnapshot(tx: Db): Promise<string> {
	const [row] = await rows<{ snapshot: string }>(tx, sql`select pg_current_snapshot()::text as snapshot`);
	return row!.snapshot;
}

/** Grid cell of a service's coordinates (cells.ts); null without coordinates. */ // constants spliced as text: a DECLARE CURSOR takes no parameters
const CELL = sql.raw(`(floor((s.latitude + 90) / ${CELL_DEGREES}::float8)::int * ${CELL_COLUMNS}
	+ floor((s.longitude + 180) / ${CELL_DEGREES}::float8)::int)`);

const CURSOR = 'maillage_search_index_rows';

/** Every service, in cell order (those without coordinates last), page by page through a cursor. */
export async function* allServices(tx: Db): AsyncGenerator<IndexedService[]> {
	await tx.execute(
		sql`declare ${sql.raw(CURSOR)} no scroll cursor for
			select ${SERVICE_COLUMNS}, ${CELL} as cell from services s order by ${CELL} nulls last, s.id`
	);
	for (;;) {
		const page = await rows<IndexedService>(tx, sql.raw(`fetch forward ${PAGE} from ${CURSOR}`));
		if (page.length === 0) break;
		yield page;
	}
	await tx.execute(sql.raw(`close ${CURSOR}`));
}

export async function servicesById(tx: Db, ids: string[]): Promise<IndexedService[]> {
	if (ids.length === 0) return [];
	return rows<IndexedService>(
		tx,
		sql`select ${SERVICE_COLUMNS} from services s where s.id = any(${arrayLiteral(ids)}::uuid[])`
	);
}

export async function vocabulary(tx: Db): Promise<VocabularyWord[]> {
	return rows<VocabularyWord>(tx, sql`select word, frequency from search_words`);
}

export interface Change {
	kind: 'service' | 'vocabulary' | 'all';
	serviceIds: string[] | null;
}

function changesQuery(db: Db) {
	const snapshot = sql`${sql.placeholder('snapshot')}::pg_snapshot`;
	return db
		.select({ kind: searchChanges.kind, serviceIds: searchChanges.serviceIds })
		.from(searchChanges)
		.where(unseenBy(sql`${searchChanges.xid}`, snapshot))
		.prepare('maillage_search_changes');
}

/** Prepared once per database: every search asks it (handle.ts). */
const changesStatements = new WeakMap<Db, ReturnType<typeof changesQuery>>();

/** Changes committed since `snapshot` was taken (not visible in it), as seen by the current transaction. */
export async function changesSince(db: Db, snapshot: string): Promise<Change[]> {
	let statement = changesStatements.get(db);
	if (!statement) changesStatements.set(db, (statement = changesQuery(db)));
	return (await statement.execute({ snapshot })) as Change[];
}

/** Forgets changes older than a day; an index that has not looked for a day rebuilds instead (freshness.ts). */
export async function pruneChanges(db: Db): Promise<void> {
	await db.execute(sql`delete from search_changes where changed_at < now() - interval '1 day'`);
}

/**
 * French stems of query words, as to_tsquery('french', …) makes them: [] for a stop word. Words are
 * accent-free [a-z0-9]+ (queryWords()).
 */
export async function stems(db: Db, words: string[]): Promise<Map<string, string[]>> {
	const found = await rows<{ word: string; lexemes: string[] }>(
		db,
		sql`select w as word, array(select u.lexeme from unnest(to_tsvector('french', w)) u) as lexemes
			from unnest(${arrayLiteral(words)}::text[]) w`
	);
	return new Map(found.map((r) => [r.word, r.lexemes]));
}
