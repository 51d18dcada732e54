import { z } from 'zod';
import { INFO_CATEGORIES } from '../charters/content';
import { optionalText, pageQuerySchema, patchShape, singleLine } from '../validation';
import { communeCodeSchema } from '../directory/validation';
import { normalisePhone } from '../directory/phone';

/** Persons and consents (issue 11, items 1–2): what a professional types, checked before anything is sealed. */

/** Preferred languages offered (BCP 47); labels in persons.languages.* */
export const LANGUAGES = [
	'fr',
	'en',
	'ar',
	'es',
	'pt',
	'tr',
	'ru',
	'uk',
	'ro',
	'fa',
	'ps',
	'prs',
	'ti',
	'so',
	'lsf'
] as const;

const isoDay = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (s: string) =>
	isoDay.test(s) &&
	!Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
	new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

const day = (key: string) =>
	z.string().trim().refine(validDay, `persons.${key}.invalid`).meta({ description: 'Date AAAA-MM-JJ' });

const optional = <T extends z.ZodType>(schema: T) =>
	z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), schema.nullable().optional());

/** Born after 1900 and not in the future (the service checks « not in the future » against its clock too). */
const birthDate = day('birthDate').refine((s) => s >= '1900-01-01', 'persons.birthDate.implausible');

const phone = singleLine()
	.max(40, 'phone.invalid')
	.refine((v) => normalisePhone(v) !== null, 'phone.invalid')
	.transform((v) => normalisePhone(v)!);

const name = (key: string) =>
	singleLine().min(1, `persons.${key}.required`).max(100, `persons.${key}.tooLong`);

export const personShape = {
	/** the holding organisation, one where the professional is admin or member */
	organisationId: z.uuid('persons.organisation.required'),
	firstName: name('firstName'),
	lastName: name('lastName'),
	usualName: optionalText(100, { key: 'persons.usualName.tooLong' }),
	birthDate: optional(birthDate),
	communeCode: optional(communeCodeSchema),
	phone: optional(phone),
	email: optional(singleLine().max(254, 'email.invalid').pipe(z.email('email.invalid'))),
	address: optionalText(300, { key: 'persons.address.tooLong' }),
	situation: optionalText(4000, { multiline: true, key: 'persons.situation.tooLong' }),
	preferredLanguage: optional(z.enum(LANGUAGES, 'persons.language.invalid'))
};

export const personInputSchema = z.object({
	...personShape,
	/** « Créer quand même »: the professional saw the possible duplicate and confirms */
	confirmDuplicate: z.preprocess((v) => v === true || v === 'true' || v === 'on', z.boolean()).optional()
});
export type PersonInput = z.output<typeof personInputSchema>;

const { organisationId: _holder, ...editable } = personShape;
void _holder;
export const personPatchSchema = z.object(patchShape(editable));
export type PersonPatch = z.output<typeof personPatchSchema>;

/** The fields of the record its holder may change, in the order of the form. */
export const EDITABLE_FIELDS = [
	'firstName',
	'lastName',
	'usualName',
	'birthDate',
	'communeCode',
	'preferredLanguage',
	'phone',
	'email',
	'address',
	'situation'
] as const satisfies readonly (keyof typeof editable)[];

export const consentInputSchema = z
	.object({
		organisationIds: z.array(z.uuid('persons.consent.organisation')).max(50).default([]),
		organisationKinds: z
			.array(singleLine().regex(/^[a-z][a-z0-9_-]{1,39}$/, 'persons.consent.kind'))
			.max(20)
			.default([]),
		categories: z
			.array(z.enum(INFO_CATEGORIES, 'persons.consent.category'))
			.min(1, 'persons.consent.categories')
			.max(9),
		purpose: singleLine().min(3, 'persons.consent.purpose').max(500, 'persons.consent.purpose'),
		givenOn: day('consent.givenOn'),
		expiresOn: optional(day('consent.expiresOn')),
		collectedHow: z.enum(['oral', 'written'], 'persons.consent.how'),
		/** who collected it (a user id; the acting professional when absent) */
		collectedBy: optional(z.uuid('persons.consent.collectedBy'))
	})
	.refine((c) => c.organisationIds.length + c.organisationKinds.length > 0, {
		message: 'persons.consent.recipients',
		path: ['organisationIds']
	})
	.refine((c) => !c.expiresOn || c.expiresOn >= c.givenOn, {
		message: 'persons.consent.expiresOn.beforeGiven',
		path: ['expiresOn']
	});
export type ConsentInput = z.output<typeof consentInputSchema>;

export const personListQuerySchema = pageQuerySchema(20, 100).extend({
	q: optional(singleLine().max(100, 'search.tooLong')),
	/** held: persons my organisations hold; shared: persons other organisations share with mine */
	scope: z.enum(['held', 'shared'], 'persons.scope.invalid').default('held')
});
export type PersonListQuery = z.output<typeof personListQuerySchema>;

/** What the API returns for a category: its value, or why it is hidden (with the French text). */
export const shownSchema = <T extends z.ZodType>(value: T) =>
	z.union([
		z.object({ visible: z.literal(true), value: value.nullable() }),
		z.object({ visible: z.literal(false), reason: z.string(), message: z.string() })
	]);

export const identitySchema = z.object({
	firstName: z.string(),
	lastName: z.string(),
	usualName: z.string().nullable().optional(),
	birthDate: z.string().nullable().optional()
});
export const contactSchema = z.object({
	phone: z.string().nullable().optional(),
	email: z.string().nullable().optional(),
	address: z.string().nullable().optional()
});

export const consentSchema = z.object({
	id: z.uuid(),
	organisationIds: z.array(z.string()),
	organisationKinds: z.array(z.string()),
	categories: z.array(z.string()),
	purpose: z.string(),
	givenOn: z.string(),
	expiresOn: z.string().nullable(),
	collectedHow: z.enum(['oral', 'written']),
	collectedBy: z.string().nullable(),
	withdrawnAt: z.string().nullable(),
	live: z.boolean()
});

export const personSchema = z.object({
	id: z.uuid(),
	organisationId: z.uuid(),
	isHolder: z.boolean(),
	ground: z.string(),
	communeCode: z.string().nullable(),
	preferredLanguage: z.string().nullable(),
	lastActivityAt: z.string(),
	categories: z.record(z.string(), shownSchema(z.unknown()))
});

export const personListSchema = z.object({
	items: z.array(
		z.object({
			id: z.uuid(),
			label: z.string(),
			named: z.boolean(),
			organisationId: z.uuid(),
			communeCode: z.string().nullable(),
			lastActivityAt: z.string()
		})
	),
	total: z.number().int()
});
