import fc from 'fast-check';

/**
 * Values for the fuzz test (tests/system/fuzz.test.ts): hostile ones, and valid-looking ones read from the
 * OpenAPI schemas so that requests also get past validation into the services and the database.
 */

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const UNKNOWN_ID = '0b1e7a52-9c1d-4f7e-8a3b-5d6c7e8f9a0b';

/** Ids of the fixtures the fuzz test creates before it starts: valid-looking ids point at them. */
export const ids = {
	organisation: '',
	structure: '',
	service: '',
	correspondent: '',
	zone: '',
	politique: '',
	mission: '',
	action: ''
};

// Hostile values

export const HOSTILE_STRINGS = [
	'\u0000',
	'Épicerie\u0000solidaire',
	'\ud800',
	'fin \udfff',
	'\udc00\ud800',
	'\u001b[31mrouge',
	'\u007f',
	'\u0085',
	'ligne\r\nsuivante',
	'\ttabulé',
	'../../../etc/passwd',
	'..\\..\\windows\\win.ini',
	'%2e%2e%2f%2e%2e%2f',
	"'; drop table services; --",
	"' or '1'='1",
	'1; select pg_sleep(0)',
	'<script>alert(1)</script>',
	'"><img src=x onerror=alert(1)>',
	'{{constructor.constructor}}',
	'${7*7}',
	'%s%s%n',
	'=HYPERLINK("https://evil.example")',
	"+cmd|' /C calc'!A0",
	'🙂👩🏽‍⚕️',
	'e\u0301',
	'İı',
	'\u202eevil',
	'\ufeff',
	'\uffff',
	'null',
	'undefined',
	'NaN',
	'Infinity',
	'-Infinity',
	'1e308',
	'-1',
	'0',
	'',
	' ',
	'true',
	'[]',
	'{}',
	'__proto__',
	'constructor',
	'46042',
	'99999',
	'2A004',
	'46',
	'departement:46',
	'commune:99999',
	'2026-11-24',
	'99999-01-01',
	'275760-09-13',
	'-000001-01-01',
	'0000-00-00',
	'2026-02-30',
	UNKNOWN_ID,
	'00000000-0000-0000-0000-000000000000',
	'not-a-uuid',
	'é'.repeat(10_001),
	'a'.repeat(5000)
];

const oddChar = fc.oneof(
	fc.constantFrom(
		'\u0000',
		'\ud800',
		'\udbff',
		'\udc00',
		'\u001b',
		'\u0085',
		'\u2028',
		'\u200b',
		'\r',
		'\n',
		'\t'
	),
	fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })
);

/** Plausible text with one character no field accepts somewhere in it (what reached PostgreSQL as a 500). */
export const forbiddenText = fc
	.tuple(
		fc.constantFrom('Épicerie solidaire de Souillac', 'Hélène Céré', 'Permanence d’accès aux droits'),
		fc.constantFrom('\u0000', '\ud800', '\udfff', '\u0001', '\u001b', '\u007f', '\u0085'),
		fc.nat()
	)
	.map(([text, c, at]) => text.slice(0, at % text.length) + c + text.slice(at % text.length));

export const hostileString = fc.oneof(
	{ weight: 3, arbitrary: forbiddenText },
	{ weight: 5, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
	{ weight: 3, arbitrary: fc.string({ unit: oddChar, maxLength: 40 }) },
	{ weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) }
);

/** Too big for any JSON body (1 MB), to check the 413. */
export const HUGE = 'ç'.repeat(600_000);

export const hostileNumber = fc.oneof(
	fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, -1, -0, 0, 0.5, 1e-300, 4_294_967_296),
	fc.double({ noNaN: true, noDefaultInfinity: true }),
	fc.integer()
);

export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
	value: fc.oneof(
		{ depthSize: 'small', withCrossShrink: true },
		{ weight: 6, arbitrary: hostileString },
		{ weight: 3, arbitrary: hostileNumber },
		{ weight: 1, arbitrary: fc.boolean() },
		{ weight: 1, arbitrary: fc.constant(null) },
		{ weight: 2, arbitrary: fc.array(tie('value'), { maxLength: 3 }) },
		{ weight: 1, arbitrary: fc.dictionary(hostileString, tie('value'), { maxKeys: 3 }) }
	)
})).value;

// ---------------------------------------------------------------------------------------------------------
// Valid-looking values, from the OpenAPI schemas, so that requests also get past validation

export const FRENCH = [
	'Épicerie solidaire de Souillac',
	'Accueil de jour — CCAS de Cahors',
	'Permanence d’accès aux droits, sur rendez-vous le mardi.',
	'Hélène Céré',
	'05 65 20 88 00',
	'accueil@ccas-cahors.example.fr',
	'https://ccas-cahors.example.fr/',
	'Mo-Fr 09:00-12:00'
];

export const realIds = () => Object.values(ids).filter(Boolean);

