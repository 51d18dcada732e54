import { z } from 'zod';
import { operation } from '../operation';
import * as territories from '../../territories/service';
import {
	territoryParamsSchema,
	territorySchema,
	territorySearchQuerySchema,
	territorySearchResultSchema,
	zoneInputSchema,
	zoneSchema,
	zoneSummarySchema
} from '../../territories/validation';
import { idParamsSchema, pageQuerySchema } from '../common';

export const searchTerritories = operation(
	{
		method: 'GET',
		path: '/territories',
		operationId: 'searchTerritories',
		summary: 'Chercher une région, un département, un EPCI ou une commune par son nom',
		tag: 'territories',
		auth: 'public',
		query: territorySearchQuerySchema,
		response: territorySearchResultSchema
	},
	async ({ query, ctx }) => ({ items: await territories.searchTerritories(ctx, query) })
);

export const getTerritory = operation(
	{
		method: 'GET',
		path: '/territories/{type}/{code}',
		operationId: 'getTerritory',
		summary: 'Un territoire, sa hiérarchie et sa population',
		tag: 'territories',
		auth: 'public',
		params: territoryParamsSchema,
		response: territorySchema
	},
	async ({ params, ctx }) => territories.getTerritory(ctx, params.type, params.code)
);

const zonesQuery = pageQuerySchema(20).extend({ organisationId: z.uuid().optional() });

export const listZones = operation(
	{
		method: 'GET',
		path: '/zones',
		operationId: 'listZones',
		summary: 'Zones personnalisées (ensembles de communes)',
		tag: 'territories',
		auth: 'session',
		query: zonesQuery,
		response: z.object({ items: z.array(zoneSummarySchema) })
	},
	async ({ query, ctx }) => ({
		items: (await territories.listZones(ctx, query)).map((z) => ({
			...z,
			createdAt: z.createdAt.toISOString()
		}))
	})
);

export const createZone = operation(
	{
		method: 'POST',
		path: '/zones',
		operationId: 'createZone',
		summary: 'Créer une zone personnalisée (quartier prioritaire, bassin de vie, secteur…)',
		tag: 'territories',
		auth: 'session',
		body: zoneInputSchema,
		response: zoneSchema,
		status: 201
	},
	async ({ body, ctx }) => territories.createZone(ctx, body)
);

export const getZone = operation(
	{
		method: 'GET',
		path: '/zones/{id}',
		operationId: 'getZone',
		summary: 'Une zone personnalisée et ses communes',
		tag: 'territories',
		auth: 'session',
		params: idParamsSchema,
		response: zoneSchema
	},
	async ({ params, ctx }) => territories.getZone(ctx, params.id)
);

export const deleteZone = operation(
	{
		method: 'DELETE',
		path: '/zones/{id}',
		operationId: 'deleteZone',
		summary: 'Supprimer une zone personnalisée',
		tag: 'territories',
		auth: 'session',
		params: idParamsSchema,
		response: z.null(),
		status: 204
	},
	async ({ params, ctx }) => {
		await territories.deleteZone(ctx, params.id);
		return null;
	}
);
