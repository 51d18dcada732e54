import { LRUCache } from 'lru-cache';
import type { Db } from '../db/client';
import { loadPageRows, type PageRow } from './search-sql';

/**
 * Page loads coalesced: the searches that ask for their page's rows in the same turn of the event loop share
 * one statement (per database and snapshot). Under load a busy process answers several searches per turn,
 * and a statement costs more in round trip, driver and socket work than its twenty rows: one for many saves
 * most of it. A lone search waits only until the end of the current turn (setImmediate).
 */

type Page = { rows: PageRow[]; stale: boolean };
type LoadRows = (db: Db, ids: string[], snapshot: string | null) => Promise<Page>;

/**
 * A full batch goes at once: while the database works on it, the process answers the searches of the next
 * one. Waiting for the end of the turn only would send everything in one statement and leave each side idle
 * while the other works (measured at 32 clients: a third fewer searches a second than batches of 16).
 */
const MAX_BATCH = 16;

/** Rows kept per database for the current index snapshot (a few MiB), and for how long at most. */
const MAX_ROWS_KEPT = 5_000;
const ROWS_KEPT_MS = 60_000;

interface Waiter {
	ids: string[];
	resolve(page: Page): void;
	reject(error: unknown): void;
}

/** loadPage() for a given way of loading rows (tests count the statements). */
export function coalescedPageLoads(loadRows: LoadRows) {
	/** per database: per snapshot (null: no staleness check), the searches waiting */
	const pending = new WeakMap<Db, Map<string | null, Waiter[]>>();
	/** per database: rows as they were at one index snapshot (see rowsAt) */
	const kept = new WeakMap<Db, { snapshot: string; rows: LRUCache<string, PageRow> }>();

	/**
	 * The rows already loaded for this snapshot of the index. A row loaded by a statement that found nothing
	 * changed since the snapshot is the row as of the snapshot; while later statements find nothing changed
	 * either, it still is, and only the check has to go to the database (rows of the most asked services, the
	 * first page of common searches, are then not read, built as JSON and parsed again on every search). The
	 * rows of another snapshot are dropped. Names of communes are not followed by the snapshot: rows are kept
	 * a minute at most.
	 */
	function rowsAt(db: Db, snapshot: string) {
		let entry = kept.get(db);
		if (!entry || entry.snapshot !== snapshot)
			kept.set(db, (entry = { snapshot, rows: new LRUCache({ max: MAX_ROWS_KEPT, ttl: ROWS_KEPT_MS }) }));
		return entry.rows;
	}

	async function answer(db: Db, snapshot: string | null, waiters: Waiter[]) {
		try {
			const ids = waiters.length === 1 ? waiters[0]!.ids : [...new Set(waiters.flatMap((w) => w.ids))];
			const known = snapshot === null ? null : rowsAt(db, snapshot);
			const byId = new Map<string, PageRow>();
			const missing: string[] = [];
			for (const id of ids) {
				const row = known?.get(id);
				if (row) byId.set(id, row);
				else missing.push(id);
			}
			// with every row known, the statement only tells whether the snapshot is still current
			const { rows, stale } = await loadRows(db, missing, snapshot);
			for (const row of rows) {
				byId.set(row.id, row);
				if (!stale) known?.set(row.id, row);
			}
			for (const waiter of waiters)
				waiter.resolve({ rows: waiter.ids.flatMap((id) => byId.get(id) ?? []), stale });
		} catch (error) {
			for (const waiter of waiters) waiter.reject(error);
		}
	}

	function flush(db: Db) {
		const bySnapshot = pending.get(db);
		pending.delete(db);
		for (const [snapshot, waiters] of bySnapshot ?? []) void answer(db, snapshot, waiters);
	}

	return function loadPage(db: Db, ids: string[], snapshot: string | null): Promise<Page> {
		let bySnapshot = pending.get(db);
		if (!bySnapshot) {
			pending.set(db, (bySnapshot = new Map()));
			setImmediate(() => flush(db));
		}
		let waiters = bySnapshot.get(snapshot);
		if (!waiters) bySnapshot.set(snapshot, (waiters = []));
		const page = new Promise<Page>((resolve, reject) => waiters.push({ ids, resolve, reject }));
		if (waiters.length >= MAX_BATCH) {
			bySnapshot.delete(snapshot);
			void answer(db, snapshot, waiters);
		}
		return page;
	};
}

/**
 * The rows of a page of results and, given an index snapshot, whether services changed since
 * (search-sql.ts loadPageRows), in a statement shared with the searches of the same turn.
 */
export const loadPage = coalescedPageLoads(loadPageRows);
