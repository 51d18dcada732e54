import { z } from 'zod';
import { operation } from '../operation';
import { publicBaseUrl } from '../../http/base-url';
import { idParamsSchema } from '../common';
import {
	handleCorrectionRequest,
	listCorrectionRequests,
	sendCorrectionRequest
} from '../../directory/corrections';
import {
	correctionHandleSchema,
	correctionInputSchema,
	correctionListQuerySchema,
	correctionRequestSchema
} from '../../directory/corrections-validation';

/** "Signaler une erreur": anyone sends; the owning organisation lists, answers or dismisses. */

export const sendCorrectionRequestOperation = operation(
	{
		method: 'POST',
		path: '/services/{id}/correction-requests',
		operationId: 'sendCorrectionRequest',
		summary:
			'Signaler une erreur sur la fiche d’un service (sans compte ; limité par adresse) : la demande va à l’organisation qui tient la fiche',
		tag: 'directory',
		auth: 'public',
		params: idParamsSchema,
		body: correctionInputSchema,
		response: z.object({ received: z.literal(true) }).meta({ id: 'CorrectionRequestReceived' }),
		status: 201
	},
	async ({ params, body, ctx, event }) => {
		await sendCorrectionRequest(ctx, params.id, body, { baseUrl: publicBaseUrl(event.url) });
		return { received: true as const };
	}
);

export const listCorrectionRequestsOperation = operation(
	{
		method: 'GET',
		path: '/correction-requests',
		operationId: 'listCorrectionRequests',
		summary:
			'Erreurs signalées sur les fiches d’une organisation, ouvertes d’abord (membres de l’organisation ; coordonnées pour qui peut les traiter, lecture journalisée)',
		tag: 'directory',
		auth: 'session',
		query: correctionListQuerySchema,
		response: z.object({
			items: z.array(correctionRequestSchema),
			total: z.number().int(),
			open: z.number().int(),
			canHandle: z.boolean()
		})
	},
	async ({ query, ctx }) =>
		listCorrectionRequests(ctx, query.organisationId, {
			status: query.status,
			limit: query.limit,
			offset: query.offset
		})
);

export const handleCorrectionRequestOperation = operation(
	{
		method: 'PATCH',
		path: '/correction-requests/{id}',
		operationId: 'handleCorrectionRequest',
		summary: 'Marquer un signalement comme traité (réponse facultative) ou l’écarter (motif obligatoire)',
		tag: 'directory',
		auth: 'session',
		params: idParamsSchema,
		body: correctionHandleSchema,
		response: correctionRequestSchema
	},
	async ({ params, body, ctx }) => handleCorrectionRequest(ctx, params.id, body)
);
