import { describe, expect, it } from 'vitest';
import { translator } from '$lib/i18n';
import { openState, readableHours } from './hours';

const fr = translator('fr');
const en = translator('en');
/** the no-break space kept inside "8 h 30" */
const _ = '\u00a0';

describe('opening hours in plain words', () => {
	it('reads the common OpenStreetMap forms', () => {
		expect(readableHours('Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:00-12:00', 'fr', fr)).toEqual([
			`Du lundi au vendredi, 9${_}h – 12${_}h et 14${_}h – 17${_}h${_}30`,
			`Samedi, 9${_}h – 12${_}h`
		]);
		expect(readableHours('Tu,Th 09:00-12:30; PH off', 'fr', fr)).toEqual([
			`Mardi et jeudi, 9${_}h – 12${_}h${_}30`,
			'Les jours fériés, fermé'
		]);
		expect(readableHours('Mo-Fr 08:30-12:00', 'fr', fr)).toEqual([
			`Du lundi au vendredi, 8${_}h${_}30 – 12${_}h`
		]);
		expect(readableHours('24/7', 'fr', fr)).toEqual(['24 heures sur 24, 7 jours sur 7']);
		expect(readableHours('Mo-Fr 09:00-17:00', 'en', en)).toEqual(['Monday to Friday: 9:00 – 17:00']);
	});

	it('gives up on anything richer, so the page shows the text as given', () => {
		expect(readableHours('Jan-Jun Mo 10:00-12:00', 'fr', fr)).toBeNull();
		expect(readableHours('sur rendez-vous', 'fr', fr)).toBeNull();
	});
});

/** An instant given as the UTC time: tests never depend on the machine's time zone. */
const utc = (iso: string) => new Date(`${iso}Z`);
const WEEK = 'Mo-Fr 08:30-12:00,13:30-17:00; PH off';

describe('open now, in Europe/Paris', () => {
	it('says open and when it closes, on the Paris clock (winter: UTC+1)', () => {
		// Tuesday 3 March 2026, 10:00 in Paris = 09:00 UTC
		expect(openState(WEEK, utc('2026-03-03T09:00:00'), 'fr', fr)).toEqual({
			open: true,
			label: `Ouvert maintenant, ferme à 12${_}h`
		});
		// 12:15 in Paris: closed for lunch, opens again the same day
		expect(openState(WEEK, utc('2026-03-03T11:15:00'), 'fr', fr)).toEqual({
			open: false,
			label: `Fermé, ouvre à 13${_}h${_}30`
		});
		// 07:45 UTC is 08:45 in Paris (open), though 07:45 itself would be before opening
		expect(openState(WEEK, utc('2026-03-03T07:45:00'), 'fr', fr)?.open).toBe(true);
	});

	it('names the day of the next opening: tomorrow, a weekday', () => {
		// Tuesday 18:00 in Paris
		expect(openState(WEEK, utc('2026-03-03T17:00:00'), 'fr', fr)?.label).toBe(
			`Fermé, ouvre demain à 8${_}h${_}30`
		);
		// Saturday 7 March 2026, 11:00 in Paris
		expect(openState(WEEK, utc('2026-03-07T10:00:00'), 'fr', fr)?.label).toBe(
			`Fermé, ouvre lundi à 8${_}h${_}30`
		);
		expect(openState(WEEK, utc('2026-03-07T10:00:00'), 'en', en)?.label).toBe('Closed, opens Monday at 8:30');
	});

	it('follows the change to summer time (UTC+2 from Sunday 29 March 2026)', () => {
		const sunday = 'Su 08:00-12:00';
		// 06:30 UTC on that Sunday is 08:30 in Paris (summer time): open; with the winter offset it would be 07:30
		expect(openState(sunday, utc('2026-03-29T06:30:00'), 'fr', fr)).toEqual({
			open: true,
			label: `Ouvert maintenant, ferme à 12${_}h`
		});
		// back to winter time on Sunday 25 October 2026: 06:30 UTC is 07:30 in Paris, not open yet
		expect(openState(sunday, utc('2026-10-25T06:30:00'), 'fr', fr)).toEqual({
			open: false,
			label: `Fermé, ouvre à 8${_}h`
		});
	});

	it('knows the French public holidays (PH)', () => {
		// Tuesday 14 July 2026 (Fête nationale), 10:00 in Paris: closed, opens on Wednesday
		expect(openState(WEEK, utc('2026-07-14T08:00:00'), 'fr', fr)).toEqual({
			open: false,
			label: `Fermé, ouvre demain à 8${_}h${_}30`
		});
		// Friday 25 December 2026: opens on Monday 28
		expect(openState(WEEK, utc('2026-12-25T09:00:00'), 'fr', fr)?.label).toBe(
			`Fermé, ouvre lundi à 8${_}h${_}30`
		);
		// the day before, an ordinary Thursday, it is open
		expect(openState(WEEK, utc('2026-12-24T09:00:00'), 'fr', fr)?.open).toBe(true);
	});

	it('says open with no closing time for 24/7, and nothing for what it cannot read', () => {
		expect(openState('24/7', utc('2026-03-03T09:00:00'), 'fr', fr)).toEqual({
			open: true,
			label: 'Ouvert maintenant'
		});
		expect(openState('sur rendez-vous', utc('2026-03-03T09:00:00'), 'fr', fr)).toBeNull();
		// a comment makes the state unknown to the library ("sur rendez-vous"): do not claim it is open
		expect(openState('Mo-Fr 09:00-12:00 "sur rendez-vous"', utc('2026-03-03T09:00:00'), 'fr', fr)).toBeNull();
		expect(openState(null, utc('2026-03-03T09:00:00'), 'fr', fr)).toBeNull();
		expect(openState('', utc('2026-03-03T09:00:00'), 'fr', fr)).toBeNull();
	});

	it('does not depend on the machine time zone', () => {
		const before = process.env.TZ;
		try {
			process.env.TZ = 'America/New_York';
			expect(openState(WEEK, utc('2026-03-03T09:00:00'), 'fr', fr)?.label).toBe(
				`Ouvert maintenant, ferme à 12${_}h`
			);
		} finally {
			if (before === undefined) delete process.env.TZ;
			else process.env.TZ = before;
		}
	});
});
