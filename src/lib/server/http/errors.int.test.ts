import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { problemOf } from './errors';

/**
 * The safety net under validation: a database error caused by the input (through drizzle, on PGlite and on
 * PostgreSQL) is a 400 naming the column when PostgreSQL gives it — never a 500.
 */
let t: TestDatabase;

beforeAll(async () => {
	t = await createTestDatabase({ territories: false });
	await t.db.execute(
		sql`create table safety_net_probe (code varchar(5) not null unique, n int check (n > 0), commune_code text references communes (code))`
	);
	await t.db.execute(sql`insert into safety_net_probe (code, n) values ('AB', 1)`);
});
afterAll(() => t.drop());

async function problemFrom(query: SQL) {
	const error = await t.db.execute(query).then(
		() => undefined,
		(e: unknown) => e
	);
	expect(error, 'the query should have failed').toBeDefined();
	return problemOf(error);
}

const invalid = (field: string, message: string) => ({
	status: 400,
	code: 'invalid',
	messageKey: 'errors.invalid',
	issues: [{ field, message }]
});

describe('database errors caused by the input', () => {
	it.each<[string, SQL, ReturnType<typeof invalid>]>([
		[
			'23503 unknown reference (a commune code that does not exist), column from the detail',
			sql`insert into safety_net_probe (code, commune_code) values ('X1', '99999')`,
			invalid('communeCode', 'reference.unknown')
		],
		[
			'23502 missing value, column given',
			sql`insert into safety_net_probe (code) values (${null})`,
			invalid('code', 'required')
		],
		['23514 check', sql`insert into safety_net_probe (code, n) values ('X2', -1)`, invalid('_', 'invalid')],
		[
			'22001 value too long',
			sql`insert into safety_net_probe (code) values (${'ABCDEFGH'})`,
			invalid('_', 'text.tooLong')
		],
		[
			'22021 NUL byte',
			sql`select ${'Épicerie\u0000solidaire'}::text`,
			invalid('_', 'text.forbiddenCharacter')
		],
		[
			'22P05 NUL escape in a JSON value',
			sql`select ${'{"nom":"\\u0000"}'}::jsonb ->> 'nom'`,
			invalid('_', 'text.forbiddenCharacter')
		],
		[
			'22009 year 99999 as JavaScript writes it',
			sql`select ${'+099999-01-01T00:00:00.000Z'}::timestamptz`,
			invalid('_', 'date.outOfRange')
		],
		['22008 date out of range', sql`select ${'300000-01-01'}::timestamptz`, invalid('_', 'date.outOfRange')],
		['22007 unreadable date', sql`select ${'2026-99-99'}::date`, invalid('_', 'date.outOfRange')],
		['22P02 offset Infinity', sql`select 1 offset ${'Infinity'}::bigint`, invalid('_', 'invalid')],
		['22003 number out of range', sql`select ${'99999999999'}::int`, invalid('_', 'number.outOfRange')],
		['54000 program limit', sql`select array_fill(0, array[1000000000])`, invalid('_', 'text.tooLong')]
	])('%s → 400', async (_, query, expected) => {
		const problem = await problemFrom(query);
		if (expected.issues[0]!.message.startsWith('date.')) {
			// 22007 or 22008 depending on how far PostgreSQL reads the date: both are a date message
			expect(problem?.status).toBe(400);
			expect(problem?.issues?.[0]?.message).toMatch(/^date\./);
		} else expect(problem).toEqual(expected);
	});

	it('23505 duplicate → 409 conflict', async () => {
		expect(await problemFrom(sql`insert into safety_net_probe (code) values ('AB')`)).toEqual({
			status: 409,
			code: 'conflict',
			messageKey: 'errors.conflict'
		});
	});

	it('errors that are not about the input stay unknown (a 500, logged)', async () => {
		expect(await problemFrom(sql`select * from no_such_table`)).toBeUndefined();
		expect(await problemFrom(sql`select 1 +`)).toBeUndefined();
		expect(problemOf(new Error('boom'))).toBeUndefined();
		expect(problemOf(Object.assign(new Error('pipe'), { code: 'EPIPE' }))).toBeUndefined();
	});
});
