import { z } from 'zod';
import { pageQuerySchema, singleLine } from '../validation';
import { CATEGORIES, THEMATIQUES } from '../directory/codes';
import { DECISION_STATUSES } from './schema';

/** A form field left empty is « not given ». */
export const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUndefined, schema.optional());

/** A calendar day AAAA-MM-JJ that exists, from year 1 to 9999. */
export const isoDay = (key = 'decisions.dateInvalid') =>
	z
		.string()
		.regex(/^\d{4}-\d{2}-\d{2}$/, key)
		.refine((v) => {
			const d = new Date(`${v}T00:00:00Z`);
			return v >= '0001-01-01' && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
		}, key)
		.meta({ description: 'Date AAAA-MM-JJ' });

export const TERRITORY_PARAM = /^(region|departement|epci|commune):[0-9AB]{2,9}$/;

export const registerQuerySchema = z
	.object({
		q: optional(singleLine().max(200, 'decisions.queryTooLong')).meta({
			description:
				'Texte cherché (titre, texte, issue), sans tenir compte des accents, tolérant aux fautes de frappe'
		}),
		territory: optional(singleLine().regex(TERRITORY_PARAM, 'decisions.territoryInvalid')).meta({
			description:
				'Territoire « type:code » (departement:46, epci:200023737, commune:46042) : les coopérations qui y sont'
		}),
		cooperation: optional(z.uuid('decisions.cooperationInvalid')),
		body: optional(z.uuid('decisions.bodyInvalid')),
		status: optional(z.enum(DECISION_STATUSES, { error: 'decisions.statusUnknown' })),
		from: optional(isoDay()),
		to: optional(isoDay()),
		theme: optional(z.enum([...CATEGORIES, ...THEMATIQUES], { error: 'decisions.themeUnknown' })).meta({
			description: 'Thématique data·inclusion, ou catégorie (famille) pour toutes ses thématiques'
		}),
		...pageQuerySchema(20, 100).shape
	})
	.superRefine((v, c) => {
		if (v.from && v.to && v.from > v.to)
			c.addIssue({ code: 'custom', path: ['to'], message: 'decisions.dateOrder' });
	});
export type RegisterQueryInput = z.infer<typeof registerQuerySchema>;

export const registerHitSchema = z
	.object({
		id: z.uuid(),
		cooperationId: z.uuid(),
		cooperationName: z.string(),
		bodyId: z.uuid(),
		bodyName: z.string(),
		bodyKind: z.string(),
		title: z.string(),
		excerpt: z.string(),
		outcome: z.string(),
		status: z.enum(DECISION_STATUSES),
		decidedOn: z.string(),
		reviewOn: z.string().nullable()
	})
	.meta({ id: 'DecisionSummary' });

export const registerPageSchema = z
	.object({
		items: z.array(registerHitSchema),
		total: z.number().int(),
		byStatus: z.record(z.string(), z.number().int()),
		/** words the full text did not know, searched by similarity (typos) */
		approximateWords: z.array(z.string())
	})
	.meta({ id: 'DecisionRegisterPage' });
