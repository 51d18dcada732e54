import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { rows } from '../db/client';
import { ANONYMOUS, type Actor } from '../policy/actor';
import { importDemoIndicators } from './presets';
import { indicatorsOf, type TerritoryIndicator } from './service';
import type { IndicatorImportSummary } from './import/types';

const OPERATOR: Actor = {
	...ANONYMOUS,
	user: { id: '', email: '', displayName: 'ligne de commande', isInstanceAdmin: true }
};

let t: TestDatabase;
let summary: IndicatorImportSummary;
beforeAll(async () => {
	t = await createTestDatabase();
	summary = await importDemoIndicators({ db: t.db, actor: OPERATOR });
});
afterAll(() => t.drop());

const anonymous = () => ({ db: t.db, actor: ANONYMOUS });
const byCode = (list: TerritoryIndicator[], code: string) => list.find((i) => i.code === code)!;

describe('the Insee comparateur of the Lot and the Gers (shipped extract)', () => {
	it('imports every commune, carrying merged communes over to today’s', () => {
		expect(summary.errors).toEqual([]);
		// 774 rows of the 2022 geography → 770 communes today
		expect(summary.communes).toBe(770);
		expect(summary.indicators).toBe(32);
		expect(summary.warnings.map((w) => w.message)).toContain(
			'commune 46217 fusionnée dans 46172 : valeurs reportées sur la commune actuelle'
		);
	});

	it('gives Cahors its known values', async () => {
		const cahors = await indicatorsOf(anonymous(), { type: 'commune', code: '46042' });
		expect(byCode(cahors, 'P18_POP').territory).toMatchObject({
			status: 'value',
			value: 19907,
			period: '2018'
		});
		expect(byCode(cahors, 'MED19').territory).toMatchObject({ status: 'value', value: 20660 });
		expect(byCode(cahors, 'TP6019').territory).toMatchObject({ status: 'value', value: 18 });
		expect(byCode(cahors, 'MED19')).toMatchObject({
			unit: '€',
			source: 'Insee, Base du comparateur de territoires',
			vintage: '2022',
			aggregation: 'none'
		});
	});

	it('keeps a small commune’s median secret, not 0', async () => {
		// Albiac (46002), 67 inhabitants: Filosofi's statistical secrecy
		const albiac = await indicatorsOf(anonymous(), { type: 'commune', code: '46002' });
		expect(byCode(albiac, 'MED19').territory).toMatchObject({ status: 'secret', value: null });
		expect(byCode(albiac, 'P18_POP').territory.value).toBe(67);
	});

	it('combines a merged commune by rule: populations added, a median not computable', async () => {
		const [parts] = await rows<{ pern: number }>(
			t.db,
			sql`select value as pern from indicator_values where indicator_code = 'P18_POP' and territory_code = '46172'`
		);
		// Pern (46172) + Lhospitalet (46217) in the 2022 file
		expect(parts!.pern).toBe(500 + 443);
		const pern = await indicatorsOf(anonymous(), { type: 'commune', code: '46172' });
		expect(byCode(pern, 'MED19').territory.status).toBe('missing');
	});

	it('aggregates the Grand Cahors, the Lot and France by each indicator’s rule', async () => {
		const grandCahors = await indicatorsOf(anonymous(), { type: 'epci', code: '200023737' });
		const [lot] = await rows<{ pop: number; poor: number; weight: number }>(
			t.db,
			sql`select sum(p.value) as pop,
					sum(r.value * p.value) filter (where r.status = 'value') as poor,
					sum(p.value) filter (where r.status = 'value') as weight
				from indicator_values p join indicator_values r on r.territory_code = p.territory_code
				where p.indicator_code = 'P18_POP' and r.indicator_code = 'TP6019' and p.territory_code like '46%'`
		);
		const pop = byCode(grandCahors, 'P18_POP');
		expect(pop.territory.status).toBe('value');
		expect(pop.departement!.value).toBeCloseTo(lot!.pop, 6);
		expect(pop.departement!.coverage).toBe(1);
		const poverty = byCode(grandCahors, 'TP6019');
		expect(poverty.departement!.value).toBeCloseTo(lot!.poor / lot!.weight, 6);
		// most communes of the Lot are too small for Filosofi: the rate covers part of the population only
		expect(poverty.departement!.coverage).toBeGreaterThan(0.2);
		expect(poverty.departement!.coverage).toBeLessThan(1);
		expect(byCode(grandCahors, 'MED19').territory).toMatchObject({ status: 'not_computable', value: null });
		expect(byCode(grandCahors, 'MED19').france.status).toBe('not_computable');
	});
});
