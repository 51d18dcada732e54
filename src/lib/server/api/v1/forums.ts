import { z } from 'zod';
import { operation } from '../operation';
import { idParamsSchema } from '../common';
import {
	contribute,
	contributionToNeed,
	createSession,
	getSession,
	listSessions
} from '../../forums/service';
import {
	contributionInputSchema,
	contributionSchema,
	sessionDetailSchema,
	sessionInputSchema,
	sessionSchema,
	sessionsPageSchema,
	sessionsQuerySchema
} from '../../forums/validation';

/** Thematic forums (issue 12 §7): sessions, contributions, a contribution turned into a need. Never public. */

export const listForumsOperation = operation(
	{
		method: 'GET',
		path: '/forums',
		operationId: 'listForums',
		summary:
			'Sessions de forum thématique des territoires de ses organisations (ou que l’on coordonne) : à venir et en cours d’abord, puis terminées ; filtres territoire et thématique',
		tag: 'forums',
		auth: 'session',
		query: sessionsQuerySchema,
		response: sessionsPageSchema
	},
	async ({ query, ctx }) => listSessions(ctx, query)
);

export const createForumOperation = operation(
	{
		method: 'POST',
		path: '/forums',
		operationId: 'createForum',
		summary:
			'Créer une session de forum (coordination du territoire, ou professionnel d’une organisation de ce territoire, qui en devient l’animateur) : participants comptés par type d’expertise, jamais nommés pour l’expertise d’usage',
		tag: 'forums',
		auth: 'session',
		body: sessionInputSchema,
		response: sessionSchema,
		status: 201
	},
	async ({ body, ctx }) => createSession(ctx, body)
);

export const getForumOperation = operation(
	{
		method: 'GET',
		path: '/forums/{id}',
		operationId: 'getForum',
		summary: 'Une session de forum et ses contributions avec leurs réponses (404 hors de portée)',
		tag: 'forums',
		auth: 'session',
		params: idParamsSchema,
		response: sessionDetailSchema
	},
	async ({ params, ctx }) => {
		const detail = await getSession(ctx, params.id);
		return {
			session: detail.session,
			isFacilitator: detail.isFacilitator,
			contributions: detail.contributions
		};
	}
);

export const contributeOperation = operation(
	{
		method: 'POST',
		path: '/forums/{id}/contributions',
		operationId: 'contributeToForum',
		summary:
			'Contribuer (ou répondre, avec parentId) : texte brut de 4 000 caractères au plus, type d’expertise, étiquettes normalisées ; « au nom d’un participant » (onBehalf) réservé aux animateurs, sans nom. Le moment (avant, pendant, après) vient des dates de la session',
		tag: 'forums',
		auth: 'session',
		params: idParamsSchema,
		body: contributionInputSchema,
		response: contributionSchema,
		status: 201
	},
	async ({ params, body, ctx }) => contribute(ctx, params.id, body)
);

export const contributionToNeedOperation = operation(
	{
		method: 'POST',
		path: '/forums/{id}/contributions/{cid}/need',
		operationId: 'forumContributionToNeed',
		summary:
			'Faire d’une contribution un besoin de l’inventaire partagé (source « forum », territoire et thématiques de la session, expertise de la contribution) : animateurs de la session ; idempotent (le besoin déjà enregistré est renvoyé)',
		tag: 'forums',
		auth: 'session',
		params: z.object({ id: z.uuid('id.invalid'), cid: z.uuid('id.invalid') }),
		response: z.object({
			need: z.object({ id: z.uuid(), title: z.string() }),
			created: z.boolean(),
			contribution: contributionSchema
		})
	},
	async ({ params, ctx }) => contributionToNeed(ctx, params.id, params.cid)
);
