import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { rows } from '../db/client';
import { runGovernanceReminders } from './reminders';
import * as f from '../notifications/test-fixtures';

/**
 * Issue 10 §7: overdue actions reminded to their owner (once per week) and summarised to the chair of the body's
 * next (or else last) meeting; decisions whose review date has come reminded to the chair and managers, once.
 * « Aujourd’hui » is the Paris day; a « partage de situations » body tells its members only.
 */

let t: TestDatabase;
const ids: Record<string, string> = {};
// 1 December 2026, 00:30 in Paris (still 30 November in UTC): an action due on 30 November is overdue
const NOW = new Date('2026-11-30T23:30:00Z');
const at = (date: Date) => () => date;

interface EventRow {
	kind: string;
	title: string;
	text: string;
	dedupeKey: string;
	bodyId: string | null;
	recipients: string[];
}
const events = () =>
	rows<EventRow>(
		t.db,
		sql`select e.kind, e.title, e.text, e.dedupe_key as "dedupeKey", e.body_id as "bodyId",
				array_agg(r.user_id::text order by r.user_id) as recipients
			from notification_events e join notification_recipients r on r.event_id = e.id
			group by e.id order by e.kind, e.title`
	);

beforeAll(async () => {
	t = await createTestDatabase({ territories: false });
	const db = t.db;
	ids.coop = await f.cooperation(db, 'Réseau violences intrafamiliales du Lot');
	ids.copil = await f.body(db, ids.coop, 'Comité de pilotage', 'pilotage');
	ids.cellule = await f.body(db, ids.coop, 'Cellule de partage de situations', 'partage_situations');
	ids.dept = await f.organisation(db, 'Département du Lot');
	for (const name of ['Alice', 'Bruno', 'Claire', 'Denis', 'Emma', 'Fanny'])
		ids[name] = await f.person(db, `${name} Delmas`);
	await f.seat(db, ids.copil, ids.Alice!, ids.dept);
	const brunoSeat = await f.seat(db, ids.copil, ids.Bruno!, ids.dept, { mandate: 'direction' });
	const emmaSeat = await f.seat(db, ids.copil, ids.Emma!, ids.dept, { mandate: 'direction' });
	// Fanny left the copil: a manager no more
	await f.seat(db, ids.copil, ids.Fanny!, ids.dept, { mandate: 'direction', endsOn: '2026-06-30' });
	const denisSeat = await f.seat(db, ids.cellule, ids.Denis!, ids.dept);
	// the copil's last meeting was chaired by Emma, its next one will be by Bruno: Bruno gets the summary
	await f.meeting(db, ids.copil, '2026-10-15T08:00:00Z', emmaSeat);
	await f.meeting(db, ids.copil, '2026-12-15T08:00:00Z', brunoSeat);
	// the cellule has only met: its last chair, Denis
	await f.meeting(db, ids.cellule, '2026-11-02T08:00:00Z', denisSeat);
	const base = { cooperationId: ids.coop, ownerOrganisationId: ids.dept };
	ids.a1 = await f.action(db, {
		...base,
		bodyId: ids.copil,
		title: 'Rédiger le protocole d’accueil',
		ownerUserId: ids.Alice!,
		dueOn: '2026-11-30'
	});
	ids.a2 = await f.action(db, {
		...base,
		bodyId: ids.copil,
		title: 'Réunir les bailleurs',
		ownerUserId: ids.Bruno!,
		dueOn: '2026-11-10',
		status: 'in_progress'
	});
	await f.action(db, {
		...base,
		bodyId: ids.copil,
		title: 'Action close',
		ownerUserId: ids.Alice!,
		dueOn: '2026-11-01',
		status: 'done'
	});
	await f.action(db, {
		...base,
		bodyId: ids.copil,
		title: 'Action du jour',
		ownerUserId: ids.Alice!,
		dueOn: '2026-12-01'
	});
	// Claire does not sit in the cellule: she must not hear about it
	await f.action(db, {
		...base,
		bodyId: ids.cellule,
		title: 'Situation de Mme X : relancer',
		ownerUserId: ids.Claire!,
		dueOn: '2026-11-20'
	});
	ids.d1 = await f.decision(db, {
		cooperationId: ids.coop,
		bodyId: ids.copil,
		title: 'Fonds d’avance de 5 000 €',
		decidedOn: '2026-03-01',
		reviewOn: '2026-12-01'
	});
	await f.decision(db, {
		cooperationId: ids.coop,
		bodyId: ids.copil,
		title: 'À revoir plus tard',
		decidedOn: '2026-03-01',
		reviewOn: '2027-03-01'
	});
	await f.decision(db, {
		cooperationId: ids.coop,
		bodyId: ids.copil,
		title: 'Décision abrogée',
		decidedOn: '2026-03-01',
		reviewOn: '2026-06-01',
		status: 'reversed'
	});
});

