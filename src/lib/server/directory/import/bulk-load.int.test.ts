import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../testing/db';
import { rows, type Db } from '../../db/client';
import {
	deferServiceIndexes,
	SERVICE_COLUMNS,
	OPTIONAL_SERVICE_COLUMNS,
	skipContextTrigger,
	upsertServices,
	upsertStructures
} from './repository';

/**
 * A bulk load (a first import of a large file) drops the costly indexes of services and builds them again
 * before its transaction ends, from their own definitions; a rollback keeps them.
 */

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(() => t?.drop());

const indexes = async (db: Db) =>
	(
		await rows<{ name: string; definition: string }>(
			db,
			sql`select indexname as name, indexdef as definition from pg_indexes
				where schemaname = current_schema() and tablename = 'services' order by indexname`
		)
	).map((i) => `${i.name}: ${i.definition}`);

const foreignKeys = async (db: Db) =>
	(
		await rows<{ name: string; definition: string }>(
			db,
			sql`select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint
				where conrelid = 'services'::regclass and contype = 'f' order by conname`
		)
	).map((c) => `${c.name}: ${c.definition}`);

class Rollback extends Error {}

describe('deferServiceIndexes', () => {
	it('drops the full-text, trigram, distance and code indexes, then builds them again as they were', async () => {
		const before = await indexes(t.db);
		const keysBefore = await foreignKeys(t.db);
		expect(before.some((i) => i.startsWith('services_search_idx:'))).toBe(true);
		expect(keysBefore.some((k) => k.includes('REFERENCES structures(id) ON DELETE CASCADE'))).toBe(true);
		await t.db.transaction(async (transaction) => {
			const tx = transaction as unknown as Db;
			const rebuild = await deferServiceIndexes(tx, 20, 10);
			expect(rebuild).not.toBeNull();
			expect(await foreignKeys(tx)).toEqual([]);
			const during = await indexes(tx);
			for (const name of [
				'services_search_idx',
				'services_name_trgm_idx',
				'services_earth_idx',
				'services_thematiques_idx',
				'services_publics_idx',
				'services_eligibility_idx'
			])
				expect(during.some((i) => i.startsWith(`${name}:`))).toBe(false);
			// the unique key the upserts rely on stays
			expect(during.some((i) => i.startsWith('services_source_idx:'))).toBe(true);
			await rebuild!();
			expect(await indexes(tx)).toEqual(before);
			expect(await foreignKeys(tx)).toEqual(keysBefore);
		});
		expect(await indexes(t.db)).toEqual(before);
		expect(await foreignKeys(t.db)).toEqual(keysBefore);
	});

	it('a row written meanwhile that breaks a foreign key fails the rebuild', async () => {
		await expect(
			t.db.transaction(async (transaction) => {
				const tx = transaction as unknown as Db;
				const rebuild = await deferServiceIndexes(tx, 20, 10);
				await tx.execute(
					sql`insert into services (structure_id, source, source_id, name, description)
						values (gen_random_uuid(), 'bulk', 'orphan', 'Sans structure', 'Une description.')`
				);
				await rebuild!();
			})
		).rejects.toThrow();
		expect(await foreignKeys(t.db)).toHaveLength(2);
	});

	it('keeps the indexes for an import of fewer new services than the threshold', async () => {
		const before = await indexes(t.db);
		await t.db.transaction(async (transaction) => {
			const tx = transaction as unknown as Db;
			expect(await deferServiceIndexes(tx, 9, 10)).toBeNull();
			expect(await indexes(tx)).toEqual(before);
		});
	});

	it('a rollback brings the dropped indexes back', async () => {
		const before = await indexes(t.db);
		await expect(
			t.db.transaction(async (transaction) => {
				await deferServiceIndexes(transaction as unknown as Db, 20, 10);
				throw new Rollback();
			})
		).rejects.toBeInstanceOf(Rollback);
		expect(await indexes(t.db)).toEqual(before);
	});
});

describe('search context written set-wise', () => {
	it('gives each service the value the trigger gives it, and turns the trigger on again', async () => {
		await t.db
			.transaction(async (transaction) => {
				const tx = transaction as unknown as Db;
				const [org] = await rows<{ id: string }>(
					tx,
					sql`insert into organisations (name, slug, kind, territory_type, territory_code)
					values ('Conseil départemental du Lot', 'cd46-bulk', 'departement', 'departement', '46') returning id`
				);
				const structure = (id: string, name: string) => ({
					source: 'bulk',
					source_id: id,
					name,
					description: '',
					networks: []
				});
				const made = await upsertStructures(
					tx,
					[structure('a', 'CCAS de Cahors'), structure('b', 'Centre social de Figeac')],
					org!.id
				);
				const idOf = new Map(made.map((m) => [m.source_id, m.id]));
				const columns = SERVICE_COLUMNS.filter(([n]) => !OPTIONAL_SERVICE_COLUMNS.has(n));
				const service = (id: string, structure: string, thematiques: string[]) => ({
					source: 'bulk',
					source_id: id,
					structure_id: idOf.get(structure),
					name: `Service ${id}`,
					description: 'Une description du service.',
					thematiques,
					publics: [],
					reception_modes: [],
					eligibility_zone: [],
					mobilisation_modes: [],
					mobilisable_by: []
				});
				const restore = await skipContextTrigger(tx);
				await upsertServices(
					tx,
					[
						service('s1', 'a', ['sante--addictions', 'logement-hebergement--louer-un-logement']),
						service('s2', 'b', []),
						service('s3', 'b', ['sante--addictions', 'logement-hebergement--louer-un-logement'])
					],
					columns,
					null,
					true
				);
				await restore();
				const written = await rows<{ id: string; context: string }>(
					tx,
					sql`select source_id as id, search_context as context from services where source = 'bulk' order by 1`
				);
				expect(written[0]!.context).toContain('CCAS de Cahors Conseil départemental du Lot');
				expect(written[0]!.context).toContain('Addictions');
				// the trigger is on again: touching the rows computes the context its own way, the same
				await tx.execute(sql`update services set search_context = '' where source = 'bulk'`);
				const byTrigger = await rows<{ id: string; context: string }>(
					tx,
					sql`select source_id as id, search_context as context from services where source = 'bulk' order by 1`
				);
				expect(byTrigger.every((r) => r.context !== '')).toBe(true);
				expect(written).toEqual(byTrigger);
				throw new Rollback();
			})
			.catch((error) => {
				if (!(error instanceof Rollback)) throw error;
			});
	});
});
