import { z } from 'zod';
import { operation } from '../operation';
import { idParamsSchema } from '../common';
import { getServiceSheet, searchServices as search } from '../../directory/search';
import { servicesQuerySchema, toSearchQuery } from '../../directory/search-query';
import { serviceSchema } from '../../directory/validation';

/** Public reading of the directory: search and service sheets (writes are in ./directory.ts). */

const counts = z.record(z.string(), z.number().int());

export const serviceSearchResultSchema = z
	.object({
		items: z.array(
			serviceSchema.extend({
				distanceKm: z.number().nullable().meta({ description: 'Distance au point de recherche, en km' }),
				communeName: z.string().nullable()
			})
		),
		total: z.number().int(),
		page: z.number().int(),
		pageSize: z.number().int(),
		facets: z
			.object({
				categorie: counts,
				thematique: counts,
				public: counts,
				receptionMode: counts,
				fees: counts,
				type: counts
			})
			.meta({ description: 'Nombre de services du résultat par code' }),
		correctedQuery: z
			.string()
			.nullable()
			.meta({ description: 'Requête après correction des fautes de frappe, si elle a changé' })
	})
	.meta({ id: 'ServiceSearchResult' });

export const serviceSheetSchema = serviceSchema
	.extend({
		communeName: z.string().nullable(),
		structure: z.object({
			id: z.uuid(),
			name: z.string(),
			description: z.string(),
			address: z.string().nullable(),
			addressComplement: z.string().nullable(),
			postalCode: z.string().nullable(),
			communeCode: z.string().nullable(),
			communeName: z.string().nullable(),
			phone: z.string().nullable(),
			email: z.string().nullable(),
			website: z.string().nullable(),
			openingHours: z.string().nullable(),
			accessibilityUrl: z.string().nullable()
		})
	})
	.meta({ id: 'ServiceSheet' });

export const searchServices = operation(
	{
		method: 'GET',
		path: '/services',
		operationId: 'searchServices',
		summary: 'Chercher des services : texte libre, filtres, distance, pages et compteurs',
		tag: 'directory',
		auth: 'public',
		query: servicesQuerySchema,
		response: serviceSearchResultSchema
	},
	async ({ query, ctx }) => search(ctx, toSearchQuery(query))
);

export const getService = operation(
	{
		method: 'GET',
		path: '/services/{id}',
		operationId: 'getService',
		summary: 'Fiche publique d’un service et de sa structure',
		tag: 'directory',
		auth: 'public',
		params: idParamsSchema,
		response: serviceSheetSchema
	},
	async ({ params, ctx }) => getServiceSheet(ctx, params.id)
);
