import { describe, expect, it } from 'vitest';
import { dependencyOrder, quoteIdent, rowOrder } from './catalog';

describe('dependencyOrder', () => {
	it('puts parents before children, alphabetically among equals', () => {
		const order = dependencyOrder(
			['zone_communes', 'communes', 'zones', 'departements', 'regions', 'audit_events'],
			[
				['zone_communes', 'zones'],
				['zone_communes', 'communes'],
				['communes', 'departements'],
				['communes', 'regions'],
				['departements', 'regions']
			]
		);
		expect(order).toEqual(['audit_events', 'regions', 'departements', 'communes', 'zones', 'zone_communes']);
	});

	it('ignores self-references and references to unknown tables', () => {
		expect(
			dependencyOrder(
				['personnes', 'foyers'],
				[
					['personnes', 'personnes'],
					['foyers', 'ailleurs']
				]
			)
		).toEqual(['foyers', 'personnes']);
	});

	it('keeps every table when there is a cycle, the cycle last', () => {
		const order = dependencyOrder(
			['a', 'b', 'c'],
			[
				['a', 'b'],
				['b', 'a']
			]
		);
		expect(order).toEqual(['c', 'a', 'b']);
	});
});

describe('identifiers', () => {
	it('quotes names so that a crafted backup cannot inject SQL', () => {
		expect(quoteIdent('zones"; drop table users; --')).toBe('"zones""; drop table users; --"');
	});

	it('orders rows by primary key, or by the whole row without one', () => {
		expect(rowOrder({ primaryKey: ['zone_id', 'commune_code'], columns: ['zone_id', 'commune_code'] })).toBe(
			't."zone_id", t."commune_code"'
		);
		expect(rowOrder({ primaryKey: [], columns: ['a'] })).toBe('row_to_json(t)::text');
	});
});
