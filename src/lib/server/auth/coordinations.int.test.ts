import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { actorWith } from '../testing/actors';
import { rows } from '../db/client';
import { ForbiddenError } from '../policy/policy';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import type { Context } from '../context';
import type { Actor } from '../policy/actor';
import { actorForUser, createUser, findUserById } from './service';
import { grantCoordination, listCoordinations, revokeCoordination } from './coordinations';

let t: TestDatabase;
let lotCoordinatorId: string;
let heleneId: string;

const ctxOf = (actor: Actor): Context => ({ db: t.db, actor });
const instanceAdmin = () => ctxOf(actorWith([], { instanceAdmin: true }));
/** the actor as a request would resolve it now, from the stored grants */
const actorOf = async (id: string) => actorForUser(t.db, (await findUserById(t.db, id))!);
const auditOf = async (action: string) =>
	rows<{ actor_user_id: string | null; object_id: string; details: Record<string, unknown> }>(
		t.db,
		sql`select actor_user_id, object_id, details from audit_events where action = ${action} order by id`
	);

beforeAll(async () => {
	t = await createTestDatabase();
	const user = (email: string, displayName: string) =>
		createUser(t.db, { email, displayName, password: 'Coordination-Lot-2026' }).then((u) => u.id);
	lotCoordinatorId = await user('coordination@lot.fr', 'Hélène Coordinatrice');
	heleneId = await user('helene.figeac@lot.fr', 'Hélène Figeac');
	await user('agent.gers@gers.fr', 'Agent du Gers');
	await t.db.execute(
		sql`insert into users (id, email, display_name) values ('00000000-0000-4000-8000-000000000001', 'agent@example.fr', 'Administration')`
	);
});
afterAll(() => t.drop());

describe('coordination of a territory', () => {
	it('an instance admin gives it; it is recorded, audited, and the account then holds it on its next request', async () => {
		expect((await actorOf(lotCoordinatorId)).coordinations).toEqual([]);
		const row = await grantCoordination(instanceAdmin(), {
			email: 'Coordination@Lot.fr',
			territoryType: 'departement',
			territoryCode: '46'
		});
		expect(row).toMatchObject({
			userId: lotCoordinatorId,
			territoryType: 'departement',
			territoryCode: '46'
		});
		expect((await actorOf(lotCoordinatorId)).coordinations).toEqual([{ type: 'departement', code: '46' }]);
		expect(await auditOf('coordination.grant')).toEqual([
			expect.objectContaining({
				object_id: row.id,
				details: { userId: lotCoordinatorId, territoryType: 'departement', territoryCode: '46' }
			})
		]);
		await expect(
			grantCoordination(instanceAdmin(), {
				email: 'coordination@lot.fr',
				territoryType: 'departement',
				territoryCode: '46'
			})
		).rejects.toBeInstanceOf(ConflictError);
	});

	it('names the field of an unknown account or territory', async () => {
		const refused = (input: Parameters<typeof grantCoordination>[1]) =>
			grantCoordination(instanceAdmin(), input).catch((e: ValidationError) => e.issues);
		expect(
			await refused({ email: 'personne@lot.fr', territoryType: 'commune', territoryCode: '46102' })
		).toEqual([{ field: 'email', message: 'coordination.noAccount' }]);
		expect(
			await refused({ email: 'coordination@lot.fr', territoryType: 'commune', territoryCode: '99999' })
		).toEqual([{ field: 'territoryCode', message: 'territory.unknown' }]);
		expect(
			await refused({
				email: 'coordination@lot.fr',
				territoryType: 'zone',
				territoryCode: '6b1f6a36-2f7e-4a55-9f0e-0d5c1d2e3f40'
			})
		).toEqual([{ field: 'territoryCode', message: 'territory.unknown' }]);
	});

	it('a coordinator of the Lot gives the coordination of an EPCI inside it, and lists and revokes it; not the Gers', async () => {
		const lot = ctxOf(await actorOf(lotCoordinatorId));
		const figeac = await grantCoordination(lot, {
			email: 'helene.figeac@lot.fr',
			territoryType: 'epci',
			territoryCode: '200067361'
		});
		await expect(
			grantCoordination(lot, {
				email: 'agent.gers@gers.fr',
				territoryType: 'departement',
				territoryCode: '32'
			})
		).rejects.toBeInstanceOf(ForbiddenError);

		const listed = await listCoordinations(lot, { limit: 50, offset: 0 });
		expect(listed.items.map((c) => [c.user.email, c.territoryName, c.revocable])).toEqual([
			['coordination@lot.fr', 'Lot', false],
			['helene.figeac@lot.fr', 'CC Grand-Figeac', true]
		]);
		expect(listed.items[1]!.grantedBy?.displayName).toBe('Hélène Coordinatrice');

		// the EPCI coordinator sees her own grant, not the wider one, and cannot revoke the Lot's
		const figeacCtx = ctxOf(await actorOf(heleneId));
		expect(
			(await listCoordinations(figeacCtx, { limit: 50, offset: 0 })).items.map((c) => c.territoryCode)
		).toEqual(['200067361']);
		const lotGrant = (await listCoordinations(lot, { limit: 50, offset: 0 })).items[0]!;
		await expect(revokeCoordination(figeacCtx, lotGrant.id)).rejects.toBeInstanceOf(ForbiddenError);

		await revokeCoordination(lot, figeac.id);
		expect((await actorOf(heleneId)).coordinations).toEqual([]);
		await expect(revokeCoordination(lot, figeac.id)).rejects.toBeInstanceOf(NotFoundError);
		const [revoked] = await rows<{ revoked_by: string; revoked_at: Date | null }>(
			t.db,
			sql`select revoked_by, revoked_at from territory_coordinations where id = ${figeac.id}`
		);
		expect(revoked).toMatchObject({ revoked_by: lotCoordinatorId });
		expect(revoked!.revoked_at).not.toBeNull();
		expect((await auditOf('coordination.revoke')).map((e) => e.object_id)).toEqual([figeac.id]);
	});

	it('is listed to nobody who neither administers the instance nor coordinates', async () => {
		const member = ctxOf(
			actorWith([{ organisationId: '6b1f6a36-2f7e-4a55-9f0e-0d5c1d2e3f41', role: 'admin' }])
		);
		await expect(listCoordinations(member, { limit: 50, offset: 0 })).rejects.toBeInstanceOf(ForbiddenError);
		const all = await listCoordinations(instanceAdmin(), { limit: 1, offset: 0 });
		expect([all.total, all.items.length]).toEqual([1, 1]);
	});

	it('commits the grant and its audit entry together or not at all', async () => {
		await t.db.execute(sql`create function fail_audit() returns trigger language plpgsql as $$
			begin raise exception 'audit refused for the test'; end $$`);
		await t.db.execute(
			sql`create trigger fail_audit before insert on audit_events for each row execute function fail_audit()`
		);
		try {
			await expect(
				grantCoordination(instanceAdmin(), {
					email: 'agent.gers@gers.fr',
					territoryType: 'departement',
					territoryCode: '32'
				})
			).rejects.toThrow();
		} finally {
			await t.db.execute(sql`drop trigger fail_audit on audit_events`);
			await t.db.execute(sql`drop function fail_audit()`);
		}
		const [row] = await rows<{ n: number }>(
			t.db,
			sql`select count(*)::int as n from territory_coordinations where territory_code = '32'`
		);
		expect(row!.n).toBe(0);
	});
});
