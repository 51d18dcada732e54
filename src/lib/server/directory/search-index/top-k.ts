/**
 * The k best documents of a stream, without sorting the stream: a binary heap of size k whose root is the
 * worst document kept, O(n log k). Order: rank descending, then distance ascending (Infinity: no distance),
 * then position in (name, id) order.
 */
export class TopK {
	private readonly ordinals: Int32Array;
	private readonly ranks: Float64Array;
	private readonly distances: Float64Array;
	private size = 0;

	constructor(
		private readonly k: number,
		private readonly nameRank: Int32Array
	) {
		this.ordinals = new Int32Array(k);
		this.ranks = new Float64Array(k);
		this.distances = new Float64Array(k);
	}

	/**
	 * Would a document with this rank and distance get in? (Cheap test before computing more.) Given its
	 * ordinal, a tie on rank and distance is decided by name too: when many documents tie (every match of a
	 * broad query has the best rank), only those before the worst kept by name are worth more work.
	 */
	wouldAccept(rank: number, distance: number, ordinal?: number): boolean {
		if (this.size < this.k) return true;
		if (this.k <= 0) return false;
		if (rank !== this.ranks[0]) return rank > this.ranks[0]!;
		if (distance !== this.distances[0]) return distance < this.distances[0]!;
		return ordinal === undefined || this.nameRank[ordinal]! < this.nameRank[this.ordinals[0]!]!;
	}

	offer(ordinal: number, rank: number, distance: number) {
		if (this.k <= 0) return;
		if (this.size < this.k) {
			this.set(this.size, ordinal, rank, distance);
			this.up(this.size++);
		} else if (this.before(ordinal, rank, distance, 0)) {
			this.set(0, ordinal, rank, distance);
			this.down(0);
		}
	}

	/** The documents kept, best first. */
	sorted(): { ordinal: number; distance: number }[] {
		const out = Array.from({ length: this.size }, (_, i) => ({
			ordinal: this.ordinals[i]!,
			rank: this.ranks[i]!,
			distance: this.distances[i]!
		}));
		return out.sort(
			(a, b) =>
				b.rank - a.rank || a.distance - b.distance || this.nameRank[a.ordinal]! - this.nameRank[b.ordinal]!
		);
	}

	/** Does (ordinal, rank, distance) come before the document at heap slot i? */
	private before(ordinal: number, rank: number, distance: number, i: number): boolean {
		if (rank !== this.ranks[i]) return rank > this.ranks[i]!;
		if (distance !== this.distances[i]) return distance < this.distances[i]!;
		return this.nameRank[ordinal]! < this.nameRank[this.ordinals[i]!]!;
	}

	/** Slot i comes after slot j. */
	private after(i: number, j: number): boolean {
		return this.before(this.ordinals[j]!, this.ranks[j]!, this.distances[j]!, i);
	}

	private set(i: number, ordinal: number, rank: number, distance: number) {
		this.ordinals[i] = ordinal;
		this.ranks[i] = rank;
		this.distances[i] = distance;
	}

	private swap(i: number, j: number) {
		const o = this.ordinals[i]!;
		const r = this.ranks[i]!;
		const d = this.distances[i]!;
		this.set(i, this.ordinals[j]!, this.ranks[j]!, this.distances[j]!);
		this.set(j, o, r, d);
	}

	private up(i: number) {
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (!this.after(i, parent)) break;
			this.swap(i, parent);
			i = parent;
		}
	}

	private down(i: number) {
		for (;;) {
			const left = 2 * i + 1;
			const right = left + 1;
			let worst = i;
			if (left < this.size && this.after(left, worst)) worst = left;
			if (right < this.size && this.after(right, worst)) worst = right;
			if (worst === i) return;
			this.swap(i, worst);
			i = worst;
		}
	}
}
