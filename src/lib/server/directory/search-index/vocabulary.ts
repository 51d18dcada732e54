/**
 * The typo-correction vocabulary (table search_words) in memory, answering the questions of checkWords() in
 * search-sql.ts the same way: is a word known, as such or as a prefix, and which word is closest to an
 * unknown one by pg_trgm similarity. Words are accent-free [a-z0-9]+ (normalize_name()).
 */

/**
 * pg_trgm's trigrams of one [a-z0-9]+ word: the word padded with two spaces before and one after, every
 * three consecutive characters, each once (show_trgm('urgense') = {"  u"," ur",ens,gen,nse,rge,"se ",urg}).
 */
export function trigrams(word: string): Set<string> {
	const padded = `  ${word} `;
	const out = new Set<string>();
	for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
	return out;
}

/**
 * pg_trgm's similarity(): shared trigrams ÷ trigrams of either word, as PostgreSQL's `real` (float4), so
 * that comparisons with the threshold and ties come out as in SQL.
 */
export function similarity(a: string, b: string): number {
	const ta = trigrams(a);
	const tb = trigrams(b);
	let shared = 0;
	for (const t of ta) if (tb.has(t)) shared++;
	return Math.fround(shared / (ta.size + tb.size - shared));
}

export interface VocabularyWord {
	word: string;
	frequency: number;
}

export class Vocabulary {
	private readonly words: string[];
	private readonly frequencies: Int32Array;
	private readonly trigramCounts: Uint8Array;
	private readonly byTrigram = new Map<string, number[]>();
	private readonly indexOf: Map<string, number>;
	/** word indexes in code-unit order, for prefix tests */
	private readonly sorted: string[];

	constructor(entries: readonly VocabularyWord[]) {
		this.words = entries.map((e) => e.word);
		this.frequencies = Int32Array.from(entries, (e) => e.frequency);
		this.trigramCounts = new Uint8Array(entries.length);
		this.indexOf = new Map(this.words.map((w, i) => [w, i]));
		this.sorted = [...this.words].sort(compareCodeUnits);
		this.words.forEach((word, i) => {
			const grams = trigrams(word);
			this.trigramCounts[i] = Math.min(255, grams.size);
			for (const g of grams) {
				const list = this.byTrigram.get(g);
				if (list) list.push(i);
				else this.byTrigram.set(g, [i]);
			}
		});
	}

	get size() {
		return this.words.length;
	}

	has(word: string): boolean {
		return this.indexOf.has(word);
	}

	/** Some word starts with `prefix`. */
	hasPrefix(prefix: string): boolean {
		const i = lowerBound(this.sorted, prefix);
		return i < this.sorted.length && this.sorted[i]!.startsWith(prefix);
	}

	/**
	 * The correction of an unknown word, as checkWords() makes it: the most similar word with similarity
	 * ≥ `threshold` (highest similarity, then most frequent, then first in code-unit order), else the most
	 * frequent word among `swaps` (the word with two neighbouring letters swapped).
	 */
	correction(word: string, threshold: number, swaps: readonly string[]): string | null {
		const similar = this.closest(word, threshold);
		if (similar !== null) return similar;
		let best: string | null = null;
		let bestFrequency = -1;
		for (const swap of swaps) {
			const i = this.indexOf.get(swap);
			if (i === undefined) continue;
			const f = this.frequencies[i]!;
			if (f > bestFrequency || (f === bestFrequency && swap < best!)) [best, bestFrequency] = [swap, f];
		}
		return best;
	}

	/** The most similar word with similarity ≥ `threshold` (highest, then most frequent, then code-unit order). */
	closest(word: string, threshold: number): string | null {
		const grams = trigrams(word);
		const shared = new Map<number, number>();
		for (const g of grams)
			for (const i of this.byTrigram.get(g) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1);
		let best = -1;
		let bestSimilarity = -1;
		for (const [i, n] of shared) {
			const s = Math.fround(n / (grams.size + this.trigramCounts[i]! - n));
			if (s < threshold) continue;
			if (
				s > bestSimilarity ||
				(s === bestSimilarity &&
					(this.frequencies[i]! > this.frequencies[best]! ||
						(this.frequencies[i] === this.frequencies[best] && this.words[i]! < this.words[best]!)))
			) {
				best = i;
				bestSimilarity = s;
			}
		}
		return best < 0 ? null : this.words[best]!;
	}
}

export const compareCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** First index of a sorted array whose value is ≥ `value`. */
export function lowerBound(sorted: readonly string[], value: string): number {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (sorted[mid]! < value) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}
