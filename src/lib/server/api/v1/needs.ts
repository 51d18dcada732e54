import { operation } from '../operation';
import { idParamsSchema } from '../common';
import { listNeeds } from '../../needs/service';
import { addNeed, getNeed, mergeNeeds, updateNeed } from '../../needs/editing';
import {
	needDetailSchema,
	needInputSchema,
	needMergeSchema,
	needPatchSchema,
	needSchema,
	needsPageSchema,
	needsQuerySchema
} from '../../needs/validation';

/** The shared needs inventory (issue 12 §4): no person data; partners add, the territory's coordinators qualify. */

export const listNeedsOperation = operation(
	{
		method: 'GET',
		path: '/needs',
		operationId: 'listNeeds',
		summary:
			'Inventaire partagé des besoins, du plus récent au plus ancien (professionnels et coordinations ; aucune donnée de personne) : recherche, filtres thématique, territoire, statut, source, expertise',
		tag: 'needs',
		auth: 'session',
		query: needsQuerySchema,
		response: needsPageSchema
	},
	async ({ query, ctx }) => listNeeds(ctx, query)
);

export const addNeedOperation = operation(
	{
		method: 'POST',
		path: '/needs',
		operationId: 'addNeed',
		summary: 'Signaler un besoin pour l’une de ses organisations (statut « à qualifier »)',
		tag: 'needs',
		auth: 'session',
		body: needInputSchema,
		response: needSchema,
		status: 201
	},
	async ({ body, ctx }) => addNeed(ctx, body)
);

export const getNeedOperation = operation(
	{
		method: 'GET',
		path: '/needs/{id}',
		operationId: 'getNeed',
		summary: 'Un besoin, son historique, ses doublons fusionnés et ce que l’on peut en faire',
		tag: 'needs',
		auth: 'session',
		params: idParamsSchema,
		response: needDetailSchema
	},
	async ({ params, ctx }) => getNeed(ctx, params.id)
);

export const updateNeedOperation = operation(
	{
		method: 'PATCH',
		path: '/needs/{id}',
		operationId: 'updateNeed',
		summary:
			'Modifier ou qualifier un besoin (seuls les champs envoyés changent) : coordinations du territoire ; l’organisation qui l’a signalé tant qu’il est « à qualifier »',
		tag: 'needs',
		auth: 'session',
		params: idParamsSchema,
		body: needPatchSchema,
		response: needSchema
	},
	async ({ params, body, ctx }) => updateNeed(ctx, params.id, body)
);

export const mergeNeedOperation = operation(
	{
		method: 'POST',
		path: '/needs/{id}/merge',
		operationId: 'mergeNeed',
		summary:
			'Fusionner un doublon dans ce besoin (gardé) : thématiques, éléments et signalements réunis, historique gardé sur les deux (coordinations)',
		tag: 'needs',
		auth: 'session',
		params: idParamsSchema,
		body: needMergeSchema,
		response: needSchema
	},
	async ({ params, body, ctx }) => mergeNeeds(ctx, params.id, body.duplicateId)
);
