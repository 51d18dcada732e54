/**
 * mulberry32: a small seeded generator of numbers in [0, 1), so that generated data and queries are the same
 * on every run and a failure can be replayed. For tests and benchmarks, not for anything secret.
 */
export function seededRandom(seed: number): () => number {
	let state = seed | 0;
	return () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
