import { describe, expect, it } from 'vitest';
import { TopK } from './top-k';
import { seededRandom } from '../../testing/random';

interface Item {
	ordinal: number;
	rank: number;
	distance: number;
}

/** n documents with few distinct ranks and distances (many ties), some without a distance. */
function randomItems(random: () => number, n: number): { items: Item[]; nameRank: Int32Array } {
	const items = Array.from({ length: n }, (_, ordinal) => ({
		ordinal,
		rank: [0, 4, 8, 10, 14, 25][Math.floor(random() * 6)]!,
		distance: random() < 0.2 ? Infinity : [0, 850.5, 1200, 30_000][Math.floor(random() * 4)]!
	}));
	// nameRank: a random permutation, so (name, id) order is unrelated to ordinals
	const positions = items.map((_, i) => i);
	for (let i = positions.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[positions[i], positions[j]] = [positions[j]!, positions[i]!];
	}
	return { items, nameRank: Int32Array.from(positions) };
}

/** The reference: a full sort. Infinity − Infinity is NaN, hence the explicit comparisons. */
function fullSort(items: Item[], nameRank: Int32Array): Item[] {
	return [...items].sort(
		(a, b) =>
			b.rank - a.rank ||
			(a.distance === b.distance ? 0 : a.distance < b.distance ? -1 : 1) ||
			nameRank[a.ordinal]! - nameRank[b.ordinal]!
	);
}

const kept = (top: TopK) => top.sorted().map((e) => ({ ordinal: e.ordinal, distance: e.distance }));

describe('TopK', () => {
	it.each([0, 1, 5, 20, 150, 400])('keeps the same %i best as a full sort, in order', (k) => {
		for (let seed = 1; seed <= 25; seed++) {
			const random = seededRandom(seed * 7919 + k);
			const { items, nameRank } = randomItems(random, 150);
			const top = new TopK(k, nameRank);
			for (const item of items) top.offer(item.ordinal, item.rank, item.distance);
			const expected = fullSort(items, nameRank)
				.slice(0, k)
				.map((e) => ({ ordinal: e.ordinal, distance: e.distance }));
			expect(kept(top)).toEqual(expected);
		}
	});

	it('breaks rank ties by distance, then by name rank', () => {
		// nameRank: ordinal 0 is last by name, ordinal 3 first
		const top = new TopK(4, Int32Array.from([3, 1, 2, 0]));
		top.offer(0, 10, 500);
		top.offer(1, 10, 500);
		top.offer(2, 10, 100);
		top.offer(3, 14, 9000);
		expect(kept(top).map((e) => e.ordinal)).toEqual([3, 2, 1, 0]);
	});

	it('puts documents without a distance (Infinity) after every distance, ordered by name', () => {
		const top = new TopK(5, Int32Array.from([4, 0, 3, 1, 2]));
		top.offer(0, 0, Infinity);
		top.offer(1, 0, Infinity);
		top.offer(2, 0, 48_000);
		top.offer(3, 0, Infinity);
		top.offer(4, 0, 0);
		expect(kept(top)).toEqual([
			{ ordinal: 4, distance: 0 },
			{ ordinal: 2, distance: 48_000 },
			{ ordinal: 1, distance: Infinity },
			{ ordinal: 3, distance: Infinity },
			{ ordinal: 0, distance: Infinity }
		]);
	});

	it('drops the worst kept document for a better one once full', () => {
		const top = new TopK(2, Int32Array.from([0, 1, 2, 3]));
		top.offer(0, 4, Infinity);
		top.offer(1, 8, Infinity);
		top.offer(2, 4, Infinity); // worse than ordinal 0 by name: left out
		expect(kept(top).map((e) => e.ordinal)).toEqual([1, 0]);
		top.offer(3, 25, Infinity);
		expect(kept(top).map((e) => e.ordinal)).toEqual([3, 1]);
	});

	it('keeps nothing with k = 0', () => {
		const top = new TopK(0, Int32Array.from([0]));
		top.offer(0, 25, 0);
		expect(top.sorted()).toEqual([]);
		expect(top.wouldAccept(25, 0)).toBe(false);
	});

	it('wouldAccept(): true while not full, then only for what could beat the worst kept', () => {
		const top = new TopK(2, Int32Array.from([0, 1, 2]));
		expect(top.wouldAccept(0, Infinity)).toBe(true);
		top.offer(0, 10, 2000);
		expect(top.wouldAccept(0, Infinity)).toBe(true);
		top.offer(1, 14, 100);
		// worst kept: rank 10 at 2000 m
		expect(top.wouldAccept(11, Infinity)).toBe(true);
		expect(top.wouldAccept(10, 1999)).toBe(true);
		expect(top.wouldAccept(10, 2000)).toBe(true); // may still win by name
		expect(top.wouldAccept(10, 2001)).toBe(false);
		expect(top.wouldAccept(9, 0)).toBe(false);
	});

	it('wouldAccept() never refuses a document that offer() would keep', () => {
		const random = seededRandom(42);
		const { items, nameRank } = randomItems(random, 300);
		const top = new TopK(10, nameRank);
		for (const item of items) {
			const before = kept(top);
			const accepts = top.wouldAccept(item.rank, item.distance);
			const byName = top.wouldAccept(item.rank, item.distance, item.ordinal);
			top.offer(item.ordinal, item.rank, item.distance);
			if (!accepts || !byName) expect(kept(top)).toEqual(before);
		}
	});

	it('wouldAccept() with an ordinal decides a tie on rank and distance by name', () => {
		// name order: ordinal 2, then 0, then 1
		const top = new TopK(1, Int32Array.from([1, 2, 0]));
		top.offer(0, 10, Infinity);
		expect(top.wouldAccept(10, Infinity, 2)).toBe(true);
		expect(top.wouldAccept(10, Infinity, 1)).toBe(false);
		expect(top.wouldAccept(10, Infinity)).toBe(true);
		expect(top.wouldAccept(10, 5, 1)).toBe(true);
		expect(top.wouldAccept(11, Infinity, 1)).toBe(true);
	});
});
