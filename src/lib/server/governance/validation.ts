import { z } from 'zod';
import { multiLine, patchShape, singleLine } from '../validation';
import { THEMATIQUES } from '../directory/codes';
import { ACTION_STATUSES, ATTENDANCE_STATUSES, BODY_KINDS, MANDATE_LEVELS } from './schema';

/** A calendar day (AAAA-MM-JJ) that exists. */
export const day = () =>
	z
		.string('date.invalid')
		.trim()
		.regex(/^\d{4}-\d{2}-\d{2}$/, 'date.invalid')
		.refine((s) => {
			const d = new Date(`${s}T00:00:00Z`);
			return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s) && s >= '1900' && s < '2200';
		}, 'date.invalid');

/** A date-time (ISO 8601; a form's « 2026-12-10T14:00 » is read as Paris time by the page). */
const instant = () =>
	z.coerce
		.date('date.invalid')
		.min(new Date('2000-01-01T00:00:00Z'), 'date.outOfRange')
		.max(new Date('2199-12-31T00:00:00Z'), 'date.outOfRange');

const optionalUuid = () =>
	z.preprocess((v) => (v === '' ? null : v), z.uuid('id.invalid').nullable().optional());
const optionalDay = () => z.preprocess((v) => (v === '' ? null : v), day().nullable().optional());

const bodyShape = {
	kind: z.enum(BODY_KINDS, { error: 'governance.bodyKind' }),
	name: singleLine().min(3, 'governance.nameTooShort').max(200, 'text.tooLong'),
	description: multiLine().max(5000, 'text.tooLong').default(''),
	/** scope; absent = the cooperation's */
	territoryType: z.enum(['region', 'departement', 'epci', 'commune']).optional(),
	territoryCode: singleLine().min(2).max(9).optional(),
	themes: z
		.array(z.enum(THEMATIQUES, { error: (i) => `thematique.unknown:${String(i.input)}` }))
		.max(20)
		.optional()
};
export const bodyInputSchema = z.object(bodyShape).meta({ id: 'BodyInput' });
export type BodyInput = z.infer<typeof bodyInputSchema>;
const editable = {
	name: bodyShape.name,
	description: bodyShape.description,
	territoryType: bodyShape.territoryType,
	territoryCode: bodyShape.territoryCode,
	themes: bodyShape.themes
};
export const bodyPatchSchema = z.object(patchShape(editable)).meta({ id: 'BodyPatch' });
export type BodyPatch = z.infer<typeof bodyPatchSchema>;

export const memberInputSchema = z
	.object({
		userId: z.uuid('governance.userUnknown'),
		organisationId: z.uuid('governance.organisationNotParty'),
		mandate: z.enum(MANDATE_LEVELS, { error: 'governance.mandate' }),
		substituteUserId: optionalUuid(),
		startsOn: day(),
		endsOn: optionalDay()
	})
	.meta({ id: 'BodyMemberInput' });
export type MemberInput = z.infer<typeof memberInputSchema>;

export const memberLeaveSchema = z
	.object({ endsOn: day(), successorMemberId: optionalUuid() })
	.meta({ id: 'BodyMemberLeave' });
export type MemberLeave = z.infer<typeof memberLeaveSchema>;

const agendaItemSchema = z.object({
	title: singleLine().min(2, 'governance.titleTooShort').max(300, 'text.tooLong'),
	description: multiLine().max(2000, 'text.tooLong').default(''),
	durationMinutes: z.coerce
		.number('governance.duration')
		.int('governance.duration')
		.min(1, 'governance.duration')
		.max(600, 'governance.duration')
});
export type AgendaItemInput = z.infer<typeof agendaItemSchema>;

const meetingShape = {
	title: singleLine().min(3, 'governance.titleTooShort').max(300, 'text.tooLong'),
	startsAt: instant(),
	endsAt: instant(),
	location: singleLine().max(300, 'text.tooLong').default(''),
	chairMemberId: optionalUuid(),
	agenda: z.array(agendaItemSchema).max(50).default([])
};
export const meetingInputSchema = z.object(meetingShape).meta({ id: 'MeetingInput' });
export type MeetingInput = z.infer<typeof meetingInputSchema>;
export const meetingPatchSchema = z
	.object({ ...patchShape(meetingShape), status: z.enum(['planned', 'held']).optional() })
	.meta({ id: 'MeetingPatch' });
export type MeetingPatch = z.infer<typeof meetingPatchSchema>;

export const attendanceInputSchema = z
	.object({
		entries: z
			.array(
				z.object({
					memberId: z.uuid('id.invalid'),
					status: z.enum(ATTENDANCE_STATUSES, { error: 'governance.attendanceStatus' }),
					bySubstitute: z.boolean().default(false)
				})
			)
			.max(200)
	})
	.meta({ id: 'AttendanceInput' });
export type AttendanceInput = z.infer<typeof attendanceInputSchema>;

export const minutesInputSchema = z
	.object({
		content: z.string().trim().min(1, 'governance.minutesEmpty').max(200_000, 'text.tooLong'),
		reason: singleLine().max(500, 'text.tooLong').default('')
	})
	.meta({ id: 'MinutesInput' });
export type MinutesInput = z.infer<typeof minutesInputSchema>;

export const decisionInputSchema = z
	.object({
		title: singleLine().min(3, 'governance.titleTooShort').max(300, 'text.tooLong'),
		text: multiLine().min(1, 'required').max(20_000, 'text.tooLong'),
		outcome: singleLine().max(200, 'text.tooLong').default(''),
		decidedOn: day(),
		meetingId: optionalUuid(),
		agendaItemId: optionalUuid(),
		proposedByUserId: optionalUuid(),
		proposedByOrganisationId: optionalUuid(),
		reviewOn: optionalDay(),
		linkedObjects: z
			.array(z.object({ type: singleLine().min(1).max(50), id: singleLine().min(1).max(100) }))
			.max(50)
			.default([])
	})
	.meta({ id: 'DecisionInput' });
export type DecisionInput = z.infer<typeof decisionInputSchema>;

const actionShape = {
	title: singleLine().min(3, 'governance.titleTooShort').max(300, 'text.tooLong'),
	description: multiLine().max(5000, 'text.tooLong').default(''),
	ownerUserId: z.uuid('governance.userUnknown'),
	ownerOrganisationId: z.uuid('governance.organisationNotParty'),
	dueOn: day()
};
export const actionInputSchema = z
	.object({
		...actionShape,
		bodyId: optionalUuid(),
		meetingId: optionalUuid(),
		agendaItemId: optionalUuid(),
		decisionId: optionalUuid()
	})
	.meta({ id: 'ActionInput' });
export type ActionInput = z.infer<typeof actionInputSchema>;
export const actionPatchSchema = z
	.object({
		...patchShape(actionShape),
		status: z.enum(ACTION_STATUSES, { error: 'governance.actionStatus' }).optional()
	})
	.meta({ id: 'ActionPatch' });
export type ActionPatch = z.infer<typeof actionPatchSchema>;
