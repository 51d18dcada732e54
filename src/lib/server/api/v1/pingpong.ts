import { z } from 'zod';
import { operation } from '../operation';
import { idParamsSchema } from '../common';
import { getFlag, handleFlag, listFlags, updatePathwaySettings } from '../../pathways/ping-pong-flags';
import { needFromRefusedReferral } from '../../pathways/referral-need';
import {
	flagSchema,
	flagsPageSchema,
	flagsQuerySchema,
	handleFlagSchema,
	pathwaySettingsInputSchema,
	pathwaySettingsSchema
} from '../../pathways/ping-pong-validation';
import { needSchema } from '../../needs/validation';

/** Ping-pong flags (issue 11 §5), per-cooperation thresholds, and the need recorded from a refused referral. */

export const listFlagsOperation = operation(
	{
		method: 'GET',
		path: '/ping-pong-flags',
		operationId: 'listPingPongFlags',
		summary:
			'Alertes « ping-pong » des coopérations que l’on coordonne ou pilote : personne orientée au moins N fois sans solution (refus, expirations, réorientations) dans la fenêtre, ou renvoyée vers un organisme qui l’avait refusée ; chaîne des orientations. La personne n’est nommée que si son organisme la voit selon les règles de partage (sinon « Personne n° »).',
		tag: 'pathways',
		auth: 'session',
		query: flagsQuerySchema,
		response: flagsPageSchema
	},
	async ({ query, ctx }) => listFlags(ctx, query)
);

export const getFlagOperation = operation(
	{
		method: 'GET',
		path: '/ping-pong-flags/{id}',
		operationId: 'getPingPongFlag',
		summary: 'Une alerte « ping-pong » avec la chaîne de ses orientations (404 hors de portée)',
		tag: 'pathways',
		auth: 'session',
		params: idParamsSchema,
		response: flagSchema
	},
	async ({ params, ctx }) => getFlag(ctx, params.id)
);

export const handleFlagOperation = operation(
	{
		method: 'POST',
		path: '/ping-pong-flags/{id}/handle',
		operationId: 'handlePingPongFlag',
		summary:
			'Enregistrer « Ce qui a été fait » (texte chiffré) et clore l’alerte : coordinations du territoire et parties qui pilotent la coopération ; une seule fois (409 ensuite)',
		tag: 'pathways',
		auth: 'session',
		params: idParamsSchema,
		body: handleFlagSchema,
		response: flagSchema
	},
	async ({ params, body, ctx }) => handleFlag(ctx, params.id, body)
);

export const putPathwaySettingsOperation = operation(
	{
		method: 'PUT',
		path: '/cooperations/{id}/pathway-settings',
		operationId: 'putPathwaySettings',
		summary:
			'Seuil (2 à 10) et fenêtre (7 à 365 jours) de détection du « ping-pong » pour une coopération (par défaut 3 en 60 jours) : ceux qui pilotent la coopération',
		tag: 'pathways',
		auth: 'session',
		params: idParamsSchema,
		body: pathwaySettingsInputSchema,
		response: pathwaySettingsSchema
	},
	async ({ params, body, ctx }) => updatePathwaySettings(ctx, params.id, body)
);

export const needFromReferralOperation = operation(
	{
		method: 'POST',
		path: '/referrals/{id}/need',
		operationId: 'needFromRefusedReferral',
		summary:
			'Faire d’une orientation refusée un besoin de l’inventaire partagé (source « orientation refusée », thématiques et commune du service, motif du refus ; aucune donnée de la personne) : organisme qui a orienté ou qui a refusé ; idempotent (le besoin déjà enregistré est renvoyé)',
		tag: 'pathways',
		auth: 'session',
		params: idParamsSchema,
		response: z.object({ need: needSchema, created: z.boolean() })
	},
	async ({ params, ctx }) => needFromRefusedReferral(ctx, params.id)
);
