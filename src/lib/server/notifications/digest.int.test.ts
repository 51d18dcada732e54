import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { openDatabase, rows, type Database } from '../db/client';
import type { Mail } from '../mail';
import { actorWith } from '../testing/actors';
import { ValidationError } from '../errors';
import { ForbiddenError } from '../policy/policy';
import { ANONYMOUS } from '../policy/actor';
import { notify } from './service';
import { sendDueDigests } from './digest';
import { getNotificationPreferences, setNotificationPreferences } from './preferences';
import * as f from './test-fixtures';

/**
 * Issue 10 §7: one grouped digest per person (cooperation, then body, then « Autres »), never the same event twice,
 * nothing lost (an event recorded while digests are built comes in the next one), daily / weekly / none per person,
 * safe when two processes build digests at once.
 */

let t: TestDatabase;
let other: Database;
const ids: Record<string, string> = {};
let mails: Mail[] = [];
const capture = { send: async (mail: Mail) => void mails.push(mail) };
let clock = new Date('2026-12-07T06:00:00Z');
const ctx = () => ({ db: t.db, now: () => clock });
const days = (n: number) => (clock = new Date(clock.getTime() + n * 86_400_000));
let seq = 0;
const event = (
	recipients: string[],
	title: string,
	where: { cooperationId?: string; bodyId?: string } = {}
) =>
	notify(
		{ db: t.db },
		{ kind: 'test', title, recipients, dedupeKey: `test:${++seq}`, url: `/essai/${seq}`, ...where }
	);
const mailOf = (userId: string) => mails.filter((m) => m.to.startsWith(userId.slice(0, 8)));

beforeAll(async () => {
	t = await createTestDatabase({ territories: false });
	// a second connection, as a second app process would have (PGlite has one process by construction)
	other = t.url ? await openDatabase({ url: t.url, poolSize: 2 }) : t;
	const db = t.db;
	ids.vif = await f.cooperation(db, 'Réseau violences intrafamiliales du Lot');
	ids.figeac = await f.cooperation(db, 'Coopération socio-éducative du Grand Figeac');
	ids.copil = await f.body(db, ids.vif, 'Comité de pilotage');
	ids.cotech = await f.body(db, ids.figeac, 'Comité technique', 'technique');
	ids.cellule = await f.body(db, ids.vif, 'Cellule de partage de situations', 'partage_situations');
	ids.org = await f.organisation(db, 'CCAS de Cahors');
	for (const name of ['Alice', 'Bruno', 'Claire', 'Denis', 'Emma'])
		ids[name] = await f.person(db, `${name} Lacombe`);
	await f.seat(db, ids.cellule, ids.Alice!, ids.org);
});

afterAll(async () => {
	if (other !== t) await other.close();
	await t?.drop();
});

beforeEach(() => {
	mails = [];
});

