import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { rows } from '../db/client';
import { NotFoundError } from '../errors';
import { inTransaction } from '../db/transaction';
import { auditPersonReads, personAccess, personViews, reveal } from './access';
import { pathwaysFixture, seedPerson, type PathwaysFixture } from './fixture.test-support';

let t: TestDatabase;
let f: PathwaysFixture;
let personId: string;

beforeAll(async () => {
	t = await createTestDatabase();
	f = await pathwaysFixture(t.db);
	personId = (
		await seedPerson(t.db, {
			holder: f.ccas,
			firstName: 'Inès',
			lastName: 'Lefèvre (fictive)',
			birthDate: '1991-04-12',
			situation: 'Hébergée chez une amie depuis mars.',
			consents: [
				{ organisationIds: [f.caf], categories: ['identity', 'contact', 'finances', 'health'] },
				{ organisationKinds: ['association'], categories: ['identity', 'violence'] }
			]
		})
	).id;
});
afterAll(() => t?.close());

describe('personAccess: the stored consents and the charter in force decide, category by category', () => {
	it('the holding organisation sees every category and opens the sealed identity', async () => {
		const view = await personAccess(f.ctx('ccasPro'), personId);
		expect(view.isHolder).toBe(true);
		expect(reveal(view, 'identity', view.person.identitySealed)).toEqual({
			visible: true,
			value: { firstName: 'Inès', lastName: 'Lefèvre (fictive)', birthDate: '1991-04-12' }
		});
		expect(reveal(view, 'situation', view.person.situationSealed)).toEqual({
			visible: true,
			value: 'Hébergée chez une amie depuis mars.'
		});
	});

	it('the CAF (contributor, consent by name) sees what both allow; health (rule) and situation (consent) are hidden', async () => {
		const view = await personAccess(f.ctx('cafPro'), personId);
		expect(view.ground).toBe('consent');
		expect(view.categories.identity.visible).toBe(true);
		expect(view.categories.finances.visible).toBe(true);
		expect(view.categories.contact.visible).toBe(true);
		// consented, but the charter shares health with nobody
		expect(view.categories.health).toEqual({ visible: false, reason: 'sharingRule' });
		// the charter shares situation with every party, but the person did not consent to it
		expect(view.categories.situation).toEqual({ visible: false, reason: 'categoryNotConsented' });
		expect(reveal(view, 'situation', view.person.situationSealed)).toEqual({
			visible: false,
			reason: 'categoryNotConsented'
		});
	});

	it('the association (facilitator, consent by kind) sees violence; finances are not for its kind of party', async () => {
		const view = await personAccess(f.ctx('assoPro'), personId);
		expect(view.categories.violence.visible).toBe(true);
		expect(view.categories.finances).toEqual({ visible: false, reason: 'categoryNotConsented' });
	});

	it('reads the kinds of the viewer’s organisations from the actor when sign-in resolved them', async () => {
		const asso = f.actor('assoPro');
		const withKind = (kind: string) => ({
			...asso,
			memberships: asso.memberships.map((m) => ({ ...m, organisationKind: kind }))
		});
		const view = await personAccess({ db: t.db, actor: withKind('association') }, personId);
		expect(view.categories.violence.visible).toBe(true);
		// the consent names associations: with another kind on the actor, it no longer applies to this viewer
		await expect(personAccess({ db: t.db, actor: withKind('gendarmerie') }, personId)).rejects.toBeInstanceOf(
			NotFoundError
		);
	});

	it('404 for a reader of the holder, another cooperation, another territory, the coordinator, the instance admin, anonymous', async () => {
		for (const who of ['ccasReader', 'gendPro', 'gersPro', 'coordinator', 'instanceAdmin'] as const)
			await expect(personAccess(f.ctx(who), personId), who).rejects.toBeInstanceOf(NotFoundError);
		await expect(
			personAccess({ db: t.db, actor: { user: null, memberships: [], coordinations: [] } }, personId)
		).rejects.toBeInstanceOf(NotFoundError);
		await expect(personAccess(f.ctx('ccasPro'), crypto.randomUUID())).rejects.toBeInstanceOf(NotFoundError);
	});

	it('withdrawal cuts the CAF on its next request', async () => {
		const other = await seedPerson(t.db, {
			holder: f.ccas,
			firstName: 'Paul',
			lastName: 'Retrait (fictif)',
			consents: [{ organisationIds: [f.caf], categories: ['identity'] }]
		});
		await expect(personAccess(f.ctx('cafPro'), other.id)).resolves.toBeTruthy();
		await t.db.execute(sql`update consents set withdrawn_at = now() where person_id = ${other.id}`);
		await expect(personAccess(f.ctx('cafPro'), other.id)).rejects.toBeInstanceOf(NotFoundError);
	});

	it('lists leave out persons out of reach, and each read is audited with its ground', async () => {
		const hidden = await seedPerson(t.db, {
			holder: f.ccas,
			firstName: 'Léa',
			lastName: 'Sansaccord (fictive)'
		});
		const ctx = f.ctx('cafPro');
		const views = await personViews(ctx, [personId, hidden.id]);
		expect(views.map((v) => v.person.id)).toEqual([personId]);
		await inTransaction(ctx, (tx) => auditPersonReads(tx, views, 'list'));
		const events = await rows<{ object_id: string; details: { ground: string; categories: string[] } }>(
			t.db,
			sql`select object_id, details from audit_events where action = 'person.read' and object_type = 'person'`
		);
		expect(events).toHaveLength(1);
		expect(events[0]!.object_id).toBe(personId);
		expect(events[0]!.details.ground).toBe('consent');
		expect(events[0]!.details.categories).toContain('finances');
		expect(events[0]!.details.categories).not.toContain('health');
	});

	it('nothing of the identity is stored in clear', async () => {
		const dump = JSON.stringify(await rows(t.db, sql`select * from persons`));
		expect(dump).not.toMatch(/Lefèvre|Inès|Hébergée/);
	});
});
