import type { Context } from '../context';
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '../errors';
import { authorize } from '../policy/policy';
import { audit } from '../audit/service';
import { inTransaction } from '../db/transaction';
import { mailer } from '../mail';
import { logger } from '../log';
import { bodyAccess, type BodyAccess } from './access';
import { calendarAttachment, meetingCalendar } from './ics';
import * as repo from './repository';
import type { AttendanceInput, MeetingInput, MeetingPatch } from './validation';

/**
 * « Leadership glissant »: the seat after the last meeting's chair, in order of arrival in the body, skipping those
 * who left; the first seat when no meeting had a chair yet.
 */
export function nextChairIn(access: Pick<BodyAccess, 'members' | 'current'>, lastChairId: string | null) {
	if (!access.current.length) return null;
	const order = access.members;
	const from = lastChairId ? order.findIndex((m) => m.id === lastChairId) : -1;
	for (let step = 1; step <= order.length; step++) {
		const candidate = order[(from + step + order.length) % order.length]!;
		if (access.current.some((m) => m.id === candidate.id)) return candidate;
	}
	return access.current[0]!;
}

export async function proposeNextChair(ctx: Context, bodyId: string) {
	const access = await bodyAccess(ctx, bodyId);
	authorize(ctx.actor, 'read', 'meeting', access.cooperation.target);
	return nextChairIn(access, await repo.lastChair(ctx.db, bodyId));
}

export async function meetingAccess(ctx: Context, meetingId: string) {
	const meeting = await repo.findMeeting(ctx.db, meetingId);
	if (!meeting) throw new NotFoundError('meeting', meetingId);
	const access = await bodyAccess(ctx, meeting.bodyId);
	const chair = access.members.find((m) => m.id === meeting.chairMemberId);
	const userId = ctx.actor.user?.id;
	/** the chair of this meeting or a manager of the cooperation runs it (attendance, minutes, decisions) */
	const canRun = access.canManage || (!!userId && !!chair && chair.userId === userId);
	return { meeting, access, chair, canRun };
}

function checkTimes(startsAt: Date, endsAt: Date): FieldIssue[] {
	return endsAt > startsAt ? [] : [{ field: 'endsAt', message: 'governance.endBeforeStart' }];
}
function checkChair(access: BodyAccess, chairMemberId: string | null | undefined): FieldIssue[] {
	if (!chairMemberId || access.current.some((m) => m.id === chairMemberId)) return [];
	return [{ field: 'chairMemberId', message: 'governance.chairNotMember' }];
}

/** Mails the calendar invitation (or cancellation) to the body's current members, after the commit. */
async function invite(ctx: Context, access: BodyAccess, meeting: repo.MeetingRow, baseUrl: string) {
	const cancelled = meeting.status === 'cancelled';
	const agenda = await repo.agendaOf(ctx.db, meeting.id);
	const url = `${baseUrl}/cooperations/${access.body.cooperationId}/instances/${access.body.id}/reunions/${meeting.id}`;
	const description = agenda
		.map((a) => `${a.position + 1}. ${a.title} (${a.durationMinutes} min)`)
		.join('\n');
	const people = access.current.map((m) => ({ name: m.displayName, email: m.email }));
	const ics = meetingCalendar(
		{
			id: meeting.id,
			title: meeting.title,
			startsAt: meeting.startsAt,
			endsAt: meeting.endsAt,
			location: meeting.location,
			description,
			sequence: meeting.icsSequence,
			cancelled,
			url
		},
		people
	);
	const attachment = calendarAttachment(ics, cancelled ? 'CANCEL' : 'REQUEST');
	const verb = cancelled ? 'Annulation' : meeting.icsSequence > 0 ? 'Modification' : 'Invitation';
	let sent = 0;
	for (const person of people)
		try {
			await mailer().send({
				to: person.email,
				subject: `${verb} : ${meeting.title} (${access.body.name})`,
				text: `Bonjour,\n\n${verb} de la réunion « ${meeting.title} » de l’instance « ${access.body.name} ».\n${meeting.location ? `Lieu : ${meeting.location}\n` : ''}\nOrdre du jour :\n${description || '—'}\n\n${url}\n`,
				attachments: [attachment]
			});
			sent++;
		} catch (err) {
			// the meeting is recorded; a mail that fails is logged, not turned into a failed request
			logger.warn({ err, meetingId: meeting.id }, 'meeting invitation not sent');
		}
	return sent;
}

export async function createMeeting(ctx: Context, bodyId: string, input: MeetingInput, baseUrl: string) {
	const access = await bodyAccess(ctx, bodyId);
	authorize(ctx.actor, 'create', 'meeting', access.cooperation.target);
	const issues = [...checkTimes(input.startsAt, input.endsAt), ...checkChair(access, input.chairMemberId)];
	if (issues.length) throw new ValidationError(issues);
	const meeting = await inTransaction(ctx, async (tx) => {
		const row = await repo.insertMeeting(tx.db, {
			bodyId,
			title: input.title,
			startsAt: input.startsAt,
			endsAt: input.endsAt,
			location: input.location,
			chairMemberId: input.chairMemberId ?? null,
			createdBy: ctx.actor.user?.id ?? null
		});
		await repo.replaceAgenda(tx.db, row.id, input.agenda);
		await audit(tx, {
			action: 'meeting.create',
			objectType: 'meeting',
			objectId: row.id,
			details: { bodyId }
		});
		return row;
	});
	const invited = await invite(ctx, access, meeting, baseUrl);
	return { ...meeting, invited };
}

