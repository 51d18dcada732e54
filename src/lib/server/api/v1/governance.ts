import { z } from 'zod';
import { operation } from '../operation';
import { publicBaseUrl } from '../../http/base-url';
import { idParamsSchema } from '../common';
import { NotFoundError } from '../../errors';
import * as gov from '../../governance/service';
import {
	attendanceInputSchema,
	bodyInputSchema,
	bodyPatchSchema,
	decisionInputSchema,
	meetingInputSchema,
	meetingPatchSchema,
	memberInputSchema,
	memberLeaveSchema,
	minutesInputSchema
} from '../../governance/validation';
import {
	agendaItemSchema,
	attendanceSchema,
	bodyOut,
	bodySchema,
	meetingOut,
	meetingSchema,
	memberOut,
	memberSchema,
	minutesOut,
	minutesSchema
} from '../../governance/responses';

/** Bodies, members, meetings (iCalendar invitations), attendance, minutes, decisions and actions (issue 10 §4–5). */

const TAG = 'governance';
const cooperationQuery = z.object({ cooperationId: z.uuid('id.invalid') });
const created = z.object({ id: z.uuid() });

export const listBodiesOperation = operation(
	{
		method: 'GET',
		path: '/bodies',
		operationId: 'listBodies',
		summary: 'Instances d’une coopération (membres de ses parties, coordination du territoire)',
		tag: TAG,
		auth: 'session',
		query: cooperationQuery,
		response: z.object({ items: z.array(bodySchema) })
	},
	async ({ query, ctx }) => ({
		items: (await gov.listBodies(ctx, query.cooperationId)).bodies.map(bodyOut)
	})
);

export const createBodyOperation = operation(
	{
		method: 'POST',
		path: '/bodies',
		operationId: 'createBody',
		summary:
			'Créer une instance (pilotage, technique, partage de situations) ; périmètre par défaut : celui de la coopération',
		tag: TAG,
		auth: 'session',
		body: bodyInputSchema.extend({ cooperationId: z.uuid('id.invalid') }),
		response: created,
		status: 201
	},
	async ({ body, ctx }) => ({ id: (await gov.createBody(ctx, body.cooperationId, body)).id })
);

export const territoryBodiesOperation = operation(
	{
		method: 'GET',
		path: '/bodies/territory',
		operationId: 'territoryBodies',
		summary:
			'Toutes les instances d’un territoire et leurs recouvrements (même thème et territoire, membres communs)',
		tag: TAG,
		auth: 'session',
		query: z.object({
			type: z.enum(['region', 'departement', 'epci', 'commune']),
			code: z.string().trim().min(2, 'territory.unknown').max(9, 'territory.unknown')
		}),
		response: z.object({
			bodies: z.array(
				bodySchema.omit({ description: true }).extend({
					cooperationName: z.string(),
					members: z.number().int(),
					readable: z.boolean()
				})
			),
			overlaps: z.array(
				z.object({
					a: z.uuid(),
					b: z.uuid(),
					sameKind: z.boolean(),
					themes: z.array(z.string()),
					nestedTerritory: z.boolean(),
					sharedMembers: z.number().int(),
					sharedNames: z.array(z.string())
				})
			)
		})
	},
	async ({ query, ctx }) => {
		const view = await gov.territoryBodies(ctx, query);
		return { bodies: view.bodies, overlaps: view.overlaps };
	}
);

export const getBodyOperation = operation(
	{
		method: 'GET',
		path: '/bodies/{id}',
		operationId: 'getBody',
		summary: 'Une instance et ses membres (sièges en cours et passés)',
		tag: TAG,
		auth: 'session',
		params: idParamsSchema,
		response: bodySchema.extend({ members: z.array(memberSchema) })
	},
	async ({ params, ctx }) => {
		const access = await gov.getBody(ctx, params.id);
		return { ...bodyOut(access.body), members: access.members.map(memberOut) };
	}
);

export const updateBodyOperation = operation(
	{
		method: 'PATCH',
		path: '/bodies/{id}',
		operationId: 'updateBody',
		summary: 'Modifier une instance (seuls les champs envoyés changent)',
		tag: TAG,
		auth: 'session',
		params: idParamsSchema,
		body: bodyPatchSchema,
		response: bodySchema
	},
	async ({ params, body, ctx }) => bodyOut(await gov.updateBody(ctx, params.id, body))
);

