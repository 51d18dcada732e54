import { describe, expect, it } from 'vitest';
import {
	emptyGrid,
	gridToOsm,
	gridValues,
	isValidOpeningHours,
	osmToGrid,
	readGrid,
	slotField,
	type HoursGrid
} from './hours-grid';

const weekdays = (slots: { start: string; end: string }[]): HoursGrid => ({
	...emptyGrid(),
	Mo: slots,
	Tu: slots,
	We: slots,
	Th: slots,
	Fr: slots
});

describe('opening hours grid → OSM', () => {
	it('groups consecutive days with the same slots into a range, in week order', () => {
		const grid = weekdays([
			{ start: '08:30', end: '12:00' },
			{ start: '13:30', end: '17:00' }
		]);
		grid.Sa = [{ start: '09:00', end: '12:00' }];
		expect(gridToOsm(grid)).toBe('Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00');
	});

	it('joins days apart with a comma, two neighbours without a range, and sorts slots by start', () => {
		const grid = emptyGrid();
		grid.Mo = [{ start: '14:00', end: '17:00' }];
		grid.We = [{ start: '14:00', end: '17:00' }];
		grid.Sa = [
			{ start: '14:00', end: '16:00' },
			{ start: '09:00', end: '12:00' }
		];
		grid.Su = [
			{ start: '09:00', end: '12:00' },
			{ start: '14:00', end: '16:00' }
		];
		expect(gridToOsm(grid)).toBe('Mo,We 14:00-17:00; Sa,Su 09:00-12:00,14:00-16:00');
	});

	it('an empty grid is no opening hours at all', () => {
		expect(gridToOsm(emptyGrid())).toBeNull();
	});

	it('what it writes, the opening_hours library reads, and it reads back to the same grid', () => {
		const grid = weekdays([{ start: '09:00', end: '12:30' }]);
		grid.Th = [{ start: '14:00', end: '18:00' }];
		const osm = gridToOsm(grid)!;
		expect(osm).toBe('Mo-We,Fr 09:00-12:30; Th 14:00-18:00');
		expect(isValidOpeningHours(osm)).toBe(true);
		expect(osmToGrid(osm)).toEqual(grid);
	});
});

describe('OSM → opening hours grid', () => {
	it('reads ranges, lists, a range over the week end and spaces after commas', () => {
		const grid = osmToGrid('Mo-We, Fr 08:00-12:00, 14:00-17:00; Sa-Su 10:00-12:00')!;
		expect(grid.Mo).toEqual([
			{ start: '08:00', end: '12:00' },
			{ start: '14:00', end: '17:00' }
		]);
		expect(grid.Th).toEqual([]);
		expect(grid.Fr).toEqual(grid.Mo);
		expect(grid.Su).toEqual([{ start: '10:00', end: '12:00' }]);
		expect(osmToGrid('Sa-Mo 09:00-12:00')!.Mo).toEqual([{ start: '09:00', end: '12:00' }]);
	});

	it('empty or missing hours give an empty grid', () => {
		expect(osmToGrid(null)).toEqual(emptyGrid());
		expect(osmToGrid('  ')).toEqual(emptyGrid());
	});

	it.each([
		['24/7'],
		['Mo-Fr 09:00-12:00; PH off'],
		['Mo-Fr 08:00-10:00,11:00-12:00,14:00-16:00'],
		['Mo-Fr 09:00-17:00; We 09:00-12:00'],
		['Jan-Jun Mo 09:00-12:00'],
		['Mo 14:00-12:00'],
		['Mo 09:00-12:00,11:00-13:00'],
		['Mo-Fr 22:00-02:00'],
		['lundi 9h-12h']
	])('%s cannot be shown in a grid (null: kept read-only)', (value) => {
		expect(osmToGrid(value)).toBeNull();
	});
});

describe('reading the grid form', () => {
	const form = (values: Record<string, string>) => (name: string) => values[name] ?? '';

	it('reads filled slots and re-displays every input', () => {
		const read = readGrid(
			form({
				[slotField('Mo', 1, 'start')]: '08:30',
				[slotField('Mo', 1, 'end')]: '12:00',
				[slotField('Mo', 2, 'start')]: '13:30',
				[slotField('Mo', 2, 'end')]: '17:00',
				[slotField('Sa', 2, 'start')]: '09:00',
				[slotField('Sa', 2, 'end')]: '12:00'
			})
		);
		expect(read.issues).toEqual([]);
		expect(gridToOsm(read.grid)).toBe('Mo 08:30-12:00,13:30-17:00; Sa 09:00-12:00');
		expect(read.values).toEqual({
			...gridValues(emptyGrid()),
			'hours-Mo-1-start': '08:30',
			'hours-Mo-1-end': '12:00',
			'hours-Mo-2-start': '13:30',
			'hours-Mo-2-end': '17:00',
			'hours-Sa-2-start': '09:00',
			'hours-Sa-2-end': '12:00'
		});
	});

	it('ties each problem to the input concerned', () => {
		const read = readGrid(
			form({
				'hours-Mo-1-start': '09:00',
				'hours-Tu-1-end': '12:00',
				'hours-We-1-start': '14:00',
				'hours-We-1-end': '12:00',
				'hours-Th-1-start': '09:00',
				'hours-Th-1-end': '12:00',
				'hours-Th-2-start': '11:00',
				'hours-Th-2-end': '15:00',
				'hours-Fr-1-start': '9h',
				'hours-Fr-1-end': '12:00'
			})
		);
		expect(read.issues).toEqual([
			{ field: 'hours-Mo-1-end', message: 'openingHours.endMissing' },
			{ field: 'hours-Tu-1-start', message: 'openingHours.startMissing' },
			{ field: 'hours-We-1-end', message: 'openingHours.endBeforeStart' },
			{ field: 'hours-Th-2-start', message: 'openingHours.overlap' },
			{ field: 'hours-Fr-1-start', message: 'openingHours.invalidTime' }
		]);
	});
});

describe('OSM validation', () => {
	it('reads French public holidays and refuses what is not OSM syntax', () => {
		expect(isValidOpeningHours('Mo-Fr 09:00-12:00; PH off')).toBe(true);
		expect(isValidOpeningHours('du lundi au vendredi')).toBe(false);
	});
});