/** Changes only the fields sent; a change of time, place, title or agenda sends a new REQUEST (SEQUENCE + 1). */
export async function updateMeeting(ctx: Context, meetingId: string, patch: MeetingPatch, baseUrl: string) {
	const { meeting, access } = await meetingAccess(ctx, meetingId);
	authorize(ctx.actor, 'update', 'meeting', access.cooperation.target);
	if (meeting.status === 'cancelled') throw new ConflictError('meeting cancelled');
	const issues = [
		...checkTimes(patch.startsAt ?? meeting.startsAt, patch.endsAt ?? meeting.endsAt),
		...(patch.chairMemberId !== undefined ? checkChair(access, patch.chairMemberId) : [])
	];
	if (issues.length) throw new ValidationError(issues);
	const changes: Partial<repo.MeetingRow> = {};
	for (const key of ['title', 'startsAt', 'endsAt', 'location', 'chairMemberId', 'status'] as const)
		if (patch[key] !== undefined) (changes as Record<string, unknown>)[key] = patch[key];
	const calendarChanged =
		['title', 'startsAt', 'endsAt', 'location'].some((k) => k in changes) || patch.agenda !== undefined;
	const resend = calendarChanged && (changes.status ?? meeting.status) === 'planned';
	if (resend) changes.icsSequence = meeting.icsSequence + 1;
	const updated = await inTransaction(ctx, async (tx) => {
		const row = Object.keys(changes).length ? await repo.updateMeeting(tx.db, meetingId, changes) : meeting;
		if (patch.agenda !== undefined) await repo.replaceAgenda(tx.db, meetingId, patch.agenda);
		await audit(tx, {
			action: 'meeting.update',
			objectType: 'meeting',
			objectId: meetingId,
			details: { fields: [...Object.keys(changes), ...(patch.agenda ? ['agenda'] : [])] }
		});
		return row;
	});
	const invited = resend ? await invite(ctx, access, updated, baseUrl) : 0;
	return { ...updated, invited };
}

/** Cancels a planned meeting and sends METHOD:CANCEL (STATUS:CANCELLED) with the next SEQUENCE. */
export async function cancelMeeting(ctx: Context, meetingId: string, baseUrl: string) {
	const { meeting, access } = await meetingAccess(ctx, meetingId);
	authorize(ctx.actor, 'update', 'meeting', access.cooperation.target);
	if (meeting.status !== 'planned')
		throw new ValidationError([{ field: 'status', message: 'governance.notPlanned' }]);
	const updated = await inTransaction(ctx, async (tx) => {
		const row = await repo.updateMeeting(tx.db, meetingId, {
			status: 'cancelled',
			icsSequence: meeting.icsSequence + 1
		});
		await audit(tx, { action: 'meeting.cancel', objectType: 'meeting', objectId: meetingId });
		return row;
	});
	const invited = await invite(ctx, access, updated, baseUrl);
	return { ...updated, invited };
}

/** Present, excused or absent per seat; a substitute present for the member counts as the attendee. */
export async function recordAttendance(ctx: Context, meetingId: string, input: AttendanceInput) {
	const { meeting, access, canRun } = await meetingAccess(ctx, meetingId);
	authorize(ctx.actor, 'read', 'meeting', access.cooperation.target);
	if (!canRun) authorize(ctx.actor, 'update', 'meeting', access.cooperation.target);
	const issues: FieldIssue[] = [];
	input.entries.forEach((e, i) => {
		const seat = access.members.find((m) => m.id === e.memberId);
		if (!seat) issues.push({ field: `entries.${i}.memberId`, message: 'governance.notASeat' });
		else if (e.bySubstitute && !seat.substituteUserId)
			issues.push({ field: `entries.${i}.bySubstitute`, message: 'governance.noSubstitute' });
	});
	if (issues.length) throw new ValidationError(issues);
	await inTransaction(ctx, async (tx) => {
		for (const e of input.entries) {
			const seat = access.members.find((m) => m.id === e.memberId)!;
			const present = e.status === 'present';
			await repo.upsertAttendance(tx.db, {
				meetingId,
				memberId: e.memberId,
				status: e.status,
				bySubstitute: present && e.bySubstitute,
				attendeeUserId: present ? (e.bySubstitute ? seat.substituteUserId : seat.userId) : null
			});
		}
		if (meeting.status === 'planned' && input.entries.some((e) => e.status === 'present'))
			await repo.updateMeeting(tx.db, meetingId, { status: 'held' });
		await audit(tx, {
			action: 'meeting.attendance',
			objectType: 'meeting',
			objectId: meetingId,
			details: { entries: input.entries.length }
		});
	});
	return repo.attendanceOf(ctx.db, meetingId);
}

export async function listMeetings(ctx: Context, bodyId: string, page = { limit: 50, offset: 0 }) {
	const access = await bodyAccess(ctx, bodyId);
	authorize(ctx.actor, 'read', 'meeting', access.cooperation.target);
	return { access, meetings: await repo.meetingsOf(ctx.db, bodyId, page.limit, page.offset) };
}

/** A meeting with its agenda (and total duration) and attendance, for whoever may read the body's meetings. */
export async function getMeeting(ctx: Context, meetingId: string) {
	const m = await meetingAccess(ctx, meetingId);
	authorize(ctx.actor, 'read', 'meeting', m.access.cooperation.target);
	const [agenda, attendance] = await Promise.all([
		repo.agendaOf(ctx.db, meetingId),
		repo.attendanceOf(ctx.db, meetingId)
	]);
	const totalMinutes = agenda.reduce((sum, a) => sum + a.durationMinutes, 0);
	return { ...m, agenda, totalMinutes, attendance };
}
