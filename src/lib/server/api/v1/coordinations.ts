import { z } from 'zod';
import { operation } from '../operation';
import * as coordinations from '../../auth/coordinations';
import { coordinationInputSchema, coordinationSchema } from '../../auth/coordinations-validation';
import { idParamsSchema, pageQuerySchema } from '../common';

export const listCoordinations = operation(
	{
		method: 'GET',
		path: '/coordinations',
		operationId: 'listCoordinations',
		summary: 'Coordinations de territoire en vigueur (celles que vous pouvez voir)',
		tag: 'coordinations',
		auth: 'session',
		query: pageQuerySchema(50),
		response: z.object({ items: z.array(coordinationSchema), total: z.number().int() })
	},
	async ({ query, ctx }) => coordinations.listCoordinations(ctx, query)
);

export const grantCoordination = operation(
	{
		method: 'POST',
		path: '/coordinations',
		operationId: 'grantCoordination',
		summary:
			'Confier la coordination d’un territoire à un compte (administration de l’instance ou coordination d’un territoire englobant)',
		tag: 'coordinations',
		auth: 'session',
		body: coordinationInputSchema,
		response: z.object({ id: z.uuid() }),
		status: 201
	},
	async ({ body, ctx }) => ({ id: (await coordinations.grantCoordination(ctx, body)).id })
);

export const revokeCoordination = operation(
	{
		method: 'DELETE',
		path: '/coordinations/{id}',
		operationId: 'revokeCoordination',
		summary: 'Retirer une coordination de territoire',
		tag: 'coordinations',
		auth: 'session',
		params: idParamsSchema,
		response: z.null(),
		status: 204
	},
	async ({ params, ctx }) => {
		await coordinations.revokeCoordination(ctx, params.id);
		return null;
	}
);
