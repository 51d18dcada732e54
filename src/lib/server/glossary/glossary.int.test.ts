import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { actorWith } from '../testing/actors';
import { rows } from '../db/client';
import { ANONYMOUS } from '../policy/actor';
import { ForbiddenError } from '../policy/policy';
import { NotFoundError } from '../errors';
import type { Context } from '../context';
import { insertUser } from '../auth/repository';
import { failInsertsAfter } from '../testing/failures';
import {
	effectiveGlossary,
	glossaryEntryHistory,
	glossaryTermsIn,
	markupGlossary,
	resetGlossaryEntry,
	saveGlossaryEntry,
	searchGlossary,
	setGlossaryEntryHidden,
	territoryGlossary
} from './service';

/**
 * The glossary of a place: shipped terms overridden by the territory's (département, then EPCI, then
 * commune), written by the territory's coordinators only, each change with its history and audit entry.
 */
let t: TestDatabase;
const USER = '0a0a0a0a-0000-4000-8000-00000000000a';
const NOW = new Date('2026-12-07T10:00:00Z');
const anonymous = (): Context => ({ db: t.db, actor: ANONYMOUS, now: () => NOW });
const as = (type: 'departement' | 'epci' | 'commune', code: string): Context => ({
	db: t.db,
	actor: actorWith([], { id: USER, coordinations: [{ type, code }] }),
	now: () => NOW
});
const LOT = { type: 'departement' as const, code: '46' };
const FIGEAC_EPCI = { type: 'epci' as const, code: '200067361' };
const FIGEAC = { type: 'commune' as const, code: '46102' };
const CAHORS = { type: 'commune' as const, code: '46042' };
const def = (terms: { key: string; definition: string }[], key: string) =>
	terms.find((x) => x.key === key)?.definition;

beforeAll(async () => {
	t = await createTestDatabase();
	await insertUser(t.db, { id: USER, email: 'coordination@lot.fr', displayName: 'Claire Coordination' });
}, 60_000);
afterAll(() => t.drop());

