import { describe, expect, it } from 'vitest';
import { PgDialect } from 'drizzle-orm/pg-core';
import { DEFAULT_SYNONYMS, matchKey, synonymWords, textWithSynonyms } from './synonyms-text';
import { groupsTsQuery, textRank } from './search-sql';
import { plainText, type SearchSpec } from './search-spec';
import { SearchIndex, type IndexedService } from './search-index/index';

/** Query-time synonyms (ADR 010): how the words of a query become groups of alternatives. */
describe('textWithSynonyms', () => {
	const groups = [
		['VIF', 'violences intrafamiliales', 'violences conjugales'],
		['logement', 'hébergement'],
		['CAF', 'allocations familiales']
	];

	it('turns a word of the list into a group of every term, the word as typed first', () => {
		const text = textWithSynonyms(['vif'], true, groups);
		expect(text.words).toEqual(['vif']);
		expect(text.groups).toEqual([
			[
				{ words: ['vif'], prefix: true },
				{ words: ['violences', 'intrafamiliales'], prefix: false },
				{ words: ['violences', 'conjugales'], prefix: false }
			]
		]);
	});

	it('matches the longest run of words, on a rough singular ("conjugal" meets "conjugales")', () => {
		const text = textWithSynonyms(['violences', 'conjugal', 'cahors'], false, groups);
		expect(text.groups).toHaveLength(2);
		expect(text.groups[0]!.map((a) => a.words.join(' '))).toEqual([
			'violences conjugal',
			'vif',
			'violences intrafamiliales',
			'violences conjugales'
		]);
		expect(text.groups[1]).toEqual([{ words: ['cahors'], prefix: false }]);
		expect(matchKey('conjugales')).toBe(matchKey('conjugal'));
		expect(matchKey('violence')).toBe(matchKey('violences'));
	});

	it('keeps other words as groups of their own, the last one as a prefix', () => {
		const text = textWithSynonyms(['logement', 'jeune'], true, groups);
		expect(text.groups).toEqual([
			[
				{ words: ['logement'], prefix: false },
				{ words: ['hebergement'], prefix: false }
			],
			[{ words: ['jeune'], prefix: true }]
		]);
		expect(textWithSynonyms(['epicerie'], true, groups)).toEqual(plainText(['epicerie'], true));
	});

	it('ships the groups of the field, whose words are never corrected', () => {
		const words = synonymWords(DEFAULT_SYNONYMS);
		for (const w of ['vif', 'caf', 'manger', 'alimentaire', 'addiction', 'hebergement', 'logement'])
			expect(words.has(w), w).toBe(true);
		const caf = textWithSynonyms(['caf'], true, DEFAULT_SYNONYMS);
		expect(caf.groups[0]!.map((a) => a.words.join(' '))).toContain('allocations familiales');
	});
});

describe('full-text SQL of groups', () => {
	const dialect = new PgDialect();
	it('ORs the alternatives of a group, ANDs the groups and the words of a phrase', () => {
		const text = textWithSynonyms(['vif', 'figeac'], true, [['VIF', 'violences conjugales']]);
		expect(groupsTsQuery(text.groups)).toBe('((vif) | (violences & conjugales)) & ((figeac:*))');
		expect(groupsTsQuery(text.groups, 'A')).toBe('((vif:A) | (violences:A & conjugales:A)) & ((figeac:*A))');
		// only [a-z0-9] words get through: no operator can be smuggled in
		expect(
			groupsTsQuery([
				[
					{ words: ['a|b'], prefix: false },
					{ words: ['ok'], prefix: false }
				]
			])
		).toBe('((ok))');
		const rank = dialect.sqlToQuery(textRank(text));
		expect(rank.params).toEqual(
			expect.arrayContaining([
				'((vif:A) | (violences:A & conjugales:A))',
				'((figeac:*A))',
				'{"%vif%","%figeac%"}'
			])
		);
	});
});

describe('the in-memory index with synonym groups', () => {
	const doc = (id: string, name: string, nameLexemes: string[], lexemes: string[]): IndexedService => ({
		id,
		name,
		latitude: 44.6,
		longitude: 2.03,
		fees: null,
		type: null,
		thematiques: [],
		publics: [],
		receptionModes: [],
		eligibilityZone: ['46'],
		communeCode: '46102',
		lexemes,
		nameLexemes
	});
	const spec = (): SearchSpec => ({
		thematiques: [],
		publics: null,
		receptionModes: null,
		fees: null,
		types: null,
		territory: null,
		near: null,
		text: null,
		boostPublics: [],
		limit: 10,
		offset: 0,
		facets: false
	});

	it('counts a phrase in the name only when every word of it is', () => {
		const index = new SearchIndex();
		// "a-…" sorts first by name: only its rank can put it second
		index.put(doc('svc-a', 'a violences', ['violenc'], ['violenc', 'conjugal']));
		index.put(doc('svc-b', 'b violences conjugales', ['violenc', 'conjugal'], ['violenc', 'conjugal']));
		index.put(doc('svc-c', 'c vif', ['vif'], ['vif']));
		const term = (word: string, lexeme: string) => ({ word, lexeme, prefix: false });
		const page = index.search(spec(), {
			words: ['vif'],
			groups: [[[term('vif', 'vif')], [term('violences', 'violenc'), term('conjugales', 'conjugal')]]]
		});
		// svc-c: 10 + 5 ("vif" in its name); svc-b: 10 (the phrase in its name); svc-a: 4
		expect(page.page.map((p) => p.id)).toEqual(['svc-c', 'svc-b', 'svc-a']);
		expect(page.total).toBe(3);
	});
});
