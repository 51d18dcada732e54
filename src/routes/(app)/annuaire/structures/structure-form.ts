import type { Context } from '$lib/server/context';
import type { StructureRow } from '$lib/server/directory/repository';
import { placeText, resolvePlace } from '$lib/server/directory/places';
import { hoursFormValues, readHoursForm } from '../hours-form';

/** Fields of the structure form (creation and edit); the organisation is chosen at creation only. */
const TEXTS = ['name', 'description'] as const;
const NULL_WHEN_EMPTY = [
	'siret',
	'address',
	'addressComplement',
	'postalCode',
	'communeCode',
	'phone',
	'email',
	'website',
	'accessibilityUrl'
] as const;

export type StructureFormValues = Record<string, string | string[]>;

/**
 * Reads the form: what zod validates (the commune typed by name becomes its code), what the page shows
 * again on error, and the problems found while reading (a time slot, a place name).
 */
export async function readStructureForm(
	ctx: Context,
	form: FormData,
	options: { withOrganisation: boolean }
) {
	const text = (k: string) => {
		const v = form.get(k);
		return typeof v === 'string' ? v.trim() : '';
	};
	const raw: Record<string, unknown> = {};
	const values: StructureFormValues = {};
	const issues: { field: string; message: string }[] = [];
	for (const k of TEXTS) values[k] = raw[k] = text(k);
	for (const k of NULL_WHEN_EMPTY) {
		values[k] = text(k);
		raw[k] = values[k] === '' ? null : values[k];
	}
	if (options.withOrganisation) {
		values.organisationId = text('organisationId');
		raw.organisationId = values.organisationId || null;
		raw.networks = [];
	}
	if (typeof raw.communeCode === 'string') {
		const found = await resolvePlace(ctx, raw.communeCode, ['commune']);
		if ('code' in found) raw.communeCode = found.code;
		else issues.push({ field: 'communeCode', message: found.message });
	}
	const hours = readHoursForm(form);
	Object.assign(values, hours.values);
	issues.push(...hours.issues);
	if (hours.openingHours !== undefined) raw.openingHours = hours.openingHours;
	return { raw, values, issues };
}

/** A stored structure → its edit form's values (the commune by name, the hours as a grid). */
export function structureFormValues(s: StructureRow, labels: Record<string, string>): StructureFormValues {
	const str = (v: string | null) => v ?? '';
	return {
		name: s.name,
		description: s.description,
		siret: str(s.siret),
		address: str(s.address),
		addressComplement: str(s.addressComplement),
		postalCode: str(s.postalCode),
		communeCode: s.communeCode ? placeText(s.communeCode, labels) : '',
		phone: str(s.phone),
		email: str(s.email),
		website: str(s.website),
		accessibilityUrl: str(s.accessibilityUrl),
		...hoursFormValues(s.openingHours)
	};
}
