import { createEvent } from 'ics';
import type { MailAttachment } from '../mail';

export type IcsMethod = 'REQUEST' | 'CANCEL';

export interface IcsMeeting {
	id: string;
	title: string;
	startsAt: Date;
	endsAt: Date;
	location: string;
	description: string;
	sequence: number;
	cancelled: boolean;
	url?: string;
}

/** Stable per meeting: calendar clients update or remove the same event. */
export const meetingUid = (meetingId: string) => `${meetingId}@maillage.meetings`;

/** An iCalendar invitation (RFC 5546): REQUEST for a new or changed meeting, CANCEL with STATUS:CANCELLED. */
export function meetingCalendar(meeting: IcsMeeting, attendees: { name: string; email: string }[]): string {
	const method: IcsMethod = meeting.cancelled ? 'CANCEL' : 'REQUEST';
	const { error, value } = createEvent({
		productId: 'maillage/governance',
		method,
		uid: meetingUid(meeting.id),
		sequence: meeting.sequence,
		status: meeting.cancelled ? 'CANCELLED' : 'CONFIRMED',
		title: meeting.title,
		description: meeting.description,
		location: meeting.location || undefined,
		url: meeting.url,
		start: meeting.startsAt.getTime(),
		startInputType: 'utc',
		startOutputType: 'utc',
		end: meeting.endsAt.getTime(),
		endInputType: 'utc',
		endOutputType: 'utc',
		organizer: { name: 'Maillage', email: 'ne-pas-repondre@maillage.invalid' },
		attendees: attendees.map((a) => ({
			name: a.name,
			email: a.email,
			rsvp: !meeting.cancelled,
			role: 'REQ-PARTICIPANT',
			partstat: 'NEEDS-ACTION'
		}))
	});
	if (error || !value) throw error ?? new Error('iCalendar not produced');
	return value;
}

export function calendarAttachment(ics: string, method: IcsMethod): MailAttachment {
	return {
		filename: method === 'CANCEL' ? 'annulation.ics' : 'invitation.ics',
		contentType: `text/calendar; method=${method}; charset=utf-8`,
		content: ics
	};
}
