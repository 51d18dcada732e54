import { fail, redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { routeId } from '$lib/server/http/forms';
import { findUserByEmail } from '$lib/server/auth/service';
import { translator } from '$lib/i18n';
import {
	addMember,
	createMeeting,
	getBody,
	listMeetings,
	memberLeaves,
	proposeNextChair
} from '$lib/server/governance/service';
import { meetingInputSchema, memberInputSchema, memberLeaveSchema } from '$lib/server/governance/validation';
import { publicBaseUrl } from '$lib/server/http/base-url';
import { formValues, guard, parisInstant, postedId, run } from '../forms';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const AGENDA_ROWS = 6;

/** A body: its members (current and past), its meetings, the forms to seat a member and to convene a meeting. */
export const load: PageServerLoad = async (event) => {
	const ctx = contextOf(event);
	const cooperationId = routeId(event);
	const bodyId = routeId(event, 'bodyId');
	const access = await guard(event, () => getBody(ctx, bodyId));
	if (access.body.cooperationId !== cooperationId)
		redirect(303, `/cooperations/${access.body.cooperationId}/instances/${bodyId}`);
	const { meetings } = await guard(event, () => listMeetings(ctx, bodyId));
	const next = await guard(event, () => proposeNextChair(ctx, bodyId));
	const current = new Set(access.current.map((m) => m.id));
	return {
		cooperation: { id: cooperationId, name: access.cooperation.cooperation.name },
		body: {
			id: access.body.id,
			name: access.body.name,
			kind: access.body.kind,
			description: access.body.description,
			themes: access.body.themes,
			territory: `${access.body.territoryType} ${access.body.territoryCode}`
		},
		canManage: access.canManage,
		parties: access.cooperation.parties.map((p) => ({ id: p.organisationId, name: p.organisationName })),
		members: access.members.map((m) => ({
			id: m.id,
			displayName: m.displayName,
			organisationName: m.organisationName,
			mandate: m.mandate,
			hasSubstitute: !!m.substituteUserId,
			substituteName: access.members.find((x) => x.userId === m.substituteUserId)?.displayName ?? null,
			startsOn: m.startsOn,
			endsOn: m.endsOn,
			current: current.has(m.id)
		})),
		meetings: meetings.map((m) => ({
			id: m.id,
			title: m.title,
			startsAt: m.startsAt.toISOString(),
			status: m.status,
			chair: access.members.find((x) => x.id === m.chairMemberId)?.displayName ?? null
		})),
		nextChairId: next?.id ?? null,
		agendaRows: AGENDA_ROWS
	};
};

const userIdOf = async (event: RequestEvent, email: string | undefined) => {
	if (!email?.trim()) return undefined;
	const user = await findUserByEmail(contextOf(event).db, email.trim().toLowerCase());
	return user?.id ?? '00000000-0000-4000-8000-000000000000';
};

export const actions: Actions = {
	addMember: async (event) => {
		const bodyId = routeId(event, 'bodyId');
		const values = await formValues(event);
		if (!values.email?.trim())
			return fail(400, {
				form: 'addMember',
				values,
				errors: { userId: translator(event.locals.locale)('validation.governance.userUnknown') }
			});
		const raw = {
			...values,
			userId: await userIdOf(event, values.email),
			substituteUserId: (await userIdOf(event, values.substituteEmail)) ?? null
		};
		const result = await run(event, 'addMember', memberInputSchema, raw, values, (input) =>
			addMember(contextOf(event), bodyId, input)
		);
		if ('id' in result) redirect(303, `${event.url.pathname}?fait=membre#membres`);
		return result;
	},
	leave: async (event) => {
		const values = await formValues(event);
		const memberId = postedId(event, values.memberId);
		const result = await run(event, `leave-${memberId}`, memberLeaveSchema, values, values, (input) =>
			memberLeaves(contextOf(event), memberId, input)
		);
		if ('memberId' in result) redirect(303, `${event.url.pathname}?fait=depart#membres`);
		return result;
	},
	createMeeting: async (event) => {
		const bodyId = routeId(event, 'bodyId');
		const values = await formValues(event);
		const agenda = [];
		for (let i = 0; i < AGENDA_ROWS; i++) {
			const title = values[`agenda.${i}.title`]?.trim();
			if (title)
				agenda.push({ title, description: '', durationMinutes: values[`agenda.${i}.durationMinutes`] });
		}
		const raw = {
			...values,
			startsAt: parisInstant(values.startsAt),
			endsAt: parisInstant(values.endsAt),
			agenda
		};
		const result = await run(event, 'createMeeting', meetingInputSchema, raw, values, (input) =>
			createMeeting(contextOf(event), bodyId, input, publicBaseUrl(event.url))
		);
		if ('id' in result) redirect(303, `${event.url.pathname}/reunions/${result.id}`);
		return result;
	}
};
