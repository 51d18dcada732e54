import { parseInput, type ParsedInput } from '../api/errors';
import { EDITABLE_FIELDS, personPatchSchema, type PersonPatch } from './persons-validation';

/**
 * The holder's edit form (« Modifier la fiche ») posts every field as typed and, in `was.<field>`, the value it was
 * prefilled with. Only the fields the professional changed become the patch, so updatePerson rewrites nothing
 * else (a colleague's change to another field in the meantime stays) and the audit names exactly those fields.
 * A forged `was.*` only decides which fields are sent: the holder may change any of them anyway.
 */
export const ORIGINAL_PREFIX = 'was.';

const sameValue = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

export function changedFields(form: Record<string, string>): ParsedInput<PersonPatch> {
	const raw: Record<string, string> = {};
	for (const field of EDITABLE_FIELDS) {
		const typed = form[field];
		if (typed === undefined) continue;
		const original = form[`${ORIGINAL_PREFIX}${field}`];
		if (original === undefined || typed.trim() !== original.trim()) raw[field] = typed;
	}
	const parsed = parseInput(personPatchSchema, raw);
	if (!parsed.success) return parsed;
	const patch: PersonPatch = {};
	for (const field of Object.keys(raw) as (typeof EDITABLE_FIELDS)[number][]) {
		const original = form[`${ORIGINAL_PREFIX}${field}`];
		// the same value written differently (a phone number with other spaces) is not a change
		if (original !== undefined) {
			const before = personPatchSchema.safeParse({ [field]: original });
			if (before.success && sameValue(before.data[field], parsed.data[field])) continue;
		}
		Object.assign(patch, { [field]: parsed.data[field] ?? null });
	}
	return { success: true, data: patch };
}
