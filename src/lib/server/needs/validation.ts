import { z } from 'zod';
import { PUBLICS, THEMATIQUES } from '../directory/codes';
import { multiLine, pageQuerySchema, patchShape, singleLine } from '../validation';
import { NEED_EVENT_KINDS, NEED_EXPERTISE, NEED_SOURCES, NEED_STATUSES } from './schema';

export const needSchema = z
	.object({
		id: z.string().uuid(),
		title: z.string(),
		description: z.string(),
		themes: z.array(z.string()),
		territoryType: z.string(),
		territoryCode: z.string(),
		publics: z.array(z.string()),
		source: z.enum(NEED_SOURCES),
		expertise: z.enum(NEED_EXPERTISE).nullable(),
		evidence: z.record(z.string(), z.unknown()),
		referralId: z.string().uuid().nullable(),
		reportedByOrganisationId: z.string().uuid().nullable(),
		reportedAt: z.string(),
		status: z.enum(NEED_STATUSES),
		/** 1 + the reports of the duplicates merged into it */
		reportCount: z.number().int(),
		/** set on a duplicate: the need it was merged into (it then leaves the lists) */
		mergedIntoId: z.string().uuid().nullable()
	})
	.meta({ id: 'Need' });
export type Need = z.infer<typeof needSchema>;

/** Territories a need may be placed on: those of the platform's referential. */
export const NEED_TERRITORY_TYPES = ['commune', 'epci', 'departement'] as const;
export type NeedTerritoryType = (typeof NEED_TERRITORY_TYPES)[number];

const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
/** a form sends one value or several under the same name; the API sends an array */
const list = <T extends z.ZodType>(item: T, max: number, key: string) =>
	z.preprocess(
		(v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]),
		z.array(item).max(max, `${key}.tooMany`)
	);
const codeOf = <T extends readonly [string, ...string[]]>(codes: T, key: string) =>
	z.string().refine((v): v is T[number] => (codes as readonly string[]).includes(v), {
		error: (issue) => `${key}.unknown:${String(issue.input)}`
	});
const enumOf = <T extends readonly [string, ...string[]]>(codes: T, key: string) =>
	z.preprocess(emptyAsUndefined, codeOf(codes, key));

const territoryCode = singleLine()
	.min(1, 'need.territoryRequired')
	.max(20, 'need.territoryUnknown')
	.regex(/^[0-9A-Za-z]+$/, 'need.territoryUnknown');

const inputShape = {
	title: singleLine()
		.min(1, { error: 'need.titleRequired', abort: true })
		.min(3, 'need.titleTooShort')
		.max(200, 'need.titleTooLong')
		.meta({ description: 'Intitulé du besoin (3 à 200 caractères)' }),
	description: multiLine().max(5000, 'need.descriptionTooLong').default('').meta({
		description:
			'Ce qui manque, pour qui, depuis quand (jusqu’à 5 000 caractères ; aucune donnée de personne)'
	}),
	themes: list(codeOf(THEMATIQUES, 'thematique'), 20, 'need.themes')
		.default([])
		.meta({ description: 'Thématiques data·inclusion du référentiel de l’annuaire' }),
	territoryType: enumOf(NEED_TERRITORY_TYPES, 'need.territoryType').meta({
		description: 'commune, epci ou departement'
	}),
	territoryCode: territoryCode.meta({
		description: 'Code Insee de la commune, SIREN de l’EPCI ou numéro du département'
	}),
	publics: list(codeOf(PUBLICS, 'public'), 20, 'need.publics').default([]),
	source: enumOf(NEED_SOURCES, 'need.source').meta({
		description:
			'forum, empathy_workshop, field_observation, data, refused_referral, empty_search, user_feedback ou abs'
	}),
	expertise: z
		.preprocess((v) => (v === '' ? null : v), codeOf(NEED_EXPERTISE, 'need.expertise').nullable())
		.default(null)
		.meta({ description: 'Nature de l’expertise : technique, politique ou usage (d’usage)' }),
	evidenceText: z
		.preprocess(emptyAsUndefined, multiLine().max(2000, 'need.evidenceTooLong').optional())
		.meta({ description: 'Élément qui l’étaye (texte, sans donnée de personne)' }),
	evidenceUrl: z
		.preprocess(
			emptyAsUndefined,
			z
				.url({ protocol: /^https?$/, error: 'url.invalid' })
				.max(2000, 'url.invalid')
				.optional()
		)
		.meta({ description: 'Lien vers une source (http ou https)' })
};

