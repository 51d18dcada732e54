import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import type { DigestFrequency } from './schema';

/*
 * The SQL of digests. Digests are a read model across domains (who gets mail, the names of cooperations and bodies,
 * the current members of « partage de situations » bodies): read here in a few set-based queries, because building
 * 10,000 digests one service call at a time would not fit the minute the issue allows (bench/suites/digests.ts).
 * Nothing here writes outside the notifications tables.
 */

export interface DueUser {
	userId: string;
	email: string;
	displayName: string;
	frequency: DigestFrequency;
}

/** How long after a digest the next one is due: a little less than the period, so a daily run at a fixed hour keeps its rhythm. */
const SPACING = { daily: '20 hours', weekly: '6 days 20 hours' } as const;

/** People with pending events whose last digest is old enough for their frequency (default weekly; none = never). */
export function dueUsers(db: Db, now: Date, only?: DigestFrequency): Promise<DueUser[]> {
	return rows<DueUser>(
		db,
		sql`select u.id as "userId", u.email, u.display_name as "displayName",
				coalesce(p.frequency, 'weekly') as frequency
			from users u
			left join notification_preferences p on p.user_id = u.id
			where u.disabled_at is null
				and coalesce(p.frequency, 'weekly') <> 'none'
				and (${only ?? null}::text is null or coalesce(p.frequency, 'weekly') = ${only ?? null}::text)
				and exists (select 1 from notification_recipients r where r.user_id = u.id and r.digested_at is null)
				and not exists (
					select 1 from digests d where d.user_id = u.id and d.created_at > ${now.toISOString()}::timestamptz
						- (case coalesce(p.frequency, 'weekly') when 'daily' then interval '${sql.raw(SPACING.daily)}'
							else interval '${sql.raw(SPACING.weekly)}' end))
			order by u.id`
	);
}

/**
 * Claims every pending recipient row of these users for their digest, atomically: a row already claimed by another
 * process is not pending any more, and a row inserted after this statement's snapshot waits for the next digest.
 */
export function claimPending(
	db: Db,
	claims: { userId: string; digestId: string }[],
	now: Date
): Promise<{ userId: string; eventId: string; digestId: string }[]> {
	if (!claims.length) return Promise.resolve([]);
	const users = `{${claims.map((c) => c.userId).join(',')}}`;
	const ids = `{${claims.map((c) => c.digestId).join(',')}}`;
	return rows(
		db,
		sql`update notification_recipients r
			set digest_id = m.digest_id, digested_at = ${now.toISOString()}::timestamptz
			from (select unnest(${users}::uuid[]) as user_id, unnest(${ids}::uuid[]) as digest_id) m
			where r.user_id = m.user_id and r.digested_at is null
			returning r.user_id as "userId", r.event_id as "eventId", r.digest_id as "digestId"`
	);
}

export interface DigestEvent {
	id: string;
	kind: string;
	title: string;
	text: string;
	url: string | null;
	createdAt: Date | string;
	cooperationId: string | null;
	cooperationName: string | null;
	bodyId: string | null;
	bodyName: string | null;
	bodyKind: string | null;
}

export function eventsByIds(db: Db, eventIds: string[]): Promise<DigestEvent[]> {
	if (!eventIds.length) return Promise.resolve([]);
	return rows<DigestEvent>(
		db,
		sql`select e.id, e.kind, e.title, e.text, e.url, e.created_at as "createdAt",
				e.cooperation_id as "cooperationId", c.name as "cooperationName",
				e.body_id as "bodyId", b.name as "bodyName", b.kind as "bodyKind"
			from notification_events e
			left join cooperations c on c.id = e.cooperation_id
			left join bodies b on b.id = e.body_id
			where e.id = any(${`{${eventIds.join(',')}}`}::uuid[])
			order by e.created_at, e.id`
	);
}

/** (user, body) pairs where the user sits today in that body: « partage de situations » events go to them only. */
export async function currentSeats(
	db: Db,
	userIds: string[],
	bodyIds: string[],
	today: string
): Promise<Set<string>> {
	if (!userIds.length || !bodyIds.length) return new Set();
	const found = await rows<{ userId: string; bodyId: string }>(
		db,
		sql`select user_id as "userId", body_id as "bodyId" from body_members
			where body_id = any(${`{${bodyIds.join(',')}}`}::uuid[])
				and user_id = any(${`{${userIds.join(',')}}`}::uuid[])
				and starts_on <= ${today}::date and (ends_on is null or ends_on >= ${today}::date)`
	);
	return new Set(found.map((s) => `${s.userId}:${s.bodyId}`));
}

export async function insertDigests(
	db: Db,
	digests: { id: string; userId: string; frequency: string; eventCount: number }[],
	now: Date
): Promise<void> {
	if (!digests.length) return;
	await db.execute(
		sql`insert into digests (id, user_id, frequency, event_count, created_at)
			select x.id, x.user_id, x.frequency, x.event_count, ${now.toISOString()}::timestamptz
			from unnest(${`{${digests.map((d) => d.id).join(',')}}`}::uuid[],
				${`{${digests.map((d) => d.userId).join(',')}}`}::uuid[],
				${`{${digests.map((d) => d.frequency).join(',')}}`}::text[],
				${`{${digests.map((d) => d.eventCount).join(',')}}`}::int[]) as x(id, user_id, frequency, event_count)`
	);
}

/** A digest whose mail could not leave: its events become pending again, for the next run. */
export async function releaseDigest(db: Db, digestId: string): Promise<void> {
	await db.execute(
		sql`update notification_recipients set digest_id = null, digested_at = null where digest_id = ${digestId}`
	);
	await db.execute(sql`delete from digests where id = ${digestId}`);
}

export async function getFrequency(db: Db, userId: string): Promise<DigestFrequency> {
	const [row] = await rows<{ frequency: DigestFrequency }>(
		db,
		sql`select frequency from notification_preferences where user_id = ${userId}`
	);
	return row?.frequency ?? 'weekly';
}

export async function setFrequency(
	db: Db,
	userId: string,
	frequency: DigestFrequency,
	now: Date
): Promise<void> {
	await db.execute(
		sql`insert into notification_preferences (user_id, frequency, updated_at)
			values (${userId}, ${frequency}, ${now.toISOString()}::timestamptz)
			on conflict (user_id) do update set frequency = excluded.frequency, updated_at = excluded.updated_at`
	);
}
