import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';

/**
 * Test support for the all-or-nothing tests (imports, every use case in atomicity.int.test.ts): a write that
 * fails half-way through an import, and a fingerprint of the whole database to show that nothing of it
 * remains. Not used by the application.
 */

export const FAILURE_MESSAGE = 'panne simulée';

type FailingTable = 'services' | 'structures' | 'audit_events' | 'indicator_values';

/**
 * Makes inserts into `table` fail once `rowCount` rows have gone through: a BEFORE INSERT row trigger counts
 * them with a sequence and raises an exception from the next one. `when` restricts the rows counted (a
 * trigger WHEN condition on NEW); `atCommit` defers the check to the commit, when every statement has run.
 * Returns the function that removes the trigger, its function and its sequence.
 */
export async function failInsertsAfter(
	db: Db,
	table: FailingTable,
	rowCount: number,
	options: { when?: string; atCommit?: boolean } = {}
): Promise<() => Promise<void>> {
	await removeFailure(db, table);
	await db.execute(sql`create sequence maillage_test_failure_rows`);
	await db.execute(
		sql.raw(`create function maillage_test_failure() returns trigger language plpgsql as $$
		begin
			if nextval('maillage_test_failure_rows') > tg_argv[0]::bigint then
				raise exception '${FAILURE_MESSAGE} : insertion refusée dans % après % lignes', tg_table_name, tg_argv[0];
			end if;
			return new;
		end $$`)
	);
	// atCommit: a deferred constraint trigger, checked when the transaction commits, after every statement
	const trigger = options.atCommit
		? `constraint trigger maillage_test_failure after insert on ${table} deferrable initially deferred`
		: `trigger maillage_test_failure before insert on ${table}`;
	const condition = options.when ? `when (${options.when})` : '';
	await db.execute(
		sql.raw(`create ${trigger} for each row ${condition}
			execute function maillage_test_failure('${Math.trunc(rowCount)}')`)
	);
	return () => removeFailure(db, table);
}

/** Removes what failInsertsAfter() made; `db` may be another connection to the same database. */
export async function removeFailure(db: Db, table: FailingTable): Promise<void> {
	await db.execute(sql.raw(`drop trigger if exists maillage_test_failure on ${table}`));
	await db.execute(sql`drop function if exists maillage_test_failure()`);
	await db.execute(sql`drop sequence if exists maillage_test_failure_rows`);
}

export interface TableFingerprint {
	rows: number;
	md5: string;
}

/**
 * Row count and md5 of the sorted rows of every table of the public schema (taken from pg_catalog, not from
 * a list kept by hand, so a table written by mistake shows too).
 */
export async function fingerprint(db: Db): Promise<Record<string, TableFingerprint>> {
	const tables = await rows<{ name: string }>(
		db,
		sql`select c.relname::text as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`
	);
	const result: Record<string, TableFingerprint> = {};
	for (const { name } of tables) {
		const [row] = await rows<TableFingerprint>(
			db,
			sql.raw(`select count(*)::int as rows, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as md5
				from "${name}" t`)
		);
		result[name] = row!;
	}
	return result;
}

/** The database's own message of a failed query (drizzle wraps it in "Failed query: …"). */
export function causeOf(error: unknown): string {
	const cause = (error as { cause?: unknown })?.cause;
	if (cause instanceof Error) return cause.message;
	return error instanceof Error ? error.message : String(error);
}
