import { randomUUID } from 'node:crypto';
import type { Context } from '../context';
import { nowOf } from '../context';
import { inTransaction } from '../db/transaction';
import { config } from '../config';
import { mailer as currentMailer, type Mailer } from '../mail';
import { parisDay } from '../jobs/clock';
import {
	claimPending,
	currentSeats,
	dueUsers,
	eventsByIds,
	insertDigests,
	releaseDigest,
	type DigestEvent,
	type DueUser
} from './digest-repository';
import type { DigestFrequency } from './schema';

/** A group of the digest: a cooperation, one of its bodies, or « Autres ». */
export interface DigestGroup {
	heading: string;
	events: DigestEvent[];
}

const OTHERS = 'Autres';
const NNBSP = '\u202f';

/**
 * Groups events by cooperation then body (events of a cooperation without a body first), cooperations in
 * alphabetical order, « Autres » last; an event appears once whatever the order it came in.
 */
export function groupEvents(events: DigestEvent[]): DigestGroup[] {
	const seen = new Set<string>();
	const groups = new Map<string, DigestGroup & { order: [number, string, string] }>();
	for (const event of events) {
		if (seen.has(event.id)) continue;
		seen.add(event.id);
		const cooperation = event.cooperationId ? (event.cooperationName ?? '') : null;
		const body = event.bodyId ? (event.bodyName ?? '') : '';
		const key = cooperation === null ? 'others' : `${event.cooperationId}:${event.bodyId ?? ''}`;
		const heading = cooperation === null ? OTHERS : body ? `${cooperation} — ${body}` : cooperation;
		const order: [number, string, string] = cooperation === null ? [1, '', ''] : [0, cooperation, body];
		const group = groups.get(key) ?? { heading, events: [], order };
		group.events.push(event);
		groups.set(key, group);
	}
	const compare = (a: [number, string, string], b: [number, string, string]) =>
		a[0] - b[0] || a[1].localeCompare(b[1], 'fr') || a[2].localeCompare(b[2], 'fr');
	return [...groups.values()]
		.sort((a, b) => compare(a.order, b.order))
		.map(({ heading, events }) => ({ heading, events }));
}

const absolute = (url: string | null) => {
	if (!url) return null;
	if (/^https?:\/\//.test(url)) return url;
	const origin = (config().origin ?? 'http://localhost:3000').replace(/\/$/, '');
	return `${origin}${url.startsWith('/') ? '' : '/'}${url}`;
};

/** The plain-text digest, in French. */
export function digestText(
	person: Pick<DueUser, 'displayName' | 'frequency'>,
	groups: DigestGroup[]
): string {
	const count = groups.reduce((n, g) => n + g.events.length, 0);
	const lines = [
		`Bonjour ${person.displayName},`,
		'',
		`Voici ${count === 1 ? 'ce qui s’est passé' : `les ${count} nouveautés`} dans vos coopérations depuis votre dernier récapitulatif${NNBSP}:`
	];
	for (const group of groups) {
		lines.push('', `■ ${group.heading}`, '');
		for (const event of group.events) {
			lines.push(`• ${event.title}`);
			if (event.text) lines.push(...event.text.split('\n').map((l) => `  ${l}`));
			const link = absolute(event.url);
			if (link) lines.push(`  ${link}`);
		}
	}
	const settings = absolute('/compte/notifications');
	lines.push(
		'',
		'—',
		`Vous recevez ce récapitulatif ${person.frequency === 'daily' ? 'chaque jour' : 'chaque semaine'}. Pour changer de rythme${NNBSP}: ${settings}`
	);
	return lines.join('\n');
}

export const digestSubject = (count: number) =>
	`Maillage${NNBSP}: votre récapitulatif (${count} nouveauté${count > 1 ? 's' : ''})`;

export interface DigestRunOptions {
	/** people per transaction (1 = the one-at-a-time baseline of the bench) */
	batchSize?: number;
	mailer?: Mailer;
	only?: DigestFrequency;
	/** test hook: called after a batch's rows are claimed, before its mails are built */
	afterClaim?: () => Promise<void> | void;
}

export interface DigestRunResult {
	digests: number;
	events: number;
	failed: number;
}

/**
 * Builds and sends one grouped digest per person due. Each batch claims its recipient rows in one statement and
 * records the digests, commits, then sends; a mail that cannot leave releases its digest (its events come back in the
 * next run). Two processes running this at once split the people between them: a row is claimed once.
 */
export async function sendDueDigests(
	ctx: Pick<Context, 'db' | 'now'>,
	options: DigestRunOptions = {}
): Promise<DigestRunResult> {
	const now = nowOf(ctx);
	const today = parisDay(now);
	const send = options.mailer ?? currentMailer();
	const batchSize = options.batchSize ?? 500;
	const due = await dueUsers(ctx.db, now, options.only);
	const result: DigestRunResult = { digests: 0, events: 0, failed: 0 };
	for (let i = 0; i < due.length; i += batchSize) {
		const batch = due.slice(i, i + batchSize);
		const people = new Map(batch.map((u) => [u.userId, u]));
		const built = await inTransaction(ctx, async (tx) => {
			const claims = batch.map((u) => ({ userId: u.userId, digestId: randomUUID() }));
			const claimed = await claimPending(tx.db, claims, now);
			const claimedDigests = new Set(claimed.map((c) => c.digestId));
			await options.afterClaim?.();
			const events = new Map(
				(await eventsByIds(tx.db, [...new Set(claimed.map((c) => c.eventId))])).map((e) => [e.id, e])
			);
			const confidential = [
				...new Set(
					[...events.values()].filter((e) => e.bodyKind === 'partage_situations').map((e) => e.bodyId!)
				)
			];
			const seats = await currentSeats(
				tx.db,
				batch.map((u) => u.userId),
				confidential,
				today
			);
			const perUser = new Map<string, DigestEvent[]>();
			for (const c of claimed) {
				const event = events.get(c.eventId);
				if (!event) continue;
				// defence in depth: whatever a caller recorded, a « partage de situations » event reaches its members only
				if (event.bodyKind === 'partage_situations' && !seats.has(`${c.userId}:${event.bodyId}`)) continue;
				perUser.set(c.userId, [...(perUser.get(c.userId) ?? []), event]);
			}
			const mails = claims
				.map((c) => ({ ...c, person: people.get(c.userId)!, events: perUser.get(c.userId) ?? [] }))
				.filter((m) => claimedDigests.has(m.digestId));
			await insertDigests(
				tx.db,
				mails.map((m) => ({
					id: m.digestId,
					userId: m.userId,
					frequency: m.person.frequency,
					eventCount: m.events.length
				})),
				now
			);
			return mails.filter((m) => m.events.length > 0);
		});
		for (const m of built) {
			const groups = groupEvents(m.events);
			try {
				await send.send({
					to: m.person.email,
					subject: digestSubject(m.events.length),
					text: digestText(m.person, groups)
				});
				result.digests++;
				result.events += m.events.length;
			} catch {
				await releaseDigest(ctx.db, m.digestId);
				result.failed++;
			}
		}
	}
	return result;
}
