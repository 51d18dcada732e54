import { z } from 'zod';
import { operation } from '../operation';
import * as organisations from '../../organisations/service';
import {
	invitationCreatedSchema,
	invitationInputSchema,
	organisationSchema,
	roleSchema
} from '../../organisations/validation';
import { publicBaseUrl } from '../../http/base-url';
import { idParamsSchema, pageQuerySchema } from '../common';

export const listOrganisations = operation(
	{
		method: 'GET',
		path: '/organisations',
		operationId: 'listOrganisations',
		summary: 'Organisations partenaires',
		tag: 'organisations',
		auth: 'session',
		query: pageQuerySchema(50),
		response: z.object({ items: z.array(organisationSchema), total: z.number().int() })
	},
	async ({ query, ctx }) => organisations.listOrganisations(ctx, query)
);

export const listMembers = operation(
	{
		method: 'GET',
		path: '/organisations/{id}/members',
		operationId: 'listMembers',
		summary: "Membres d'une organisation et leur rôle",
		tag: 'organisations',
		auth: 'session',
		params: idParamsSchema,
		response: z.object({
			items: z.array(
				z.object({ userId: z.uuid(), email: z.string(), displayName: z.string(), role: roleSchema })
			)
		})
	},
	async ({ params, ctx }) => ({ items: await organisations.listMembers(ctx, params.id) })
);

export const createInvitation = operation(
	{
		method: 'POST',
		path: '/organisations/{id}/invitations',
		operationId: 'createInvitation',
		summary: 'Inviter une personne par e-mail (lien à usage unique, valable 7 jours)',
		tag: 'organisations',
		auth: 'session',
		params: idParamsSchema,
		body: invitationInputSchema,
		response: invitationCreatedSchema,
		status: 201
	},
	async ({ params, body, ctx, event }) =>
		organisations.inviteMember(ctx, params.id, body, publicBaseUrl(event.url))
);
