import { z } from 'zod';
import { operation } from '../operation';
import { idParamsSchema } from '../common';
import {
	createCooperation,
	getCooperation,
	searchCooperations,
	type CooperationAccess
} from '../../cooperations/service';
import { putParty, removeParty, updateCooperation } from '../../cooperations/changes';
import {
	cooperationDetailSchema,
	cooperationInputSchema,
	cooperationListQuerySchema,
	cooperationPatchSchema,
	cooperationSchema,
	partyPutSchema
} from '../../cooperations/validation';
import type { Cooperation } from '../../cooperations/service';

/** Cooperations (DOMAIN.md): the partnership every charter, body, decision and pathway hangs from. */

const summary = (c: Cooperation) => ({
	id: c.id,
	name: c.name,
	description: c.description,
	themes: c.themes,
	territoryType: c.territoryType,
	territoryCode: c.territoryCode,
	status: c.status as 'active' | 'archived',
	createdAt: c.createdAt.toISOString(),
	updatedAt: c.updatedAt.toISOString()
});

const detail = (a: CooperationAccess) => ({
	...summary(a.cooperation),
	parties: a.parties.map((p) => ({
		organisationId: p.organisationId,
		organisationName: p.organisationName,
		organisationKind: p.organisationKind,
		role: p.role as 'pilote',
		signatories: p.signatories
	})),
	canManage: a.canManage,
	signatoryFor: a.signatoryFor
});

const partyParamsSchema = z.object({
	id: z.uuid('id.invalid'),
	organisationId: z.uuid('id.invalid')
});

export const listCooperations = operation(
	{
		method: 'GET',
		path: '/cooperations',
		operationId: 'listCooperations',
		summary:
			'Coopérations, les plus récemment modifiées d’abord ; mine=true : celles dont une de vos organisations est partie ; q : recherche dans le nom',
		tag: 'cooperations',
		auth: 'session',
		query: cooperationListQuerySchema,
		response: z.object({ items: z.array(cooperationSchema), total: z.number().int() })
	},
	async ({ query, ctx }) => {
		const { items, total } = await searchCooperations(ctx, query);
		return { items: items.map(summary), total };
	}
);

export const createCooperationOperation = operation(
	{
		method: 'POST',
		path: '/cooperations',
		operationId: 'createCooperation',
		summary:
			'Créer une coopération avec ses parties (coordination du territoire) ; au moins une partie pilote, membres autorisés pris parmi les membres de chaque organisation',
		tag: 'cooperations',
		auth: 'session',
		body: cooperationInputSchema,
		response: cooperationDetailSchema,
		status: 201
	},
	async ({ body, ctx }) => {
		const created = await createCooperation(ctx, body);
		return detail(await getCooperation(ctx, created.id));
	}
);

export const getCooperationOperation = operation(
	{
		method: 'GET',
		path: '/cooperations/{id}',
		operationId: 'getCooperation',
		summary:
			'Une coopération : ses parties, leur rôle et leurs membres autorisés, et ce que vous pouvez y faire',
		tag: 'cooperations',
		auth: 'session',
		params: idParamsSchema,
		response: cooperationDetailSchema
	},
	async ({ params, ctx }) => detail(await getCooperation(ctx, params.id))
);

export const updateCooperationOperation = operation(
	{
		method: 'PATCH',
		path: '/cooperations/{id}',
		operationId: 'updateCooperation',
		summary:
			'Modifier une coopération (seuls les champs envoyés changent) : pilote, co-pilote, facilitateur ou coordination du territoire',
		tag: 'cooperations',
		auth: 'session',
		params: idParamsSchema,
		body: cooperationPatchSchema,
		response: cooperationDetailSchema
	},
	async ({ params, body, ctx }) => {
		await updateCooperation(ctx, params.id, body);
		return detail(await getCooperation(ctx, params.id));
	}
);

export const putCooperationParty = operation(
	{
		method: 'PUT',
		path: '/cooperations/{id}/parties/{organisationId}',
		operationId: 'putCooperationParty',
		summary:
			'Ajouter une partie ou changer son rôle et ses membres autorisés (membres de cette organisation) ; la dernière partie pilote le reste',
		tag: 'cooperations',
		auth: 'session',
		params: partyParamsSchema,
		body: partyPutSchema,
		response: cooperationDetailSchema
	},
	async ({ params, body, ctx }) => {
		await putParty(ctx, params.id, params.organisationId, body);
		return detail(await getCooperation(ctx, params.id));
	}
);

export const removeCooperationParty = operation(
	{
		method: 'DELETE',
		path: '/cooperations/{id}/parties/{organisationId}',
		operationId: 'removeCooperationParty',
		summary: 'Retirer une partie (jamais la dernière partie pilote)',
		tag: 'cooperations',
		auth: 'session',
		params: partyParamsSchema,
		response: z.null(),
		status: 204
	},
	async ({ params, ctx }) => {
		await removeParty(ctx, params.id, params.organisationId);
		return null;
	}
);
