import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { actorWith } from '../testing/actors';
import { rows } from '../db/client';
import { ANONYMOUS } from '../policy/actor';
import { ForbiddenError } from '../policy/policy';
import type { Context } from '../context';
import { NotFoundError } from '../errors';
import { insertService, insertStructure } from './repository';
import { getSynonymList, saveSynonymList } from './synonyms';
import { searchServices } from './search';
import { parseSynonymText, synonymListInputSchema } from './synonyms-validation';
import { catalogues } from '$lib/i18n';
import { THEMATIQUES } from './codes';

/**
 * The synonym list of a territory (ADR 010): who may write it, one transaction with its audit entry, and its
 * effect on searches of that territory only; and what else the full text reads (search_context).
 */
let t: TestDatabase;
const NOW = new Date('2026-11-24T10:00:00Z');
const anonymous = (): Context => ({ db: t.db, actor: ANONYMOUS, now: () => NOW });
const as = (coordinations: { type: 'departement' | 'epci' | 'commune'; code: string }[]): Context => ({
	db: t.db,
	actor: actorWith([], { coordinations }),
	now: () => NOW
});
const ids: Record<string, string> = {};

beforeAll(async () => {
	t = await createTestDatabase();
	const structure = await insertStructure(t.db, {
		source: 'test',
		sourceId: 'rdv',
		name: 'Relais des familles',
		communeCode: '46102',
		latitude: 44.6086,
		longitude: 2.0317
	});
	const base = {
		structureId: structure.id,
		source: 'test',
		type: 'accompagnement',
		publics: ['tous-publics'],
		receptionModes: ['en-presentiel'],
		communeCode: '46102',
		latitude: 44.6086,
		longitude: 2.0317,
		eligibilityZone: ['46']
	};
	ids.mediation = (
		await insertService(t.db, {
			...base,
			sourceId: 'mediation',
			name: 'Médiation familiale',
			description: 'Rencontres avec un médiateur pour renouer le dialogue.',
			thematiques: ['famille--surmonter-conflits-separation-violence']
		})
	).id;
	ids.gers = (
		await insertService(t.db, {
			...base,
			sourceId: 'gers',
			name: 'Médiation familiale du Gers',
			description: 'Rencontres avec un médiateur.',
			thematiques: ['famille--surmonter-conflits-separation-violence'],
			communeCode: '32013',
			latitude: 43.6465,
			longitude: 0.5855,
			eligibilityZone: ['32']
		})
	).id;
}, 60_000);
afterAll(() => t.drop());

