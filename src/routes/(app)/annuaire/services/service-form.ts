import type { ServiceRow } from '$lib/server/directory/repository';
import type { Context } from '$lib/server/context';
import { placeText, resolvePlace } from '$lib/server/directory/places';
import { hoursFormValues, readHoursForm } from '../hours-form';

/** Form values as the page shows them: text as strings, checkbox groups as arrays. */
export type ServiceFormValues = Record<string, string | string[]>;

export const CHECKBOX_GROUPS = [
	'thematiques',
	'publics',
	'receptionModes',
	'mobilisationModes',
	'mobilisableBy',
	'languages'
] as const;
const NUMBERS = ['latitude', 'longitude'] as const;
/** empty → null (codes, addresses that zod checks as a whole) */
const NULL_WHEN_EMPTY = ['type', 'fees', 'email', 'mobilisationUrl', 'communeCode', 'postalCode'] as const;
/** one place a line (or separated by ";"): "Lot (46)", "CC du Grand Figeac", "Cahors" */
const splitPlaces = (text: string) =>
	text
		.split(/[\n;]+/)
		.map((s) => s.trim())
		.filter(Boolean);
const TEXTS = [
	'name',
	'description',
	'feesDetails',
	'publicsDetails',
	'accessConditions',
	'mobilisationDetails',
	'contactName',
	'phone',
	'address',
	'addressComplement',
	'accessibility',
	'structureId'
] as const;

/** Reads the service form: returns what zod validates and what the page re-displays on error. */
export function readServiceForm(form: FormData, options: { withStructure: boolean }) {
	const raw: Record<string, unknown> = {};
	const values: ServiceFormValues = {};
	const text = (k: string) => {
		const v = form.get(k);
		return typeof v === 'string' ? v : '';
	};
	for (const k of TEXTS) {
		if (k === 'structureId' && !options.withStructure) continue;
		values[k] = raw[k] = text(k);
	}
	for (const k of NULL_WHEN_EMPTY) {
		values[k] = text(k).trim();
		raw[k] = values[k] === '' ? null : values[k];
	}
	for (const k of CHECKBOX_GROUPS) {
		values[k] = raw[k] = form.getAll(k).filter((v): v is string => typeof v === 'string');
	}
	values.eligibilityZone = text('eligibilityZone');
	raw.eligibilityZone = splitPlaces(values.eligibilityZone);
	for (const k of NUMBERS) {
		values[k] = text(k).trim();
		const n = Number(values[k].replace(',', '.'));
		raw[k] = values[k] === '' ? null : Number.isFinite(n) ? n : values[k];
	}
	raw.outreach = form.get('outreach') === 'on';
	values.outreach = raw.outreach ? ['on'] : [];
	const hours = readHoursForm(form);
	Object.assign(values, hours.values);
	if (hours.openingHours !== undefined) raw.openingHours = hours.openingHours;
	return { raw, values, issues: hours.issues };
}

/**
 * The places typed by name become codes (through the territories service); a name that matches no place, or
 * several, is a field error.
 */
export async function resolveServicePlaces(ctx: Context, raw: Record<string, unknown>) {
	const issues: { field: string; message: string }[] = [];
	if (typeof raw.communeCode === 'string') {
		const found = await resolvePlace(ctx, raw.communeCode, ['commune']);
		if ('code' in found) raw.communeCode = found.code;
		else issues.push({ field: 'communeCode', message: found.message });
	}
	if (Array.isArray(raw.eligibilityZone)) {
		const codes: string[] = [];
		for (const typed of raw.eligibilityZone as string[]) {
			const found = await resolvePlace(ctx, typed, ['commune', 'epci', 'departement']);
			if ('code' in found) codes.push(found.code);
			else issues.push({ field: 'eligibilityZone', message: found.message });
		}
		raw.eligibilityZone = [...new Set(codes)];
	}
	return issues;
}

/** A stored service → the values of its edit form. */
export function serviceFormValues(s: ServiceRow, labels: Record<string, string>): ServiceFormValues {
	const str = (v: string | number | null) => (v === null ? '' : String(v));
	return {
		name: s.name,
		description: s.description,
		type: str(s.type),
		fees: str(s.fees),
		feesDetails: str(s.feesDetails),
		publicsDetails: str(s.publicsDetails),
		accessConditions: str(s.accessConditions),
		mobilisationDetails: str(s.mobilisationDetails),
		mobilisationUrl: str(s.mobilisationUrl),
		contactName: str(s.contactName),
		phone: str(s.phone),
		email: str(s.email),
		communeCode: s.communeCode ? placeText(s.communeCode, labels) : '',
		postalCode: str(s.postalCode),
		address: str(s.address),
		addressComplement: str(s.addressComplement),
		latitude: str(s.latitude),
		longitude: str(s.longitude),
		...hoursFormValues(s.openingHours),
		accessibility: str(s.accessibility),
		thematiques: s.thematiques,
		publics: s.publics,
		receptionModes: s.receptionModes,
		mobilisationModes: s.mobilisationModes,
		mobilisableBy: s.mobilisableBy,
		eligibilityZone: s.eligibilityZone.map((c) => placeText(c, labels)).join('\n'),
		languages: s.languages,
		outreach: s.outreach ? ['on'] : []
	};
}
