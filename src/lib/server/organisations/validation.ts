import { z } from 'zod';
import { singleLine } from '../validation';

export const roleSchema = z.enum(['admin', 'member', 'reader']).meta({ id: 'Role' });

export const ORGANISATION_KINDS = [
	'departement',
	'caf',
	'cpam',
	'msa',
	'etat',
	'ccas',
	'association',
	'gendarmerie',
	'police',
	'hopital',
	'autre'
] as const;

export const organisationInputSchema = z
	.object({
		name: singleLine().min(2, 'organisation.nameTooShort').max(200, 'text.tooLong'),
		kind: z.enum(ORGANISATION_KINDS),
		territoryType: z.enum(['region', 'departement', 'epci', 'commune']),
		territoryCode: singleLine().min(2).max(9)
	})
	.meta({ id: 'OrganisationInput' });

export const organisationSchema = z
	.object({
		id: z.uuid(),
		name: z.string(),
		slug: z.string(),
		kind: z.string(),
		territoryType: z.string(),
		territoryCode: z.string(),
		isDemo: z.boolean(),
		memberCount: z.number().int()
	})
	.meta({ id: 'Organisation' });

export const invitationInputSchema = z
	.object({
		email: z.email('email.invalid').max(254),
		role: roleSchema
	})
	.meta({ id: 'InvitationInput' });

export const invitationCreatedSchema = z
	.object({
		id: z.uuid(),
		email: z.string(),
		role: roleSchema,
		expiresAt: z.string(),
		/** returned once, so the admin can pass it on if e-mail is not configured */
		acceptUrl: z.string()
	})
	.meta({ id: 'InvitationCreated' });

export const acceptInvitationSchema = z.object({
	/** required only when the invitation creates a new account (checked by the service) */
	displayName: singleLine().max(120, 'name.tooLong').optional(),
	password: z.string().min(12, 'password.tooShort').max(256, 'password.tooLong')
});

export type OrganisationInput = z.infer<typeof organisationInputSchema>;
export type InvitationInput = z.infer<typeof invitationInputSchema>;
