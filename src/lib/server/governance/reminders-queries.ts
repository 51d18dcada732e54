import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';

/* The SQL of reminders (governance tables, with the names the messages need). */

export interface OverdueAction {
	id: string;
	title: string;
	dueOn: string;
	ownerUserId: string;
	ownerName: string;
	cooperationId: string;
	cooperationName: string;
	bodyId: string | null;
	bodyName: string | null;
	bodyKind: string | null;
	/** the owner does not sit (today) in the action's body */
	ownerOutsideBody: boolean;
}

/** Open or in-progress actions due before today (Paris day), by body then due date. */
export function overdueActions(db: Db, today: string): Promise<OverdueAction[]> {
	return rows<OverdueAction>(
		db,
		sql`select a.id, a.title, to_char(a.due_on, 'YYYY-MM-DD') as "dueOn", a.owner_user_id as "ownerUserId",
				u.display_name as "ownerName", a.cooperation_id as "cooperationId", c.name as "cooperationName",
				a.body_id as "bodyId", b.name as "bodyName", b.kind as "bodyKind",
				(a.body_id is not null and not exists (
					select 1 from body_members m where m.body_id = a.body_id and m.user_id = a.owner_user_id
						and m.starts_on <= ${today}::date and (m.ends_on is null or m.ends_on >= ${today}::date)
				)) as "ownerOutsideBody"
			from actions a
			join cooperations c on c.id = a.cooperation_id
			join users u on u.id = a.owner_user_id
			left join bodies b on b.id = a.body_id
			where a.due_on < ${today}::date and a.status in ('open', 'in_progress')
			order by a.body_id nulls last, a.due_on, a.title`
	);
}

/**
 * The chair of each body: the chair of its next planned meeting, or else of its last one; only a chair who still
 * sits in the body today.
 */
export async function chairsOf(
	db: Db,
	bodyIds: string[],
	now: Date,
	today: string
): Promise<Map<string, string>> {
	if (!bodyIds.length) return new Map();
	const found = await rows<{ bodyId: string; userId: string }>(
		db,
		sql`select distinct on (m.body_id) m.body_id as "bodyId", bm.user_id as "userId"
			from meetings m
			join body_members bm on bm.id = m.chair_member_id
			where m.body_id = any(${`{${bodyIds.join(',')}}`}::uuid[]) and m.status <> 'cancelled'
				and bm.starts_on <= ${today}::date and (bm.ends_on is null or bm.ends_on >= ${today}::date)
			order by m.body_id, (m.starts_at >= ${now.toISOString()}::timestamptz) desc,
				case when m.starts_at >= ${now.toISOString()}::timestamptz then m.starts_at end asc,
				m.starts_at desc`
	);
	return new Map(found.map((f) => [f.bodyId, f.userId]));
}

/** Members of a body at direction level sitting today: the body's managers. */
export async function managersOf(db: Db, bodyIds: string[], today: string): Promise<Map<string, string[]>> {
	if (!bodyIds.length) return new Map();
	const found = await rows<{ bodyId: string; userId: string }>(
		db,
		sql`select body_id as "bodyId", user_id as "userId" from body_members
			where body_id = any(${`{${bodyIds.join(',')}}`}::uuid[]) and mandate = 'direction'
				and starts_on <= ${today}::date and (ends_on is null or ends_on >= ${today}::date)`
	);
	const byBody = new Map<string, string[]>();
	for (const f of found) byBody.set(f.bodyId, [...(byBody.get(f.bodyId) ?? []), f.userId]);
	return byBody;
}

export interface DecisionToReview {
	id: string;
	title: string;
	reviewOn: string;
	decidedOn: string;
	cooperationId: string;
	cooperationName: string;
	bodyId: string;
	bodyName: string;
	bodyKind: string;
}

/** Decisions in force whose review date has come. */
export function decisionsToReview(db: Db, today: string): Promise<DecisionToReview[]> {
	return rows<DecisionToReview>(
		db,
		sql`select d.id, d.title, to_char(d.review_on, 'YYYY-MM-DD') as "reviewOn",
				to_char(d.decided_on, 'YYYY-MM-DD') as "decidedOn", d.cooperation_id as "cooperationId",
				c.name as "cooperationName", d.body_id as "bodyId", b.name as "bodyName", b.kind as "bodyKind"
			from decisions d
			join cooperations c on c.id = d.cooperation_id
			join bodies b on b.id = d.body_id
			where d.review_on <= ${today}::date and d.status = 'in_force'
			order by d.review_on, d.id`
	);
}
