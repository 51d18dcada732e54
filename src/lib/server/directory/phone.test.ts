import { describe, expect, it } from 'vitest';
import { normalisePhone } from './phone';

describe('French phone numbers', () => {
	it.each([
		['05 65 23 06 10', '05 65 23 06 10'],
		['0565230610', '05 65 23 06 10'],
		['+33 5 65 23 06 10', '05 65 23 06 10'],
		['05.65.23.06.10', '05 65 23 06 10'],
		['06 12 34 56 78', '06 12 34 56 78'],
		['0 800 05 95 95', '0 800 05 95 95'],
		['3919', '3919'],
		['115', '115'],
		['+32 2 511 11 11', '+32 2 511 11 11']
	])('%s is taken and shown as %s', (raw, shown) => {
		expect(normalisePhone(raw)).toBe(shown);
	});

	it.each([['05 65'], ['05 65 23 06 10 11'], ['12345'], ['00 00 00 00 00'], ['appeler la mairie']])(
		'%s is refused',
		(raw) => {
			expect(normalisePhone(raw)).toBeNull();
		}
	);
});
