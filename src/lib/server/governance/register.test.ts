import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { translator } from '../../i18n/index';
import { queryWords } from './register';
import { TRANSITIONS } from './decision-lifecycle';

describe('query words', () => {
	it('are accent-free [a-z0-9] words, as the database folds them', () => {
		expect(queryWords('Décision d’hébergement — ŒUVRE, 2026 !')).toEqual([
			'decision',
			'hebergement',
			'oeuvre',
			'2026'
		]);
		expect(queryWords('« & | ! » :*')).toEqual([]);
	});
});

describe('field messages of the register and the lifecycle', () => {
	const files = [
		'register.ts',
		'register-validation.ts',
		'decision-lifecycle.ts',
		'decision-lifecycle-validation.ts'
	].map((f) => fs.readFileSync(path.join(__dirname, f), 'utf8'));
	const keys = new Set(files.flatMap((s) => [...s.matchAll(/'(decisions\.[a-zA-Z.]+)'/g)].map((m) => m[1]!)));
	for (const from of Object.keys(TRANSITIONS)) keys.add(`decisions.transition.${from}`);

	it.each(['fr', 'en'] as const)('every key is translated as a field message (%s)', (locale) => {
		const t = translator(locale);
		expect(keys.size).toBeGreaterThan(20);
		for (const key of keys) {
			const text = t(`validation.${key}`);
			expect(text, key).not.toBe(`validation.${key}`);
			expect(text, key).not.toMatch(/^decisions\./);
		}
	});
});
