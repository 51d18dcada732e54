import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { actorWith } from '../testing/actors';
import { failInsertsAfter, fingerprint, FAILURE_MESSAGE } from '../testing/failures';
import { ANONYMOUS, type Actor } from '../policy/actor';
import { getTerritory } from '../territories/service';
import { importIndicators, indicatorsOf } from './service';
import type { IndicatorMapping } from './validation';

/** the command line's operator: an instance administrator without an account row */
const OPERATOR: Actor = {
	...ANONYMOUS,
	user: { id: '', email: '', displayName: 'ligne de commande', isInstanceAdmin: true }
};

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(() => t.drop());

const operator = () => ({ db: t.db, actor: OPERATOR });
const bytes = (text: string) => new TextEncoder().encode(text);

/** A population (sum), a rate weighted by it (ratio) and a median (none), as a partner would describe them. */
const MAPPING: IndicatorMapping = {
	communeColumn: 'commune',
	source: 'Observatoire départemental du Lot',
	vintage: '2024',
	indicators: [
		{
			column: 'pop',
			code: 'T_POP',
			label: 'Population',
			unit: 'habitants',
			method: '',
			period: '2023',
			aggregation: 'sum',
			visibility: 'public',
			blank: 'missing'
		},
		{
			column: 'taux',
			code: 'T_TAUX',
			label: 'Taux de pauvreté',
			unit: '%',
			method: '',
			period: '2023',
			aggregation: 'ratio',
			denominator: 'T_POP',
			visibility: 'public',
			blank: 'secret'
		},
		{
			column: 'mediane',
			code: 'T_MED',
			label: 'Revenu médian',
			unit: '€',
			method: '',
			period: '2023',
			aggregation: 'none',
			visibility: 'partners',
			blank: 'secret'
		}
	]
};

const GOOD = [
	'commune;pop;taux;mediane',
	'46042;20000;18;20660',
	'46102;10000;12,5;19800',
	'32013;22000;;21000',
	''
].join('\r\n');

describe('aggregation by rule', () => {
	it('sums counts, weighs rates by their denominator, never aggregates a median, and says its coverage', async () => {
		const summary = await importIndicators(operator(), { bytes: bytes(GOOD) }, MAPPING);
		expect(summary.errors).toEqual([]);
		expect(summary).toMatchObject({ communes: 3, indicators: 3, values: 9, secret: 1 });

		const admin = { db: t.db, actor: actorWith([], { instanceAdmin: true }) };
		const cahors = await indicatorsOf(admin, { type: 'commune', code: '46042' });
		const get = (code: string) => cahors.find((i) => i.code === code)!;
		// the Lot: 46042 and 46102 only
		expect(get('T_POP').departement).toMatchObject({ status: 'value', value: 30000 });
		// (18 × 20,000 + 12.5 × 10,000) / 30,000 = 16.1666…, not (18 + 12.5) / 2 = 15.25
		expect(get('T_TAUX').departement!.value).toBeCloseTo(485000 / 30000, 10);
		expect(get('T_MED').departement).toMatchObject({ status: 'not_computable', value: null });
		expect(get('T_MED').territory).toMatchObject({ status: 'value', value: 20660, coverage: 1 });
		// France: Auch's rate is secret, so the rate covers the two Lot communes only; the population all three
		expect(get('T_POP').france.value).toBe(52000);
		expect(get('T_TAUX').france.value).toBeCloseTo(485000 / 30000, 10);
		const lot = await getTerritory(admin, 'departement', '46');
		const france = lot.population + (await getTerritory(admin, 'departement', '32')).population;
		const covered =
			(await getTerritory(admin, 'commune', '46042')).population +
			(await getTerritory(admin, 'commune', '46102')).population;
		expect(get('T_TAUX').departement!.coverage).toBeCloseTo(covered / lot.population, 10);
		expect(get('T_TAUX').france.coverage).toBeCloseTo(covered / france, 10);
		expect(get('T_TAUX').france.coverage).toBeLessThan(get('T_POP').france.coverage);

		const auch = await indicatorsOf(admin, { type: 'commune', code: '32013' });
		expect(auch.find((i) => i.code === 'T_TAUX')!.territory).toMatchObject({ status: 'secret', value: null });
		// the Gers: its only commune with a rate is secret, the aggregate says so rather than 0
		expect(auch.find((i) => i.code === 'T_TAUX')!.departement).toMatchObject({
			status: 'secret',
			value: null,
			coverage: 0
		});
	});

	it('shows partners-only indicators to signed-in partners, never to anonymous visitors', async () => {
		const anonymous = await indicatorsOf({ db: t.db, actor: ANONYMOUS }, { type: 'epci', code: '200023737' });
		expect(anonymous.map((i) => i.code)).toEqual(['T_POP', 'T_TAUX']);
		const partner = actorWith([{ organisationId: '00000000-0000-4000-8000-000000000046', role: 'reader' }]);
		const signedIn = await indicatorsOf({ db: t.db, actor: partner }, { type: 'epci', code: '200023737' });
		expect(signedIn.map((i) => i.code)).toEqual(['T_MED', 'T_POP', 'T_TAUX']);
	});

	it('refuses an import from anyone but the operator', async () => {
		const partner = actorWith([{ organisationId: '00000000-0000-4000-8000-000000000046', role: 'admin' }]);
		await expect(
			importIndicators({ db: t.db, actor: partner }, { bytes: bytes(GOOD) }, MAPPING)
		).rejects.toThrow();
	});
});

