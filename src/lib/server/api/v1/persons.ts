import { z } from 'zod';
import type { RequestEvent } from '@sveltejs/kit';
import { operation } from '../operation';
import { idParamsSchema } from '../common';
import { translator } from '../../../i18n/index';
import { INFO_CATEGORIES } from '../../charters/content';
import {
	createPerson,
	getPerson,
	listPersons,
	updatePerson,
	type PersonRecord
} from '../../pathways/persons';
import { addConsent, listConsents, withdrawConsent, type Consent } from '../../pathways/consents';
import {
	consentInputSchema,
	consentSchema,
	personInputSchema,
	personListQuerySchema,
	personListSchema,
	personPatchSchema,
	personSchema
} from '../../pathways/persons-validation';

/** People followed (issue 11): the record, category by category as the sharing rule decides, and consents. */

type Shown = { visible: true; value: unknown } | { visible: false; reason: string };

function personBody(event: RequestEvent, record: PersonRecord) {
	const t = translator(event.locals.locale);
	const hidden = (reason: string) => ({
		visible: false as const,
		reason,
		message: t(`persons.hidden.${reason}`)
	});
	const shown = (s: Shown) =>
		s.visible ? { visible: true as const, value: s.value ?? null } : hidden(s.reason);
	const values: Partial<Record<string, Shown>> = {
		identity: record.identity,
		contact: record.contact,
		situation: record.situation
	};
	const { person } = record.view;
	return {
		id: person.id,
		organisationId: person.organisationId,
		isHolder: record.view.isHolder,
		ground: record.view.ground,
		communeCode: person.communeCode,
		preferredLanguage: person.preferredLanguage,
		lastActivityAt: person.lastActivityAt.toISOString(),
		categories: Object.fromEntries(
			INFO_CATEGORIES.map((c) => {
				const access = record.categories[c];
				if (!access.visible) return [c, hidden(access.reason)];
				// categories without a field on the record (needs, health…) are filled by the follow-up entries
				return [c, shown(values[c] ?? { visible: true, value: null })];
			})
		)
	};
}

const consentBody = (c: Consent) => ({
	...c,
	withdrawnAt: c.withdrawnAt ? c.withdrawnAt.toISOString() : null
});

const consentParamsSchema = z.object({ id: z.uuid('id.invalid'), consentId: z.uuid('id.invalid') });

export const listPersonsOperation = operation(
	{
		method: 'GET',
		path: '/persons',
		operationId: 'listPersons',
		summary:
			'Personnes suivies par mes organismes (scope=held, recherche par nom q) ou partagées avec eux (scope=shared) ; l’activité la plus récente d’abord',
		tag: 'persons',
		auth: 'session',
		query: personListQuerySchema,
		response: personListSchema
	},
	async ({ query, ctx }) => {
		const { items, total } = await listPersons(ctx, query);
		return {
			items: items.map((i) => ({
				id: i.id,
				label: i.name ?? `Personne n° ${i.shortId}`,
				named: i.name !== null,
				organisationId: i.organisationId,
				communeCode: i.communeCode,
				lastActivityAt: i.lastActivityAt.toISOString()
			})),
			total
		};
	}
);

export const createPersonOperation = operation(
	{
		method: 'POST',
		path: '/persons',
		operationId: 'createPerson',
		summary:
			'Créer la fiche d’une personne suivie par votre organisme ; un doublon probable est refusé (champ duplicate) sauf confirmDuplicate=true',
		tag: 'persons',
		auth: 'session',
		body: personInputSchema,
		response: personSchema,
		status: 201
	},
	async ({ body, ctx, event }) => {
		const { id } = await createPerson(ctx, body);
		return personBody(event, await getPerson(ctx, id));
	}
);

export const getPersonOperation = operation(
	{
		method: 'GET',
		path: '/persons/{id}',
		operationId: 'getPerson',
		summary:
			'La fiche d’une personne : chaque catégorie visible avec sa valeur, ou masquée avec la raison ; 404 hors de portée',
		tag: 'persons',
		auth: 'session',
		params: idParamsSchema,
		response: personSchema
	},
	async ({ params, ctx, event }) => personBody(event, await getPerson(ctx, params.id))
);

export const updatePersonOperation = operation(
	{
		method: 'PATCH',
		path: '/persons/{id}',
		operationId: 'updatePerson',
		summary: 'Modifier la fiche (organisme qui suit la personne ; seuls les champs envoyés changent)',
		tag: 'persons',
		auth: 'session',
		params: idParamsSchema,
		body: personPatchSchema,
		response: personSchema
	},
	async ({ params, body, ctx, event }) => {
		await updatePerson(ctx, params.id, body);
		return personBody(event, await getPerson(ctx, params.id));
	}
);

export const listConsentsOperation = operation(
	{
		method: 'GET',
		path: '/persons/{id}/consents',
		operationId: 'listPersonConsents',
		summary: 'Les consentements de la personne, retirés compris (organisme qui suit la personne)',
		tag: 'persons',
		auth: 'session',
		params: idParamsSchema,
		response: z.object({ items: z.array(consentSchema) })
	},
	async ({ params, ctx }) => ({ items: (await listConsents(ctx, params.id)).map(consentBody) })
);

export const addConsentOperation = operation(
	{
		method: 'POST',
		path: '/persons/{id}/consents',
		operationId: 'addPersonConsent',
		summary:
			'Enregistrer un consentement : organismes (par identifiant ou par type), catégories, finalité, date, échéance, recueil oral ou écrit',
		tag: 'persons',
		auth: 'session',
		params: idParamsSchema,
		body: consentInputSchema,
		response: consentSchema,
		status: 201
	},
	async ({ params, body, ctx }) => consentBody(await addConsent(ctx, params.id, body))
);

export const withdrawConsentOperation = operation(
	{
		method: 'POST',
		path: '/persons/{id}/consents/{consentId}/withdraw',
		operationId: 'withdrawPersonConsent',
		summary: 'Retirer un consentement, avec effet immédiat pour les autres organismes',
		tag: 'persons',
		auth: 'session',
		params: consentParamsSchema,
		response: consentSchema
	},
	async ({ params, ctx }) => consentBody(await withdrawConsent(ctx, params.id, params.consentId))
);
