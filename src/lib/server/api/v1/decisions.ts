import { operation } from '../operation';
import { idParamsSchema } from '../common';
import { searchRegister, getDecision } from '../../governance/register';
import { changeDecisionStatus, updateDecision } from '../../governance/decision-lifecycle';
import { registerPageSchema, registerQuerySchema } from '../../governance/register-validation';
import {
	decisionPatchSchema,
	decisionSchema,
	decisionStatusInputSchema
} from '../../governance/decision-lifecycle-validation';

/** The decisions register (issue 10 §6) and the life of a decision: corrected, amended, reversed, carried out. */

export const searchDecisionsOperation = operation(
	{
		method: 'GET',
		path: '/decisions',
		operationId: 'searchDecisions',
		summary:
			'Registre des décisions des coopérations que l’on peut lire (membres des parties, coordinations du territoire) : recherche plein texte sans accents et tolérante aux fautes, filtres (coopération, territoire, instance, statut, dates, thématique), par pertinence puis date, avec les nombres par statut. Les décisions d’une cellule de partage de situations ne sont montrées qu’à ses membres.',
		tag: 'governance',
		auth: 'session',
		query: registerQuerySchema,
		response: registerPageSchema
	},
	async ({ query, ctx }) => searchRegister(ctx, query)
);

export const getDecisionOperation = operation(
	{
		method: 'GET',
		path: '/decisions/{id}',
		operationId: 'getDecision',
		summary:
			'Une décision, avec son historique, les actions qui la mettent en œuvre et les décisions qui la modifient ou l’annulent',
		tag: 'governance',
		auth: 'session',
		params: idParamsSchema,
		response: decisionSchema
	},
	async ({ params, ctx }) => getDecision(ctx, params.id)
);

export const updateDecisionOperation = operation(
	{
		method: 'PATCH',
		path: '/decisions/{id}',
		operationId: 'updateDecision',
		summary:
			'Corriger le titre, le texte, l’issue ou la date de réexamen d’une décision en vigueur (seuls les champs envoyés changent ; avant et après gardés dans l’historique) : parties qui pilotent, coordinations du territoire',
		tag: 'governance',
		auth: 'session',
		params: idParamsSchema,
		body: decisionPatchSchema,
		response: decisionSchema
	},
	async ({ params, body, ctx }) => updateDecision(ctx, params.id, body)
);

export const changeDecisionStatusOperation = operation(
	{
		method: 'POST',
		path: '/decisions/{id}/status',
		operationId: 'changeDecisionStatus',
		summary:
			'Changer le statut d’une décision avec un motif : en vigueur → modifiée (par une nouvelle décision), annulée ou mise en œuvre ; mise en œuvre → de nouveau en vigueur. Rien n’est jamais supprimé.',
		tag: 'governance',
		auth: 'session',
		params: idParamsSchema,
		body: decisionStatusInputSchema,
		response: decisionSchema
	},
	async ({ params, body, ctx }) => changeDecisionStatus(ctx, params.id, body)
);
