import { z } from 'zod';
import { optionalText, pageQuerySchema, singleLine, multiLine } from '../validation';

/** Input of the glossary: a territory's term (override or local), the public search. */

export const TERRITORY_TYPES = ['region', 'departement', 'epci', 'commune'] as const;
export type GlossaryTerritoryType = (typeof TERRITORY_TYPES)[number];
export const territoryTypeSchema = z.enum(TERRITORY_TYPES, { error: 'territory.invalidCode' });
export const territoryCodeSchema = z
	.string()
	.trim()
	.regex(/^[0-9AB]{2,9}$/i, 'territory.invalidCode')
	.transform((c) => c.toUpperCase());

export const MAX_ALIASES = 20;

const alias = singleLine().min(1, 'required').max(120, 'text.tooLong');

export const glossaryEntryInputSchema = z
	.object({
		term: singleLine()
			.min(1, 'required')
			.max(80, 'text.tooLong')
			.refine((t) => /[\p{L}\p{N}]/u.test(t), 'invalid')
			.meta({ description: 'Le terme tel qu’on l’écrit', example: 'RVIF' }),
		longForm: optionalText(200).meta({ description: 'Forme longue d’un sigle' }),
		definition: multiLine()
			.min(10, 'required')
			.max(1000, 'text.tooLong')
			.meta({ description: 'En français courant, une à trois phrases' }),
		aliases: z.array(alias).max(MAX_ALIASES, 'text.tooLong').default([]),
		sourceName: optionalText(200),
		sourceUrl: z.preprocess(
			(v) => (typeof v === 'string' && v.trim() === '' ? null : v),
			z
				.url({ protocol: /^https?$/, error: 'url.invalid' })
				.max(500, 'text.tooLong')
				.nullable()
				.optional()
		)
	})
	.meta({ id: 'GlossaryEntryInput' });
export type GlossaryEntryInput = z.infer<typeof glossaryEntryInputSchema>;

/** `departement:46`: a territory in the query string. */
export const territoryParamSchema = z
	.string()
	.trim()
	.regex(/^(region|departement|epci|commune):[0-9AB]{2,9}$/i, 'territory.invalidCode')
	.transform((s) => {
		const [type, code] = s.split(':') as [GlossaryTerritoryType, string];
		return { type: type.toLowerCase() as GlossaryTerritoryType, code: code.toUpperCase() };
	})
	.meta({
		description: 'Territoire type:code (région, département, EPCI, commune)',
		example: 'departement:46'
	});

export const glossaryQuerySchema = z
	.object({
		q: singleLine().max(200, 'search.tooLong').optional().meta({
			description: 'Sigle, forme longue ou variante (sans accents, majuscules ou minuscules)',
			example: 'CCAS'
		}),
		territory: territoryParamSchema.optional()
	})
	.extend(pageQuerySchema(100, 500).shape);

export const glossaryTermSchema = z
	.object({
		key: z.string().meta({ description: 'Ancre sur la page du glossaire (/glossaire#ccas)' }),
		term: z.string(),
		longForm: z.string().nullable(),
		definition: z.string(),
		aliases: z.array(z.string()),
		source: z.object({ name: z.string(), url: z.string().nullable() }).nullable(),
		/** national: shipped with Maillage; override: changed by the territory; local: added by the territory */
		origin: z.enum(['national', 'override', 'local']),
		/** the territory whose coordinators wrote it, for override and local terms */
		territory: z.object({ type: z.enum(TERRITORY_TYPES), code: z.string() }).nullable()
	})
	.meta({ id: 'GlossaryTerm' });
export type GlossaryTerm = z.infer<typeof glossaryTermSchema>;

export const glossaryListSchema = z
	.object({ items: z.array(glossaryTermSchema), total: z.number().int() })
	.meta({ id: 'GlossaryList' });
