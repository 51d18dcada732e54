import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { startServer, tempDataDir, type RunningServer } from '../support/server';
import { clickAndWait, expectNoAxeViolations, open, signInAs, useBrowser } from '../support/browser';

/**
 * Issue 10 §7, as an instance admin sees it: the queue of the running app produces an overdue reminder and a
 * grouped digest (started with « Lancer maintenant » on the outbox page), and a newcomer digest; each mail is read on
 * the outbox page. The governance rows are written into the app's PGlite while the server is stopped (this branch
 * has no pages for them yet); the newcomer digest is produced by its job, inline, before the server restarts.
 */

const dataDir = tempDataDir('maillage-digests-');
let server: RunningServer;
const b = useBrowser();
const NNBSP = '\u202f';

async function seedGovernance() {
	process.env.MAILLAGE_DATA_DIR = dataDir; // the newcomer mail lands in this server's outbox
	const { openDatabase, rows } = await import('../../src/lib/server/db/client');
	const { runJobNow } = await import('../../src/lib/server/jobs/queue');
	await import('../../src/lib/server/jobs/all');
	const database = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
	try {
		const db = database.db;
		const one = async (query: ReturnType<typeof sql>) => (await rows<{ id: string }>(db, query))[0]!.id;
		const user = (email: string) => one(sql`select id from users where email = ${email}`);
		const lea = await user('ccas@demo.maillage.fr');
		const nadia = await user('ecoute-violences@demo.maillage.fr');
		const amelie = await user('quercy-solidarites@demo.maillage.fr');
		const org = await one(sql`select id from organisations order by name limit 1`);
		const coop = await one(sql`insert into cooperations (name, territory_type, territory_code)
			values ('Réseau VIF du Lot (essai)', 'departement', '46') returning id`);
		const copil =
			await one(sql`insert into bodies (cooperation_id, kind, name, territory_type, territory_code)
			values (${coop}, 'pilotage', 'Copil VIF (essai)', 'departement', '46') returning id`);
		const cotech =
			await one(sql`insert into bodies (cooperation_id, kind, name, territory_type, territory_code)
			values (${coop}, 'technique', 'Cotech VIF (essai)', 'departement', '46') returning id`);
		const seat = (body: string, userId: string, mandate: string) =>
			one(sql`insert into body_members (body_id, user_id, organisation_id, mandate, starts_on)
				values (${body}, ${userId}, ${org}, ${mandate}, date '2026-01-05') returning id`);
		const leaSeat = await seat(copil, lea, 'direction');
		await seat(copil, nadia, 'operationnel');
		await db.execute(sql`insert into meetings (body_id, title, starts_at, ends_at, chair_member_id)
			values (${copil}, 'Copil de printemps', now() + interval '20 days', now() + interval '20 days 2 hours', ${leaSeat})`);
		await db.execute(sql`insert into actions (cooperation_id, body_id, title, owner_user_id, owner_organisation_id, due_on)
			values (${coop}, ${copil}, 'Mettre à jour l’annuaire des permanences', ${nadia}, ${org}, current_date - 10),
				(${coop}, ${copil}, 'Préparer la convention avec la gendarmerie', ${lea}, ${org}, current_date - 3)`);
		await db.execute(sql`insert into decisions (cooperation_id, body_id, title, text, decided_on, review_on)
			values (${coop}, ${copil}, 'Ouverture d’une permanence à Figeac', 'Une permanence mensuelle.',
				current_date - 200, current_date - 1)`);
		await db.execute(sql`insert into decisions (cooperation_id, body_id, title, text, decided_on)
			values (${coop}, ${cotech}, 'Fiche de liaison commune', 'Adoptée.', current_date - 30)`);
		const newcomer = await seat(cotech, amelie, 'encadrement');
		await runJobNow(db, 'governance.newcomer-digest', { bodyMemberId: newcomer });
	} finally {
		await database.close();
	}
}

beforeAll(async () => {
	// first start: migrations and the demo; then the governance rows; then the app again, with its queue
	const first = await startServer({ dataDir });
	await first.stop();
	await seedGovernance();
	server = await startServer({ dataDir });
}, 180_000);

afterAll(async () => {
	await server?.stop();
});

/** Reloads the outbox until a row matching the text shows (the queue polls every few seconds). */
async function waitForRow(page: Page, text: RegExp) {
	for (let i = 0; i < 60; i++) {
		if ((await page.getByRole('row').filter({ hasText: text }).count()) > 0) return;
		await new Promise((r) => setTimeout(r, 1000));
		await open(page, `${server.url}/admin/courriels`);
	}
	throw new Error(`no mail matching ${text} in the outbox`);
}

/** Follows a link to its page (a link is routed by the client: no new document to wait for). */
async function follow(page: Page, link: ReturnType<Page['getByRole']>) {
	await open(page, new URL((await link.getAttribute('href'))!, server.url).toString());
}

async function runNow(page: Page, job: string) {
	const form = page.locator('form[action="?/run"]').filter({ hasText: job });
	await clickAndWait(page, form.getByRole('button', { name: /Lancer maintenant/ }));
	expect(await page.getByRole('status').textContent()).toContain(`Tâche «${NNBSP}${job}${NNBSP}» lancée.`);
}

