import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { setMailer, type Mail } from '../mail';
import { sendNewcomerDigest } from './newcomer';
import { enqueueNewcomerDigest } from './jobs';
import * as f from '../notifications/test-fixtures';

/** Issue 10 §7: a newcomer gets, once, their mandate, the body and its cooperation, decisions in force, open actions. */

let t: TestDatabase;
const ids: Record<string, string> = {};
const mails: Mail[] = [];

beforeAll(async () => {
	t = await createTestDatabase({ territories: false });
	setMailer({ send: async (m) => void mails.push(m) });
	const db = t.db;
	ids.coop = await f.cooperation(db, 'Réseau violences intrafamiliales du Lot');
	ids.cotech = await f.body(db, ids.coop, 'Comité technique VIF', 'technique');
	ids.other = await f.body(db, ids.coop, 'Comité de pilotage', 'pilotage');
	ids.org = await f.organisation(db, 'Écoute Violences');
	ids.Lucie = await f.person(db, 'Lucie Bouscarel');
	ids.Marc = await f.person(db, 'Marc Vidal');
	ids.seat = await f.seat(db, ids.cotech, ids.Lucie, ids.org, {
		mandate: 'encadrement',
		startsOn: '2026-12-01'
	});
	const base = { cooperationId: ids.coop, ownerOrganisationId: ids.org, ownerUserId: ids.Marc };
	await f.decision(db, {
		cooperationId: ids.coop,
		bodyId: ids.cotech,
		title: 'Fiche réflexe commune aux accueils',
		decidedOn: '2026-05-12',
		reviewOn: '2027-05-12'
	});
	await f.decision(db, {
		cooperationId: ids.coop,
		bodyId: ids.cotech,
		title: 'Ancienne décision abrogée',
		decidedOn: '2026-02-01',
		status: 'reversed'
	});
	await f.decision(db, {
		cooperationId: ids.coop,
		bodyId: ids.other,
		title: 'Décision d’une autre instance',
		decidedOn: '2026-02-01'
	});
	await f.action(db, {
		...base,
		bodyId: ids.cotech,
		title: 'Former les agents d’accueil',
		dueOn: '2027-01-31'
	});
	await f.action(db, {
		...base,
		bodyId: ids.cotech,
		title: 'Action terminée',
		dueOn: '2026-10-01',
		status: 'done'
	});
});

afterAll(async () => {
	setMailer(undefined);
	await t?.drop();
});

describe('newcomer digest', () => {
	it('tells the newcomer what they need, once', async () => {
		expect(await sendNewcomerDigest({ db: t.db }, ids.seat!)).toBe(true);
		// enqueued again (no queue running: sent inline) — already sent, nothing more
		await enqueueNewcomerDigest(t.db, ids.seat!);
		expect(mails).toHaveLength(1);
		const { subject, text, to } = mails[0]!;
		expect(to).toMatch(/@exemple\.fr$/);
		expect(subject).toBe('Maillage\u202f: bienvenue dans Comité technique VIF');
		expect(text).toContain('Vous représentez Écoute Violences au niveau encadrement intermédiaire');
		expect(text).toContain('Depuis le 1er décembre 2026');
		expect(text).toContain('Coopération\u202f: Réseau violences intrafamiliales du Lot');
		expect(text).toContain('■ Charte en vigueur');
		expect(text).toContain(
			'– Fiche réflexe commune aux accueils (décidée le 12 mai 2026, à réexaminer le 12 mai 2027)'
		);
		expect(text).not.toContain('Ancienne décision abrogée');
		expect(text).not.toContain('Décision d’une autre instance');
		expect(text).toContain('– Former les agents d’accueil (Marc Vidal, échéance le 31 janvier 2027)');
		expect(text).not.toContain('Action terminée');
		expect(text).toContain('■ Les mots de l’instance');
	});

	it('says when no charter is in force, and sends nothing for an unknown seat', async () => {
		const seat = await f.seat(t.db, ids.other!, ids.Lucie!, ids.org!);
		await sendNewcomerDigest({ db: t.db }, seat);
		expect(mails.at(-1)!.text).toContain('Aucune version de la charte n’est encore en vigueur.');
		expect(await sendNewcomerDigest({ db: t.db }, '00000000-0000-4000-8000-000000000099')).toBe(false);
	});
});
