import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../../db/client';

/**
 * Bulk upserts of the import: one statement per batch, rows passed as one JSON parameter
 * (json_to_recordset), so a batch of thousands of rows costs one round trip and a handful of parameters.
 * ON CONFLICT (source, source_id) makes re-imports update instead of duplicating; rows whose values did not
 * change are left alone (not even updated_at), so counts tell created / updated / unchanged apart.
 */
type Column = [name: string, type: string];

export const STRUCTURE_COLUMNS: Column[] = [
	['name', 'text'],
	['description', 'text'],
	['siret', 'text'],
	['commune_code', 'text'],
	['commune_name', 'text'],
	['postal_code', 'text'],
	['address', 'text'],
	['address_complement', 'text'],
	['latitude', 'float8'],
	['longitude', 'float8'],
	['phone', 'text'],
	['email', 'text'],
	['website', 'text'],
	['opening_hours', 'text'],
	['accessibility_url', 'text'],
	['networks', 'text[]'],
	['source_url', 'text'],
	['source_updated_on', 'date']
];

export const SERVICE_COLUMNS: Column[] = [
	['structure_id', 'uuid'],
	['name', 'text'],
	['description', 'text'],
	['type', 'text'],
	['thematiques', 'text[]'],
	['fees', 'text'],
	['fees_details', 'text'],
	['publics', 'text[]'],
	['publics_details', 'text'],
	['access_conditions', 'text'],
	['reception_modes', 'text[]'],
	['eligibility_zone', 'text[]'],
	['mobilisation_modes', 'text[]'],
	['mobilisable_by', 'text[]'],
	['mobilisation_details', 'text'],
	['mobilisation_url', 'text'],
	['contact_name', 'text'],
	['phone', 'text'],
	['email', 'text'],
	['commune_code', 'text'],
	['commune_name', 'text'],
	['postal_code', 'text'],
	['address', 'text'],
	['address_complement', 'text'],
	['latitude', 'float8'],
	['longitude', 'float8'],
	['opening_hours', 'text'],
	['source_url', 'text'],
	['source_updated_on', 'date'],
	// not in data·inclusion: only written when the format carries them (HSDS)
	['languages', 'text[]'],
	['accessibility', 'text'],
	['outreach', 'boolean'],
	// not in HSDS: only written by data·inclusion imports
	['weekly_hours', 'float8'],
	['duration_weeks', 'int4']
];

export const OPTIONAL_SERVICE_COLUMNS = new Set(['languages', 'accessibility', 'outreach']);
export const DATA_INCLUSION_SERVICE_COLUMNS = new Set(['weekly_hours', 'duration_weeks']);

/**
 * The value a column takes on update: a row without date_maj keeps the stored date (re-importing a file that
 * lost it must not erase it), and one without a commune name keeps the stored name (an HSDS file only carries
 * the name when no INSEE code says which commune it is); every other column takes the file's value.
 */
const KEPT_WHEN_ABSENT = new Set(['source_updated_on', 'commune_name']);
const updated = (name: string) =>
	KEPT_WHEN_ABSENT.has(name)
		? sql`coalesce(excluded.${ident(name)}, s.${ident(name)})`
		: sql`excluded.${ident(name)}`;

const ident = (name: string) => sql.raw(`"${name}"`);
const list = (items: SQL[]) => sql.join(items, sql`, `);
const recordType = (columns: Column[]) => sql.raw(columns.map(([n, t]) => `"${n}" ${t}`).join(', '));

export interface UpsertResult {
	id: string;
	source: string;
	source_id: string;
	inserted: boolean;
}

