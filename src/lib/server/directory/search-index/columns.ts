/** Growable typed arrays: the index stores one value per document in columns. */
export class Float64Column {
	values = new Float64Array(1024);
	length = 0;
	push(value: number) {
		if (this.length === this.values.length) {
			const grown = new Float64Array(this.values.length * 2);
			grown.set(this.values);
			this.values = grown;
		}
		this.values[this.length++] = value;
	}
}

/** A growable Int32Array (Postings adds a sorted search to it). */
export class Int32Column {
	values: Int32Array;
	length = 0;

	constructor(capacity = 1024) {
		this.values = new Int32Array(Math.max(1, capacity));
	}

	push(value: number) {
		if (this.length === this.values.length) {
			const grown = new Int32Array(this.values.length * 2);
			grown.set(this.values);
			this.values = grown;
		}
		this.values[this.length++] = value;
	}
}

/**
 * A list of small integers per document, all in one array (document i's are pool[starts[i], starts[i + 1])):
 * documents read one after the other are next to each other in memory, where an array per document would
 * be an object to fetch from anywhere in the heap.
 */
export class Int32Lists {
	readonly starts = new Int32Column();
	readonly pool = new Int32Column();

	constructor() {
		this.starts.push(0);
	}

	push(values: Iterable<number>) {
		for (const value of values) this.pool.push(value);
		this.starts.push(this.pool.length);
	}
}

/**
 * Small integers for the codes (thématiques, publics…) and other repeated strings, so that each is stored
 * once and filters and facet counts work on arrays indexed by code.
 */
export class Interner {
	private readonly ids = new Map<string, number>();
	readonly values: string[] = [];

	id(value: string): number {
		let id = this.ids.get(value);
		if (id === undefined) {
			id = this.values.length;
			this.ids.set(value, id);
			this.values.push(value);
		}
		return id;
	}

	/** The id of a value already seen, or -1. */
	find(value: string): number {
		return this.ids.get(value) ?? -1;
	}

	get size() {
		return this.values.length;
	}
}
