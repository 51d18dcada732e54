import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { contextOf } from '$lib/server/api/operation';
import { routeId } from '$lib/server/http/forms';
import { publicBaseUrl } from '$lib/server/http/base-url';
import { ForbiddenError } from '$lib/server/policy/policy';
import { markupGlossary } from '$lib/server/glossary/service';
import {
	actionFromAgendaItem,
	actionsOfMeeting,
	approveMinutes,
	cancelMeeting,
	createDecision,
	decisionsOfMeeting,
	getMeeting,
	getMinutes,
	proposeMinutes,
	recordAttendance,
	saveMinutes,
	sanitizeMinutes,
	todayOf
} from '$lib/server/governance/service';
import {
	attendanceInputSchema,
	day,
	decisionInputSchema,
	minutesInputSchema
} from '$lib/server/governance/validation';
import { formValues, guard, postedId, run } from '../../../forms';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** Hidden from whoever may not read them (a "partage de situations" body's minutes and decisions). */
async function orHidden<T>(read: () => Promise<T>): Promise<T | null> {
	try {
		return await read();
	} catch (e) {
		if (e instanceof ForbiddenError) return null;
		throw e;
	}
}

/** A meeting: agenda (total duration), attendance, minutes and their approvals, decisions, actions. */
export const load: PageServerLoad = async (event) => {
	const ctx = contextOf(event);
	const meetingId = routeId(event, 'meetingId');
	const m = await guard(event, () => getMeeting(ctx, meetingId));
	const minutes = await orHidden(() => getMinutes(ctx, meetingId));
	const decisions = await orHidden(() => decisionsOfMeeting(ctx, meetingId));
	const actions = await guard(event, () => actionsOfMeeting(ctx, m.access.body.cooperationId, meetingId));
	const userId = ctx.actor.user?.id;
	const attendanceOf = new Map(m.attendance.map((a) => [a.memberId, a]));
	const current = new Set(m.access.current.map((x) => x.id));
	return {
		cooperation: { id: m.access.body.cooperationId, name: m.access.cooperation.cooperation.name },
		body: { id: m.access.body.id, name: m.access.body.name, kind: m.access.body.kind },
		meeting: {
			id: m.meeting.id,
			title: m.meeting.title,
			startsAt: m.meeting.startsAt.toISOString(),
			endsAt: m.meeting.endsAt.toISOString(),
			location: m.meeting.location,
			status: m.meeting.status,
			chair: m.chair?.displayName ?? null
		},
		canRun: m.canRun,
		agenda: m.agenda.map(({ id, title, durationMinutes }) => ({ id, title, durationMinutes })),
		totalMinutes: m.totalMinutes,
		seats: m.access.members
			.filter((s) => current.has(s.id) || attendanceOf.has(s.id))
			.map((s) => ({
				id: s.id,
				displayName: s.displayName,
				organisationName: s.organisationName,
				hasSubstitute: !!s.substituteUserId,
				status: attendanceOf.get(s.id)?.status ?? null,
				bySubstitute: attendanceOf.get(s.id)?.bySubstitute ?? false
			})),
		owners: m.access.current.map((s) => ({ id: s.id, label: `${s.displayName} (${s.organisationName})` })),
		parties: m.access.cooperation.parties.map((p) => ({ id: p.organisationId, name: p.organisationName })),
		minutes: minutes && {
			status: minutes.minutes?.status ?? null,
			revision: minutes.minutes?.revision ?? 0,
			// sanitised when written, sanitised again before the glossary marks its terms up ({@html} in GlossaryHtml)
			content: await markupGlossary(
				ctx,
				{
					type: m.access.cooperation.cooperation.territoryType as never,
					code: m.access.cooperation.cooperation.territoryCode
				},
				sanitizeMinutes(minutes.minutes?.content ?? ''),
				'minutes'
			),
			approvals: minutes.approvals.map((a) => ({
				revision: a.revision,
				name: a.displayName,
				at: a.approvedAt.toISOString()
			})),
			attendees: minutes.attendees.length,
			isAttendee: !!userId && minutes.attendees.includes(userId),
			approvedByMe: minutes.approvals.some(
				(a) => a.userId === userId && a.revision === minutes.minutes?.revision
			)
		},
		decisions: decisions?.map((d) => ({
			id: d.id,
			title: d.title,
			text: d.text,
			outcome: d.outcome,
			decidedOn: d.decidedOn,
			reviewOn: d.reviewOn,
			status: d.status
		})),
		actions: actions.map((a) => ({
			id: a.id,
			title: a.title,
			owner: a.ownerName,
			organisation: a.ownerOrganisationName,
			dueOn: a.dueOn,
			status: a.status
		})),
		today: todayOf(ctx)
	};
};

const ctxOf = (event: RequestEvent) => contextOf(event);
const back = (event: RequestEvent, anchor: string) => redirect(303, `${event.url.pathname}#${anchor}`);

export const actions: Actions = {
	attendance: async (event) => {
		const meetingId = routeId(event, 'meetingId');
		const values = await formValues(event);
		const ids = Object.keys(values)
			.filter((k) => k.startsWith('status.'))
			.map((k) => k.slice('status.'.length));
		const raw = {
			entries: ids.map((memberId) => ({
				memberId,
				status: values[`status.${memberId}`],
				bySubstitute: values[`substitute.${memberId}`] === 'on'
			}))
		};
		const result = await run(event, 'attendance', attendanceInputSchema, raw, values, (input) =>
			recordAttendance(ctxOf(event), meetingId, input)
		);
		if (Array.isArray(result)) back(event, 'presences');
		return result;
	},
	minutes: async (event) => {
		const meetingId = routeId(event, 'meetingId');
		const values = await formValues(event);
		const result = await run(event, 'minutes', minutesInputSchema, values, values, (input) =>
			saveMinutes(ctxOf(event), meetingId, input)
		);
		if ('id' in result) back(event, 'compte-rendu');
		return result;
	},
	propose: async (event) => {
		const meetingId = routeId(event, 'meetingId');
		const result = await run(event, 'minutes', z.object({}), {}, {}, () =>
			proposeMinutes(ctxOf(event), meetingId)
		);
		if ('id' in result) back(event, 'compte-rendu');
		return result;
	},
	approve: async (event) => {
		const meetingId = routeId(event, 'meetingId');
		const result = await run(event, 'minutes', z.object({}), {}, {}, () =>
			approveMinutes(ctxOf(event), meetingId)
		);
		if ('minutes' in result) back(event, 'compte-rendu');
		return result;
	},
	decision: async (event) => {
		const meetingId = routeId(event, 'meetingId');
		const bodyId = routeId(event, 'bodyId');
		const values = await formValues(event);
		const raw = { ...values, meetingId, linkedObjects: [] };
		const result = await run(event, 'decision', decisionInputSchema, raw, values, (input) =>
			createDecision(ctxOf(event), bodyId, input)
		);
		if ('id' in result) back(event, 'decisions');
		return result;
	},
	toAction: async (event) => {
		const values = await formValues(event);
		const itemId = postedId(event, values.agendaItemId);
		const m = await guard(event, () => getMeeting(ctxOf(event), routeId(event, 'meetingId')));
		const seat = m.access.current.find((s) => s.id === values.ownerMemberId);
		const schema = z.object({
			title: z.string().trim().max(300, 'text.tooLong'),
			ownerMemberId: z.uuid('governance.userUnknown'),
			dueOn: day()
		});
		const result = await run(event, `toAction-${itemId}`, schema, values, values, (input) =>
			actionFromAgendaItem(ctxOf(event), itemId, {
				title: input.title,
				ownerUserId: seat?.userId ?? input.ownerMemberId,
				ownerOrganisationId: seat?.organisationId ?? input.ownerMemberId,
				dueOn: input.dueOn
			})
		);
		if ('id' in result) back(event, 'actions');
		return result;
	},
	cancel: async (event) => {
		const meetingId = routeId(event, 'meetingId');
		const result = await run(event, 'cancel', z.object({}), {}, {}, () =>
			cancelMeeting(ctxOf(event), meetingId, publicBaseUrl(event.url))
		);
		if ('id' in result) back(event, 'top');
		return result;
	}
};
