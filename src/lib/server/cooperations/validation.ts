import { z } from 'zod';
import { multiLine, singleLine } from '../validation';
import { THEMATIQUES } from '../directory/codes';
import { PARTY_ROLES } from './schema';

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