describe('digests', () => {
	it('sends one digest per person, grouped by cooperation then body, « Autres » last, each event once', async () => {
		await event([ids.Alice!], 'Hors coopération : nouvelle fiche');
		await event([ids.Alice!, ids.Bruno!], 'Décision du copil', { cooperationId: ids.vif, bodyId: ids.copil });
		await event([ids.Alice!], 'Charte v2 soumise', { cooperationId: ids.vif });
		await event([ids.Alice!], 'Action du cotech', { cooperationId: ids.figeac, bodyId: ids.cotech });
		await event([ids.Alice!], 'Situation suivie en cellule', { cooperationId: ids.vif, bodyId: ids.cellule });
		const result = await sendDueDigests(ctx(), { mailer: capture });
		expect(result).toMatchObject({ digests: 2, events: 6, failed: 0 });
		const [alice] = mailOf(ids.Alice!);
		expect(mailOf(ids.Alice!)).toHaveLength(1);
		expect(alice!.subject).toBe('Maillage\u202f: votre récapitulatif (5 nouveautés)');
		const headings = alice!.text.split('\n').filter((l) => l.startsWith('■ '));
		expect(headings).toEqual([
			'■ Coopération socio-éducative du Grand Figeac — Comité technique',
			'■ Réseau violences intrafamiliales du Lot',
			'■ Réseau violences intrafamiliales du Lot — Cellule de partage de situations',
			'■ Réseau violences intrafamiliales du Lot — Comité de pilotage',
			'■ Autres'
		]);
		expect(alice!.text.match(/Décision du copil/g)).toHaveLength(1);
		// links are absolute
		expect(alice!.text).toMatch(/^ {2}https?:\/\/[^\s]+\/essai\/\d+$/m);
		expect(mailOf(ids.Bruno!)[0]!.text).toContain('Décision du copil');
	});

	it('never carries an event twice: a second run sends nothing, the next one only what is new', async () => {
		await sendDueDigests(ctx(), { mailer: capture });
		expect(mails).toHaveLength(0);
		await setNotificationPreferences(
			{ db: t.db, actor: actorWith([], { id: ids.Alice }) },
			{ frequency: 'daily' }
		);
		await event([ids.Alice!], 'Nouvelle réunion', { cooperationId: ids.vif, bodyId: ids.copil });
		days(1);
		await sendDueDigests(ctx(), { mailer: capture });
		expect(mails).toHaveLength(1);
		expect(mails[0]!.text).toContain('Nouvelle réunion');
		expect(mails[0]!.text).not.toContain('Décision du copil');
	});

	it('loses nothing: an event recorded while digests are built comes in the next digest', async () => {
		await event([ids.Alice!], 'Avant le récapitulatif');
		days(1);
		let late: Promise<unknown> | undefined;
		await sendDueDigests(ctx(), {
			mailer: capture,
			// from another connection, not awaited: on PGlite it waits for the digest's transaction to end
			afterClaim: () => {
				late = notify(
					{ db: other.db },
					{
						kind: 'test',
						title: 'Pendant le récapitulatif',
						recipients: [ids.Alice!],
						dedupeKey: 'test:late'
					}
				);
			}
		});
		await late;
		expect(mails.map((m) => m.text).join()).toContain('Avant le récapitulatif');
		expect(mails.map((m) => m.text).join()).not.toContain('Pendant le récapitulatif');
		mails = [];
		days(1);
		await sendDueDigests(ctx(), { mailer: capture });
		expect(mails).toHaveLength(1);
		expect(mails[0]!.text).toContain('Pendant le récapitulatif');
	});

	it('two processes building digests at once send each event once', async () => {
		for (const name of ['Bruno', 'Claire', 'Denis', 'Emma'])
			for (let i = 0; i < 5; i++) await event([ids[name]!], `${name} ${i}`, { cooperationId: ids.figeac });
		days(8);
		await Promise.all([
			sendDueDigests({ db: t.db, now: () => clock }, { mailer: capture, batchSize: 1 }),
			sendDueDigests({ db: other.db, now: () => clock }, { mailer: capture, batchSize: 1 })
		]);
		for (const name of ['Bruno', 'Claire', 'Denis', 'Emma']) {
			expect(mailOf(ids[name]!)).toHaveLength(1);
			for (let i = 0; i < 5; i++) expect(mailOf(ids[name]!)[0]!.text).toContain(`${name} ${i}`);
		}
		const [row] = await rows<{ dup: number }>(
			t.db,
			sql`select count(*)::int as dup from (select user_id from digests group by user_id, created_at having count(*) > 1) d`
		);
		expect(row!.dup).toBe(0);
	});

	it('follows each person’s rhythm: weekly by default, daily, or none', async () => {
		await setNotificationPreferences(
			{ db: t.db, actor: actorWith([], { id: ids.Claire }) },
			{ frequency: 'none' }
		);
		await event([ids.Bruno!, ids.Claire!, ids.Alice!], 'Rythmes');
		days(3);
		await sendDueDigests(ctx(), { mailer: capture });
		// Alice (daily) gets it; Bruno (weekly, last digest 3 days ago) waits; Claire (none) never gets mail
		expect(mails.map((m) => m.to)).toEqual(mailOf(ids.Alice!).map((m) => m.to));
		mails = [];
		days(5);
		await sendDueDigests(ctx(), { mailer: capture });
		expect(mailOf(ids.Bruno!)).toHaveLength(1);
		expect(mailOf(ids.Claire!)).toHaveLength(0);
	});

	it('sends a « partage de situations » event to the members of that body only, whatever was recorded', async () => {
		await event([ids.Alice!, ids.Bruno!], 'Situation de Mme X', {
			cooperationId: ids.vif,
			bodyId: ids.cellule
		});
		days(8);
		await sendDueDigests(ctx(), { mailer: capture });
		expect(mailOf(ids.Alice!)[0]!.text).toContain('Situation de Mme X');
		expect(mails.filter((m) => m.text.includes('Situation de Mme X'))).toHaveLength(1);
	});

	it('keeps the events of a mail that could not leave for the next run', async () => {
		await event([ids.Alice!], 'Courriel en échec');
		days(1);
		const failing = { send: async () => Promise.reject(new Error('relais SMTP indisponible')) };
		const failed = await sendDueDigests(ctx(), { mailer: failing });
		expect(failed.failed).toBe(1);
		await sendDueDigests(ctx(), { mailer: capture });
		expect(mails.map((m) => m.text).join()).toContain('Courriel en échec');
	});
});

describe('notification preferences', () => {
	it('are weekly by default, personal, checked and audited', async () => {
		const emma = { db: t.db, actor: actorWith([], { id: ids.Emma }) };
		expect(await getNotificationPreferences(emma)).toEqual({ frequency: 'weekly' });
		await setNotificationPreferences(emma, { frequency: 'daily' });
		expect(await getNotificationPreferences(emma)).toEqual({ frequency: 'daily' });
		await expect(setNotificationPreferences(emma, { frequency: 'hourly' as never })).rejects.toBeInstanceOf(
			ValidationError
		);
		await expect(getNotificationPreferences({ db: t.db, actor: ANONYMOUS })).rejects.toBeInstanceOf(
			ForbiddenError
		);
		const audited = await rows<{ n: number }>(
			t.db,
			sql`select count(*)::int as n from audit_events where action = 'notifications.preferences.update' and object_id = ${ids.Emma}`
		);
		expect(audited[0]!.n).toBe(1);
	});
});