describe('reminders and digests through the queue, read on the outbox page', () => {
	it('an overdue reminder and a grouped digest come out of the queue', async () => {
		const { page } = await b.newPage();
		await signInAs(page, server.url, 'admin@demo.maillage.fr');
		await follow(page, page.getByRole('banner').getByRole('link', { name: 'Courriels' }));
		await page.getByRole('heading', { level: 1, name: 'Courriels envoyés' }).waitFor();
		await expectNoAxeViolations(page);

		const reminders = 'Rappels des actions en retard et des décisions à réexaminer';
		await runNow(page, reminders);
		// the digest must come after the reminders it carries
		for (let i = 0; i < 60; i++) {
			const line = page.locator('form[action="?/run"]').filter({ hasText: reminders });
			if (/dernière exécution/.test((await line.textContent()) ?? '')) break;
			await new Promise((r) => setTimeout(r, 1000));
			await open(page, `${server.url}/admin/courriels`);
		}
		await runNow(page, 'Récapitulatifs par courriel');
		await waitForRow(page, /ccas@demo\.maillage\.fr.*récapitulatif/);

		const row = page.getByRole('row').filter({ hasText: /ccas@demo\.maillage\.fr.*récapitulatif/ });
		await follow(page, row.getByRole('link'));
		const text = (await page.locator('pre').textContent()) ?? '';
		// one group for the body, the chair's summary and her own overdue action, the review reminder
		expect(text).toContain('■ Réseau VIF du Lot (essai) — Copil VIF (essai)');
		expect(text).toContain(`Copil VIF (essai)${NNBSP}: 2 actions en retard`);
		expect(text).toContain('Mettre à jour l’annuaire des permanences');
		expect(text).toContain(`Action en retard${NNBSP}: Préparer la convention avec la gendarmerie`);
		expect(text).toContain(`Décision à réexaminer${NNBSP}: Ouverture d’une permanence à Figeac`);
		// grouped: this body's events under one heading, and no heading twice (the demo adds groups of its own)
		const headings = text.split('\n').filter((l) => l.startsWith('■ '));
		expect(headings.filter((h) => h.startsWith('■ Réseau VIF du Lot (essai)'))).toEqual([
			'■ Réseau VIF du Lot (essai) — Copil VIF (essai)'
		]);
		expect(new Set(headings).size).toBe(headings.length);
		expect(text).toMatch(/http:\/\/127\.0\.0\.1:\d+\/cooperations\//);
		await expectNoAxeViolations(page);

		await open(page, `${server.url}/admin/courriels`);
		await waitForRow(page, /ecoute-violences@demo\.maillage\.fr.*récapitulatif/);
		const nadia = page.getByRole('row').filter({ hasText: /ecoute-violences@demo\.maillage\.fr/ });
		await follow(page, nadia.getByRole('link'));
		const hers = (await page.locator('pre').textContent()) ?? '';
		expect(hers).toContain(`Action en retard${NNBSP}: Mettre à jour l’annuaire des permanences`);
		// not the chair: no summary
		expect(hers).not.toContain('actions en retard');
	});

	it('a newcomer digest, readable at 320 px', async () => {
		const { page } = await b.newPage({ viewport: { width: 320, height: 640 } });
		await signInAs(page, server.url, 'admin@demo.maillage.fr');
		await open(page, `${server.url}/admin/courriels`);
		const row = page.getByRole('row').filter({ hasText: 'bienvenue dans Cotech VIF (essai)' });
		expect(await row.getByRole('cell').nth(1).textContent()).toContain('quercy-solidarites@demo.maillage.fr');
		await follow(page, row.getByRole('link'));
		const text = (await page.locator('pre').textContent()) ?? '';
		expect(text).toContain('■ Votre mandat');
		expect(text).toContain('encadrement intermédiaire');
		expect(text).toContain('– Fiche de liaison commune');
		expect(text).toContain('■ Charte en vigueur');
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
		await expectNoAxeViolations(page);
		// the rhythm page, with JavaScript, at 320 px (axe needs JavaScript; the no-JS form is the next test)
		await open(page, `${server.url}/compte/notifications`);
		await page.getByRole('heading', { level: 1, name: 'Mes récapitulatifs par courriel' }).waitFor();
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
		await expectNoAxeViolations(page);
	});

	it('lets a person choose the rhythm of their digest, without JavaScript', async () => {
		const { page } = await b.newPage({ javaScriptEnabled: false });
		await signInAs(page, server.url, 'ccas@demo.maillage.fr');
		await open(page, `${server.url}/compte/notifications`);
		expect(await page.getByLabel('Chaque semaine').isChecked()).toBe(true);
		await page.getByLabel('Chaque jour').check();
		await clickAndWait(page, page.getByRole('button', { name: 'Enregistrer' }));
		expect(await page.getByRole('status').textContent()).toContain('Votre choix est enregistré.');
		await open(page, `${server.url}/compte/notifications`);
		expect(await page.getByLabel('Chaque jour').isChecked()).toBe(true);
		// the outbox is for instance admins only
		const res = await page.goto(`${server.url}/admin/courriels`);
		expect(res?.status()).toBe(403);
	});
});
