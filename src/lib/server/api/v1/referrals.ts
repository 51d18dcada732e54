import { z } from 'zod';
import { operation } from '../operation';
import { idParamsSchema } from '../common';
import {
	abandon,
	accept,
	complete,
	createReferral,
	getReferral,
	listReferrals,
	putReferralSettings,
	referralSettings,
	refuse,
	start,
	type ReferralSettings
} from '../../pathways/referrals';
import {
	acceptSchema,
	outcomeSchema,
	referralDetailSchema,
	referralInputSchema,
	referralListQuerySchema,
	referralSchema,
	referralSettingsInputSchema,
	referralSettingsSchema,
	refusalSchema
} from '../../pathways/referrals-validation';
import type { ReferralRow } from '../../pathways/referrals-repository';
import type { RefusalReason, ReferralStatus } from '../../pathways/schema';

/** Referrals (orientations, issue 11 §4): ids only in paths; the person's name only where the sharing rule shows it. */

type Row = {
	referral: ReferralRow;
	serviceName: string;
	fromOrganisationName: string;
	toOrganisationName: string;
	person: z.infer<typeof referralSchema>['person'];
	overdue: boolean;
};

const summary = (i: Row): z.infer<typeof referralSchema> => ({
	id: i.referral.id,
	personId: i.referral.personId,
	person: i.person,
	serviceId: i.referral.serviceId,
	serviceName: i.serviceName,
	fromOrganisationId: i.referral.fromOrganisationId,
	fromOrganisationName: i.fromOrganisationName,
	toOrganisationId: i.referral.toOrganisationId,
	toOrganisationName: i.toOrganisationName,
	status: i.referral.status as ReferralStatus,
	refusalReason: (i.referral.refusalReason as RefusalReason | null) ?? null,
	respondBy: i.referral.respondBy,
	overdue: i.overdue,
	createdAt: i.referral.createdAt.toISOString(),
	closedAt: i.referral.closedAt?.toISOString() ?? null,
	version: i.referral.version
});

async function detail(ctx: Parameters<typeof getReferral>[0], id: string) {
	const d = await getReferral(ctx, id);
	return {
		...summary(d),
		message: d.message,
		outcome: d.outcome,
		acceptedByName: d.acceptedByName,
		events: d.events.map((e) => ({
			fromStatus: e.fromStatus,
			toStatus: e.toStatus,
			automatic: e.automatic,
			at: e.at.toISOString(),
			byName: e.byName
		})),
		can: d.can
	} as z.infer<typeof referralDetailSchema>;
}

const settingsOut = (s: ReferralSettings) => ({
	...s,
	capacityUpdatedAt: s.capacityUpdatedAt?.toISOString() ?? null
});

export const createReferralOperation = operation(
	{
		method: 'POST',
		path: '/referrals',
		operationId: 'createReferral',
		summary:
			'Orienter une personne vers un service de l’annuaire : il faut voir la personne et qu’un consentement en cours couvre l’organisme du service (au moins l’identité)',
		tag: 'referrals',
		auth: 'session',
		body: referralInputSchema,
		response: referralDetailSchema,
		status: 201
	},
	async ({ body, ctx }) => detail(ctx, (await createReferral(ctx, body)).id)
);

export const listReferralsOperation = operation(
	{
		method: 'GET',
		path: '/referrals',
		operationId: 'listReferrals',
		summary:
			'Orientations reçues par les services de mes organismes (box=received, les échéances dépassées d’abord) ou envoyées (box=sent)',
		tag: 'referrals',
		auth: 'session',
		query: referralListQuerySchema,
		response: z.object({
			items: z.array(referralSchema),
			total: z.number().int(),
			capped: z.boolean().describe('vrai quand il y en a davantage : le décompte s’arrête à 1 000')
		})
	},
	async ({ query, ctx }) => {
		const { items, total, capped } = await listReferrals(ctx, query);
		return { items: items.map(summary), total, capped };
	}
);

export const getReferralOperation = operation(
	{
		method: 'GET',
		path: '/referrals/{id}',
		operationId: 'getReferral',
		summary:
			'Une orientation, pour l’organisme qui l’a envoyée ou celui qui la reçoit (la première ouverture par ce dernier la marque reçue) ; lecture journalisée',
		tag: 'referrals',
		auth: 'session',
		params: idParamsSchema,
		response: referralDetailSchema
	},
	async ({ params, ctx }) => detail(ctx, params.id)
);

const answer = <S extends z.ZodType>(
	name: 'accept' | 'refuse' | 'start' | 'complete' | 'abandon',
	summaryText: string,
	body: S,
	run: (ctx: Parameters<typeof getReferral>[0], id: string, input: z.output<S>) => Promise<unknown>
) =>
	operation(
		{
			method: 'POST',
			path: `/referrals/{id}/${name}`,
			operationId: `${name}Referral`,
			summary: summaryText,
			tag: 'referrals',
			auth: 'session',
			params: idParamsSchema,
			body,
			response: referralDetailSchema
		},
		async ({ params, body: input, ctx }) => {
			await run(ctx, params.id, input as z.output<S>);
			return detail(ctx, params.id);
		}
	);

export const acceptReferralOperation = answer(
	'accept',
	'Accepter une orientation (organisme qui la reçoit) ; si un collègue l’a déjà acceptée : 409 « Cette orientation a déjà été acceptée par … »',
	acceptSchema,
	(ctx, id, input) => accept(ctx, id, input)
);
export const refuseReferralOperation = answer(
	'refuse',
	'Refuser une orientation avec un motif (texte obligatoire pour « autre »)',
	refusalSchema,
	(ctx, id, input) => refuse(ctx, id, input)
);
export const startReferralOperation = answer(
	'start',
	'Commencer l’accompagnement d’une orientation acceptée',
	acceptSchema,
	(ctx, id, input) => start(ctx, id, input)
);
export const completeReferralOperation = answer(
	'complete',
	'Terminer une orientation acceptée ou en cours, avec son résultat',
	outcomeSchema,
	(ctx, id, input) => complete(ctx, id, input)
);
export const abandonReferralOperation = answer(
	'abandon',
	'Abandonner une orientation : l’organisme qui l’a envoyée avant qu’elle soit acceptée, celui qui la reçoit ensuite',
	outcomeSchema,
	(ctx, id, input) => abandon(ctx, id, input)
);

export const getReferralSettingsOperation = operation(
	{
		method: 'GET',
		path: '/services/{id}/referral-settings',
		operationId: 'getServiceReferralSettings',
		summary:
			'Ce qu’un service dit aux orienteurs, sans donnée personnelle : reçoit-il des orientations, sa capacité, son délai de réponse en jours ouvrés',
		tag: 'referrals',
		auth: 'session',
		params: idParamsSchema,
		response: referralSettingsSchema
	},
	async ({ params, ctx }) => settingsOut(await referralSettings(ctx, params.id))
);

export const putReferralSettingsOperation = operation(
	{
		method: 'PUT',
		path: '/services/{id}/referral-settings',
		operationId: 'putServiceReferralSettings',
		summary: 'Capacité et délai de réponse d’un service (professionnels de son organisme)',
		tag: 'referrals',
		auth: 'session',
		params: idParamsSchema,
		body: referralSettingsInputSchema,
		response: referralSettingsSchema
	},
	async ({ params, body, ctx }) => settingsOut(await putReferralSettings(ctx, params.id, body))
);
