import { z } from 'zod';
import {
	FRAIS,
	MOBILISABLE_PAR,
	MODES_ACCUEIL,
	MODES_MOBILISATION,
	PUBLICS,
	SERVICE_TYPES,
	THEMATIQUES
} from './codes';
import { multiLine, optionalText, patchShape, singleLine } from '../validation';
import { isPhone } from './phone';
import { isValidOpeningHours } from './hours-grid';

/**
 * Limits follow data·inclusion v1: names 3..150, descriptions 5..10,000 characters.
 * Messages are catalogue keys (validation.*), so forms and the API explain what is wrong in French or English.
 */
export const MAX_DESCRIPTION = 10_000;

/** Bounding boxes of metropolitan France, Corsica and the five overseas départements. */
const FRANCE_BOXES: [minLat: number, maxLat: number, minLon: number, maxLon: number][] = [
	[41.3, 51.2, -5.3, 9.7], // métropole + Corse
	[15.8, 16.6, -61.9, -60.9], // Guadeloupe
	[14.3, 14.95, -61.3, -60.8], // Martinique
	[2.1, 5.8, -54.7, -51.6], // Guyane
	[-21.45, -20.85, 55.2, 55.9], // La Réunion
	[-13.05, -12.6, 44.9, 45.35] // Mayotte
];

export const isInFrance = (latitude: number, longitude: number) =>
	FRANCE_BOXES.some(([a, b, c, d]) => latitude >= a && latitude <= b && longitude >= c && longitude <= d);

/** A code of a list, with the offending value in the message ("thematique.unknown:logement--xyz"). */
const codeOf = <T extends readonly [string, ...string[]]>(codes: T, key: string) =>
	z.string().refine((v): v is T[number] => (codes as readonly string[]).includes(v), {
		error: (issue) => `${key}.unknown:${String(issue.input)}`
	});

const codeList = <T extends readonly [string, ...string[]]>(codes: T, key: string) =>
	z.array(codeOf(codes, key)).max(codes.length).default([]);

export const communeCodeSchema = z.string().regex(/^[0-9][0-9AB][0-9]{3}$/, 'commune.invalidCode');

/** zone_eligibilite entries: commune, département, EPCI (SIREN) codes or "france". */
export const eligibilityCodeSchema = z
	.string()
	.regex(/^(france|99100|[0-9][0-9AB][0-9]{3}|[0-9]{2,3}|2A|2B|[0-9]{9})$/, 'eligibility.invalidCode');

const coordinates = {
	latitude: z.number().min(-90, 'coordinates.invalid').max(90, 'coordinates.invalid').nullable().optional(),
	longitude: z.number().min(-180, 'coordinates.invalid').max(180, 'coordinates.invalid').nullable().optional()
};

const inFrance = (value: { latitude?: number | null; longitude?: number | null }, ctx: z.RefinementCtx) => {
	const { latitude, longitude } = value;
	if ((latitude == null) !== (longitude == null)) {
		ctx.addIssue({ code: 'custom', path: ['longitude'], message: 'coordinates.incomplete' });
	} else if (latitude != null && longitude != null && !isInFrance(latitude, longitude)) {
		ctx.addIssue({ code: 'custom', path: ['latitude'], message: 'coordinates.outsideFrance' });
	}
};

/**
 * Rules for what people and API clients enter (not for imported files, which keep what their producer wrote):
 * a French (or international) phone number, opening hours the OSM library reads.
 */
const enteredByHand = (
	value: { phone?: string | null; openingHours?: string | null },
	ctx: z.RefinementCtx
) => {
	if (value.phone && !isPhone(value.phone))
		ctx.addIssue({ code: 'custom', path: ['phone'], message: 'phone.invalid' });
	if (value.openingHours && !isValidOpeningHours(value.openingHours))
		ctx.addIssue({ code: 'custom', path: ['openingHours'], message: 'openingHours.invalid' });
};

export const serviceFields = z.object({
	name: singleLine().min(3, 'service.nameTooShort').max(150, 'service.nameTooLong'),
	description: multiLine()
		.min(5, 'service.descriptionTooShort')
		.max(MAX_DESCRIPTION, 'service.descriptionTooLong'),
	type: codeOf(SERVICE_TYPES, 'type').nullable().optional(),
	thematiques: codeList(THEMATIQUES, 'thematique'),
	fees: codeOf(FRAIS, 'frais').nullable().optional(),
	feesDetails: optionalText(2000, { multiline: true }),
	publics: codeList(PUBLICS, 'public').refine(
		(p) => !p.includes('tous-publics') || p.length === 1,
		'public.allAlone'
	),
	publicsDetails: optionalText(2000, { multiline: true }),
	accessConditions: optionalText(5000, { multiline: true }),
	receptionModes: codeList(MODES_ACCUEIL, 'modeAccueil'),
	outreach: z.boolean().default(false),
	eligibilityZone: z.array(eligibilityCodeSchema).max(500).default([]),
	mobilisationModes: codeList(MODES_MOBILISATION, 'modeMobilisation'),
	mobilisableBy: codeList(MOBILISABLE_PAR, 'mobilisablePar'),
	mobilisationDetails: optionalText(2000, { multiline: true }),
	mobilisationUrl: z
		.url({ protocol: /^https?$/, error: 'url.invalid' })
		.max(2000)
		.nullable()
		.optional(),
	contactName: optionalText(200),
	phone: optionalText(40),
	email: z.email('email.invalid').max(254).nullable().optional(),
	communeCode: communeCodeSchema.nullable().optional(),
	postalCode: z
		.string()
		.regex(/^\d{5}$/, 'postalCode.invalid')
		.nullable()
		.optional(),
	address: optionalText(300),
	addressComplement: optionalText(300),
	...coordinates,
	openingHours: optionalText(500),
	languages: z
		.array(z.string().regex(/^[a-z]{2}$/, 'language.invalid'))
		.max(50)
		.default([]),
	accessibility: optionalText(2000)
});

