import { z } from 'zod';
import { operation } from '../operation';
import { idParamsSchema } from '../common';
import { addEntry, correctEntry, listEntries, type Entry } from '../../pathways/entries';
import { setReferent } from '../../pathways/referent';
import { followedByMe, type Followed, type MyAppointment } from '../../pathways/dashboard';
import {
	appointmentSchema,
	entryInputSchema,
	entryListQuerySchema,
	entryParamsSchema,
	entryPatchSchema,
	entrySchema,
	followedQuerySchema,
	followedSchema,
	referentPutSchema,
	referentSchema
} from '../../pathways/entries-validation';

/** Shared follow-up of a person (issue 11, item 3): timeline entries, référent de parcours, référent’s dashboard. */

const entryOut = (e: Entry) => ({
	...e,
	occursAt: e.occursAt.toISOString(),
	createdAt: e.createdAt.toISOString(),
	updatedAt: e.updatedAt.toISOString()
});

const followedOut = (f: Followed) => ({
	...f,
	lastActivityAt: f.lastActivityAt.toISOString(),
	nextAppointmentAt: f.nextAppointmentAt?.toISOString() ?? null
});

const appointmentOut = (a: MyAppointment) => ({ ...a, occursAt: a.occursAt.toISOString() });

export const listPersonEntries = operation(
	{
		method: 'GET',
		path: '/persons/{id}/entries',
		operationId: 'listPersonEntries',
		summary:
			'Le suivi partagé d’une personne : les entrées que vous pouvez voir (catégorie, consentement, charte et niveau de partage), les plus récentes d’abord ; chaque consultation est journalisée',
		tag: 'pathways',
		auth: 'session',
		params: idParamsSchema,
		query: entryListQuerySchema,
		response: z.object({ items: z.array(entrySchema), total: z.number().int() })
	},
	async ({ params, query, ctx }) => {
		const { items, total } = await listEntries(ctx, params.id, query);
		return { items: items.map(entryOut), total };
	}
);

export const addPersonEntry = operation(
	{
		method: 'POST',
		path: '/persons/{id}/entries',
		operationId: 'addPersonEntry',
		summary:
			'Ajouter une note, une étape, un besoin évalué ou un rendez-vous, dans une catégorie que votre organisme peut voir',
		tag: 'pathways',
		auth: 'session',
		params: idParamsSchema,
		body: entryInputSchema,
		response: entrySchema,
		status: 201
	},
	async ({ params, body, ctx }) => entryOut(await addEntry(ctx, params.id, body))
);

export const correctPersonEntry = operation(
	{
		method: 'PATCH',
		path: '/persons/{id}/entries/{entryId}',
		operationId: 'correctPersonEntry',
		summary:
			'Corriger une entrée (son auteur seulement, dans les 24 heures ; seuls les champs envoyés changent ; ensuite elle est conservée telle quelle)',
		tag: 'pathways',
		auth: 'session',
		params: entryParamsSchema,
		body: entryPatchSchema,
		response: entrySchema
	},
	async ({ params, body, ctx }) => entryOut(await correctEntry(ctx, params.id, params.entryId, body))
);

export const putPersonReferent = operation(
	{
		method: 'PUT',
		path: '/persons/{id}/referent',
		operationId: 'putPersonReferent',
		summary:
			'Désigner le référent de parcours (professionnels de l’organisme qui suit la personne ou référent actuel) ; l’ancien référent est prévenu',
		tag: 'pathways',
		auth: 'session',
		params: idParamsSchema,
		body: referentPutSchema,
		response: referentSchema
	},
	async ({ params, body, ctx }) => {
		const r = await setReferent(ctx, params.id, body);
		return { ...r, since: r.since.toISOString() };
	}
);

export const listMyFollowed = operation(
	{
		method: 'GET',
		path: '/me/followed',
		operationId: 'listMyFollowed',
		summary:
			'Mes suivis : les personnes dont vous êtes référent de parcours (dernière activité, prochain rendez-vous, orientations en cours, alerte ping-pong) et vos prochains rendez-vous',
		tag: 'pathways',
		auth: 'session',
		query: followedQuerySchema,
		response: z.object({
			items: z.array(followedSchema),
			total: z.number().int(),
			appointments: z.array(appointmentSchema)
		})
	},
	async ({ query, ctx }) => {
		const { items, total, appointments } = await followedByMe(ctx, query);
		return { items: items.map(followedOut), total, appointments: appointments.map(appointmentOut) };
	}
);
