import { describe, expect, it } from 'vitest';
import { PgDialect } from 'drizzle-orm/pg-core';
import { THEMATIQUES } from './codes';
import {
	clampRadiusKm,
	expandThematiques,
	normalizeQuery,
	pagination,
	queryWords,
	servicesQuerySchema,
	splitList,
	toSearchQuery,
	toTsQueryText
} from './search-query';
import { arrayLiteral, distanceFrom, oneOf, overlaps, textMatch, textRank, withinRadius } from './search-sql';
import { plainText } from './search-spec';

const dialect = new PgDialect();

describe('query words', () => {
	it('folds case, accents, ligatures and punctuation like SQL normalize_name()', () => {
		expect(normalizeQuery('Hébergement d’URGENCE')).toBe('hebergement d urgence');
		expect(normalizeQuery('Œuvre du cœur')).toBe('oeuvre du coeur');
	});

	it('keeps [a-z0-9] words of two letters or more, eight at most', () => {
		expect(queryWords('Hébergement d’urgence à Cahors')).toEqual(['hebergement', 'urgence', 'cahors']);
		expect(queryWords("'); drop table services; --")).toEqual(['drop', 'table', 'services']);
		expect(queryWords('un deux trois quatre cinq six sept huit neuf dix')).toHaveLength(8);
		expect(queryWords('  ')).toEqual([]);
		expect(queryWords(undefined)).toEqual([]);
	});

	it('builds an AND tsquery with a prefix match on the last word, and nothing else', () => {
		expect(toTsQueryText(['hebergement', 'urgence'])).toBe('hebergement & urgence:*');
		expect(toTsQueryText(['cahors'])).toBe('cahors:*');
		// anything that is not a plain word is dropped: no operator can get through
		expect(toTsQueryText(['a|b', "x'", 'ok', '!'])).toBe('ok:*');
		expect(toTsQueryText([])).toBe('');
	});
});

describe('codes and limits', () => {
	it('expands a category to its leaves and keeps leaves as they are', () => {
		const mobilite = expandThematiques(['mobilite']);
		expect(mobilite).toHaveLength(THEMATIQUES.filter((t) => t.startsWith('mobilite--')).length);
		expect(mobilite.every((t) => t.startsWith('mobilite--'))).toBe(true);
		expect(expandThematiques(['famille--garde-denfants', 'famille--garde-denfants'])).toEqual([
			'famille--garde-denfants'
		]);
		expect(expandThematiques(['inconnu'])).toEqual([]);
	});

	it('clamps the radius to 1..200 km, 30 by default, and pages to sane bounds', () => {
		expect(clampRadiusKm(undefined)).toBe(30);
		expect(clampRadiusKm(0)).toBe(1);
		expect(clampRadiusKm(5000)).toBe(200);
		expect(pagination({})).toEqual({ page: 1, pageSize: 20, offset: 0 });
		expect(pagination({ page: 3, pageSize: 10 })).toEqual({ page: 3, pageSize: 10, offset: 20 });
		expect(pagination({ page: -2, pageSize: 1000 })).toEqual({ page: 1, pageSize: 100, offset: 0 });
	});
});