describe('synonym list of a territory', () => {
	it('is written by a coordinator of the territory, with its audit entry; read by anyone', async () => {
		const saved = await saveSynonymList(as([{ type: 'departement', code: '46' }]), 'departement', '46', {
			groups: [['brouille', 'médiation familiale']]
		});
		expect(saved.groups).toEqual([['brouille', 'médiation familiale']]);
		expect(saved.editable).toBe(true);
		const read = await getSynonymList(anonymous(), 'departement', '46');
		expect(read.groups).toEqual([['brouille', 'médiation familiale']]);
		expect(read.editable).toBe(false);
		expect(read.territoryName).toBe('Lot');
		expect(read.defaults.some((g) => g.includes('VIF'))).toBe(true);
		const audits = await rows<{ action: string; object_id: string; details: Record<string, unknown> }>(
			t.db,
			sql`select action, object_id, details from audit_events where object_type = 'synonyms'`
		);
		expect(audits).toEqual([
			{
				action: 'synonyms.update',
				object_id: 'departement:46',
				details: { territoryType: 'departement', territoryCode: '46', groupsBefore: 0, groups: 1 }
			}
		]);
	});

	it('is refused to anonymous people, to coordinators of another territory or of a part of it', async () => {
		const input = { groups: [['a1', 'b1']] };
		await expect(saveSynonymList(anonymous(), 'departement', '46', input)).rejects.toBeInstanceOf(
			ForbiddenError
		);
		await expect(
			saveSynonymList(as([{ type: 'departement', code: '32' }]), 'departement', '46', input)
		).rejects.toBeInstanceOf(ForbiddenError);
		await expect(
			saveSynonymList(as([{ type: 'commune', code: '46102' }]), 'departement', '46', input)
		).rejects.toBeInstanceOf(ForbiddenError);
		// a département coordinator writes a commune's list inside it
		await saveSynonymList(as([{ type: 'departement', code: '46' }]), 'commune', '46102', input);
		await expect(
			saveSynonymList(as([{ type: 'departement', code: '46' }]), 'departement', '99', input)
		).rejects.toBeInstanceOf(NotFoundError);
		expect((await getSynonymList(anonymous(), 'departement', '46')).groups).toEqual([
			['brouille', 'médiation familiale']
		]);
	});

	it('refuses a territory that does not exist before writing anything, even to an instance admin', async () => {
		const admin: Context = { db: t.db, actor: actorWith([], { instanceAdmin: true }) };
		const audited = async () =>
			(await rows<{ n: number }>(t.db, sql`select count(*)::int as n from audit_events`))[0]!.n;
		const before = await audited();
		// a commune code given as a région (found by the fuzz test: a 404 after the list was written)
		await expect(saveSynonymList(admin, 'region', '46042', { groups: [] })).rejects.toBeInstanceOf(
			NotFoundError
		);
		await expect(
			saveSynonymList(admin, 'region', '46042', { groups: [['aa', 'bb']] })
		).rejects.toBeInstanceOf(NotFoundError);
		expect(await audited()).toBe(before);
		expect(
			(
				await rows<{ n: number }>(
					t.db,
					sql`select count(*)::int as n from search_synonyms where territory_code = '46042'`
				)
			)[0]!.n
		).toBe(0);
	});

	it('widens the searches of its territory only', async () => {
		const figeac = await searchServices(anonymous(), { q: 'brouille', near: { communeCode: '46102' } });
		expect(figeac.items.map((i) => i.id)).toEqual([ids.mediation]);
		expect(figeac.correctedQuery).toBeNull(); // a word of the list is never "corrected"
		const auch = await searchServices(anonymous(), { q: 'brouille', near: { communeCode: '32013' } });
		expect(auch.items).toEqual([]);
	});

	it('refuses groups of one term, terms without a word, naming the line', () => {
		expect(parseSynonymText('VIF, violences conjugales\n\nbrouille\n ,  ;--')).toEqual({
			issues: [
				{ field: 'lines.3', message: 'synonyms.groupTooSmall' },
				{ field: 'lines.4', message: 'synonyms.termNoWord:--' }
			]
		});
		expect(parseSynonymText('VIF, violences conjugales ; violences intrafamiliales\n')).toEqual({
			groups: [['VIF', 'violences conjugales', 'violences intrafamiliales']]
		});
		expect(synonymListInputSchema.safeParse({ groups: [['ok', '—']] }).success).toBe(false);
	});
});

describe('what else full text reads', () => {
	it('the structure’s and the organisation’s names, kept when they are renamed', async () => {
		expect((await searchServices(anonymous(), { q: 'relais' })).total).toBe(2);
		await t.db.execute(sql`update structures set name = 'Maison des familles' where source_id = 'rdv'`);
		expect((await searchServices(anonymous(), { q: 'relais' })).total).toBe(0);
		const found = await searchServices(anonymous(), { q: 'maison familles' });
		expect(found.items.map((i) => i.id).sort()).toEqual([ids.mediation, ids.gers].sort());
	});

	it('the labels of the thématiques, as the catalogue has them', async () => {
		const labels = await rows<{ code: string; label: string }>(
			t.db,
			sql`select code, label from search_thematique_labels order by code`
		);
		const fr = catalogues.fr.codes;
		expect(labels.map((l) => l.code)).toEqual([...THEMATIQUES].sort());
		for (const { code, label } of labels) {
			const category = code.split('--')[0] as keyof typeof fr.categorie;
			expect(label).toBe(`${fr.categorie[category]} ${fr.thematique[code as keyof typeof fr.thematique]}`);
		}
		// "conflits" is only in the label of the thématique
		expect((await searchServices(anonymous(), { q: 'conflits' })).total).toBe(2);
	});
});
