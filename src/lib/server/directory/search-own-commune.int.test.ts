import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { actorWith } from '../testing/actors';
import { ANONYMOUS } from '../policy/actor';
import type { Context } from '../context';
import { createService, createStructure } from './service';
import { serviceInputSchema } from './validation';
import { refreshSearchWords } from './search-words';
import { searchServices } from './search';
import { enableSearchIndex, type SearchIndexHandle } from './search-index/handle';

/**
 * A service entered with its commune but without coordinates (as the partners' form and the API allow) is found
 * from that commune, whatever the radius: it « intervient sur votre commune » (ADR 010). Both engines.
 */

let t: TestDatabase;
let handle: SearchIndexHandle | null = null;
const admin = (): Context => ({ db: t.db, actor: actorWith([], { instanceAdmin: true }) });
const anonymous = (): Context => ({ db: t.db, actor: ANONYMOUS });

beforeAll(async () => {
	t = await createTestDatabase();
	await t.db.execute(
		sql`insert into users (id, email, display_name) values ('00000000-0000-4000-8000-000000000001', 'agent@example.fr', 'Agent de test')`
	);
	const structureId = (
		await createStructure(admin(), {
			name: 'CCAS de Cahors — accueil de nuit',
			description: '',
			communeCode: '46042',
			website: null,
			networks: []
		})
	).id;
	const service = (name: string, communeCode: string) =>
		createService(
			admin(),
			serviceInputSchema.parse({
				structureId,
				name,
				description: 'Un accueil pour les personnes sans solution ce soir.',
				thematiques: ['logement-hebergement--rechercher-une-solution-dhebergement-temporaire'],
				communeCode
			})
		);
	await service('Veille de nuit de Cahors', '46042');
	await service('Veille de nuit de Figeac', '46102');
	await refreshSearchWords(t.db);
});
afterAll(() => t.drop());

async function namesFrom(communeCode: string) {
	const result = await searchServices(anonymous(), {
		q: 'veille de nuit',
		near: { communeCode },
		radiusKm: 5
	});
	return result.items.map((i) => [i.name, i.reach, i.distanceKm]);
}

describe('a service without coordinates, from its own commune', () => {
	it('SQL: found from its commune only, « intervient sur votre commune »', async () => {
		expect(await namesFrom('46042')).toEqual([['Veille de nuit de Cahors', 'covers', null]]);
		expect(await namesFrom('46102')).toEqual([['Veille de nuit de Figeac', 'covers', null]]);
	});

	it('the in-memory index answers the same', async () => {
		handle = enableSearchIndex(t.db);
		await handle.build();
		const served = handle.served;
		expect(await namesFrom('46042')).toEqual([['Veille de nuit de Cahors', 'covers', null]]);
		expect(await namesFrom('46102')).toEqual([['Veille de nuit de Figeac', 'covers', null]]);
		expect(handle.served).toBe(served + 2);
	});
});
