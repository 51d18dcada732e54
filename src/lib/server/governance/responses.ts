import { z } from 'zod';
import type { ActionView, BodyRow, MeetingRow, MemberView } from './repository';
import type { getMinutes } from './minutes';

/** Response shapes of the governance API (zod → OpenAPI) and the functions that fill them from stored rows. */

export const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const bodySchema = z
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
export const bodyOut = (b: BodyRow) => ({
	id: b.id,
	cooperationId: b.cooperationId,
	kind: b.kind,
	name: b.name,
	description: b.description,
	territoryType: b.territoryType,
	territoryCode: b.territoryCode,
	themes: b.themes
});
export const memberSchema = z
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
export const memberOut = (m: MemberView) => ({
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
export const meetingSchema = z
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
export const meetingOut = (m: MeetingRow) => ({
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
export const actionSchema = z
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
export const actionOut = (
	a: Omit<ActionView, 'cooperationName' | 'ownerName' | 'ownerOrganisationName'>
) => ({
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
export const agendaItemSchema = z.object({
	id: z.uuid(),
	position: z.number().int(),
	title: z.string(),
	description: z.string(),
	durationMinutes: z.number().int()
});
export const attendanceSchema = z.object({
	memberId: z.uuid(),
	status: z.string(),
	attendeeUserId: z.uuid().nullable(),
	bySubstitute: z.boolean()
});

export const minutesSchema = z
	.object({
		status: z.string().nullable(),
		revision: z.number().int().nullable(),
		content: z.string().nullable(),
		approvals: z.array(z.object({ revision: z.number().int(), userId: z.uuid(), approvedAt: z.string() })),
		attendees: z.array(z.uuid())
	})
	.meta({ id: 'Minutes' });
export const minutesOut = (m: Awaited<ReturnType<typeof getMinutes>>) => ({
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
