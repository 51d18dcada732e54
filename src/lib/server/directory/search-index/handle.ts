import { LRUCache } from 'lru-cache';
import type { Db } from '../../db/client';
import { logger } from '../../log';
import { SearchIndex, type QueryTerm } from './index';
import * as load from './load';
import { Vocabulary } from './vocabulary';

/**
 * The in-memory search index of one database, and how it follows the database.
 *
 * - Built in the background (enableSearchIndex(), at start-up), page by page in one repeatable-read
 *   transaction whose snapshot it remembers. Until it is ready, searches go to SQL.
 * - A search answers from the index as it is (peek()), and the statement that loads its page asks
 *   search_changes whether that snapshot missed changes (triggers log every write to services;
 *   refreshSearchWords() logs the vocabulary). If so, current() catches up and the search runs again: a search
 *   always sees the writes committed before it started, whichever instance made them. A few changes: the
 *   index reads those services again and moves to the new snapshot. Many (an import), a truncation, a quarter of dead entries, or
 *   a snapshot older than the changes kept (pruned after a day): it rebuilds in the background and SQL answers
 *   meanwhile.
 * - Concurrent searches share one refresh.
 */

/** Above this many changed services, a rebuild is cheaper than reading them one by one. */
const MAX_INCREMENTAL = 5_000;
/** Changes are pruned after a day; an index that has not refreshed for this long cannot trust them. */
const MAX_SNAPSHOT_AGE_MS = 12 * 3600_000;
const PRUNE_EVERY_MS = 3600_000;

export interface ReadyIndex {
	index: SearchIndex;
	vocabulary: Vocabulary;
	/** French stems of query words (database dictionaries), cached */
	stem(words: string[]): Promise<Map<string, string[]>>;
	/** the database snapshot the index reflects (pg_snapshot text) */
	snapshot: string;
}

export class SearchIndexHandle {
	private index: SearchIndex | null = null;
	private vocabulary: Vocabulary | null = null;
	private snapshot = '';
	private refreshedAt = 0;
	private prunedAt = 0;
	private building: Promise<void> | null = null;
	private refreshing: Promise<void> | null = null;
	private readonly stems = new LRUCache<string, string[]>({ max: 50_000 });
	/** searches the index answered (the rest went to SQL): for tests and benchmarks */
	served = 0;
	/** figures of the last build, for logs and benchmarks */
	lastBuild: { services: number; ms: number } | null = null;

	constructor(private readonly db: Db) {}

	get ready() {
		return this.index !== null;
	}

	/** Starts a build unless one is running; resolves when it ends (rejects if it failed). */
	build(): Promise<void> {
		this.building ??= this.rebuild().finally(() => (this.building = null));
		return this.building;
	}

	/**
	 * The index as it is, without asking the database (null while (re)building: use SQL). The caller checks
	 * its snapshot in the statement that loads the page (search-sql.ts loadPageRows) and calls current() if stale.
	 */
	peek(): ReadyIndex | null {
		if (!this.index || !this.vocabulary) {
			void this.build().catch(() => undefined);
			return null;
		}
		if (Date.now() - this.refreshedAt > MAX_SNAPSHOT_AGE_MS) {
			this.index = null;
			void this.build().catch(() => undefined);
			return null;
		}
		return this.readyIndex();
	}

	/** The index, up to date with every write committed before the call; null while (re)building: use SQL. */
	async current(): Promise<ReadyIndex | null> {
		if (!this.peek()) return null;
		const changes = await load.changesSince(this.db, this.snapshot);
		if (changes.length > 0) {
			this.refreshing ??= this.refresh().finally(() => (this.refreshing = null));
			await this.refreshing;
		}
		return this.readyIndex();
	}

	private readyIndex(): ReadyIndex | null {
		if (!this.index || !this.vocabulary) return null;
		return {
			index: this.index,
			vocabulary: this.vocabulary,
			snapshot: this.snapshot,
			stem: (words) => this.stem(words)
		};
	}

	private async stem(words: string[]): Promise<Map<string, string[]>> {
		const out = new Map<string, string[]>();
		const missing: string[] = [];
		for (const w of words) {
			const known = this.stems.get(w);
			if (known) out.set(w, known);
			else missing.push(w);
		}
		if (missing.length) {
			for (const [w, lexemes] of await load.stems(this.db, missing)) {
				this.stems.set(w, lexemes);
				out.set(w, lexemes);
			}
		}
		return out;
	}

	private async rebuild(): Promise<void> {
		const started = performance.now();
		const index = new SearchIndex();
		const { snapshot, words } = await this.db.transaction(
			async (transaction) => {
				const tx = transaction as unknown as Db;
				const snapshot = await load.currentSnapshot(tx);
				for await (const page of load.allServices(tx)) {
					for (const service of page) index.put(service);
					// let requests waiting on the event loop through between pages
					await new Promise((resolve) => setImmediate(resolve));
				}
				index.markCellOrder();
				return { snapshot, words: await load.vocabulary(tx) };
			},
			{ isolationLevel: 'repeatable read', accessMode: 'read only' }
		);
		this.index = index;
		this.vocabulary = new Vocabulary(words);
		this.snapshot = snapshot;
		this.refreshedAt = Date.now();
		this.lastBuild = { services: index.size, ms: performance.now() - started };
		logger.info({ services: index.size, ms: Math.round(this.lastBuild.ms) }, 'search index built');
	}

	private async refresh(): Promise<void> {
		const index = this.index;
		if (!index) return;
		const result = await this.db.transaction(
			async (transaction) => {
				const tx = transaction as unknown as Db;
				const snapshot = await load.currentSnapshot(tx);
				const changes = await load.changesSince(tx, this.snapshot);
				const ids = [...new Set(changes.flatMap((c) => c.serviceIds ?? []))];
				if (changes.some((c) => c.kind === 'all') || ids.length > MAX_INCREMENTAL) return 'rebuild' as const;
				const services = await load.servicesById(tx, ids);
				const words = changes.some((c) => c.kind === 'vocabulary') ? await load.vocabulary(tx) : null;
				return { snapshot, ids, services, words };
			},
			{ isolationLevel: 'repeatable read', accessMode: 'read only' }
		);
		if (result === 'rebuild' || index.wasteful) {
			this.index = null;
			void this.build().catch(() => undefined);
			return;
		}
		for (const id of result.ids) index.remove(id);
		for (const service of result.services) index.put(service);
		if (result.words) this.vocabulary = new Vocabulary(result.words);
		this.snapshot = result.snapshot;
		this.refreshedAt = Date.now();
		if (Date.now() - this.prunedAt > PRUNE_EVERY_MS) {
			this.prunedAt = Date.now();
			await load
				.pruneChanges(this.db)
				.catch((error) => logger.warn({ err: error }, 'search_changes prune failed'));
		}
	}
}

const handles = new WeakMap<Db, SearchIndexHandle>();

/**
 * Turns the in-memory index on for this database (the app at start-up, tests, benchmarks) and starts
 * building it. Without it, searches use SQL only.
 */
export function enableSearchIndex(db: Db): SearchIndexHandle {
	let handle = handles.get(db);
	if (!handle) handles.set(db, (handle = new SearchIndexHandle(db)));
	void handle.build().catch((error) => logger.error({ err: error }, 'search index build failed'));
	return handle;
}

export const searchIndexOf = (db: Db): SearchIndexHandle | undefined => handles.get(db);

export type { QueryTerm };
