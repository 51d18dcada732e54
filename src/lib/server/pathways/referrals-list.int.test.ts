import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { pathwaysFixture, seedPerson, P, type PathwaysFixture } from './fixture.test-support';
import { listReferrals } from './referrals';
import { LIST_COUNT_CAP } from './referrals-repository';

/** The boxes' order (overdue first, then newest), the « à traiter » filter, paging across both, the capped count. */

let t: TestDatabase;
let f: PathwaysFixture;
let person: string;

async function referral(status: string, createdDaysAgo: number, respondInDays: number): Promise<string> {
	const id = crypto.randomUUID();
	await t.db.execute(sql`insert into referrals (id, person_id, from_organisation_id, from_user_id, service_id,
			to_organisation_id, status, respond_by, created_at)
		values (${id}, ${person}, ${f.ccas}, ${P.ccasPro}, ${f.assoServiceId}, ${f.asso}, ${status},
			current_date + ${respondInDays}::int, now() - ${createdDaysAgo}::int * interval '1 day')`);
	return id;
}

let overdueOld: string;
let overdueNew: string;
let accepted: string;
let completed: string;
let waiting: string;

beforeAll(async () => {
	t = await createTestDatabase();
	f = await pathwaysFixture(t.db);
	person = (
		await seedPerson(t.db, {
			holder: f.ccas,
			createdBy: P.ccasPro,
			firstName: 'Lison',
			lastName: 'Boîte (fictive)',
			consents: [{ organisationIds: [f.asso], categories: ['identity', 'contact', 'needs'] }]
		})
	).id;
	overdueOld = await referral('sent', 10, -3);
	overdueNew = await referral('received', 5, -1);
	// accepted past its answer date is not overdue: it was answered
	accepted = await referral('accepted', 3, -2);
	completed = await referral('completed', 0, 5);
	waiting = await referral('sent', 1, 4);
});
afterAll(() => t?.close());

const ids = (list: Awaited<ReturnType<typeof listReferrals>>) => list.items.map((i) => i.referral.id);

describe('a box', () => {
	it('lists the overdue first (newest first among them), then every other referral newest first', async () => {
		const all = await listReferrals(f.ctx('assoPro'), { box: 'received', limit: 20, offset: 0 });
		expect(ids(all)).toEqual([overdueNew, overdueOld, completed, waiting, accepted]);
		expect(all.items.map((i) => i.overdue)).toEqual([true, true, false, false, false]);
		expect(all).toMatchObject({ total: 5, capped: false });
		expect(all.items[0]!.person).toEqual({
			visible: true,
			value: expect.objectContaining({ firstName: 'Lison' })
		});
	});

	it('pages across the overdue and the others without losing or repeating one', async () => {
		const pages = [];
		for (let offset = 0; offset < 6; offset += 2)
			pages.push(...ids(await listReferrals(f.ctx('assoPro'), { box: 'received', limit: 2, offset })));
		expect(pages).toEqual([overdueNew, overdueOld, completed, waiting, accepted]);
		// past the last page: nothing listed, the total still right
		expect(await listReferrals(f.ctx('assoPro'), { box: 'received', limit: 2, offset: 20 })).toMatchObject({
			items: [],
			total: 5,
			capped: false
		});
	});

	it('« à traiter » keeps what still waits for an outcome', async () => {
		const open = await listReferrals(f.ctx('assoPro'), {
			box: 'received',
			status: 'open',
			limit: 20,
			offset: 0
		});
		expect(ids(open)).toEqual([overdueNew, overdueOld, waiting, accepted]);
		expect(open.total).toBe(4);
		const one = await listReferrals(f.ctx('assoPro'), {
			box: 'received',
			status: 'sent',
			limit: 20,
			offset: 0
		});
		expect(ids(one)).toEqual([overdueOld, waiting]);
	});

	it('the sender’s box holds the same referrals, and nobody else’s', async () => {
		const sent = await listReferrals(f.ctx('ccasPro'), { box: 'sent', limit: 20, offset: 0 });
		expect(ids(sent)).toEqual([overdueNew, overdueOld, completed, waiting, accepted]);
		expect((await listReferrals(f.ctx('cafPro'), { box: 'received', limit: 20, offset: 0 })).total).toBe(0);
	});

	it('counts up to the cap and says there are more', async () => {
		await t.db.execute(sql`insert into referrals (person_id, from_organisation_id, from_user_id, service_id,
				to_organisation_id, status, respond_by, created_at)
			select ${person}, ${f.ccas}, ${P.ccasPro}, ${f.assoServiceId}, ${f.asso}, 'completed', current_date,
				now() - g * interval '1 hour'
			from generate_series(1, ${LIST_COUNT_CAP}) g`);
		const all = await listReferrals(f.ctx('assoPro'), { box: 'received', limit: 20, offset: 0 });
		expect(all).toMatchObject({ total: LIST_COUNT_CAP, capped: true });
		expect(ids(all).slice(0, 3)).toEqual([overdueNew, overdueOld, completed]);
		const open = await listReferrals(f.ctx('assoPro'), {
			box: 'received',
			status: 'open',
			limit: 20,
			offset: 0
		});
		expect(open).toMatchObject({ total: 4, capped: false });
	});
});
