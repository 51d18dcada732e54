/** Latency statistics over raw samples (milliseconds). */

export interface LatencySummary {
	count: number;
	mean: number;
	p50: number;
	p95: number;
	p99: number;
	min: number;
	max: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
	if (sorted.length === 0) return NaN;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

export function summarize(samples: ArrayLike<number>): LatencySummary {
	const sorted = Float64Array.from(samples).sort();
	let total = 0;
	for (const v of sorted) total += v;
	const count = sorted.length;
	return {
		count,
		mean: count ? total / count : NaN,
		p50: percentile(sorted, 50),
		p95: percentile(sorted, 95),
		p99: percentile(sorted, 99),
		min: count ? (sorted[0] as number) : NaN,
		max: count ? (sorted[count - 1] as number) : NaN
	};
}

/** "×12.3" — how many times `value` is `reference`. */
export function ratio(value: number, reference: number): string {
	if (!Number.isFinite(value) || !Number.isFinite(reference) || reference === 0) return 'n/a';
	const r = value / reference;
	return `×${r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r >= 0.1 ? r.toFixed(2) : r.toPrecision(2)}`;
}

/** Fixed-precision rounding for the JSON file. */
export const round = (value: number, digits = 3) =>
	Number.isFinite(value) ? Math.round(value * 10 ** digits) / 10 ** digits : null;
