import { Int32Column, Int32Lists } from './columns';

/**
 * The distinct sets of facet codes the documents have (thématiques, categories, publics, modes, fees, type, as
 * small integers). Documents made from the same kind of offer share one: 200,000 services hold a few hundred
 * sets, where each service holds about ten codes. So a filter on codes is decided once per set, not once per
 * document, and facets are counted once per set: a match adds 1 to its set's hits, and the hits are spread
 * over the set's codes at the end (countCodes). The number of live documents of each set is kept too, so a
 * search filtered on codes only has its total and facets without reading any document.
 */
export class CodeSets {
	private readonly ids = new Map<string, number>();
	/** codes of each set, ascending */
	readonly codes = new Int32Lists();
	/** live documents per set (put() adds, remove() takes away) */
	readonly alive = new Int32Column();
	/** the set of removed documents: no codes, never live, never passes a filter (see SearchIndex) */
	readonly dead: number;

	constructor() {
		this.codes.push([]);
		this.alive.push(0);
		this.dead = 0;
	}

	get size() {
		return this.alive.length;
	}

	/** The id of the set of these codes (any order, no repeats), created if new. */
	id(codes: readonly number[]): number {
		const sorted = [...codes].sort((a, b) => a - b);
		const key = sorted.join(',');
		let id = this.ids.get(key);
		if (id === undefined) {
			id = this.alive.length;
			this.ids.set(key, id);
			this.codes.push(sorted);
			this.alive.push(0);
		}
		return id;
	}

	/** Adds `hits[set]` to the count of each of the set's codes. */
	countCodes(hits: Int32Array, counts: Int32Array) {
		const starts = this.codes.starts.values;
		const pool = this.codes.pool.values;
		for (let set = 0; set < hits.length; set++) {
			const n = hits[set]!;
			if (n === 0) continue;
			for (let c = starts[set]!, end = starts[set + 1]!; c < end; c++) counts[pool[c]!]! += n;
		}
	}

	/** Does the set hold one of the codes of the mask? */
	has(set: number, mask: Uint8Array): boolean {
		const starts = this.codes.starts.values;
		const pool = this.codes.pool.values;
		for (let c = starts[set]!, end = starts[set + 1]!; c < end; c++) if (mask[pool[c]!]) return true;
		return false;
	}
}
