import { z } from 'zod';
import { multiLine, singleLine } from '../validation';
import { THEMATIQUES } from '../directory/codes';
import { COOPERATION_STATUSES, PARTY_ROLES } from './schema';

const thematiques = z
	.array(z.enum(THEMATIQUES, { error: (i) => `thematique.unknown:${String(i.input)}` }))
	.max(20)
	.default([]);

export const partyInputSchema = z
	.object({
		organisationId: z.uuid({ error: 'cooperation.partyUnknown' }),
		role: z.enum(PARTY_ROLES, { error: 'cooperation.partyRole' }),
		/** members of that organisation authorised to commit it */
		signatoryUserIds: z.array(z.uuid()).max(20).default([])
	})
	.meta({ id: 'CooperationPartyInput' });
export type PartyInput = z.infer<typeof partyInputSchema>;

export const cooperationInputSchema = z
	.object({
		name: singleLine().min(3, 'cooperation.nameTooShort').max(200, 'text.tooLong'),
		description: multiLine().max(10000, 'text.tooLong').default(''),
		themes: thematiques,
		territoryType: z.enum(['region', 'departement', 'epci', 'commune']),
		territoryCode: singleLine().min(2).max(9),
		parties: z.array(partyInputSchema).max(100).default([])
	})
	.meta({ id: 'CooperationInput' });
export type CooperationInput = z.infer<typeof cooperationInputSchema>;

/** PATCH: only the fields sent change; the territory is changed as a pair. */
export const cooperationPatchSchema = z
	.object({
		name: singleLine().min(3, 'cooperation.nameTooShort').max(200, 'text.tooLong').optional(),
		description: multiLine().max(10000, 'text.tooLong').optional(),
		themes: z
			.array(z.enum(THEMATIQUES, { error: (i) => `thematique.unknown:${String(i.input)}` }))
			.max(20)
			.optional(),
		territoryType: z.enum(['region', 'departement', 'epci', 'commune']).optional(),
		territoryCode: singleLine().min(2).max(9).optional(),
		status: z.enum(COOPERATION_STATUSES, { error: 'cooperation.status' }).optional()
	})
	.strict()
	.refine((p) => (p.territoryType === undefined) === (p.territoryCode === undefined), {
		error: 'cooperation.territoryPair',
		path: ['territoryCode']
	})
	.meta({ id: 'CooperationPatch' });
export type CooperationPatch = z.infer<typeof cooperationPatchSchema>;

/** PUT /cooperations/{id}/parties/{organisationId}: adds the party or changes its role and signatories. */
export const partyPutSchema = partyInputSchema
	.omit({ organisationId: true })
	.meta({ id: 'CooperationPartyPut' });
export type PartyPut = z.infer<typeof partyPutSchema>;

export const cooperationListQuerySchema = z.object({
	q: singleLine().max(100, 'text.tooLong').optional(),
	mine: z
		.enum(['true', 'false'])
		.optional()
		.transform((v) => v === 'true'),
	limit: z.coerce
		.number('limit.invalid')
		.int('limit.invalid')
		.min(1, 'limit.invalid')
		.max(100, 'limit.invalid')
		.default(20),
	offset: z.coerce
		.number('offset.invalid')
		.int('offset.invalid')
		.min(0, 'offset.invalid')
		.max(100000, 'offset.invalid')
		.default(0)
});

const partySchema = z.object({
	organisationId: z.uuid(),
	organisationName: z.string(),
	organisationKind: z.string(),
	role: z.enum(PARTY_ROLES),
	signatories: z.array(z.object({ userId: z.uuid(), displayName: z.string() }))
});

export const cooperationSchema = z
	.object({
		id: z.uuid(),
		name: z.string(),
		description: z.string(),
		themes: z.array(z.string()),
		territoryType: z.string(),
		territoryCode: z.string(),
		status: z.enum(COOPERATION_STATUSES),
		createdAt: z.string(),
		updatedAt: z.string()
	})
	.meta({ id: 'Cooperation' });

export const cooperationDetailSchema = cooperationSchema
	.extend({
		parties: z.array(partySchema),
		canManage: z.boolean(),
		signatoryFor: z.array(z.uuid())
	})
	.meta({ id: 'CooperationDetail' });
