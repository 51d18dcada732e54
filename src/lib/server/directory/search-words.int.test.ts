import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { actorWith } from '../testing/actors';
import { rows } from '../db/client';
import type { Context } from '../context';
import { createService, createStructure } from './service';
import { serviceInputSchema } from './validation';
import { refreshSearchWords } from './search-words';

let t: TestDatabase;
const admin = (): Context => ({ db: t.db, actor: actorWith([], { instanceAdmin: true }) });

/** Two services of Cahors whose texts share some words; one text holds an e-mail and a web address. */
beforeAll(async () => {
	t = await createTestDatabase();
	// the default id of actorWith(): history rows reference their author
	await t.db.execute(
		sql`insert into users (id, email, display_name) values ('00000000-0000-4000-8000-000000000001', 'agent@example.fr', 'Agent de test')`
	);
	const structure = await createStructure(admin(), {
		name: 'CCAS de Cahors',
		description: '',
		communeCode: '46042',
		networks: []
	});
	const service = (name: string, description: string) =>
		createService(
			admin(),
			serviceInputSchema.parse({
				structureId: structure.id,
				name,
				description,
				type: 'accompagnement',
				thematiques: ['logement-hebergement--rechercher-une-solution-dhebergement-temporaire'],
				communeCode: '46042'
			})
		);
	await service(
		'Hébergement d’urgence',
		'Mise à l’abri : hébergement et repas, urgence sociale. Écrire à accueil@ccas-cahors.fr ou voir https://www.cahors.fr/urgence.'
	);
	await service('Accueil de jour', 'Douche, café et écoute pour les personnes à la rue, 15h30–18h.');
	await refreshSearchWords(t.db);
});
afterAll(() => t.drop());

async function vocabulary() {
	const found = await rows<{ word: string; frequency: number }>(
		t.db,
		sql`select word, frequency from search_words order by word collate "C"`
	);
	return new Map(found.map((w) => [w.word, w.frequency]));
}

describe('the typo-correction vocabulary', () => {
	it('holds the accent-free words of 3 letters or more of names and descriptions', async () => {
		const words = await vocabulary();
		for (const word of ['hebergement', 'urgence', 'abri', 'repas', 'sociale', 'douche', 'cafe', 'ecoute'])
			expect(words.has(word), word).toBe(true);
		// too short, or never written
		for (const word of ['de', 'la', 'a', 'l', 'hôtel']) expect(words.has(word), word).toBe(false);
		expect(words.has('15h30'), 'letters and digits together').toBe(true);
		expect([...words.keys()].every((w) => /^[a-z0-9]{3,40}$/.test(w))).toBe(true);
	});

	it('counts each word once per service that uses it', async () => {
		const words = await vocabulary();
		// "hébergement" twice in one service: one service; "accueil" in the name of the other only
		expect(words.get('hebergement')).toBe(1);
		expect(words.get('urgence')).toBe(1);
		expect(words.get('personnes')).toBe(1);
		expect(words.get('accueil')).toBe(1);
	});

	it('leaves out the words inside e-mail and web addresses', async () => {
		const words = await vocabulary();
		for (const word of ['ccas', 'https', 'www']) expect(words.has(word), word).toBe(false);
	});

	it('follows the texts when run again', async () => {
		await createService(
			admin(),
			serviceInputSchema.parse({
				structureId: (await rows<{ id: string }>(t.db, sql`select id from structures limit 1`))[0]!.id,
				name: 'Halte de nuit',
				description: 'Un lit pour la nuit en urgence.',
				type: 'aide-materielle',
				thematiques: ['logement-hebergement--rechercher-une-solution-dhebergement-temporaire'],
				communeCode: '46042'
			})
		);
		await refreshSearchWords(t.db);
		const words = await vocabulary();
		expect(words.get('urgence')).toBe(2);
		expect(words.has('halte')).toBe(true);
	});
});