export const addMemberOperation = operation(
	{
		method: 'POST',
		path: '/bodies/{id}/members',
		operationId: 'addBodyMember',
		summary: 'Faire siéger une personne (membre d’une organisation partie), avec son mandat et sa suppléance',
		tag: TAG,
		auth: 'session',
		params: idParamsSchema,
		body: memberInputSchema,
		response: created,
		status: 201
	},
	async ({ params, body, ctx }) => ({ id: (await gov.addMember(ctx, params.id, body)).id })
);

export const memberLeavesOperation = operation(
	{
		method: 'POST',
		path: '/bodies/{id}/members/{memberId}/leave',
		operationId: 'bodyMemberLeaves',
		summary:
			'Fin de mandat d’un membre ; avec un successeur, ses actions ouvertes lui sont transmises (passation)',
		tag: TAG,
		auth: 'session',
		params: z.object({ id: z.uuid('id.invalid'), memberId: z.uuid('id.invalid') }),
		body: memberLeaveSchema,
		response: z.object({ memberId: z.uuid(), endsOn: z.string(), handedOver: z.array(z.uuid()) })
	},
	async ({ params, body, ctx }) => {
		const access = await gov.getBody(ctx, params.id);
		if (!access.members.some((m) => m.id === params.memberId))
			throw new NotFoundError('member', params.memberId);
		return gov.memberLeaves(ctx, params.memberId, body);
	}
);

export const listMeetingsOperation = operation(
	{
		method: 'GET',
		path: '/bodies/{id}/meetings',
		operationId: 'listMeetings',
		summary:
			'Réunions d’une instance, les plus récentes d’abord, avec la présidence proposée pour la suivante',
		tag: TAG,
		auth: 'session',
		params: idParamsSchema,
		response: z.object({ items: z.array(meetingSchema), nextChairMemberId: z.uuid().nullable() })
	},
	async ({ params, ctx }) => {
		const { meetings } = await gov.listMeetings(ctx, params.id);
		const next = await gov.proposeNextChair(ctx, params.id);
		return { items: meetings.map(meetingOut), nextChairMemberId: next?.id ?? null };
	}
);

export const createMeetingOperation = operation(
	{
		method: 'POST',
		path: '/bodies/{id}/meetings',
		operationId: 'createMeeting',
		summary: 'Convoquer une réunion : ordre du jour, présidence ; invitation iCalendar envoyée aux membres',
		tag: TAG,
		auth: 'session',
		params: idParamsSchema,
		body: meetingInputSchema,
		response: meetingSchema.extend({ invited: z.number().int() }),
		status: 201
	},
	async ({ params, body, ctx, event }) => {
		const m = await gov.createMeeting(ctx, params.id, body, publicBaseUrl(event.url));
		return { ...meetingOut(m), invited: m.invited };
	}
);

export const createDecisionOperation = operation(
	{
		method: 'POST',
		path: '/bodies/{id}/decisions',
		operationId: 'createDecision',
		summary: 'Consigner une décision de l’instance (en vigueur), avec sa date de réexamen',
		tag: TAG,
		auth: 'session',
		params: idParamsSchema,
		body: decisionInputSchema,
		response: created,
		status: 201
	},
	async ({ params, body, ctx }) => ({ id: (await gov.createDecision(ctx, params.id, body)).id })
);

export const getMeetingOperation = operation(
	{
		method: 'GET',
		path: '/meetings/{id}',
		operationId: 'getMeeting',
		summary: 'Une réunion : ordre du jour (durée totale), présences',
		tag: TAG,
		auth: 'session',
		params: idParamsSchema,
		response: meetingSchema.extend({
			agenda: z.array(agendaItemSchema),
			totalMinutes: z.number().int(),
			attendance: z.array(attendanceSchema)
		})
	},
	async ({ params, ctx }) => {
		const m = await gov.getMeeting(ctx, params.id);
		return {
			...meetingOut(m.meeting),
			agenda: m.agenda.map(({ id, position, title, description, durationMinutes }) => ({
				id,
				position,
				title,
				description,
				durationMinutes
			})),
			totalMinutes: m.totalMinutes,
			attendance: m.attendance.map(({ memberId, status, attendeeUserId, bySubstitute }) => ({
				memberId,
				status,
				attendeeUserId,
				bySubstitute
			}))
		};
	}
);

