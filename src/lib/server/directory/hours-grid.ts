import OpeningHours from 'opening_hours';

/**
 * Opening hours as a person enters them: for each weekday up to two time slots (start–end), converted to and
 * from the OpenStreetMap `opening_hours` string the directory stores (data·inclusion `horaires_accueil`).
 * Only the subset a grid can show is read back ("Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00"); anything
 * else (public holidays, months, "24/7", three slots…) is kept as it is and shown read-only.
 */
export const DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const;
export type Day = (typeof DAYS)[number];
export interface Slot {
	start: string;
	end: string;
}
export type HoursGrid = Record<Day, Slot[]>;
export const SLOTS_PER_DAY = 2;

export const emptyGrid = (): HoursGrid => ({ Mo: [], Tu: [], We: [], Th: [], Fr: [], Sa: [], Su: [] });

/** Name of a grid input in the form: hours-Mo-1-start. */
export const slotField = (day: Day, slot: number, edge: 'start' | 'end') => `hours-${day}-${slot}-${edge}`;

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DAY = '(?:Mo|Tu|We|Th|Fr|Sa|Su)';
const DAY_SPEC = new RegExp(`^${DAY}(?:-${DAY})?(?:\\s*,\\s*${DAY}(?:-${DAY})?)*$`);
const SLOT = '\\d{2}:\\d{2}\\s*-\\s*\\d{2}:\\d{2}';
const RULE = new RegExp(`^(\\S+(?:\\s*,\\s*\\S+)*?)\\s+(${SLOT}(?:\\s*,\\s*${SLOT})*)$`);

/** Where the directory is: public and school holidays ("PH off") are read as France's. */
const FRANCE = { lat: 44.45, lon: 1.44, address: { country_code: 'fr', state: 'Occitanie' } };

/** Whether the opening_hours library reads the value (the same check as OSM editors). */
export function isValidOpeningHours(value: string): boolean {
	try {
		new OpeningHours(value, FRANCE);
		return true;
	} catch {
		return false;
	}
}

const key = (slots: Slot[]) => slots.map((s) => `${s.start}-${s.end}`).join(',');

/** The grid as an OSM string; null when every day is closed. */
export function gridToOsm(grid: HoursGrid): string | null {
	// days with the same slots share one rule; consecutive days become a range (Mo-Fr)
	const rules = new Map<string, number[]>();
	DAYS.forEach((day, i) => {
		const slots = [...grid[day]].sort((a, b) => a.start.localeCompare(b.start));
		if (!slots.length) return;
		const k = key(slots);
		rules.set(k, [...(rules.get(k) ?? []), i]);
	});
	if (!rules.size) return null;
	return [...rules.entries()].map(([times, days]) => `${daySpec(days)} ${times}`).join('; ');
}

function daySpec(days: number[]): string {
	const runs: [number, number][] = [];
	for (const d of days) {
		const last = runs[runs.length - 1];
		if (last && last[1] === d - 1) last[1] = d;
		else runs.push([d, d]);
	}
	return runs
		.map(([a, b]) => (a === b ? DAYS[a] : b === a + 1 ? `${DAYS[a]},${DAYS[b]}` : `${DAYS[a]}-${DAYS[b]}`))
		.join(',');
}

function expandDays(spec: string): number[] {
	const out: number[] = [];
	for (const part of spec.split(',').map((p) => p.trim())) {
		const [from, to] = part.split('-') as [Day, Day | undefined];
		const a = DAYS.indexOf(from);
		const b = to ? DAYS.indexOf(to) : a;
		// a range may wrap over the week end (Sa-Mo)
		for (let i = a; ; i = (i + 1) % 7) {
			out.push(i);
			if (i === b) break;
		}
	}
	return out;
}

/** The stored OSM string as a grid; null when the grid cannot show it exactly. */
export function osmToGrid(value: string | null | undefined): HoursGrid | null {
	const grid = emptyGrid();
	const text = (value ?? '').trim();
	if (!text) return grid;
	const seen = new Set<number>();
	for (const rule of text.split(';').map((r) => r.trim())) {
		if (!rule) continue;
		const m = RULE.exec(rule);
		if (!m || !DAY_SPEC.test(m[1]!)) return null;
		const slots = m[2]!.split(',').map((s) => {
			const [start, end] = s.split('-').map((x) => x.trim()) as [string, string];
			return { start, end };
		});
		if (slots.length > SLOTS_PER_DAY) return null;
		for (let i = 0; i < slots.length; i++) {
			const s = slots[i]!;
			if (!TIME.test(s.start) || !TIME.test(s.end) || s.end <= s.start) return null;
			if (i > 0 && s.start < slots[i - 1]!.end) return null;
		}
		for (const d of expandDays(m[1]!)) {
			// a day named twice would need OSM's "later rule wins": not a grid
			if (seen.has(d)) return null;
			seen.add(d);
			grid[DAYS[d]!] = slots;
		}
	}
	return grid;
}

/** The form values of a grid (hours-Mo-1-start → "08:30"). */
export function gridValues(grid: HoursGrid): Record<string, string> {
	const values: Record<string, string> = {};
	for (const day of DAYS)
		for (let i = 1; i <= SLOTS_PER_DAY; i++) {
			const slot = grid[day][i - 1];
			values[slotField(day, i, 'start')] = slot?.start ?? '';
			values[slotField(day, i, 'end')] = slot?.end ?? '';
		}
	return values;
}

export interface GridIssue {
	field: string;
	message: string;
}

/**
 * Reads the grid's inputs. Each problem is tied to the input concerned (a slot with only one end, an end
 * before its start, a second slot starting before the first one ends), so the form can point at it.
 */
export function readGrid(get: (name: string) => string) {
	const grid = emptyGrid();
	const values: Record<string, string> = {};
	const issues: GridIssue[] = [];
	for (const day of DAYS) {
		for (let i = 1; i <= SLOTS_PER_DAY; i++) {
			const startField = slotField(day, i, 'start');
			const endField = slotField(day, i, 'end');
			const start = (values[startField] = get(startField).trim());
			const end = (values[endField] = get(endField).trim());
			if (!start && !end) continue;
			if (!start) issues.push({ field: startField, message: 'openingHours.startMissing' });
			else if (!TIME.test(start)) issues.push({ field: startField, message: 'openingHours.invalidTime' });
			if (!end) issues.push({ field: endField, message: 'openingHours.endMissing' });
			else if (!TIME.test(end)) issues.push({ field: endField, message: 'openingHours.invalidTime' });
			if (!TIME.test(start) || !TIME.test(end)) continue;
			if (end <= start) {
				issues.push({ field: endField, message: 'openingHours.endBeforeStart' });
				continue;
			}
			const previous = grid[day][grid[day].length - 1];
			if (previous && start < previous.end) {
				issues.push({ field: startField, message: 'openingHours.overlap' });
				continue;
			}
			grid[day].push({ start, end });
		}
	}
	return { grid, values, issues };
}
