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

interface Waiter {
	ids: string[];
	resolve(page: Page): void;
	reject(error: unknown): void;
}

/** loadPage() for a given way of loading rows (tests count the statements). */
export function coalescedPageLoads(loadRows: LoadRows) {
	/** per database: per snapshot (null: no staleness check), the searches waiting */
	const pending = new WeakMap<Db, Map<string | null, Waiter[]>>();

	async function answer(db: Db, snapshot: string | null, waiters: Waiter[]) {
		try {
			const ids = waiters.length === 1 ? waiters[0]!.ids : [...new Set(waiters.flatMap((w) => w.ids))];
			const { rows, stale } = await loadRows(db, ids, snapshot);
			if (waiters.length === 1) return waiters[0]!.resolve({ rows, stale });
			const byId = new Map(rows.map((row) => [row.id, row]));
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