afterAll(() => t?.drop());

describe('governance reminders', () => {
	it('reminds the owners of overdue actions (Paris day), summarises them to the chair, and reminds reviews', async () => {
		const result = await runGovernanceReminders({ db: t.db, now: at(NOW) });
		expect(result).toEqual({ ownerReminders: 2, chairSummaries: 2, reviewReminders: 1 });
		const all = await events();

		const owners = all.filter((e) => e.kind === 'governance.action.overdue');
		expect(owners.map((e) => e.recipients[0]).sort()).toEqual([ids.Alice, ids.Bruno].sort());
		expect(owners.map((e) => e.title).join('|')).toContain('Rédiger le protocole d’accueil');
		expect(owners.every((e) => /:.+:2026-W49$/.test(e.dedupeKey))).toBe(true);

		const summaries = all.filter((e) => e.kind === 'governance.actions.overdue-summary');
		const copil = summaries.find((e) => e.bodyId === ids.copil)!;
		expect(copil.recipients).toEqual([ids.Bruno]);
		expect(copil.text).toContain('Rédiger le protocole d’accueil');
		expect(copil.text).toContain('Réunir les bailleurs');
		expect(copil.text).not.toContain('Action close');
		expect(copil.text).not.toContain('Action du jour');
		const cellule = summaries.find((e) => e.bodyId === ids.cellule)!;
		expect(cellule.recipients).toEqual([ids.Denis]);

		const reviews = all.filter((e) => e.kind === 'governance.decision.review');
		expect(reviews).toHaveLength(1);
		expect(reviews[0]!.title).toContain('Fonds d’avance de 5 000 €');
		expect(reviews[0]!.recipients).toEqual([ids.Bruno, ids.Emma].sort());
		expect(reviews[0]!.dedupeKey).toBe(`governance.decision.review:${ids.d1}:2026-12-01`);
	});

	it('tells nobody outside a « partage de situations » body about it', async () => {
		const all = await events();
		expect(all.some((e) => e.recipients.includes(ids.Claire!))).toBe(false);
		expect(all.filter((e) => e.bodyId === ids.cellule).flatMap((e) => e.recipients)).toEqual([ids.Denis]);
	});

	it('records nothing twice: again the same day, later that week, then once more the next week', async () => {
		const before = (await events()).length;
		await runGovernanceReminders({ db: t.db, now: at(NOW) });
		expect((await events()).length).toBe(before);
		// later that week only « Action du jour », late since yesterday, is new; summaries were this week's already
		const later = await runGovernanceReminders({ db: t.db, now: at(new Date('2026-12-03T08:00:00Z')) });
		expect(later).toEqual({ ownerReminders: 1, chairSummaries: 0, reviewReminders: 0 });
		const nextWeek = await runGovernanceReminders({ db: t.db, now: at(new Date('2026-12-08T08:00:00Z')) });
		// owners and chairs again (a new week; « Action du jour » is late now too); the review reminder was once per
		// decision and review date
		expect(nextWeek).toEqual({ ownerReminders: 3, chairSummaries: 2, reviewReminders: 0 });
		expect(before).toBeGreaterThan(0);
	});

	it('two runs at once record each reminder once', async () => {
		const day = at(new Date('2026-12-15T08:00:00Z'));
		const [a, b] = await Promise.all([
			runGovernanceReminders({ db: t.db, now: day }),
			runGovernanceReminders({ db: t.db, now: day })
		]);
		expect(a.ownerReminders + b.ownerReminders).toBe(3);
		expect(a.chairSummaries + b.chairSummaries).toBe(2);
	});
});
