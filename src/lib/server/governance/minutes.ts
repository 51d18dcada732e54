import sanitizeHtml from 'sanitize-html';
import type { Context } from '../context';
import { nowOf } from '../context';
import { ValidationError } from '../errors';
import { ForbiddenError } from '../policy/policy';
import { audit } from '../audit/service';
import { inTransaction } from '../db/transaction';
import { notify } from '../notifications/service';
import { meetingAccess } from './meetings';
import * as repo from './repository';
import type { MinutesInput } from './validation';

/** The small allow-list of the minutes' rich text: structure and emphasis, links to the web and mail only. */
export function sanitizeMinutes(html: string): string {
	return sanitizeHtml(html, {
		allowedTags: ['p', 'br', 'strong', 'em', 'ul', 'ol', 'li', 'h3', 'h4', 'blockquote', 'a'],
		allowedAttributes: { a: ['href', 'rel'] },
		allowedSchemes: ['https', 'http', 'mailto'],
		transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' }) }
	}).trim();
}

type MeetingAccess = Awaited<ReturnType<typeof meetingAccess>>;

/**
 * Who reads the minutes. A "partage de situations" body speaks of people followed: its minutes are read by its
 * current members and by those present at the meeting only — not by the other members of the cooperation, not by
 * the territory's coordinators, not by instance admins.
 */
function canReadMinutes(ctx: Context, m: MeetingAccess, attendees: string[]): boolean {
	const userId = ctx.actor.user?.id;
	if (m.access.confidential) return m.access.isBodyMember || (!!userId && attendees.includes(userId));
	return m.access.canRead || m.access.isBodyMember;
}

/** The chair or a manager drafts; in a "partage de situations" body only if they sit in it. */
function assertCanWrite(ctx: Context, m: MeetingAccess) {
	if (!m.canRun || (m.access.confidential && !m.access.isBodyMember))
		throw new ForbiddenError('update', 'meeting', ctx.actor.user !== null);
}

const presentAttendees = (rows: Awaited<ReturnType<typeof repo.attendanceOf>>) => [
	...new Set(rows.filter((r) => r.status === 'present' && r.attendeeUserId).map((r) => r.attendeeUserId!))
];

/** The minutes with their revisions and approvals, or null when none are drafted yet. Throws 403 if not allowed. */
export async function getMinutes(ctx: Context, meetingId: string) {
	const m = await meetingAccess(ctx, meetingId);
	const attendance = await repo.attendanceOf(ctx.db, meetingId);
	const attendees = presentAttendees(attendance);
	if (!canReadMinutes(ctx, m, attendees))
		throw new ForbiddenError('read', 'meeting', ctx.actor.user !== null);
	const minutes = await repo.minutesOf(ctx.db, meetingId);
	if (!minutes) return { minutes: null, revisions: [], approvals: [], attendees, canWrite: false };
	if (m.access.confidential)
		await audit(ctx, { action: 'minutes.read', objectType: 'meeting', objectId: meetingId });
	const [revisions, approvals] = await Promise.all([
		repo.revisionsOf(ctx.db, minutes.id),
		repo.approvalsOf(ctx.db, minutes.id)
	]);
	return { minutes, revisions, approvals, attendees, canWrite: m.canRun };
}

/** Whether the minutes can be read by the actor (for pages deciding what to show). */
export async function minutesReadable(ctx: Context, meetingId: string) {
	const m = await meetingAccess(ctx, meetingId);
	return canReadMinutes(ctx, m, presentAttendees(await repo.attendanceOf(ctx.db, meetingId)));
}