export const updateMeetingOperation = operation(
	{
		method: 'PATCH',
		path: '/meetings/{id}',
		operationId: 'updateMeeting',
		summary:
			'Modifier une réunion (seuls les champs envoyés changent) ; nouvelle invitation (SEQUENCE + 1) si l’horaire, le lieu, le titre ou l’ordre du jour change',
		tag: TAG,
		auth: 'session',
		params: idParamsSchema,
		body: meetingPatchSchema,
		response: meetingSchema.extend({ invited: z.number().int() })
	},
	async ({ params, body, ctx, event }) => {
		const m = await gov.updateMeeting(ctx, params.id, body, publicBaseUrl(event.url));
		return { ...meetingOut(m), invited: m.invited };
	}
);

export const cancelMeetingOperation = operation(
	{
		method: 'POST',
		path: '/meetings/{id}/cancel',
		operationId: 'cancelMeeting',
		summary: 'Annuler une réunion prévue (annulation iCalendar METHOD:CANCEL envoyée aux membres)',
		tag: TAG,
		auth: 'session',
		params: idParamsSchema,
		response: meetingSchema.extend({ invited: z.number().int() })
	},
	async ({ params, ctx, event }) => {
		const m = await gov.cancelMeeting(ctx, params.id, publicBaseUrl(event.url));
		return { ...meetingOut(m), invited: m.invited };
	}
);

export const recordAttendanceOperation = operation(
	{
		method: 'PUT',
		path: '/meetings/{id}/attendance',
		operationId: 'recordAttendance',
		summary:
			'Présences (présent, excusé, absent ; suppléant·e présent·e pour le membre) — présidence ou pilotage',
		tag: TAG,
		auth: 'session',
		params: idParamsSchema,
		body: attendanceInputSchema,
		response: z.object({ items: z.array(attendanceSchema) })
	},
	async ({ params, body, ctx }) => ({
		items: (await gov.recordAttendance(ctx, params.id, body)).map(
			({ memberId, status, attendeeUserId, bySubstitute }) => ({
				memberId,
				status,
				attendeeUserId,
				bySubstitute
			})
		)
	})
);

export const getMinutesOperation = operation(
	{
		method: 'GET',
		path: '/meetings/{id}/minutes',
		operationId: 'getMinutes',
		summary: 'Compte rendu et approbations (partage de situations : ses membres seulement)',
		tag: TAG,
		auth: 'session',
		params: idParamsSchema,
		response: minutesSchema
	},
	async ({ params, ctx }) => minutesOut(await gov.getMinutes(ctx, params.id))
);

export const saveMinutesOperation = operation(
	{
		method: 'PUT',
		path: '/meetings/{id}/minutes',
		operationId: 'saveMinutes',
		summary:
			'Rédiger ou amender le compte rendu (texte riche nettoyé ; un amendement rouvre les approbations)',
		tag: TAG,
		auth: 'session',
		params: idParamsSchema,
		body: minutesInputSchema,
		response: minutesSchema
	},
	async ({ params, body, ctx }) => {
		await gov.saveMinutes(ctx, params.id, body);
		return minutesOut(await gov.getMinutes(ctx, params.id));
	}
);

export const proposeMinutesOperation = operation(
	{
		method: 'POST',
		path: '/meetings/{id}/minutes/propose',
		operationId: 'proposeMinutes',
		summary: 'Soumettre le compte rendu à l’approbation des présents',
		tag: TAG,
		auth: 'session',
		params: idParamsSchema,
		response: minutesSchema
	},
	async ({ params, ctx }) => {
		await gov.proposeMinutes(ctx, params.id);
		return minutesOut(await gov.getMinutes(ctx, params.id));
	}
);

export const approveMinutesOperation = operation(
	{
		method: 'POST',
		path: '/meetings/{id}/minutes/approve',
		operationId: 'approveMinutes',
		summary:
			'Approuver le compte rendu pour soi (présents seulement) ; approuvé quand tous les présents l’ont fait',
		tag: TAG,
		auth: 'session',
		params: idParamsSchema,
		response: z.object({ status: z.string(), approvals: z.number().int(), attendees: z.number().int() })
	},
	async ({ params, ctx }) => {
		const r = await gov.approveMinutes(ctx, params.id);
		return { status: r.minutes.status, approvals: r.approvals, attendees: r.attendees };
	}
);
