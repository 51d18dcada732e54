import { gridToOsm, gridValues, osmToGrid, readGrid, type GridIssue } from '$lib/server/directory/hours-grid';

/**
 * The opening-hours part of the service and structure forms. A stored value the grid cannot show travels in
 * `openingHoursKept` and stays as it is unless the person ticks `openingHoursReplace`.
 */
export function readHoursForm(form: FormData) {
	const text = (k: string) => {
		const v = form.get(k);
		return typeof v === 'string' ? v : '';
	};
	const { grid, values, issues } = readGrid(text);
	const kept = text('openingHoursKept');
	const replace = form.get('openingHoursReplace') === 'on';
	const shown: Record<string, string | string[]> = { ...values };
	if (kept) {
		shown.openingHoursKept = kept;
		shown.openingHoursReplace = replace ? ['on'] : [];
	}
	// kept and not replaced: the field is not sent, so the update leaves it alone
	const openingHours = kept && !replace ? undefined : gridToOsm(grid);
	return { openingHours, values: shown, issues: kept && !replace ? [] : issues };
}

/** A stored value → the grid's inputs, or the value kept read-only when the grid cannot show it. */
export function hoursFormValues(stored: string | null): Record<string, string | string[]> {
	const grid = osmToGrid(stored);
	if (grid) return gridValues(grid);
	return { ...gridValues(osmToGrid('')!), openingHoursKept: stored ?? '', openingHoursReplace: [] };
}

export type { GridIssue };
