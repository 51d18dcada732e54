import { z } from 'zod';
import { multiLine, singleLine } from '../validation';

export const territoryTypeSchema = z
	.enum(['region', 'departement', 'epci', 'commune'])
	.meta({ description: 'Niveau administratif', example: 'commune' });

export const territoryParamsSchema = z.object({
	type: territoryTypeSchema,
	code: z
		.string()
		.regex(/^[0-9AB]{2,9}$/, 'code.invalid')
		.meta({ description: 'Code INSEE (commune, département, région) ou SIREN (EPCI)', example: '46042' })
});

export const territorySearchQuerySchema = z.object({
	q: singleLine().min(2, 'search.tooShort').max(100, 'search.tooLong').meta({ example: 'figeac' }),
	type: z
		.union([territoryTypeSchema, z.array(territoryTypeSchema)])
		.optional()
		.meta({ description: 'Restreindre à un ou plusieurs niveaux' }),
	limit: z.coerce
		.number('limit.invalid')
		.int('limit.invalid')
		.min(1, 'limit.invalid')
		.max(50, 'limit.invalid')
		.default(10)
});

const territoryLinkSchema = z.object({ type: territoryTypeSchema, code: z.string(), name: z.string() });

export const territorySummarySchema = z
	.object({
		type: territoryTypeSchema,
		code: z.string(),
		name: z.string(),
		population: z.number().int(),
		context: z.string().nullable()
	})
	.meta({ id: 'TerritorySummary' });

export const territorySchema = z
	.object({
		type: territoryTypeSchema,
		code: z.string(),
		name: z.string(),
		population: z.number().int().meta({ description: 'Population municipale légale' }),
		kind: z.string().nullable().meta({ description: "Nature de l'EPCI (CC, CA, CU, METRO)" }),
		postalCodes: z.array(z.string()),
		centroid: z.object({ latitude: z.number(), longitude: z.number() }).nullable(),
		parents: z.array(territoryLinkSchema).meta({ description: 'Du plus large au plus proche' }),
		children: z.array(territoryLinkSchema.extend({ population: z.number().int() }))
	})
	.meta({ id: 'Territory' });

export const territorySearchResultSchema = z
	.object({ items: z.array(territorySummarySchema) })
	.meta({ id: 'TerritorySearchResult' });

export const zoneInputSchema = z
	.object({
		name: singleLine().min(2, 'zone.nameTooShort').max(120, 'zone.nameTooLong'),
		description: multiLine().max(2000, 'text.tooLong').default(''),
		organisationId: z.uuid('organisation.invalid'),
		communeCodes: z
			.array(z.string().regex(/^[0-9][0-9AB][0-9]{3}$/, 'commune.invalidCode'))
			.min(1, 'zone.noCommune')
			.max(5000)
	})
	.meta({ id: 'ZoneInput' });

const zoneFields = {
	id: z.uuid(),
	name: z.string(),
	description: z.string(),
	organisationId: z.uuid().nullable(),
	createdAt: z.string()
};

export const zoneSummarySchema = z
	.object({ ...zoneFields, communeCount: z.number().int() })
	.meta({ id: 'ZoneSummary' });

export const zoneSchema = z
	.object({
		...zoneFields,
		population: z.number().int(),
		communes: z.array(z.object({ code: z.string(), name: z.string(), population: z.number().int() }))
	})
	.meta({ id: 'Zone' });

export type ZoneInput = z.infer<typeof zoneInputSchema>;
export type Territory = z.infer<typeof territorySchema>;
