import { describe, expect, it } from 'vitest';
import type { Db } from '../db/client';
import { coalescedPageLoads } from './page-loads';
import type { PageRow } from './search-sql';

const db = {} as Db;
const otherDb = {} as Db;

/** A row as the page statement gives it: only the fields these tests look at. */
const row = (id: string) => ({ id, name: `Service ${id}` }) as unknown as PageRow;

/** loadPage() over a fake statement that records each call and answers every id it is asked for. */
function recorder(stale = false) {
	const calls: { db: Db; ids: string[]; snapshot: string | null }[] = [];
	const loadPage = coalescedPageLoads(async (database, ids, snapshot) => {
		calls.push({ db: database, ids, snapshot });
		return { rows: [...ids].reverse().map(row), stale };
	});
	return { calls, loadPage };
}

const idsOf = (page: { rows: PageRow[] }) => page.rows.map((r) => r.id);

describe('coalesced page loads', () => {
	it('answers the searches of one turn with one statement, each with its own rows in its own order', async () => {
		const { calls, loadPage } = recorder();
		const [a, b, c] = await Promise.all([
			loadPage(db, ['s1', 's2'], '10:20:'),
			loadPage(db, ['s3', 's1'], '10:20:'),
			loadPage(db, ['s4'], '10:20:')
		]);
		expect(calls).toHaveLength(1);
		expect([...calls[0]!.ids].sort()).toEqual(['s1', 's2', 's3', 's4']);
		expect(idsOf(a)).toEqual(['s1', 's2']);
		expect(idsOf(b)).toEqual(['s3', 's1']);
		expect(idsOf(c)).toEqual(['s4']);
	});

	it('keeps apart different snapshots and different databases', async () => {
		const { calls, loadPage } = recorder();
		await Promise.all([
			loadPage(db, ['s1'], '10:20:'),
			loadPage(db, ['s2'], '10:25:'),
			loadPage(db, ['s3'], null),
			loadPage(otherDb, ['s4'], '10:20:')
		]);
		const asked = calls.map((c) => `${c.db === db ? 'db' : 'other'} ${c.snapshot} ${c.ids.join(',')}`).sort();
		expect(asked).toEqual(['db 10:20: s1', 'db 10:25: s2', 'db null s3', 'other 10:20: s4']);
	});

	it('sends a full batch of sixteen at once and the rest at the end of the turn', async () => {
		const { calls, loadPage } = recorder();
		const pages = await Promise.all(Array.from({ length: 17 }, (_, i) => loadPage(db, [`s${i}`], '10:20:')));
		expect(calls.map((c) => c.ids.length)).toEqual([16, 1]);
		expect(pages.map(idsOf)).toEqual(Array.from({ length: 17 }, (_, i) => [`s${i}`]));
	});

	it('sends loads of later turns in later statements', async () => {
		const { calls, loadPage } = recorder();
		await loadPage(db, ['s1'], null);
		await loadPage(db, ['s2'], null);
		expect(calls.map((c) => c.ids)).toEqual([['s1'], ['s2']]);
	});

	it('tells every search of the batch that the index is stale', async () => {
		const { loadPage } = recorder(true);
		const pages = await Promise.all([loadPage(db, ['s1'], '10:20:'), loadPage(db, ['s2'], '10:20:')]);
		expect(pages.map((p) => p.stale)).toEqual([true, true]);
	});

	it('reads the rows of a snapshot once, then only asks whether the snapshot is still current', async () => {
		const { calls, loadPage } = recorder();
		await loadPage(db, ['s1', 's2'], '10:20:');
		const again = await loadPage(db, ['s2', 's3'], '10:20:');
		expect(calls.map((c) => c.ids)).toEqual([['s1', 's2'], ['s3']]);
		expect(idsOf(again)).toEqual(['s2', 's3']);
		// every row known: the statement still runs, for the staleness check
		expect(idsOf(await loadPage(db, ['s1'], '10:20:'))).toEqual(['s1']);
		expect(calls.at(-1)!.ids).toEqual([]);
	});

	it('reads the rows again for another snapshot, for searches without one, and after a stale answer', async () => {
		const { calls, loadPage } = recorder();
		await loadPage(db, ['s1'], '10:20:');
		await loadPage(db, ['s1'], '10:25:');
		await loadPage(db, ['s1'], null);
		await loadPage(db, ['s1'], null);
		expect(calls.map((c) => c.ids)).toEqual([['s1'], ['s1'], ['s1'], ['s1']]);

		const stale = recorder(true);
		await stale.loadPage(db, ['s1'], '10:20:');
		await stale.loadPage(db, ['s1'], '10:20:');
		expect(stale.calls.map((c) => c.ids)).toEqual([['s1'], ['s1']]);
	});

	it('fails every search of the batch when the statement fails', async () => {
		const loadPage = coalescedPageLoads(async () => {
			throw new Error('connexion perdue');
		});
		const results = await Promise.allSettled([loadPage(db, ['s1'], null), loadPage(db, ['s2'], null)]);
		expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
	});
});
