import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { rows } from '../db/client';
import { NotFoundError } from '../errors';
import { ForbiddenError } from '../policy/policy';
import { setMailer, type Mail } from '../mail';
import { keyRing, open, seal, useKeyRing } from '../crypto/fields';
import type { KeyRing } from '../crypto/keys';
import { personAccess } from './access';
import { pathwaysFixture, seedPerson, type PathwaysFixture } from './fixture.test-support';
import { pathwayEntries } from './schema';
import { touchPerson } from './repository';
import { keepPerson, retentionProposals, runRetention } from './retention';
import { rotateKeys, SEALED_COLUMNS } from './rotate-keys';
import { exportPerson } from './export';

let t: TestDatabase;
let f: PathwaysFixture;
const mails: Mail[] = [];

beforeAll(async () => {
	t = await createTestDatabase();
	f = await pathwaysFixture(t.db);
	setMailer({ send: async (m) => void mails.push(m) });
});
afterAll(async () => {
	setMailer(undefined);
	useKeyRing(undefined);
	await t?.close();
});

const DAY = 86_400_000;
const at = (iso: string) => () => new Date(iso);

describe('retention: proposed after the period, anonymised 30 days later unless kept', () => {
	it('proposes, tells the holder without names, keeps one, anonymises the other', async () => {
		const old = await seedPerson(t.db, { holder: f.ccas, firstName: 'Armand', lastName: 'Cazalès' });
		const kept = await seedPerson(t.db, { holder: f.ccas, firstName: 'Rosine', lastName: 'Delbosc' });
		const recent = await seedPerson(t.db, { holder: f.ccas, firstName: 'Yanis', lastName: 'Fabre' });
		await t.db.execute(
			sql`update persons set last_activity_at = '2024-01-10T10:00:00Z' where id in (${old.id}, ${kept.id})`
		);
		await t.db.execute(
			sql`update persons set last_activity_at = '2025-12-01T10:00:00Z' where id = ${recent.id}`
		);

		const day1 = at('2026-03-01T03:00:00Z');
		const system = { db: t.db, actor: f.actor('instanceAdmin'), now: day1 };
		expect(await runRetention(system, { days: 730 })).toEqual({ proposed: 2, anonymised: 0 });
		expect(await runRetention(system, { days: 730 })).toEqual({ proposed: 0, anonymised: 0 });
		expect(mails.length).toBeGreaterThan(0);
		const mailText = mails.map((m) => m.subject + m.text).join('\n');
		expect(mailText).toContain('/personnes/retention');
		expect(mailText).not.toMatch(/Armand|Cazalès|Rosine|Delbosc/);
		expect(mailText).not.toContain(old.id);

		const proposals = await retentionProposals(f.ctx('ccasAdmin', day1), f.ccas);
		expect(proposals.map((p) => p.name).sort()).toEqual(['Armand Cazalès', 'Rosine Delbosc']);
		await expect(retentionProposals(f.ctx('ccasPro', day1), f.ccas)).rejects.toBeInstanceOf(ForbiddenError);

		await keepPerson(f.ctx('ccasAdmin', at('2026-03-05T10:00:00Z')), kept.id, { reason: 'followup_ongoing' });
		// activity by another area (a new note) after the proposal also withdraws it
		const touched = await seedPerson(t.db, { holder: f.ccas, firstName: 'Gaston', lastName: 'Lherm' });
		await t.db.execute(
			sql`update persons set last_activity_at = '2024-01-10T10:00:00Z', retention_proposed_at = '2026-03-01T03:00:00Z' where id = ${touched.id}`
		);
		await touchPerson(t.db, touched.id, new Date('2026-03-10T10:00:00Z'));
		const day31 = { ...system, now: () => new Date(day1().getTime() + 31 * DAY) };
		expect(await runRetention(day31, { days: 730 })).toEqual({ proposed: 0, anonymised: 1 });
		await expect(personAccess(f.ctx('ccasPro'), old.id)).rejects.toBeInstanceOf(NotFoundError);
		await expect(personAccess(f.ctx('ccasPro'), kept.id)).resolves.toBeTruthy();
		await expect(personAccess(f.ctx('ccasPro'), recent.id)).resolves.toBeTruthy();
		const resumed = await personAccess(f.ctx('ccasPro'), touched.id);
		expect(resumed.person.retentionProposedAt).toBeNull();
	});
});

describe('key rotation', () => {
	it('re-seals every sealed column under the new key; the old key can then be removed', async () => {
		// the rows of the test above are under the development key: it is part of the old ring too
		const dev = keyRing();
		const k1 = Buffer.alloc(32, 1);
		const k2 = Buffer.alloc(32, 2);
		const ring = (...keys: [string, Buffer][]): KeyRing => ({
			current: { id: keys[0]![0], key: keys[0]![1] },
			all: new Map(keys),
			blindIndexKey: dev.blindIndexKey
		});
		useKeyRing(ring(['k1', k1], ...dev.all));
		const person = await seedPerson(t.db, {
			holder: f.ccas,
			firstName: 'Odile',
			lastName: 'Lacombe',
			situation: 'Suivie pour une dette de loyer',
			consents: [{ organisationIds: [f.caf], categories: ['identity'] }]
		});
		await t.db.insert(pathwayEntries).values({
			personId: person.id,
			organisationId: f.ccas,
			kind: 'note',
			category: 'situation',
			bodySealed: seal({ text: 'Rendez-vous au CCAS' }, person.id)
		});
		useKeyRing(ring(['k2', k2], ['k1', k1], ...dev.all));
		const progress: string[] = [];
		const first = await rotateKeys(t.db, { batchSize: 2, onProgress: (p) => progress.push(p.table) });
		expect(first.resealed).toBeGreaterThanOrEqual(5);
		expect(progress).toContain('pathway_entries');
		expect((await rotateKeys(t.db)).resealed).toBe(0);

		useKeyRing(ring(['k2', k2]));
		for (const { table, column, personColumn } of SEALED_COLUMNS) {
			const values = await rows<{ v: string; p: string }>(
				t.db,
				sql`select ${sql.identifier(column)} as v, ${sql.identifier(personColumn)}::text as p from ${sql.identifier(table)}
				    where ${sql.identifier(column)} is not null`
			);
			for (const r of values) expect(() => open(r.v, r.p), `${table}.${column}`).not.toThrow();
		}
		const data = await exportPerson(f.ctx('ccasPro'), person.id);
		expect(data.person.situation).toBe('Suivie pour une dette de loyer');
	});
});
