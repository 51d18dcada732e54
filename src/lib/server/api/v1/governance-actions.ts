import { z } from 'zod';
import { operation } from '../operation';
import { idParamsSchema } from '../common';
import * as gov from '../../governance/service';
import { actionInputSchema, actionPatchSchema, day } from '../../governance/validation';
import { actionOut, actionSchema } from '../../governance/responses';

/** Actions of the cooperations (issue 10 §5): mine, created, from an agenda item in one step, updated. */

const TAG = 'governance';

export const myActionsOperation = operation(
	{
		method: 'GET',
		path: '/actions',
		operationId: 'myActions',
		summary: 'Mes actions (celles dont je suis responsable), par échéance',
		tag: TAG,
		auth: 'session',
		response: z.object({ items: z.array(actionSchema.extend({ overdue: z.boolean() })) })
	},
	async ({ ctx }) => ({
		items: (await gov.myActions(ctx)).map((a) => ({ ...actionOut(a), overdue: a.overdue }))
	})
);

export const createActionOperation = operation(
	{
		method: 'POST',
		path: '/actions',
		operationId: 'createAction',
		summary: 'Créer une action (saisie, issue d’une décision ou d’un point de l’ordre du jour)',
		tag: TAG,
		auth: 'session',
		body: actionInputSchema.extend({ cooperationId: z.uuid('id.invalid') }),
		response: actionSchema,
		status: 201
	},
	async ({ body, ctx }) => actionOut(await gov.createAction(ctx, body.cooperationId, body))
);

export const actionFromAgendaItemOperation = operation(
	{
		method: 'POST',
		path: '/actions/from-agenda-item',
		operationId: 'actionFromAgendaItem',
		summary: 'Transformer un point de l’ordre du jour en action, en une étape (titre repris du point)',
		tag: TAG,
		auth: 'session',
		body: z.object({
			agendaItemId: z.uuid('id.invalid'),
			title: z.string().trim().max(300, 'text.tooLong').optional(),
			ownerUserId: z.uuid('governance.userUnknown'),
			ownerOrganisationId: z.uuid('governance.organisationNotParty'),
			dueOn: day()
		}),
		response: actionSchema,
		status: 201
	},
	async ({ body, ctx }) => actionOut(await gov.actionFromAgendaItem(ctx, body.agendaItemId, body))
);

export const getActionOperation = operation(
	{
		method: 'GET',
		path: '/actions/{id}',
		operationId: 'getAction',
		summary: 'Une action et son historique',
		tag: TAG,
		auth: 'session',
		params: idParamsSchema,
		response: actionSchema.extend({
			history: z.array(z.object({ kind: z.string(), changedAt: z.string(), changes: z.unknown() }))
		})
	},
	async ({ params, ctx }) => {
		const a = await gov.getAction(ctx, params.id);
		return {
			...actionOut(a),
			history: a.history.map((h) => ({
				kind: h.kind,
				changedAt: h.changedAt.toISOString(),
				changes: h.changes
			}))
		};
	}
);

export const updateActionOperation = operation(
	{
		method: 'PATCH',
		path: '/actions/{id}',
		operationId: 'updateAction',
		summary:
			'Modifier une action (seuls les champs envoyés changent) : la personne responsable ou les partenaires',
		tag: TAG,
		auth: 'session',
		params: idParamsSchema,
		body: actionPatchSchema,
		response: actionSchema
	},
	async ({ params, body, ctx }) => actionOut(await gov.updateAction(ctx, params.id, body))
);
