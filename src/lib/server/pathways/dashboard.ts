import type { Context } from '../context';
import { nowOf } from '../context';
import { ForbiddenError } from '../policy/policy';
import { inTransaction } from '../db/transaction';
import { open } from '../crypto/fields';
import type { InfoCategory } from '../charters/content';
import {
	auditPersonReads,
	categoryMaps,
	personViews,
	reveal,
	viewerOf,
	type PersonView,
	type Shown
} from './access';
import { entryVisible, seesAnything } from './sharing';
import * as repo from './entries-repository';
import type { SharingLevel } from './schema';

/**
 * The référent's dashboard (« Mes suivis »): the persons I am référent de parcours of, with their last activity,
 * next appointment, open referrals and open ping-pong flag, and my own upcoming appointments. A fixed number of
 * queries whatever the page size (personViews decides every person at once); one read event per person shown.
 */

export interface Followed {
	personId: string;
	/** « Prénom Nom » when identity is visible, otherwise why not */
	name: Shown<string>;
	lastActivityAt: Date;
	nextAppointmentAt: Date | null;
	openReferrals: number;
	pingPong: boolean;
}

export interface MyAppointment {
	entryId: string;
	personId: string;
	name: Shown<string>;
	occursAt: Date;
	place: string | null;
	with: string | null;
}

interface Identity {
	firstName: string;
	lastName: string;
	usualName?: string | null;
}

export function nameOf(view: PersonView): Shown<string> {
	const shown = reveal<Identity>(view, 'identity', view.person.identitySealed);
	if (!shown.visible) return shown;
	const id = shown.value;
	return { visible: true, value: id ? `${id.usualName || id.firstName} ${id.lastName}`.trim() : '' };
}

export async function followedByMe(
	ctx: Context,
	page: { limit: number; offset: number } = { limit: 20, offset: 0 },
	options: { appointments?: number } = {}
): Promise<{ items: Followed[]; total: number; appointments: MyAppointment[] }> {
	const viewer = viewerOf(ctx);
	if (!viewer) throw new ForbiddenError('read', 'person', false);
	// readers and accounts without a professional membership follow nobody (and see no one)
	if (!viewer.organisationIds.length) return { items: [], total: 0, appointments: [] };
	return inTransaction(ctx, async (tx) => {
		const now = nowOf(tx);
		// one statement after the other: inside a transaction they share one connection. Whom I follow but may no
		// longer see (a partner's person who withdrew consent) is neither listed nor counted.
		const followed = await repo.followedBy(tx.db, viewer.userId);
		const maps = await categoryMaps(tx, followed);
		const visible = followed.filter((p) => seesAnything(maps.get(p.id)!));
		const total = visible.length;
		const ids = visible.slice(page.offset, page.offset + page.limit).map((p) => p.id);
		const mine = await repo.myAppointments(tx.db, viewer.userId, now, options.appointments ?? 10);
		const views = await personViews(tx, [...new Set([...ids, ...mine.map((a) => a.personId)])]);
		const byId = new Map(views.map((v) => [v.person.id, v]));
		const followedIds = ids.filter((id) => byId.has(id));
		const appointments = await repo.upcomingAppointments(tx.db, followedIds, now);
		const counters = await repo.pathwayCounters(tx.db, followedIds);
		const items: Followed[] = followedIds.map((id) => {
			const view = byId.get(id)!;
			const next = appointments.find(
				(a) =>
					a.personId === id &&
					entryVisible(
						view.categories,
						{ ...a, category: a.category as InfoCategory, sharing: a.sharing as SharingLevel },
						view.viewer
					)
			);
			return {
				personId: id,
				name: nameOf(view),
				lastActivityAt: view.person.lastActivityAt,
				nextAppointmentAt: next?.occursAt ?? null,
				openReferrals: counters.referrals.get(id) ?? 0,
				pingPong: counters.flags.has(id)
			};
		});
		const myAppointments: MyAppointment[] = mine.flatMap((a) => {
			const view = byId.get(a.personId);
			if (!view) return [];
			const body = open<{ place?: string | null; with?: string | null }>(a.bodySealed, a.personId);
			return [
				{
					entryId: a.id,
					personId: a.personId,
					name: nameOf(view),
					occursAt: a.occursAt,
					place: body.place ?? null,
					with: body.with ?? null
				}
			];
		});
		const shown = new Set([...followedIds, ...myAppointments.map((a) => a.personId)]);
		await auditPersonReads(
			tx,
			views.filter((v) => shown.has(v.person.id)),
			'followed'
		);
		return { items, total, appointments: myAppointments };
	});
}
