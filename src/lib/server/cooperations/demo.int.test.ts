import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { rows } from '../db/client';
import { actorWith } from '../testing/actors';
import { seedDemo } from '../demo/seed';
import { demoCooperationId, seedDemoCooperation } from '../demo/cooperations';
import { getCooperation } from './service';
import { cooperationHistory } from './changes';

let t: TestDatabase;
let id: string;

const count = async () =>
	(
		await rows<{ c: number; p: number; s: number; h: number }>(
			t.db,
			sql`select (select count(*)::int from cooperations) as c, (select count(*)::int from cooperation_parties) as p,
				(select count(*)::int from party_signatories) as s, (select count(*)::int from cooperation_history) as h`
		)
	)[0]!;

beforeAll(async () => {
	t = await createTestDatabase();
	await seedDemo(t.db, { password: 'demo-password-123' });
	id = (await demoCooperationId(t.db))!;
});
afterAll(() => t.drop());

describe('demo cooperation of the Lot', () => {
	it('is created once: seeding again creates nothing and returns the same id', async () => {
		const before = await count();
		expect(await seedDemoCooperation(t.db)).toBe(id);
		await seedDemo(t.db, { password: 'demo-password-123' });
		expect(await count()).toEqual(before);
		// the VIF network, and the insertion cooperation the charter demo starts without a charter
		expect(before.c).toBe(2);
	});

	it('has the eight parties with their roles, each with an authorised member, and a history', async () => {
		const ctx = { db: t.db, actor: actorWith([], { instanceAdmin: true }) };
		const access = await getCooperation(ctx, id);
		expect(access.cooperation.name).toBe('Réseau violences intrafamiliales du Lot (démo)');
		expect(access.parties.map((p) => [p.organisationName, p.role])).toEqual([
			['Département du Lot (démo)', 'pilote'],
			['DDETS du Lot (démo)', 'co-pilote'],
			['Association Écoute Violences Lot (démo)', 'facilitateur'],
			['Association Quercy Solidarités (démo)', 'contributeur'],
			['CAF du Lot (démo)', 'contributeur'],
			['CCAS de Cahors (démo)', 'contributeur'],
			['CPAM du Lot (démo)', 'contributeur'],
			['Groupement de gendarmerie du Lot (démo)', 'contributeur']
		]);
		for (const p of access.parties) expect(p.signatories.length, p.organisationName).toBeGreaterThan(0);
		const history = await cooperationHistory(ctx, access);
		expect(history.map((h) => [h.after, h.changedBy])).toContainEqual(['contributeur', 'Nadia Juriste']);
	});
});