export const serviceInputSchema = serviceFields
	.extend({ structureId: z.uuid('structure.invalid') })
	.superRefine(inFrance)
	.superRefine(enteredByHand)
	.meta({ id: 'ServiceInput' });

/** Partial update: every field optional, same rules, no defaults; fields left out keep their value. */
export const servicePatchSchema = z
	.object(patchShape(serviceFields.shape))
	.superRefine(inFrance)
	.superRefine(enteredByHand)
	.meta({ id: 'ServicePatch' });

const structureFields = z.object({
	name: singleLine().min(3, 'structure.nameTooShort').max(150, 'structure.nameTooLong'),
	description: multiLine().max(MAX_DESCRIPTION, 'service.descriptionTooLong').default(''),
	organisationId: z.uuid('organisation.invalid').nullable().optional(),
	siret: z
		.string()
		.regex(/^\d{14}$/, 'siret.invalid')
		.nullable()
		.optional(),
	communeCode: communeCodeSchema.nullable().optional(),
	postalCode: z
		.string()
		.regex(/^\d{5}$/, 'postalCode.invalid')
		.nullable()
		.optional(),
	address: optionalText(300),
	addressComplement: optionalText(300),
	...coordinates,
	phone: optionalText(40),
	email: z.email('email.invalid').max(254).nullable().optional(),
	website: z
		.url({ protocol: /^https?$/, error: 'url.invalid' })
		.max(2000)
		.nullable()
		.optional(),
	openingHours: optionalText(500),
	accessibilityUrl: z
		.url({ protocol: /^https?$/, error: 'url.invalid' })
		.max(2000)
		.nullable()
		.optional(),
	networks: z.array(singleLine().max(100, 'text.tooLong')).max(50).default([])
});

/** What an import file may hold for a structure (its producer's phone and hours are kept as written). */
export const structureInputSchema = structureFields.superRefine(inFrance).meta({ id: 'StructureInput' });

/** A structure created in Maillage (form or API): the same fields, with the rules for what people enter. */
export const structureCreateSchema = structureFields
	.superRefine(inFrance)
	.superRefine(enteredByHand)
	.meta({ id: 'StructureCreate' });

/** PATCH /structures/{id}: every field optional, no defaults; fields left out keep their value. */
export const structurePatchSchema = z
	.object(patchShape(structureFields.shape))
	.superRefine(inFrance)
	.superRefine(enteredByHand)
	.meta({ id: 'StructurePatch' });

const correspondentFields = z.object({
	theme: singleLine().min(2).max(120),
	fullName: singleLine().min(2, 'name.tooShort').max(120, 'name.tooLong'),
	jobTitle: singleLine().max(200, 'text.tooLong').default(''),
	phone: optionalText(40),
	email: z.email('email.invalid').max(254).nullable().optional()
});

export const correspondentInputSchema = correspondentFields.meta({ id: 'CorrespondentInput' });

/** PATCH /correspondents/{id}: what is not sent stays as it is (no default jobTitle ""). */
export const correspondentPatchSchema = z
	.object(patchShape(correspondentFields.shape))
	.meta({ id: 'CorrespondentPatch' });

export type ServiceInput = z.infer<typeof serviceInputSchema>;
export type ServicePatch = z.infer<typeof servicePatchSchema>;
export type StructureInput = z.infer<typeof structureInputSchema>;
export type StructurePatch = z.infer<typeof structurePatchSchema>;
export type CorrespondentInput = z.infer<typeof correspondentInputSchema>;
export type CorrespondentPatch = z.infer<typeof correspondentPatchSchema>;

/** A service as the API returns it (dates as ISO strings). */
export const serviceSchema = serviceFields
	.extend({
		id: z.uuid(),
		structureId: z.uuid(),
		structureName: z.string(),
		organisationId: z.uuid().nullable(),
		source: z.string(),
		sourceId: z.string(),
		sourceUpdatedOn: z.string().nullable(),
		lastCheckedAt: z.string(),
		stale: z.boolean(),
		isDemo: z.boolean()
	})
	.meta({ id: 'Service' });

export type ServiceDto = z.input<typeof serviceSchema>;