describe('glossary of a place', () => {
	it('ships at least 60 terms, found by acronym, long form or a variant without accents', async () => {
		const all = await effectiveGlossary(anonymous(), null);
		expect(all.length).toBeGreaterThanOrEqual(60);
		for (const q of ['CCAS', 'ccas', 'centre communal d’action sociale', "centre communal d'action sociale"])
			expect((await searchGlossary(anonymous(), { q, limit: 5, offset: 0 })).items[0]?.key, q).toBe('ccas');
		expect(
			(await searchGlossary(anonymous(), { q: 'sortie seche', limit: 5, offset: 0 })).items[0]?.key
		).toBe('sortie-seche');
		expect((await searchGlossary(anonymous(), { q: 'zzzz', limit: 5, offset: 0 })).total).toBe(0);
	});

	it('applies the département’s changes, then the EPCI’s, then the commune’s', async () => {
		await saveGlossaryEntry(as('departement', '46'), LOT, 'ccas', {
			term: 'CCAS',
			longForm: 'Centre communal d’action sociale',
			definition: 'Définition du Lot pour le CCAS.',
			aliases: []
		});
		const key = await saveGlossaryEntry(as('departement', '46'), LOT, null, {
			term: 'RVIF 46',
			longForm: 'Réseau violences intrafamiliales du Lot',
			definition: 'Le réseau des partenaires du Lot contre les violences intrafamiliales.',
			aliases: ['réseau VIF du Lot'],
			sourceName: 'Département du Lot',
			sourceUrl: 'https://lot.fr/'
		});
		expect(key).toBe('rvif-46');
		await saveGlossaryEntry(as('epci', '200067361'), FIGEAC_EPCI, 'ccas', {
			term: 'CCAS',
			definition: 'Définition du Grand-Figeac pour le CCAS.',
			aliases: []
		});
		await setGlossaryEntryHidden(as('commune', '46102'), FIGEAC, 'rvif-46', true);

		const lot = await effectiveGlossary(anonymous(), LOT);
		expect(def(lot, 'ccas')).toBe('Définition du Lot pour le CCAS.');
		expect(lot.find((x) => x.key === 'ccas')?.origin).toBe('override');
		expect(lot.find((x) => x.key === 'rvif-46')).toMatchObject({
			origin: 'local',
			source: { name: 'Département du Lot', url: 'https://lot.fr/' }
		});
		const cahors = await effectiveGlossary(anonymous(), CAHORS);
		expect(def(cahors, 'ccas')).toBe('Définition du Lot pour le CCAS.');
		expect(def(cahors, 'rvif-46')).toBeDefined();
		const figeac = await effectiveGlossary(anonymous(), FIGEAC);
		expect(def(figeac, 'ccas')).toBe('Définition du Grand-Figeac pour le CCAS.');
		expect(def(figeac, 'rvif-46')).toBeUndefined();
		// the Gers keeps the shipped definition
		const gers = await effectiveGlossary(anonymous(), { type: 'departement', code: '32' });
		expect(def(gers, 'ccas')).toMatch(/^Établissement public de la commune/);
		expect(def(gers, 'rvif-46')).toBeUndefined();
		// a page of Cahors gets only the terms its text uses, in its glossary
		const used = await glossaryTermsIn(anonymous(), '46042', ['Le CCAS et le RVIF 46, au 115.']);
		expect(used.map((x) => x.key).sort()).toEqual(['115', 'ccas', 'rvif-46']);
		expect(await markupGlossary(anonymous(), CAHORS, '<p>Le réseau VIF du Lot</p>', 'd')).toContain(
			'data-glossary="rvif-46"'
		);
	});

	it('hides a shipped term and shows it again; a reset brings back the inherited version', async () => {
		const ctx = as('departement', '46');
		await setGlossaryEntryHidden(ctx, LOT, 'ip', true);
		expect(def(await effectiveGlossary(anonymous(), LOT), 'ip')).toBeUndefined();
		const edit = await territoryGlossary(ctx, LOT);
		expect(edit.hidden.map((h) => h.key)).toContain('ip');
		expect(edit.editable).toBe(true);
		await setGlossaryEntryHidden(ctx, LOT, 'ip', false);
		expect(def(await effectiveGlossary(anonymous(), LOT), 'ip')).toBeDefined();
		await resetGlossaryEntry(ctx, LOT, 'ccas');
		expect(def(await effectiveGlossary(anonymous(), LOT), 'ccas')).toMatch(/^Établissement public/);
		const history = await glossaryEntryHistory(ctx, LOT, 'ccas');
		expect(history.map((h) => h.change)).toEqual(['reset', 'create']);
		expect(history[0]!.changedByName).toBe('Claire Coordination');
		const audits = await rows<{ action: string; object_id: string }>(
			t.db,
			sql`select action, object_id from audit_events where object_type = 'glossaryTerm' order by at, action`
		);
		expect(audits.map((a) => `${a.action} ${a.object_id}`)).toEqual(
			expect.arrayContaining([
				'glossary.create departement:46:ccas',
				'glossary.create departement:46:rvif-46',
				'glossary.create epci:200067361:ccas',
				'glossary.hide commune:46102:rvif-46',
				'glossary.hide departement:46:ip',
				'glossary.show departement:46:ip',
				'glossary.reset departement:46:ccas'
			])
		);
	});

	it('is changed by coordinators of the territory only', async () => {
		const input = { term: 'CCAS', definition: 'Une définition qui ne passera pas.', aliases: [] };
		const refused: Context[] = [
			anonymous(),
			{ db: t.db, actor: actorWith([{ organisationId: USER, role: 'admin' }]) },
			as('departement', '32'),
			as('epci', '200067361'),
			as('commune', '46042')
		];
		for (const ctx of refused) {
			await expect(saveGlossaryEntry(ctx, LOT, 'ccas', input)).rejects.toBeInstanceOf(ForbiddenError);
			await expect(setGlossaryEntryHidden(ctx, LOT, 'caf', true)).rejects.toBeInstanceOf(ForbiddenError);
		}
		const [{ n }] = (await rows<{ n: number }>(
			t.db,
			sql`select count(*)::int as n from glossary_entries where territory_code = '46' and key in ('ccas', 'caf')`
		)) as [{ n: number }];
		expect(n).toBe(0);
		await expect(
			saveGlossaryEntry(as('departement', '46'), { type: 'departement', code: '99' }, 'ccas', input)
		).rejects.toBeInstanceOf(NotFoundError);
		await expect(
			setGlossaryEntryHidden(as('departement', '46'), LOT, 'inconnu', true)
		).rejects.toBeInstanceOf(NotFoundError);
	});

	it('writes nothing when the audit entry fails', async () => {
		const restore = await failInsertsAfter(t.db, 'audit_events', 0);
		await expect(
			saveGlossaryEntry(as('departement', '46'), LOT, 'caf', {
				term: 'CAF',
				definition: 'Définition qui ne sera pas écrite.',
				aliases: []
			})
		).rejects.toThrow();
		await expect(setGlossaryEntryHidden(as('departement', '46'), LOT, 'caf', true)).rejects.toThrow();
		await expect(resetGlossaryEntry(as('departement', '46'), LOT, 'rvif-46')).rejects.toThrow();
		await restore();
		const [{ kept }] = (await rows<{ kept: number }>(
			t.db,
			sql`select count(*)::int as kept from glossary_entries where territory_code = '46' and key = 'rvif-46'`
		)) as [{ kept: number }];
		expect(kept).toBe(1);
		const [{ n }] = (await rows<{ n: number }>(
			t.db,
			sql`select (select count(*) from glossary_entries where key = 'caf') + (select count(*) from glossary_history where key = 'caf') as n`
		)) as [{ n: number }];
		expect(Number(n)).toBe(0);
	});
});
