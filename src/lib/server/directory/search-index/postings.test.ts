import { describe, expect, it } from 'vitest';
import { encode, inNameOf, ordinalOf, Postings, seek } from './postings';
import { seededRandom } from '../../testing/random';

/** The reference: first index in [from, length) whose value is ≥ value, else length. */
function linearSeek(values: number[], value: number, from: number): number {
	for (let i = from; i < values.length; i++) if (values[i]! >= value) return i;
	return values.length;
}

/** A strictly increasing list of `n` ordinals with random gaps (1 to maxGap). */
function sortedList(random: () => number, n: number, maxGap: number): number[] {
	const out: number[] = [];
	let v = Math.floor(random() * maxGap);
	for (let i = 0; i < n; i++) out.push((v += 1 + Math.floor(random() * maxGap)));
	return out;
}

describe('Postings', () => {
	it('grows past its initial capacity, keeping every value in order', () => {
		const list = new Postings(2);
		const values = Array.from({ length: 1000 }, (_, i) => i * 3 + 1);
		for (const v of values) list.push(v);
		expect(list.length).toBe(1000);
		expect(list.values.length).toBeGreaterThanOrEqual(1000);
		expect(Array.from(list.values.subarray(0, list.length))).toEqual(values);
	});

	it('starts empty with the default capacity', () => {
		const list = new Postings();
		expect(list.length).toBe(0);
		expect(list.seek(5)).toBe(0);
		list.push(7);
		expect(list.seek(5)).toBe(0);
		expect(list.seek(7)).toBe(0);
		expect(list.seek(8)).toBe(1);
	});

	it('seek() ignores the unused capacity after the last value', () => {
		const list = new Postings(64);
		for (const v of [2, 4, 6]) list.push(v);
		// the buffer's zeros after index 2 must not count as values
		expect(list.seek(7)).toBe(3);
		expect(list.seek(100, 1)).toBe(3);
	});

	it('seek() agrees with a linear scan on random lists and starting points', () => {
		const random = seededRandom(2024);
		for (let round = 0; round < 300; round++) {
			const n = Math.floor(random() * 200);
			const maxGap = 1 + Math.floor(random() * 20);
			const values = sortedList(random, n, maxGap);
			const list = new Postings();
			for (const v of values) list.push(v);
			const top = (values[n - 1] ?? 0) + 5;
			for (let probe = 0; probe < 40; probe++) {
				const value = Math.floor(random() * top);
				const from = Math.floor(random() * (n + 1));
				expect(list.seek(value, from)).toBe(linearSeek(values, value, from));
				expect(seek(list.values, list.length, value, from)).toBe(linearSeek(values, value, from));
			}
		}
	});

	it('seek() finds exact values, values between, and past the end', () => {
		const list = new Postings();
		const values = [3, 10, 11, 40, 41, 42, 90, 200, 201, 5000];
		for (const v of values) list.push(v);
		values.forEach((v, i) => expect(list.seek(v)).toBe(i));
		expect(list.seek(0)).toBe(0);
		expect(list.seek(12)).toBe(3);
		expect(list.seek(43, 2)).toBe(6);
		expect(list.seek(5001)).toBe(10);
		// a start past the value: the start itself (the cursor never moves back)
		expect(list.seek(10, 4)).toBe(4);
	});

	it('seek() works on a raw array, with duplicates: the first equal value', () => {
		const values = Int32Array.from([1, 5, 5, 5, 5, 5, 5, 9, 9, 12]);
		expect(seek(values, values.length, 5)).toBe(1);
		expect(seek(values, values.length, 9, 2)).toBe(7);
		expect(seek(values, 7, 9)).toBe(7); // only the first 7 values count
		expect(seek(values, 0, 1)).toBe(0);
	});
});

describe('encode / ordinalOf / inNameOf', () => {
	it('round-trips ordinals and the name flag, also through an Int32Array', () => {
		const stored = new Int32Array(1);
		for (const ordinal of [0, 1, 2, 99, 123_456, 2 ** 30 - 1])
			for (const inName of [false, true]) {
				stored[0] = encode(ordinal, inName);
				expect(ordinalOf(stored[0])).toBe(ordinal);
				expect(inNameOf(stored[0])).toBe(inName);
			}
	});

	it('keeps entries in ordinal order, so that seek(encode(o, false)) finds ordinal o either way', () => {
		expect(encode(7, false)).toBeLessThan(encode(7, true));
		expect(encode(7, true)).toBeLessThan(encode(8, false));
		const list = new Postings();
		for (const [ordinal, inName] of [
			[2, true],
			[5, false],
			[9, true]
		] as const)
			list.push(encode(ordinal, inName));
		expect(list.seek(encode(5, false))).toBe(1);
		expect(list.seek(encode(9, false))).toBe(2);
		expect(inNameOf(list.values[list.seek(encode(9, false))]!)).toBe(true);
		expect(list.seek(encode(6, false))).toBe(2); // ordinal 6 absent: the next one
		expect(ordinalOf(list.values[list.seek(encode(3, false))]!)).toBe(5);
	});
});
