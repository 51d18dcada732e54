import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
	dateParam,
	forbiddenCharacterIssues,
	multiLine,
	optionalText,
	pageNumberSchema,
	pageQuerySchema,
	patchShape,
	singleLine
} from './validation';
import { parseInput, toFieldIssues } from './api/errors';
import { registry } from './api/operation';
import './api/v1/index';

const issuesOf = (schema: z.ZodType, value: unknown) => {
	const result = schema.safeParse(value);
	return result.success ? [] : toFieldIssues(result.error);
};

describe('text fields', () => {
	const name = z.object({ name: singleLine().min(2).max(150) });
	const description = z.object({ description: multiLine().max(10_000) });

	it.each([
		['a NUL byte', 'Épicerie\u0000solidaire'],
		['a lone high surrogate', 'Épicerie \ud800'],
		['a lone low surrogate', '\udc00Épicerie'],
		['an escape character', 'Épicerie\u001b[31m'],
		['DEL', 'Épicerie\u007f'],
		['a C1 control', 'Épicerie\u0085solidaire'],
		['a line break', 'Épicerie\nsolidaire'],
		['a tab', 'Épicerie\tsolidaire']
	])('a one-line field refuses %s, naming the field', (_, value) => {
		expect(issuesOf(name, { name: value })).toEqual([{ field: 'name', message: 'text.forbiddenCharacter' }]);
	});

	it('a multi-line field takes tabs and line breaks, not the other controls', () => {
		expect(description.parse({ description: 'Accueil :\r\n\t- lundi\n\t- jeudi' })).toEqual({
			description: 'Accueil :\r\n\t- lundi\n\t- jeudi'
		});
		for (const bad of ['a\u0000b', 'a\ud800b', 'a\u000bb', 'a\u0085b'])
			expect(issuesOf(description, { description: bad })).toEqual([
				{ field: 'description', message: 'text.forbiddenCharacter' }
			]);
	});

	it('keeps French text, emoji (surrogate pairs) and trims surrounding blanks', () => {
		expect(name.parse({ name: '  Hélène Céré — Œuvre d’entraide 🤝 \n' })).toEqual({
			name: 'Hélène Céré — Œuvre d’entraide 🤝'
		});
	});

	it('optionalText: blank is null, the same characters are refused', () => {
		const schema = z.object({ phone: optionalText(40) });
		expect(schema.parse({ phone: '  ' })).toEqual({ phone: null });
		expect(issuesOf(schema, { phone: '05\u000065' })[0]?.message).toBe('text.forbiddenCharacter');
	});
});

describe('forbiddenCharacterIssues: the net under every schema', () => {
	it('finds the characters at any depth, in values and keys, with the path', () => {
		expect(
			forbiddenCharacterIssues({
				name: 'ok',
				communeCodes: ['46042', '46\u0000102'],
				nested: { deep: [{ text: 'x\ud800' }] },
				'bad\u0000key': 1,
				description: 'lignes\r\n\tet tabulations'
			})
		).toEqual([
			{ field: 'communeCodes.1', message: 'text.forbiddenCharacter' },
			{ field: 'nested.deep.0.text', message: 'text.forbiddenCharacter' },
			{ field: '_key', message: 'text.forbiddenCharacter' }
		]);
		expect(forbiddenCharacterIssues('\u0000')).toEqual([{ field: '_', message: 'text.forbiddenCharacter' }]);
		expect(forbiddenCharacterIssues([1, null, true, 'é'])).toEqual([]);
	});

	it('parseInput refuses them before the schema, even where the schema takes any string', () => {
		const loose = z.object({ anything: z.string() });
		expect(parseInput(loose, { anything: 'a\u0000b' })).toEqual({
			success: false,
			issues: [{ field: 'anything', message: 'text.forbiddenCharacter' }]
		});
		expect(parseInput(loose, { anything: 'ab' })).toEqual({ success: true, data: { anything: 'ab' } });
	});
});

describe('numbers and dates the database can take', () => {
	it('dates: years 1 to 9999 only (PostgreSQL refused "+099999-01-01T00:00:00.000Z")', () => {
		const schema = z.object({ from: dateParam() });
		expect(schema.parse({ from: '2026-11-24' }).from.toISOString()).toBe('2026-11-24T00:00:00.000Z');
		expect(schema.parse({ from: '9999-12-31' }).from.getUTCFullYear()).toBe(9999);
		for (const bad of ['99999-01-01', '275760-09-13', '-000001-01-01'])
			expect(issuesOf(schema, { from: bad })).toEqual([{ field: 'from', message: 'date.outOfRange' }]);
		for (const bad of ['pas une date', '2026-13-45', ''])
			expect(issuesOf(schema, { from: bad })[0]?.field).toBe('from');
	});

	it('limit and offset: finite, bounded integers', () => {
		const schema = pageQuerySchema(20);
		expect(schema.parse({})).toEqual({ limit: 20, offset: 0 });
		expect(schema.parse({ limit: '5', offset: '40' })).toEqual({ limit: 5, offset: 40 });
		for (const offset of ['1e308', 'Infinity', 'NaN', '-1', '1.5', '1e7', '9007199254740993'])
			expect(issuesOf(schema, { offset })).toEqual([{ field: 'offset', message: 'offset.invalid' }]);
		for (const limit of ['0', '101', '1e308', 'abc'])
			expect(issuesOf(schema, { limit })).toEqual([{ field: 'limit', message: 'limit.invalid' }]);
	});

	it('page numbers: 1 to max', () => {
		expect(pageNumberSchema(20_000).parse('3')).toBe(3);
		for (const page of ['1e308', '0', '-2', '2.5', 'Infinity', '20001'])
			expect(pageNumberSchema(20_000).safeParse(page).success).toBe(false);
	});
});

describe('PATCH bodies', () => {
	it('patchShape drops defaults: a field not sent is absent, not reset', () => {
		const fields = z.object({ jobTitle: z.string().default(''), tags: z.array(z.string()).default([]) });
		expect(fields.partial().parse({})).toEqual({ jobTitle: '', tags: [] }); // what zod's .partial() does
		expect(z.object(patchShape(fields.shape)).parse({})).toEqual({});
		expect(z.object(patchShape(fields.shape)).parse({ tags: ['a'] })).toEqual({ tags: ['a'] });
	});

	const patches = registry.filter((op) => op.spec.method === 'PATCH');

	it('there are PATCH operations to check', () => {
		expect(patches.map((op) => op.spec.operationId).sort()).toEqual(
			expect.arrayContaining(['updateCorrespondent', 'updateReferentialNode', 'updateService'])
		);
	});

	// PATCHes that are actions on a state (not partial updates): their one field is required, an empty body refused
	const ACTIONS = ['handleCorrectionRequest'];

	it.each(
		patches
			.filter((op) => !ACTIONS.includes(op.spec.operationId))
			.map((op) => [op.spec.operationId, op] as const)
	)('%s: an empty body changes nothing (no field gets a default)', (_, op) => {
		expect(op.spec.body!.parse({})).toEqual({});
	});

	it.each(ACTIONS)('%s: an empty body is refused (the action says what to do)', (id) => {
		const op = patches.find((p) => p.spec.operationId === id)!;
		expect(op.spec.body!.safeParse({}).success).toBe(false);
	});
});
