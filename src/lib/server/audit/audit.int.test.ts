import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { actorWith } from '../testing/actors';
import { rows } from '../db/client';
import { ForbiddenError } from '../policy/policy';
import { ValidationError } from '../errors';
import { audit, readAuditLog } from './service';

let t: TestDatabase;
const CAF = '11111111-1111-4111-8111-111111111111';
const CPAM = '22222222-2222-4222-8222-222222222222';

beforeAll(async () => {
	t = await createTestDatabase({ territories: false });
	const actor = actorWith([{ organisationId: CAF, role: 'member' }]);
	await audit(
		{ db: t.db, actor, ip: '192.0.2.1', requestId: 'req-0001' },
		{
			action: 'zone.create',
			objectType: 'zone',
			objectId: 'z1',
			organisationId: CAF,
			details: { nom: 'Quartier Sainte-Valérie' }
		}
	);
	await audit(
		{ db: t.db, actor, ip: '192.0.2.1' },
		{ action: 'zone.delete', objectType: 'zone', objectId: 'z1', organisationId: CAF }
	);
	await audit(
		{ db: t.db, actor },
		{ action: 'invitation.create', objectType: 'invitation', objectId: 'i1', organisationId: CPAM }
	);
});
afterAll(() => t.drop());

describe('audit log', () => {
	it('is append-only: UPDATE, DELETE and TRUNCATE are refused by the database', async () => {
		await expect(t.db.execute(sql`update audit_events set action = 'x'`)).rejects.toThrow();
		await expect(t.db.execute(sql`delete from audit_events`)).rejects.toThrow();
		await expect(t.db.execute(sql`truncate audit_events`)).rejects.toThrow();
		const [row] = await rows<{ n: number }>(t.db, sql`select count(*)::int as n from audit_events`);
		expect(row!.n).toBe(3);
	});

	it('an organisation admin reads the events of their organisation only, filtered by action prefix', async () => {
		const admin = actorWith([{ organisationId: CAF, role: 'admin' }]);
		const page = await readAuditLog({ db: t.db, actor: admin }, { organisationId: CAF, action: 'zone.' });
		expect(page.events.map((e) => e.action)).toEqual(['zone.delete', 'zone.create']);
		expect(page.events[1]).toMatchObject({
			ip: '192.0.2.1',
			requestId: 'req-0001',
			details: { nom: 'Quartier Sainte-Valérie' }
		});
		await expect(readAuditLog({ db: t.db, actor: admin }, { organisationId: CPAM })).rejects.toBeInstanceOf(
			ForbiddenError
		);
		await expect(readAuditLog({ db: t.db, actor: admin }, {})).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('a member without the admin role cannot read it', async () => {
		const member = actorWith([{ organisationId: CAF, role: 'member' }]);
		await expect(readAuditLog({ db: t.db, actor: member }, { organisationId: CAF })).rejects.toBeInstanceOf(
			ForbiddenError
		);
	});

	it('pages with a cursor, and reading is itself audited', async () => {
		const instance = actorWith([], { instanceAdmin: true });
		const readsBefore = await rows<{ n: number }>(
			t.db,
			sql`select count(*)::int as n from audit_events where action = 'audit.read'`
		);
		const first = await readAuditLog({ db: t.db, actor: instance }, { limit: 2 });
		expect(first.events).toHaveLength(2);
		expect(first.nextBefore).not.toBeNull();
		const second = await readAuditLog({ db: t.db, actor: instance }, { limit: 2, before: first.nextBefore! });
		expect(second.events.every((e) => e.id < first.nextBefore!)).toBe(true);
		const [reads] = await rows<{ n: number }>(
			t.db,
			sql`select count(*)::int as n from audit_events where action = 'audit.read'`
		);
		expect(reads!.n).toBe(readsBefore[0]!.n + 2);
	});

	it('refuses a period whose start is after its end, on the start field, without reading', async () => {
		const instance = actorWith([], { instanceAdmin: true });
		const error = await readAuditLog(
			{ db: t.db, actor: instance },
			{ from: new Date('2026-12-01'), to: new Date('2026-11-01') }
		).catch((e) => e);
		expect(error).toBeInstanceOf(ValidationError);
		expect((error as ValidationError).issues).toEqual([{ field: 'from', message: 'dateRange.order' }]);
		const sameDay = await readAuditLog(
			{ db: t.db, actor: instance },
			{ from: new Date('2026-11-01'), to: new Date('2026-11-01') }
		);
		expect(sameDay.events).toEqual([]);
	});
});
