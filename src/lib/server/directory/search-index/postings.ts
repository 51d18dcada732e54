import { Int32Column } from './columns';

/**
 * Growable sorted lists of document numbers (ordinals). Documents are only ever appended with a number above
 * every existing one, so appending keeps a list sorted.
 */
export class Postings extends Int32Column {
	constructor(capacity = 4) {
		super(capacity);
	}

	/** Index of the first value ≥ `value`, searching from `from`. */
	seek(value: number, from = 0): number {
		return seek(this.values, this.length, value, from);
	}
}

/** Index of the first of values[from..length) ≥ `value` (galloping, then binary search): sorted values. */
export function seek(values: Int32Array, length: number, value: number, from = 0): number {
	let step = 1;
	let hi = from;
	while (hi < length && values[hi]! < value) {
		from = hi + 1;
		hi += step;
		step *= 2;
	}
	hi = Math.min(hi, length);
	while (from < hi) {
		const mid = (from + hi) >> 1;
		if (values[mid]! < value) from = mid + 1;
		else hi = mid;
	}
	return from;
}

/** A full-text term's postings carry one flag per document: does the term occur in the name (weight A)? */
export const encode = (ordinal: number, inName: boolean) => ordinal * 2 + (inName ? 1 : 0);
export const ordinalOf = (entry: number) => entry >>> 1;
export const inNameOf = (entry: number) => (entry & 1) === 1;