/** Valid values of fields known by name (a structureId must be the fixture's, a theme a real code…). */
export const EXAMPLES: Record<string, () => unknown[]> = {
	type: () => ['accompagnement', 'aide-materielle'],
	fees: () => ['gratuit', 'payant'],
	thematiques: () => [
		['equipement-et-alimentation--alimentation'],
		['logement-hebergement--se-maintenir-dans-le-logement']
	],
	publics: () => [['seniors'], ['tous-publics']],
	receptionModes: () => [['en-presentiel']],
	mobilisationModes: () => [['telephoner']],
	mobilisableBy: () => [['usagers', 'professionnels']],
	id: () => realIds(),
	structureId: () => [ids.structure],
	organisationId: () => [ids.organisation],
	parentId: () => [ids.politique, ids.mission],
	serviceId: () => [ids.service],
	actionId: () => [ids.action],
	correspondentId: () => [ids.correspondent],
	name: () => ['Épicerie solidaire de Souillac', 'Accueil de jour — CCAS de Cahors'],
	fullName: () => ['Hélène Céré'],
	description: () => ['Permanence d’accès aux droits, sur rendez-vous le mardi.'],
	theme: () => ['sante', 'logement-hebergement'],
	departementCode: () => ['46'],
	departement: () => ['46', '32'],
	communeCode: () => ['46042', '46102'],
	communeCodes: () => [['46042', '46102']],
	near: () => ['46042'],
	territory: () => ['departement:46', 'commune:46042'],
	territoryType: () => ['departement'],
	territoryCode: () => ['46'],
	postalCode: () => ['46000'],
	siret: () => ['12345678901234'],
	phone: () => ['05 65 20 88 00'],
	email: () => ['accueil@ccas-cahors.example.fr'],
	password: () => ['un mot de passe assez long'],
	languages: () => [['fr', 'oc']],
	eligibilityZone: () => [['46'], ['46042']],
	latitude: () => [44.4475],
	longitude: () => [1.4417],
	q: () => ['hebergement urgence', 'figeac'],
	from: () => ['2026-01-01'],
	to: () => ['2026-12-31'],
	content: () => [{ structures: [], services: [] }],
	role: () => ['member', 'reader']
};

export function validish(schema: Json, doc: Json, depth = 0, name?: string): fc.Arbitrary<unknown> {
	const example = name && !schema.enum ? EXAMPLES[name]?.() : undefined;
	if (example?.length) return fc.constantFrom(...example);
	if (schema.$ref) return validish(doc.components.schemas[schema.$ref.split('/').pop()], doc, depth);
	if (schema.anyOf || schema.oneOf)
		return fc.oneof(...(schema.anyOf ?? schema.oneOf).map((s: Json) => validish(s, doc, depth)));
	if (schema.enum) return fc.constantFrom(...schema.enum);
	if (schema.const !== undefined) return fc.constant(schema.const);
	switch (schema.type) {
		case 'boolean':
			return fc.boolean();
		case 'null':
			return fc.constant(null);
		case 'integer':
		case 'number': {
			// within ±1000 when the schema allows it, else within the schema's own range (a year: 2000–2100)
			const min = Math.max(schema.minimum ?? -1000, -1000);
			const max = Math.min(schema.maximum ?? 1000, 1000);
			if (max >= min) return fc.integer({ min, max });
			const lo = Math.ceil(schema.minimum ?? schema.maximum - 1000);
			return fc.integer({ min: lo, max: Math.floor(Math.min(schema.maximum ?? lo + 1000, lo + 1000)) });
		}
		case 'array':
			return depth > 3
				? fc.constant([])
				: fc.array(validish(schema.items ?? {}, doc, depth + 1), { maxLength: 3 });
		case 'object': {
			if (depth > 3 || !schema.properties) return fc.constant({});
			const entries = Object.entries(schema.properties as Record<string, Json>).map(
				([k, s]) => [k, validish(s, doc, depth + 1, k)] as const
			);
			return (
				fc
					.record(Object.fromEntries(entries), { requiredKeys: schema.required ?? [] })
					// coordinates go in pairs (or the whole object is refused before what is fuzzed)
					.map((o: Json) =>
						'latitude' in o !== 'longitude' in o ? { ...o, latitude: 44.4475, longitude: 1.4417 } : o
					)
			);
		}
		case 'string':
			if (schema.format === 'uuid') return fc.constantFrom(...realIds(), UNKNOWN_ID);
			if (schema.format === 'email') return fc.constantFrom('accueil@ccas-cahors.example.fr');
			if (schema.format === 'uri') return fc.constantFrom('https://ccas-cahors.example.fr/');
			if (schema.pattern?.includes('[0-9AB]')) return fc.constantFrom('46042', '46', '46102', '99999');
			return fc.constantFrom(...FRENCH);
		default:
			return fc.constantFrom(...FRENCH, 46042, true, null);
	}
}

/**
 * A valid-looking object of this schema with one field made hostile: the request passes everything but that
 * field, so a hole in its validation reaches the service and the database.
 */
export function oneHostileField(schema: Json, doc: Json): fc.Arbitrary<Json> {
	const keys = Object.keys(schema.properties ?? {});
	if (!keys.length) return fc.constant({});
	return fc
		.tuple(
			validish(schema, doc) as fc.Arbitrary<Json>,
			fc.constantFrom(...keys),
			fc.oneof({ weight: 2, arbitrary: forbiddenText }, { weight: 3, arbitrary: hostileValue })
		)
		.map(([valid, key, value]) => ({ ...valid, [key]: value }));
}

/**
 * encodeURIComponent, except that a lone surrogate (which it refuses) is sent as the bytes a sloppy client would
 * write for it (WTF-8, e.g. %ED%A0%80): the server must refuse it, not crash on it.
 */
export function encodePathSegment(text: string): string {
	return text.replace(/[\s\S]/gu, (c) => {
		if (c.length === 2 || !/[\ud800-\udfff]/.test(c)) return encodeURIComponent(c);
		const u = c.charCodeAt(0);
		return [0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f)]
			.map((b) => `%${b.toString(16).toUpperCase()}`)
			.join('');
	});
}
