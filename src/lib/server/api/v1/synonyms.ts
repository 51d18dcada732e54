import { z } from 'zod';
import { operation } from '../operation';
import * as synonyms from '../../directory/synonyms';
import {
	synonymListInputSchema,
	synonymListSchema,
	synonymTerritoryTypeSchema
} from '../../directory/synonyms-validation';

const synonymParamsSchema = z.object({
	type: synonymTerritoryTypeSchema,
	code: z
		.string()
		.regex(/^([0-9AB]{2,9})$/i, 'code.invalid')
		.meta({ description: 'Code INSEE (commune, département, région) ou SIREN (EPCI)', example: '46' })
});

export const getSynonyms = operation(
	{
		method: 'GET',
		path: '/synonyms/{type}/{code}',
		operationId: 'getSynonyms',
		summary: 'Synonymes de la recherche ajoutés par un territoire, et la liste commune (ADR 010)',
		tag: 'directory',
		auth: 'public',
		params: synonymParamsSchema,
		response: synonymListSchema
	},
	async ({ params, ctx }) => synonyms.getSynonymList(ctx, params.type, params.code)
);

export const putSynonyms = operation(
	{
		method: 'PUT',
		path: '/synonyms/{type}/{code}',
		operationId: 'putSynonyms',
		summary: 'Remplacer la liste de synonymes d’un territoire (coordination du territoire)',
		tag: 'directory',
		auth: 'session',
		params: synonymParamsSchema,
		body: synonymListInputSchema,
		response: synonymListSchema
	},
	async ({ params, body, ctx }) => synonyms.saveSynonymList(ctx, params.type, params.code, body)
);