/** A need typed in by a professional (`organisationId`: the reporting organisation, one of theirs). */
export const needInputSchema = z
	.object({
		...inputShape,
		organisationId: z.preprocess(emptyAsUndefined, z.string().uuid('organisation.invalid').optional()).meta({
			description: 'Organisation qui signale (l’une des vôtres ; la première par défaut)'
		})
	})
	.meta({ id: 'NeedInput' });
export type NeedFormInput = z.output<typeof needInputSchema>;

/** PATCH: only the fields sent change; `status` is for the territory's coordinators. */
export const needPatchSchema = z
	.object({
		...patchShape(inputShape),
		status: enumOf(NEED_STATUSES, 'need.status')
			.optional()
			.meta({ description: 'to_qualify, confirmed, answered ou closed (coordinations du territoire)' })
	})
	.meta({ id: 'NeedPatch' });
export type NeedPatch = z.output<typeof needPatchSchema>;

export const needMergeSchema = z
	.object({
		duplicateId: z.string('need.duplicateRequired').uuid('need.duplicateInvalid').meta({
			description: 'Le doublon, fusionné dans le besoin de l’adresse (qui est gardé)'
		})
	})
	.meta({ id: 'NeedMerge' });

export const needsQuerySchema = z.object({
	q: z
		.preprocess(emptyAsUndefined, singleLine().max(200, 'search.tooLong').optional())
		.meta({ description: 'Mots cherchés dans l’intitulé et la description' }),
	theme: z.preprocess(emptyAsUndefined, codeOf(THEMATIQUES, 'thematique').optional()),
	territoryType: z.preprocess(
		emptyAsUndefined,
		codeOf(NEED_TERRITORY_TYPES, 'need.territoryType').optional()
	),
	territoryCode: z.preprocess(emptyAsUndefined, territoryCode.optional()),
	source: z.preprocess(emptyAsUndefined, codeOf(NEED_SOURCES, 'need.source').optional()),
	status: z.preprocess(emptyAsUndefined, codeOf(NEED_STATUSES, 'need.status').optional()),
	expertise: z.preprocess(emptyAsUndefined, codeOf(NEED_EXPERTISE, 'need.expertise').optional()),
	...pageQuerySchema(50, 200).shape
});
export type NeedsQuery = z.output<typeof needsQuerySchema>;

export const needsPageSchema = z.object({ needs: z.array(needSchema), total: z.number().int() });

export const needEventSchema = z
	.object({
		id: z.string().uuid(),
		kind: z.enum(NEED_EVENT_KINDS),
		otherNeedId: z.string().uuid().nullable(),
		changes: z.record(z.string(), z.unknown()),
		actorName: z.string().nullable(),
		organisationName: z.string().nullable(),
		at: z.string()
	})
	.meta({ id: 'NeedEvent' });
export type NeedEvent = z.infer<typeof needEventSchema>;

export const needDetailSchema = z
	.object({
		need: needSchema,
		history: z.array(needEventSchema),
		/** the duplicates merged into it */
		duplicates: z.array(
			needSchema.pick({ id: true, title: true, reportedAt: true, reportedByOrganisationId: true })
		),
		mergedInto: needSchema.pick({ id: true, title: true }).nullable(),
		/** names of the reporting organisations (the need's and its duplicates') */
		organisations: z.record(z.string(), z.string()),
		canQualify: z.boolean(),
		canEdit: z.boolean()
	})
	.meta({ id: 'NeedDetail' });
export type NeedDetail = z.infer<typeof needDetailSchema>;
