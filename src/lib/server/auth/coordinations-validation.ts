import { z } from 'zod';

export const coordinatedTypeSchema = z
	.enum(['region', 'departement', 'epci', 'commune', 'zone'])
	.meta({ description: 'Niveau du territoire coordonné, ou zone personnalisée', example: 'departement' });

export const coordinationInputSchema = z
	.object({
		email: z.email('email.invalid').max(254),
		territoryType: coordinatedTypeSchema,
		territoryCode: z
			.string()
			.trim()
			.regex(/^([0-9AB]{2,9}|[0-9a-f-]{36})$/i, 'code.invalid')
			.meta({ description: 'Code INSEE ou SIREN, ou identifiant de la zone', example: '46' })
	})
	.meta({ id: 'CoordinationInput' });

const personSchema = z.object({ id: z.uuid(), displayName: z.string(), email: z.string() });

export const coordinationSchema = z
	.object({
		id: z.uuid(),
		user: personSchema,
		territoryType: coordinatedTypeSchema,
		territoryCode: z.string(),
		territoryName: z.string(),
		grantedBy: personSchema.nullable(),
		grantedAt: z.string(),
		/** whether the acting user may revoke it */
		revocable: z.boolean()
	})
	.meta({ id: 'Coordination' });

export type CoordinationInput = z.infer<typeof coordinationInputSchema>;
export type Coordination = z.infer<typeof coordinationSchema>;