/** Inserts or updates structures; `organisationId` attaches new ones, and existing ones keep theirs when it is null. */
export async function upsertStructures(
	db: Db,
	batch: Record<string, unknown>[],
	organisationId: string | null
): Promise<UpsertResult[]> {
	const columns = STRUCTURE_COLUMNS;
	const all: Column[] = [['source', 'text'], ['source_id', 'text'], ...columns];
	const names = all.map(([n]) => ident(n));
	const changed = sql.join(
		columns.map(([n]) => sql`s.${ident(n)} is distinct from ${updated(n)}`),
		sql` or `
	);
	return rows<UpsertResult>(
		db,
		sql`insert into structures as s (${list(names)}, organisation_id)
			select ${list(names.map((n) => sql`x.${n}`))}, ${organisationId}::uuid
			from json_to_recordset(${JSON.stringify(batch)}::json) as x(${recordType(all)})
			on conflict (source, source_id) do update set
				${list(columns.map(([n]) => sql`${ident(n)} = ${updated(n)}`))},
				organisation_id = coalesce(excluded.organisation_id, s.organisation_id),
				updated_at = now()
			where ${changed} or (excluded.organisation_id is not null and s.organisation_id is distinct from excluded.organisation_id)
			returning id, source, source_id, (xmax = 0) as inserted`
	);
}

/**
 * Inserts or updates services; updated ones get a history entry (kind 'import') in the same statement.
 * `columns` leaves out the fields the file format does not carry, so a re-import keeps them.
 */
export async function upsertServices(
	db: Db,
	batch: Record<string, unknown>[],
	columns: Column[],
	changedBy: string | null,
	/** write search_context here, set-wise (a bulk load, whose context trigger is off: skipContextTrigger) */
	withContext = false
): Promise<{ inserted: boolean }[]> {
	const all: Column[] = [['source', 'text'], ['source_id', 'text'], ...columns];
	const names = all.map(([n]) => ident(n));
	const changed = sql.join(
		columns.map(([n]) => sql`s.${ident(n)} is distinct from ${updated(n)}`),
		sql` or `
	);
	const values = list(names.map((n) => sql`x.${n}`));
	const input = sql`json_to_recordset(${JSON.stringify(batch)}::json) as x(${recordType(all)})`;
	// the same value as the trigger services_search_context (migration 0012), for a whole batch at once: the
	// labels once per distinct list of thématiques, the structure and organisation names by a join
	const insert = withContext
		? sql`insert into services as s (${list(names)}, search_context)
				select ${values}, concat_ws(' ',
					case when st.id is not null then concat_ws(' ', st.name, o.name) end, lb.labels)
				from x
				left join structures st on st.id = x.structure_id
				left join organisations o on o.id = st.organisation_id
				left join labels lb on lb.thematiques = x.thematiques`
		: sql`insert into services as s (${list(names)}) select ${values} from ${input}`;
	return rows<{ inserted: boolean }>(
		db,
		sql`with ${
			withContext
				? sql`x as (select * from ${input}), labels as (
						select d.thematiques, (select string_agg(l.label, ' ' order by l.code)
							from search_thematique_labels l where l.code = any(d.thematiques)) as labels
						from (select distinct thematiques from x) d
					), `
				: sql``
		}up as (
				${insert}
				on conflict (source, source_id) do update set
					${list(columns.map(([n]) => sql`${ident(n)} = ${updated(n)}`))},${
						withContext ? sql` search_context = excluded.search_context,` : sql``
					}
					updated_at = now(),
					last_checked_at = now()
				where ${changed}
				returning id, (xmax = 0) as inserted
			), history as (
				insert into service_history (service_id, changed_by, kind, changes)
				select id, ${changedBy}::uuid, 'import', '{}'::jsonb from up where not inserted
			)
			select inserted from up`
	);
}

/**
 * Indexes of services that cost more to keep up row by row than to build again at once: full text, name
 * trigrams, distance, and the GIN indexes of the code arrays (measured: together they made three quarters
 * of the time of a first import of 200,000 services; built at the end, a few seconds); and the plain btrees
 * no statement of the import reads (a fifth of the rest). The primary key and (source, source_id), which
 * the upserts read, stay.
 */
const DEFERRABLE_INDEXES = [
	'services_search_idx',
	'services_name_trgm_idx',
	'services_earth_idx',
	'services_thematiques_idx',
	'services_publics_idx',
	'services_eligibility_idx',
	'services_structure_idx',
	'services_commune_idx',
	'services_checked_idx'
];

/** Below this many new services, an import keeps the indexes up row by row. */
export const BULK_LOAD_MIN_ROWS = 10_000;

