import { z } from 'zod';
import { operation } from '../operation';
import {
	answerRequest,
	createRequest,
	fundBalance,
	getRequest,
	listRequests,
	payRequest,
	repayRequest,
	writeOffRequest
} from '../../fund/service';
import {
	advanceDetailSchema,
	advanceListSchema,
	advanceRequestInputSchema,
	answerInputSchema,
	balanceQuerySchema,
	balanceSchema,
	paymentInputSchema,
	repaymentInputSchema,
	requestFilterSchema,
	writeOffInputSchema
} from '../../fund/validation';

/** The advance fund of a cooperation (issue 11 §6): requests, answers of the charter's approvers, money. */

const coopParams = z.object({ id: z.uuid('id.invalid') });
const requestParams = coopParams.extend({ requestId: z.uuid('id.invalid') });
const TAG = 'fund';

export const listAdvanceRequests = operation(
	{
		method: 'GET',
		path: '/cooperations/{id}/advance-requests',
		operationId: 'listAdvanceRequests',
		summary:
			'Demandes d’avance de la coopération, les plus récentes d’abord (filtres : statut, urgence, année). Le nom de la personne suit la règle de partage ; chaque nom montré est journalisé.',
		tag: TAG,
		auth: 'session',
		params: coopParams,
		query: requestFilterSchema,
		response: advanceListSchema
	},
	async ({ params, query, ctx }) => ({ items: await listRequests(ctx, params.id, query) })
);

export const createAdvanceRequest = operation(
	{
		method: 'POST',
		path: '/cooperations/{id}/advance-requests',
		operationId: 'createAdvanceRequest',
		summary:
			'Demander une avance pour une personne que l’on voit (montant exact « 250,50 », objet, urgence). Plafonds par demande et par année civile de la charte en vigueur ; les valideurs sont prévenus sans donnée personnelle.',
		tag: TAG,
		auth: 'session',
		params: coopParams,
		body: advanceRequestInputSchema,
		response: advanceDetailSchema,
		status: 201
	},
	async ({ params, body, ctx }) => createRequest(ctx, params.id, body)
);

export const getAdvanceRequest = operation(
	{
		method: 'GET',
		path: '/cooperations/{id}/advance-requests/{requestId}',
		operationId: 'getAdvanceRequest',
		summary:
			'Une demande d’avance : réponses des valideurs, paiement, remboursements. L’objet et les justifications sont réservés à l’organisme demandeur et aux valideurs ; la lecture est journalisée.',
		tag: TAG,
		auth: 'session',
		params: requestParams,
		response: advanceDetailSchema
	},
	async ({ params, ctx }) => getRequest(ctx, params.id, params.requestId)
);

export const answerAdvanceRequest = operation(
	{
		method: 'POST',
		path: '/cooperations/{id}/advance-requests/{requestId}/answer',
		operationId: 'answerAdvanceRequest',
		summary:
			'Réponse d’un valideur désigné par la charte (accorder, ou refuser avec justification obligatoire). Accordée au quorum ; refusée dès que le quorum ne peut plus être atteint. Le demandeur ne valide pas sa propre demande (409).',
		tag: TAG,
		auth: 'session',
		params: requestParams,
		body: answerInputSchema,
		response: advanceDetailSchema
	},
	async ({ params, body, ctx }) => answerRequest(ctx, params.id, params.requestId, body)
);

export const payAdvanceRequest = operation(
	{
		method: 'POST',
		path: '/cooperations/{id}/advance-requests/{requestId}/pay',
		operationId: 'payAdvanceRequest',
		summary:
			'Enregistrer le paiement d’une avance accordée (date, moyen ; le montant est le montant accordé)',
		tag: TAG,
		auth: 'session',
		params: requestParams,
		body: paymentInputSchema,
		response: advanceDetailSchema
	},
	async ({ params, body, ctx }) => payRequest(ctx, params.id, params.requestId, body)
);

export const repayAdvanceRequest = operation(
	{
		method: 'POST',
		path: '/cooperations/{id}/advance-requests/{requestId}/repay',
		operationId: 'repayAdvanceRequest',
		summary: 'Enregistrer un remboursement, partiel ou final (jamais plus que ce qui reste dû)',
		tag: TAG,
		auth: 'session',
		params: requestParams,
		body: repaymentInputSchema,
		response: advanceDetailSchema
	},
	async ({ params, body, ctx }) => repayRequest(ctx, params.id, params.requestId, body)
);

export const writeOffAdvanceRequest = operation(
	{
		method: 'POST',
		path: '/cooperations/{id}/advance-requests/{requestId}/write-off',
		operationId: 'writeOffAdvanceRequest',
		summary: 'Passer en perte ce qui reste dû, avec un motif',
		tag: TAG,
		auth: 'session',
		params: requestParams,
		body: writeOffInputSchema,
		response: advanceDetailSchema
	},
	async ({ params, body, ctx }) => writeOffRequest(ctx, params.id, params.requestId, body)
);

export const getFundBalance = operation(
	{
		method: 'GET',
		path: '/cooperations/{id}/fund',
		operationId: 'getFundBalance',
		summary:
			'Bilan du fonds d’avance pour une année civile : accordé, versé, remboursé, passé en perte, restant dû, disponible sous le plafond annuel (montants exacts)',
		tag: TAG,
		auth: 'session',
		params: coopParams,
		query: balanceQuerySchema,
		response: balanceSchema
	},
	async ({ params, query, ctx }) => fundBalance(ctx, params.id, query.year)
);
