import { describe, expect, it } from 'vitest';
import { parseMapping } from './presets';

describe('the column mapping file', () => {
	it('names the field at fault, in French', () => {
		const mapping = {
			communeColumn: 'CODGEO',
			source: 'Insee',
			indicators: [{ column: 'TP6019', label: 'Taux de pauvreté', period: '2019', aggregation: 'ratio' }]
		};
		expect(() => parseMapping(JSON.stringify(mapping))).toThrow(
			'table de correspondance : indicators.0.denominator : obligatoire pour une agrégation ratio, interdit sinon'
		);
		expect(() => parseMapping('{ pas du json')).toThrow('table de correspondance : JSON illisible');
	});

	it('reads the shipped Insee preset', async () => {
		const fs = await import('node:fs');
		const { presetPath } = await import('./presets');
		const mapping = parseMapping(fs.readFileSync(presetPath('insee-comparateur'), 'utf8'));
		expect(mapping.indicators).toHaveLength(32);
		expect(mapping.indicators.find((i) => i.column === 'MED19')).toMatchObject({
			aggregation: 'none',
			blank: 'secret',
			unit: '€'
		});
	});
});