/**
 * A bulk load (at least BULK_LOAD_MIN_ROWS new services, and more than the table holds: a first import of a
 * national file) drops the costly indexes of services in its transaction, and its foreign keys (checked row
 * by row, a tenth of the time of writing a service), and returns the function that builds them again from
 * their stored definitions, to call before the end of the transaction; otherwise null. Adding a foreign key
 * back checks every row in one statement: a row that breaks it fails the import. The transaction then holds
 * the table's exclusive lock until it commits (searches wait for the load, ADR 007), and from the rebuild on,
 * a lock of structures and communes that lets them be read, not written. A rollback brings everything back
 * as it was.
 */
export async function deferServiceIndexes(
	db: Db,
	newRows: number,
	minRows = BULK_LOAD_MIN_ROWS
): Promise<(() => Promise<void>) | null> {
	if (newRows < minRows) return null;
	const [count] = await rows<{ n: number }>(db, sql`select count(*)::int as n from services`);
	if (newRows <= count!.n) return null;
	const indexes = await rows<{ name: string; definition: string }>(
		db,
		sql`select indexname as name, indexdef as definition from pg_indexes
			where schemaname = current_schema() and tablename = 'services'
				and indexname in (${sql.join(
					DEFERRABLE_INDEXES.map((n) => sql`${n}`),
					sql`, `
				)})`
	);
	const foreignKeys = await rows<{ name: string; definition: string }>(
		db,
		sql`select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint
			where conrelid = 'services'::regclass and contype = 'f' order by conname`
	);
	for (const { name } of indexes) await db.execute(sql`drop index ${ident(name)}`);
	for (const { name } of foreignKeys)
		await db.execute(sql`alter table services drop constraint ${ident(name)}`);
	return async () => {
		await db.execute(sql`select set_config('maintenance_work_mem', '256MB', true)`);
		for (const { definition } of indexes) await db.execute(sql.raw(definition));
		for (const { name, definition } of foreignKeys)
			await db.execute(sql`alter table services add constraint ${ident(name)} ${sql.raw(definition)}`);
	};
}

/**
 * In a bulk load (after deferServiceIndexes, once the structures are written), turns off the trigger that
 * fills services.search_context row by row (a fifth of the time of writing a service): upsertServices()
 * with `withContext` writes the same value set-wise. Returns the function that turns it on again, to call
 * before the end of the transaction (a rollback turns it on as well). Structures must not change while it
 * is off: their trigger relies on it to refresh the context of their services.
 */
export async function skipContextTrigger(db: Db): Promise<() => Promise<void>> {
	await db.execute(sql`alter table services disable trigger services_search_context`);
	return async () => {
		await db.execute(sql`alter table services enable trigger services_search_context`);
	};
}

export interface ExistingStructure {
	id: string;
	source: string;
	source_id: string;
	organisation_id: string | null;
}

/** Structures already in the directory with these (source, source_id). */
export async function existingStructures(db: Db, keys: { source: string; source_id: string }[]) {
	if (keys.length === 0) return [];
	return rows<ExistingStructure>(
		db,
		sql`select s.id, s.source, s.source_id, s.organisation_id
			from structures s
			join json_to_recordset(${JSON.stringify(keys)}::json) as k(source text, source_id text)
				on s.source = k.source and s.source_id = k.source_id`
	);
}

/** Services already in the directory with these keys, with the organisation of their structure. */
export async function existingServices(db: Db, keys: { source: string; source_id: string }[]) {
	if (keys.length === 0) return [];
	return rows<{ source: string; source_id: string; organisation_id: string | null }>(
		db,
		sql`select v.source, v.source_id, s.organisation_id
			from services v
			join json_to_recordset(${JSON.stringify(keys)}::json) as k(source text, source_id text)
				on v.source = k.source and v.source_id = k.source_id
			join structures s on s.id = v.structure_id`
	);
}

/** Which of these INSEE codes exist. */
export async function existingCommunes(db: Db, codes: string[]): Promise<Set<string>> {
	if (codes.length === 0) return new Set();
	const found = await rows<{ code: string }>(
		db,
		sql`select c.code from communes c join json_array_elements_text(${JSON.stringify(codes)}::json) as k(code) on c.code = k.code`
	);
	return new Set(found.map((r) => r.code));
}