describe('bad input', () => {
	it('reports unknown codes with their line, reads decimal commas and keeps the other lines', async () => {
		const csv = [
			'commune;pop;taux;mediane',
			'46042;20000;17,5;20660',
			'99999;5;1;1',
			'46102;10000;12,5;19800'
		].join('\n');
		const summary = await importIndicators(operator(), { bytes: bytes(csv) }, MAPPING);
		expect(summary.errors).toEqual([]);
		expect(summary.warnings).toEqual([
			{ line: 3, level: 'warning', message: 'code commune inconnu « 99999 » : ligne ignorée' }
		]);
		const cahors = await indicatorsOf(operator(), { type: 'commune', code: '46042' });
		expect(cahors.find((i) => i.code === 'T_TAUX')!.territory.value).toBe(17.5);
	});

	it('reports duplicate rows: the same values are ignored, different values refuse the file', async () => {
		const same = ['commune,pop,taux,mediane', '46042,20000,18,20660', '46042,20000,18,20660'].join('\n');
		const ok = await importIndicators(operator(), { bytes: bytes(same) }, MAPPING);
		expect(ok.warnings.map((w) => [w.line, w.message])).toEqual([
			[3, 'commune 46042 en double (déjà ligne 2, mêmes valeurs) : ligne ignorée']
		]);
		const before = await fingerprint(t.db);
		const other = [
			'commune;pop;taux;mediane',
			'46042;20000;18;20660',
			'46102;1;1;1',
			'46042;21000;18;20660'
		].join('\n');
		const refused = await importIndicators(operator(), { bytes: bytes(other) }, MAPPING);
		expect(refused.errors).toEqual([
			{
				line: 4,
				level: 'error',
				message: 'commune 46042 en double avec d’autres valeurs que la ligne 2 : laquelle garder ?'
			}
		]);
		expect(refused.values).toBe(0);
		expect(await fingerprint(t.db)).toEqual(before);
	});

	it('names the column and line of a cell that is not a number, and writes nothing', async () => {
		const before = await fingerprint(t.db);
		const csv = ['commune;pop;taux;mediane', '46042;20000;18;20660', '46102;dix mille;12;19800'].join('\n');
		const summary = await importIndicators(operator(), { bytes: bytes(csv) }, MAPPING);
		expect(summary.errors.map((e) => `${e.line} ${e.message}`)).toEqual([
			'3 colonne « pop » : « dix mille » n’est pas un nombre (commune 46102)'
		]);
		expect(await fingerprint(t.db)).toEqual(before);
	});

	it('reads a Latin-1 file without mojibake and says so', async () => {
		const mapping: IndicatorMapping = {
			...MAPPING,
			communeColumn: 'Numéro',
			indicators: [{ ...MAPPING.indicators[0]!, column: 'Habitants recensés' }]
		};
		const latin1 = Buffer.from('Numéro;Habitants recensés\n46042;19907\n', 'latin1');
		const summary = await importIndicators(operator(), { bytes: new Uint8Array(latin1) }, mapping);
		expect(summary.errors).toEqual([]);
		expect(summary.values).toBe(1);
		expect(summary.warnings).toEqual([
			{
				line: null,
				level: 'warning',
				message: 'fichier lu en Latin-1 (Windows-1252) : il n’est pas en UTF-8'
			}
		]);
	});

	it('reports a missing column in French and writes nothing', async () => {
		const summary = await importIndicators(operator(), { bytes: bytes('commune;pop\n46042;1\n') }, MAPPING);
		expect(summary.errors).toEqual([
			{ line: null, level: 'error', message: 'colonnes absentes de la ligne 1 : « taux », « mediane »' }
		]);
	});

	it('keeps nothing when the database fails half-way', async () => {
		const before = await fingerprint(t.db);
		// definitions are written first, then the values fail after four of nine
		const remove = await failInsertsAfter(t.db, 'indicator_values', 4);
		try {
			const failure = await importIndicators(
				operator(),
				{ bytes: bytes(GOOD.replace('20000', '20001')) },
				MAPPING
			).catch((error: Error) => error);
			expect(String((failure as Error).cause ?? failure)).toContain(FAILURE_MESSAGE);
		} finally {
			await remove();
		}
		expect(await fingerprint(t.db)).toEqual(before);
	});
});
