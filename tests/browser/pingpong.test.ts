import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startServer, type RunningServer } from '../support/server';
import { clickAndWait, expectNoAxeViolations, open, signInAs, useBrowser } from '../support/browser';
import { openDatabase, rows, type Db } from '../../src/lib/server/db/client';
import { actorForUser, findUserByEmail } from '../../src/lib/server/auth/service';
import { inTransaction } from '../../src/lib/server/db/transaction';
import { afterReferralChange } from '../../src/lib/server/pathways/ping-pong';

/**
 * Ping-pong as a coordinator meets it (issue 11 « Done when »): a third refusal raises the flag; the coordinator
 * opens « Alertes ping-pong », reads the chain of referrals without the person's name (their organisation does not
 * see it) and records what was done, which closes the alert. The first two refusals and the third one are written
 * between two starts of the server through the service layer (the referrals pages are another area's).
 */

let server: RunningServer;
const b = useBrowser();
let referralIds: string[] = [];

async function thirdRefusal(db: Db) {
	const [demoPerson] = await rows<{ id: string; organisation_id: string; referent_user_id: string }>(
		db,
		sql`select id, organisation_id, referent_user_id from persons order by created_at limit 1`
	);
	const [coop] = await rows<{ id: string }>(
		db,
		sql`select cooperation_id as id from ping_pong_flags limit 1`
	);
	const services = await rows<{ id: string; organisation_id: string }>(
		db,
		sql`select s.id, st.organisation_id from services s join structures st on st.id = s.structure_id
		    where st.organisation_id is not null and st.organisation_id <> ${demoPerson!.organisation_id}
		    order by s.name limit 3`
	);
	// a second fictional person of the same holder, sent three times in the last fortnight
	const [person] = await rows<{ id: string }>(
		db,
		sql`insert into persons (organisation_id, identity_sealed, created_by, referent_user_id, referent_organisation_id)
		    select organisation_id, identity_sealed, created_by, referent_user_id, referent_organisation_id
		    from persons where id = ${demoPerson!.id} returning id`
	);
	const day = 86_400_000;
	const user = await findUserByEmail(db, 'travailleur.social@demo.maillage.fr');
	const ctx = { db, actor: await actorForUser(db, user!) };
	referralIds = [];
	for (const [i, s] of services.entries()) {
		const [r] = await rows<{ id: string }>(
			db,
			sql`insert into referrals (person_id, from_organisation_id, service_id, to_organisation_id, cooperation_id,
			      status, refusal_reason, respond_by, created_at, updated_at, closed_at)
			    values (${person!.id}, ${demoPerson!.organisation_id}, ${s.id}, ${s.organisation_id}, ${coop!.id},
			      'refused', 'no_capacity', current_date, ${new Date(Date.now() - (14 - i) * day)},
			      ${new Date(Date.now() - (12 - i * 5) * day)}, ${new Date(Date.now() - (12 - i * 5) * day)})
			    returning id`
		);
		referralIds.push(r!.id);
		await inTransaction(ctx, (tx) => afterReferralChange(tx, r!.id));
		const flags = await rows<{ n: number }>(
			db,
			sql`select count(*)::int as n from ping_pong_flags where person_id = ${person!.id}`
		);
		// nothing after the first two refusals; the third raises the flag
		expect(flags[0]!.n).toBe(i < 2 ? 0 : 1);
	}
	return person!.id;
}

let personId = '';
beforeAll(async () => {
	const first = await startServer();
	await first.stop();
	const database = await openDatabase({ dataDir: path.join(first.dataDir, 'pglite') });
	try {
		personId = await thirdRefusal(database.db);
	} finally {
		await database.close();
	}
	server = await startServer({ dataDir: first.dataDir });
}, 240_000);
afterAll(async () => {
	await server?.stop();
});

describe('ping-pong alerts', () => {
	it('the coordinator sees the chain without the name and records what was done', async () => {
		const { page } = await b.newPage();
		await signInAs(page, server.url, 'coordination@demo.maillage.fr');
		await open(page, `${server.url}/orientations/alertes`);
		await page.getByRole('heading', { level: 1, name: 'Alertes ping-pong' }).waitFor();
		await expectNoAxeViolations(page);
		const label = `Personne n° ${personId.slice(0, 8)}`;
		const card = page.getByRole('article', { name: label });
		await card.waitFor();
		expect(await card.getByRole('listitem').count()).toBe(3);
		expect(await card.textContent()).toContain('refusée');
		expect(await card.textContent()).toContain('pas de place disponible');
		expect(await page.content()).not.toContain('Maëlys');

		await card
			.getByLabel('Ce qui a été fait')
			.fill('Réunion de la cellule VIF : l’association reprend l’accompagnement.');
		await clickAndWait(page, card.getByRole('button', { name: 'Enregistrer et clore l’alerte' }));
		await page.getByRole('status').filter({ hasText: 'L’alerte est close' }).waitFor();
		expect(await page.getByRole('article', { name: label }).count()).toBe(0);
		await expectNoAxeViolations(page);
		expect(referralIds).toHaveLength(3);
	});

	it('a 320 px screen shows the alerts without horizontal scrolling', async () => {
		const { page } = await b.newPage({ viewport: { width: 320, height: 700 } });
		await signInAs(page, server.url, 'coordination@demo.maillage.fr');
		await open(page, `${server.url}/orientations/alertes`);
		const width = await page.evaluate(() => document.documentElement.scrollWidth);
		expect(width).toBeLessThanOrEqual(320);
	});
});