/** Drafts the minutes, or amends them: a new revision; approvals given to earlier revisions no longer count. */
export async function saveMinutes(ctx: Context, meetingId: string, input: MinutesInput) {
	const m = await meetingAccess(ctx, meetingId);
	assertCanWrite(ctx, m);
	const content = sanitizeMinutes(input.content);
	if (!content) throw new ValidationError([{ field: 'content', message: 'governance.minutesEmpty' }]);
	const existing = await repo.minutesOf(ctx.db, meetingId);
	if (existing?.status === 'approved')
		throw new ValidationError([{ field: 'content', message: 'governance.minutesApproved' }]);
	const attendees = presentAttendees(await repo.attendanceOf(ctx.db, meetingId));
	const userId = ctx.actor.user?.id ?? null;
	return inTransaction(ctx, async (tx) => {
		const revision = existing ? existing.revision + 1 : 1;
		const minutes = existing
			? await repo.updateMinutes(tx.db, existing.id, {
					content,
					revision,
					updatedBy: userId,
					updatedAt: nowOf(ctx)
				})
			: await repo.insertMinutes(tx.db, { meetingId, content, updatedBy: userId });
		await repo.insertRevision(tx.db, {
			minutesId: minutes.id,
			revision,
			content,
			reason: input.reason,
			createdBy: userId
		});
		await audit(tx, {
			action: existing ? 'minutes.amend' : 'minutes.draft',
			objectType: 'meeting',
			objectId: meetingId,
			details: { revision }
		});
		if (minutes.status === 'proposed')
			await notify(tx, {
				kind: 'governance.minutes.amended',
				title: `Compte rendu modifié : ${m.meeting.title}`,
				text: 'Une nouvelle version attend votre approbation.',
				url: `/cooperations/${m.access.body.cooperationId}/instances/${m.access.body.id}/reunions/${meetingId}`,
				cooperationId: m.access.body.cooperationId,
				bodyId: m.access.body.id,
				recipients: attendees,
				dedupeKey: `governance.minutes.amended:${minutes.id}:${revision}`
			});
		return minutes;
	});
}

/** Proposes the drafted minutes to the attendees present, who approve them one by one. */
export async function proposeMinutes(ctx: Context, meetingId: string) {
	const m = await meetingAccess(ctx, meetingId);
	assertCanWrite(ctx, m);
	const minutes = await repo.minutesOf(ctx.db, meetingId);
	if (!minutes || minutes.status !== 'draft')
		throw new ValidationError([{ field: 'status', message: 'governance.minutesNotDraft' }]);
	const attendees = presentAttendees(await repo.attendanceOf(ctx.db, meetingId));
	if (!attendees.length)
		throw new ValidationError([{ field: 'attendance', message: 'governance.noAttendees' }]);
	return inTransaction(ctx, async (tx) => {
		const row = await repo.updateMinutes(tx.db, minutes.id, { status: 'proposed' });
		await audit(tx, { action: 'minutes.propose', objectType: 'meeting', objectId: meetingId });
		await notify(tx, {
			kind: 'governance.minutes.proposed',
			title: `Compte rendu à approuver : ${m.meeting.title}`,
			url: `/cooperations/${m.access.body.cooperationId}/instances/${m.access.body.id}/reunions/${meetingId}`,
			cooperationId: m.access.body.cooperationId,
			bodyId: m.access.body.id,
			recipients: attendees,
			dedupeKey: `governance.minutes.proposed:${minutes.id}:${minutes.revision}`
		});
		return row;
	});
}

/**
 * An attendee approves the current revision for themself. The minutes are approved when **every** attendee
 * present has approved it, not a majority: minutes put words in the mouth of each person present, so each of
 * them must be able to refuse a wording until it is amended (the amendment then asks everyone again).
 */
export async function approveMinutes(ctx: Context, meetingId: string) {
	await meetingAccess(ctx, meetingId);
	const userId = ctx.actor.user?.id;
	const attendees = presentAttendees(await repo.attendanceOf(ctx.db, meetingId));
	if (!userId || !attendees.includes(userId))
		throw new ForbiddenError('update', 'meeting', ctx.actor.user !== null);
	const minutes = await repo.minutesOf(ctx.db, meetingId);
	if (!minutes || minutes.status !== 'proposed')
		throw new ValidationError([{ field: 'status', message: 'governance.minutesNotProposed' }]);
	return inTransaction(ctx, async (tx) => {
		await repo.insertApproval(tx.db, { minutesId: minutes.id, revision: minutes.revision, userId });
		const approvals = await repo.approvalsOf(tx.db, minutes.id);
		const approvedBy = new Set(approvals.filter((a) => a.revision === minutes.revision).map((a) => a.userId));
		const complete = attendees.every((id) => approvedBy.has(id));
		const row = complete
			? await repo.updateMinutes(tx.db, minutes.id, { status: 'approved', approvedAt: nowOf(ctx) })
			: minutes;
		await audit(tx, {
			action: complete ? 'minutes.approved' : 'minutes.approve',
			objectType: 'meeting',
			objectId: meetingId,
			details: { revision: minutes.revision }
		});
		return { minutes: row, approvals: approvedBy.size, attendees: attendees.length };
	});
}
