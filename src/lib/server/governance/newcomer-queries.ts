import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';

/* The SQL of the newcomer digest (governance tables, with the names the mail needs). */

export interface Seat {
	id: string;
	userId: string;
	email: string;
	displayName: string;
	organisationName: string;
	mandate: string;
	startsOn: string;
	endsOn: string | null;
	bodyId: string;
	bodyName: string;
	bodyKind: string;
	bodyDescription: string;
	cooperationId: string;
	cooperationName: string;
}

export async function seatOf(db: Db, bodyMemberId: string): Promise<Seat | undefined> {
	const [seat] = await rows<Seat>(
		db,
		sql`select m.id, m.user_id as "userId", u.email, u.display_name as "displayName",
				o.name as "organisationName", m.mandate, to_char(m.starts_on, 'YYYY-MM-DD') as "startsOn",
				to_char(m.ends_on, 'YYYY-MM-DD') as "endsOn", b.id as "bodyId", b.name as "bodyName",
				b.kind as "bodyKind", b.description as "bodyDescription", c.id as "cooperationId",
				c.name as "cooperationName"
			from body_members m
			join users u on u.id = m.user_id
			join organisations o on o.id = m.organisation_id
			join bodies b on b.id = m.body_id
			join cooperations c on c.id = b.cooperation_id
			where m.id = ${bodyMemberId}`
	);
	return seat;
}

export function decisionsInForce(db: Db, bodyId: string) {
	return rows<{ id: string; title: string; decidedOn: string; reviewOn: string | null }>(
		db,
		sql`select id, title, to_char(decided_on, 'YYYY-MM-DD') as "decidedOn",
				to_char(review_on, 'YYYY-MM-DD') as "reviewOn"
			from decisions where body_id = ${bodyId} and status = 'in_force'
			order by decided_on desc, title limit 50`
	);
}

export function openActions(db: Db, bodyId: string) {
	return rows<{ id: string; title: string; dueOn: string; ownerName: string; status: string }>(
		db,
		sql`select a.id, a.title, to_char(a.due_on, 'YYYY-MM-DD') as "dueOn", u.display_name as "ownerName", a.status
			from actions a join users u on u.id = a.owner_user_id
			where a.body_id = ${bodyId} and a.status in ('open', 'in_progress')
			order by a.due_on, a.title limit 50`
	);
}
