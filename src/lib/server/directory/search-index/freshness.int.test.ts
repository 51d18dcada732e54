import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../testing/db';
import { actorWith } from '../../testing/actors';
import { ANONYMOUS } from '../../policy/actor';
import type { Context } from '../../context';
import { createService, createStructure } from '../service';
import { serviceInputSchema } from '../validation';
import { refreshSearchWords } from '../search-words';
import { searchServices } from '../search';
import { enableSearchIndex, type SearchIndexHandle } from './handle';

/**
 * The in-memory index follows the database: writes made behind its back (raw SQL, as another app process
 * would), a vocabulary refresh, and a truncation (rebuild, SQL meanwhile).
 */

const NOW = new Date('2026-11-24T10:00:00Z');
let t: TestDatabase;
let handle: SearchIndexHandle;
let structureId: string;
const anonymous = (): Context => ({ db: t.db, actor: ANONYMOUS, now: () => NOW });
const admin = (): Context => ({ db: t.db, actor: actorWith([], { instanceAdmin: true }), now: () => NOW });

async function addService(name: string, description: string) {
	const input = serviceInputSchema.parse({
		structureId,
		name,
		description,
		type: 'aide-materielle',
		thematiques: ['logement-hebergement--rechercher-une-solution-dhebergement-temporaire'],
		publics: ['tous-publics'],
		fees: 'gratuit',
		receptionModes: ['en-presentiel'],
		communeCode: '46102',
		latitude: 44.6086,
		longitude: 2.0317
	});
	return (await createService(admin(), input)).id;
}

/** A search that the index must answer. */
async function searchByIndex(q: string) {
	const served = handle.served;
	const result = await searchServices(anonymous(), { q });
	expect(handle.served, `« ${q} » answered by the index`).toBe(served + 1);
	return result;
}

beforeAll(async () => {
	t = await createTestDatabase();
	await t.db.execute(
		sql`insert into users (id, email, display_name) values ('00000000-0000-4000-8000-000000000001', 'agent@example.fr', 'Agent de test')`
	);
	structureId = (
		await createStructure(admin(), {
			name: 'CIAS du Grand-Figeac',
			description: '',
			communeCode: '46102',
			website: null,
			address: '2 place de la Mairie',
			networks: []
		})
	).id;
	await addService('Hébergement d’urgence de Figeac', 'Mise à l’abri des personnes sans domicile.');
	await refreshSearchWords(t.db);
	handle = enableSearchIndex(t.db);
	await handle.build();
});
afterAll(() => t.drop());

describe('the in-memory index follows the database', () => {
	it('sees a rename made by raw SQL, as from another process, in the very next search', async () => {
		expect((await searchByIndex('halte de nuit')).total).toBe(0);
		await t.db.execute(
			sql`update services set name = 'Halte de nuit de Figeac' where name = 'Hébergement d’urgence de Figeac'`
		);
		const found = await searchByIndex('halte de nuit');
		expect(found.items.map((i) => i.name)).toEqual(['Halte de nuit de Figeac']);
		// the old name's own word is gone from the index ("hebergement urgence" still finds the service: its
		// description says « mise à l’abri », a synonym, ADR 010)
		await t.db.execute(
			sql`update services set name = 'Halte Zéphyrine de Figeac' where name = 'Halte de nuit de Figeac'`
		);
		expect((await searchByIndex('zephyrine')).items.map((i) => i.name)).toEqual([
			'Halte Zéphyrine de Figeac'
		]);
		await t.db.execute(
			sql`update services set name = 'Halte de nuit de Figeac' where name = 'Halte Zéphyrine de Figeac'`
		);
		expect((await searchByIndex('zephyrine')).total).toBe(0);
	});

	it('sees a new service and a deletion', async () => {
		const id = await addService('Ressourcerie solidaire', 'Meubles et vêtements à petit prix.');
		expect((await searchByIndex('ressourcerie')).items.map((i) => i.id)).toEqual([id]);
		await t.db.execute(sql`delete from services where id = ${id}`);
		expect((await searchByIndex('ressourcerie')).total).toBe(0);
	});

	it('reloads the typo vocabulary after a refresh', async () => {
		await addService('Bagagerie solidaire', 'Consigne gratuite pour les personnes à la rue.');
		// before the refresh the vocabulary does not know "bagagerie": no correction for "bagagerei"
		expect((await searchByIndex('bagagerei')).correctedQuery).toBeNull();
		await refreshSearchWords(t.db);
		const corrected = await searchByIndex('bagagerei');
		expect(corrected.correctedQuery).toBe('bagagerie');
		expect(corrected.items.map((i) => i.name)).toEqual(['Bagagerie solidaire']);
	});

	it('rebuilds after a truncation, SQL answering meanwhile', async () => {
		await t.db.execute(sql`truncate services cascade`);
		const served = handle.served;
		const meanwhile = await searchServices(anonymous(), { q: 'bagagerie' });
		expect(meanwhile.total).toBe(0);
		expect(handle.served, 'answered by SQL while the index rebuilds').toBe(served);
		await handle.build();
		expect(handle.ready).toBe(true);
		expect((await searchByIndex('bagagerie')).total).toBe(0);
	});
});
