import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CodeSets } from './code-sets';

describe('CodeSets', () => {
	it('gives one id per distinct set of codes, whatever their order', () => {
		const sets = new CodeSets();
		const a = sets.id([3, 1, 2]);
		expect(sets.id([2, 3, 1])).toBe(a);
		expect(sets.id([1, 2])).not.toBe(a);
		expect(sets.id([])).not.toBe(sets.dead);
		expect(sets.size).toBe(4); // the dead set, {1,2,3}, {1,2}, {}
	});

	it('counts facets from hits per set exactly as counting every document', () => {
		fc.assert(
			fc.property(
				fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 11 }), { maxLength: 6 }), { maxLength: 300 }),
				fc.array(fc.boolean(), { minLength: 300, maxLength: 300 }),
				(docs, matched) => {
					const sets = new CodeSets();
					const docSet = docs.map((codes) => sets.id(codes));
					const hits = new Int32Array(sets.size);
					const naive = new Int32Array(12);
					docs.forEach((codes, i) => {
						if (!matched[i]) return;
						hits[docSet[i]!]!++;
						for (const c of codes) naive[c]!++;
					});
					const counts = new Int32Array(12);
					sets.countCodes(hits, counts);
					expect([...counts]).toEqual([...naive]);
				}
			)
		);
	});

	it('has(): whether the set holds one of the codes of a mask', () => {
		const sets = new CodeSets();
		const set = sets.id([4, 7]);
		const mask = (...on: number[]) => {
			const m = new Uint8Array(9);
			for (const c of on) m[c] = 1;
			return m;
		};
		expect(sets.has(set, mask(7))).toBe(true);
		expect(sets.has(set, mask(0, 4))).toBe(true);
		expect(sets.has(set, mask(0, 1, 2, 3, 5, 6, 8))).toBe(false);
		expect(sets.has(set, mask())).toBe(false);
		expect(sets.has(sets.dead, new Uint8Array(8).fill(1))).toBe(false);
	});
});