describe('SQL fragments', () => {
	const render = (fragment: Parameters<PgDialect['sqlToQuery']>[0]) => dialect.sqlToQuery(fragment);

	it('binds arrays as one quoted literal parameter', () => {
		expect(arrayLiteral(['a', 'b c', 'd"e', 'f\\g', 'h,i', '{j}'])).toBe(
			'{"a","b c","d\\"e","f\\\\g","h,i","{j}"}'
		);
		const q = render(overlaps('thematiques', ['famille--garde-denfants', 'sante--addictions']));
		expect(q.sql).toBe('s."thematiques" && $1::text[]');
		expect(q.params).toEqual(['{"famille--garde-denfants","sante--addictions"}']);
		expect(render(oneOf('fees', ['gratuit'])).sql).toBe('s."fees" = any($1::text[])');
	});

	it('passes the full-text query as a parameter', () => {
		const q = render(textMatch(plainText(['hebergement', 'urgence'], true)));
		expect(q.sql).toBe(`s.search_vector @@ to_tsquery('french', $1)`);
		expect(q.params).toEqual(['((hebergement)) & ((urgence:*))']);
		const rank = render(textRank(plainText(['aide', 'budget'], true)));
		// per word, is it in the name (weight A); the last word as a prefix
		expect(rank.params).toEqual(
			expect.arrayContaining(['((aide:A))', '((budget:*A))', '{"%aide%","%budget%"}'])
		);
	});

	it('repeats the partial GiST index expression and predicate for radius queries', () => {
		const q = render(withinRadius({ latitude: 44.45, longitude: 1.44 }, 20_000));
		expect(q.sql).toContain('s.latitude is not null and s.longitude is not null');
		expect(q.sql).toMatch(
			/earth_box\(ll_to_earth\(\$1::float8, \$2::float8\), \$3::float8\) @> ll_to_earth\(s\.latitude, s\.longitude\)/
		);
		expect(q.params.slice(0, 3)).toEqual([44.45, 1.44, 20_000]);
	});

	it('computes great-circle distances like earth_distance() (haversine on the same sphere)', () => {
		// evaluate the SQL expression in JS for a known pair: Cahors → Figeac centroids ≈ 49.6 km
		const q = render(distanceFrom({ latitude: 44.4507, longitude: 1.4406 }));
		expect(q.sql).toContain('asin(sqrt(');
		const [diameter, lat, cosLat, lon] = q.params as number[];
		const rad = (d: number) => (d * Math.PI) / 180;
		const to = { latitude: 44.6053, longitude: 2.0254 };
		const metres =
			diameter! *
			Math.asin(
				Math.sqrt(
					Math.sin(rad(to.latitude - lat!) / 2) ** 2 +
						cosLat! * Math.cos(rad(to.latitude)) * Math.sin(rad(to.longitude - lon!) / 2) ** 2
				)
			);
		expect(metres / 1000).toBeGreaterThan(49);
		expect(metres / 1000).toBeLessThan(50.5);
	});
});

describe('query string', () => {
	const parse = (qs: string) => servicesQuerySchema.safeParse(Object.fromEntries(new URLSearchParams(qs)));

	it('splits comma lists and drops empty values; blank fields count as absent', () => {
		expect(splitList('a, b,,c')).toEqual(['a', 'b', 'c']);
		expect(splitList(['a,b', 'c'])).toEqual(['a', 'b', 'c']);
		expect(splitList('')).toBeUndefined();
		const result = parse('q=&near=&latitude=&longitude=&radiusKm=&page=&fees=');
		expect(result.success).toBe(true);
		expect(toSearchQuery(result.data!)).toMatchObject({ q: undefined, near: undefined, facets: true });
	});

	it('accepts category codes as thématiques and reads numbers and booleans', () => {
		const result = parse(
			'thematiques=sante,famille--garde-denfants&page=2&pageSize=0&facets=0&radiusKm=12.5&near=2A004'
		);
		expect(result.success).toBe(true);
		expect(toSearchQuery(result.data!)).toMatchObject({
			thematiques: ['sante', 'famille--garde-denfants'],
			page: 2,
			pageSize: 0,
			facets: false,
			radiusKm: 12.5,
			near: { communeCode: '2A004' }
		});
	});

	it('names the unknown value in the message', () => {
		const result = parse('types=atelier,conference');
		expect(result.success).toBe(false);
		expect(result.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
			['types.1', 'type.unknown:conference']
		]);
	});

	it('checks territory codes against their level', () => {
		expect(parse('territoryType=departement&territoryCode=2A').success).toBe(true);
		expect(parse('territoryType=epci&territoryCode=200066389').success).toBe(true);
		expect(parse('territoryType=commune&territoryCode=46').success).toBe(false);
		expect(parse('territoryType=region&territoryCode=7').success).toBe(false);
	});
});
