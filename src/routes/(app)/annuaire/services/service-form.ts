import type { ServiceRow } from '$lib/server/directory/repository';

/** Form values as the page shows them: text as strings, checkbox groups as arrays. */
export type ServiceFormValues = Record<string, string | string[]>;

export const CHECKBOX_GROUPS = [
	'thematiques',
	'publics',
	'receptionModes',
	'mobilisationModes',
	'mobilisableBy'
] as const;
/** lists typed as one text ("46042 46102", "fr en") */
const SPLIT_LISTS = ['eligibilityZone', 'languages'] as const;
const NUMBERS = ['latitude', 'longitude'] as const;
/** empty → null (codes, addresses that zod checks as a whole) */
const NULL_WHEN_EMPTY = ['type', 'fees', 'email', 'mobilisationUrl', 'communeCode', 'postalCode'] as const;
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
	'openingHours',
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
	for (const k of SPLIT_LISTS) {
		values[k] = text(k);
		raw[k] = text(k)
			.split(/[\s,;]+/)
			.map((s) => s.trim())
			.filter(Boolean);
	}
	for (const k of NUMBERS) {
		values[k] = text(k).trim();
		const n = Number(values[k].replace(',', '.'));
		raw[k] = values[k] === '' ? null : Number.isFinite(n) ? n : values[k];
	}
	raw.outreach = form.get('outreach') === 'on';
	values.outreach = raw.outreach ? ['on'] : [];
	return { raw, values };
}

/** A stored service → the values of its edit form. */
export function serviceFormValues(s: ServiceRow): ServiceFormValues {
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
		communeCode: str(s.communeCode),
		postalCode: str(s.postalCode),
		address: str(s.address),
		addressComplement: str(s.addressComplement),
		latitude: str(s.latitude),
		longitude: str(s.longitude),
		openingHours: str(s.openingHours),
		accessibility: str(s.accessibility),
		thematiques: s.thematiques,
		publics: s.publics,
		receptionModes: s.receptionModes,
		mobilisationModes: s.mobilisationModes,
		mobilisableBy: s.mobilisableBy,
		eligibilityZone: s.eligibilityZone.join(' '),
		languages: s.languages.join(' '),
		outreach: s.outreach ? ['on'] : []
	};
}
