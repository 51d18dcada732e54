import { z } from 'zod';
import { operation } from '../operation';
import { publicBaseUrl } from '../../http/base-url';
import { idParamsSchema } from '../common';
import { NotFoundError } from '../../errors';
import * as gov from '../../governance/service';
import {
	actionInputSchema,
	actionPatchSchema,
	attendanceInputSchema,
	bodyInputSchema,
	bodyPatchSchema,
	day,
	decisionInputSchema,
	meetingInputSchema,
	meetingPatchSchema,
	memberInputSchema,
	memberLeaveSchema,
	minutesInputSchema
} from '../../governance/validation';
import type { ActionView, BodyRow, MeetingRow, MemberView } from '../../governance/repository';

/** Bodies, members, meetings (iCalendar invitations), attendance, minutes, decisions and actions (issue 10 §4–5). */

const TAG = 'governance';
const iso = (d: Date | null) => (d ? d.toISOString() : null);

const bodySchema = z
	.object({
		id: z.uuid(),
		cooperationId: z.uuid(),
		kind: z.string(),
		name: z.string(),
		description: z.string(),
		territoryType: z.string(),
		territoryCode: z.string(),
		themes: z.array(z.string())
	})
	.meta({ id: 'Body' });
const bodyOut = (b: BodyRow) => ({
	id: b.id,
	cooperationId: b.cooperationId,
	kind: b.kind,
	name: b.name,
	description: b.description,
	territoryType: b.territoryType,
	territoryCode: b.territoryCode,
	themes: b.themes
});
const memberSchema = z
	.object({
		id: z.uuid(),
		userId: z.uuid(),
		displayName: z.string(),
		organisationId: z.uuid(),
		organisationName: z.string(),
		mandate: z.string(),
		substituteUserId: z.uuid().nullable(),
		startsOn: z.string(),
		endsOn: z.string().nullable()
	})
	.meta({ id: 'BodyMember' });
const memberOut = (m: MemberView) => ({
	id: m.id,
	userId: m.userId,
	displayName: m.displayName,
	organisationId: m.organisationId,
	organisationName: m.organisationName,
	mandate: m.mandate,
	substituteUserId: m.substituteUserId,
	startsOn: m.startsOn,
	endsOn: m.endsOn
});
const meetingSchema = z
	.object({
		id: z.uuid(),
		bodyId: z.uuid(),
		title: z.string(),
		startsAt: z.string(),
		endsAt: z.string(),
		location: z.string(),
		status: z.string(),
		chairMemberId: z.uuid().nullable(),
		icsSequence: z.number().int()
	})
	.meta({ id: 'Meeting' });
const meetingOut = (m: MeetingRow) => ({
	id: m.id,
	bodyId: m.bodyId,
	title: m.title,
	startsAt: m.startsAt.toISOString(),
	endsAt: m.endsAt.toISOString(),
	location: m.location,
	status: m.status,
	chairMemberId: m.chairMemberId,
	icsSequence: m.icsSequence
});
const actionSchema = z
	.object({
		id: z.uuid(),
		cooperationId: z.uuid(),
		bodyId: z.uuid().nullable(),
		meetingId: z.uuid().nullable(),
		agendaItemId: z.uuid().nullable(),
		decisionId: z.uuid().nullable(),
		title: z.string(),
		description: z.string(),
		ownerUserId: z.uuid(),
		ownerOrganisationId: z.uuid(),
		dueOn: z.string(),
		status: z.string(),
		completedAt: z.string().nullable()
	})
	.meta({ id: 'Action' });
const actionOut = (a: Omit<ActionView, 'cooperationName' | 'ownerName' | 'ownerOrganisationName'>) => ({
	id: a.id,
	cooperationId: a.cooperationId,
	bodyId: a.bodyId,
	meetingId: a.meetingId,
	agendaItemId: a.agendaItemId,
	decisionId: a.decisionId,
	title: a.title,
	description: a.description,
	ownerUserId: a.ownerUserId,
	ownerOrganisationId: a.ownerOrganisationId,
	dueOn: a.dueOn,
	status: a.status,
	completedAt: iso(a.completedAt)
});
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

const agendaItemSchema = z.object({
	id: z.uuid(),
	position: z.number().int(),
	title: z.string(),
	description: z.string(),
	durationMinutes: z.number().int()
});
const attendanceSchema = z.object({
	memberId: z.uuid(),
	status: z.string(),
	attendeeUserId: z.uuid().nullable(),
	bySubstitute: z.boolean()
});

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

const minutesSchema = z
	.object({
		status: z.string().nullable(),
		revision: z.number().int().nullable(),
		content: z.string().nullable(),
		approvals: z.array(z.object({ revision: z.number().int(), userId: z.uuid(), approvedAt: z.string() })),
		attendees: z.array(z.uuid())
	})
	.meta({ id: 'Minutes' });
const minutesOut = (m: Awaited<ReturnType<typeof gov.getMinutes>>) => ({
	status: m.minutes?.status ?? null,
	revision: m.minutes?.revision ?? null,
	content: m.minutes?.content ?? null,
	approvals: m.approvals.map((a) => ({
		revision: a.revision,
		userId: a.userId,
		approvedAt: a.approvedAt.toISOString()
	})),
	attendees: m.attendees
});

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
