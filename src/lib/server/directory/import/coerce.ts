/** Tolerant conversions of producer values (CSV cells are all text; JSON may hold anything). */

/** Trimmed text, or undefined when empty. Numbers and booleans become text; objects are refused (undefined). */
export function text(value: unknown): string | undefined {
	if (value === null || value === undefined) return undefined;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim();
	return trimmed === '' ? undefined : trimmed;
}

/** A list: a JSON array, or a cell "a, b" / "a|b" / a PostgreSQL-like "{a,b}". Empty items dropped, duplicates removed. */
export function list(value: unknown): string[] | undefined {
	if (value === null || value === undefined) return undefined;
	const items = Array.isArray(value)
		? value.map((v) => text(v))
		: typeof value === 'string'
			? value
					.trim()
					.replace(/^[[{]|[\]}]$/g, '')
					.split(/[|,;]/)
					.map((v) => text(v.replace(/^["']|["']$/g, '')))
			: [text(value)];
	return [...new Set(items.filter((v): v is string => v !== undefined))];
}

/** A decimal number ("44.45" or French "44,45"); NaN when the text is not a number (validation then refuses it). */
export function num(value: unknown): number | undefined {
	if (typeof value === 'number') return value;
	const t = text(value);
	if (t === undefined) return undefined;
	const normalized = t.includes('.') ? t : t.replace(',', '.');
	return /^[-+]?\d+(\.\d+)?$/.test(normalized) ? Number(normalized) : Number.NaN;
}

/** "2024-05-02" or an ISO date-time → "2024-05-02"; anything else is returned as is (validation refuses it). */
export function date(value: unknown): string | undefined {
	const t = text(value);
	if (t === undefined) return undefined;
	const match = /^(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(t);
	return match ? match[1] : t;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** "dora--42" → { source: "dora", sourceId: "42" }; without a prefix the fallback source is used. */
export function splitId(id: string, fallbackSource: string | undefined) {
	const at = id.indexOf('--');
	if (at > 0 && at < id.length - 2) return { source: id.slice(0, at), sourceId: id.slice(at + 2) };
	return { source: fallbackSource, sourceId: id };
}
