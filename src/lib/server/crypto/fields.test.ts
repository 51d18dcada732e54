import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { duplicateKey, nameTokens, open, queryTokens, seal, sealedKeyId, SealError } from './fields';
import { KeyConfigError, parseKeyRing } from './keys';
import { loadConfig } from '../config';

const key = () => randomBytes(32).toString('base64');
const PERSON = '7d1c8a52-0c4e-4a8e-9f55-2b1f0e7c6a10';

describe('field encryption (AES-256-GCM)', () => {
	const ring = parseKeyRing(`k1:${key()}`, key(), 'unused');

	it('opens what it sealed, and the sealed text does not contain the value', () => {
		const sealed = seal({ lastName: 'Lefèvre', note: 'violences conjugales' }, PERSON, ring);
		expect(sealed).not.toContain('Lef');
		expect(sealed).not.toContain('violences');
		expect(open(sealed, PERSON, ring)).toEqual({ lastName: 'Lefèvre', note: 'violences conjugales' });
		// a fresh IV each time
		expect(seal('x', PERSON, ring)).not.toBe(seal('x', PERSON, ring));
	});

	it('refuses a value moved to another person, a tampered value, or an unknown key', () => {
		const sealed = seal('Dupont', PERSON, ring);
		expect(() => open(sealed, '11111111-1111-4111-8111-111111111111', ring)).toThrow();
		const parts = sealed.split('.');
		const ct = Buffer.from(parts[4]!, 'base64url');
		ct[0] = ct[0]! ^ 1;
		parts[4] = ct.toString('base64url');
		expect(() => open(parts.join('.'), PERSON, ring)).toThrow();
		const other = parseKeyRing(`k9:${key()}`, key(), 'unused');
		expect(() => open(sealed, PERSON, other)).toThrow(SealError);
	});

	it('rotation: a new key first still opens values sealed under the old one, and seals under the new one', () => {
		const oldKey = key();
		const before = parseKeyRing(`k1:${oldKey}`, key(), 'unused');
		const sealed = seal('Martin', PERSON, before);
		const after = parseKeyRing(`k2:${key()},k1:${oldKey}`, key(), 'unused');
		expect(open(sealed, PERSON, after)).toBe('Martin');
		const resealed = seal(open(sealed, PERSON, after), PERSON, after);
		expect(sealedKeyId(sealed)).toBe('k1');
		expect(sealedKeyId(resealed)).toBe('k2');
		// once the old key is removed, old values no longer open: rotation must re-seal before removal
		const withoutOld = parseKeyRing(
			after.current.id + ':' + after.current.key.toString('base64'),
			key(),
			'x'
		);
		expect(() => open(sealed, PERSON, withoutOld)).toThrow(SealError);
		expect(open(resealed, PERSON, withoutOld)).toBe('Martin');
	});

	it('rejects malformed key settings', () => {
		expect(() => parseKeyRing('k1:tooshort', undefined, 's')).toThrow(KeyConfigError);
		expect(() => parseKeyRing(`bad id:${key()}`, undefined, 's')).toThrow(KeyConfigError);
		expect(() => parseKeyRing(undefined, 'c2hvcnQ=', 's')).toThrow(KeyConfigError);
	});

	it('production refuses to start without the data keys', () => {
		const env = {
			NODE_ENV: 'production',
			MAILLAGE_SECRET: 'x'.repeat(40),
			DATABASE_URL: 'postgres://localhost/x'
		};
		expect(() => loadConfig(env)).toThrow(/MAILLAGE_DATA_KEYS/);
		expect(() =>
			loadConfig({ ...env, MAILLAGE_DATA_KEYS: `k1:${key()}`, MAILLAGE_BLIND_INDEX_KEY: key() })
		).not.toThrow();
	});
});

describe('blind index of names', () => {
	const ring = parseKeyRing(`k1:${key()}`, key(), 'unused');

	it('matches words and prefixes of 3+ letters, accents and case ignored, never the clear name', () => {
		const tokens = nameTokens(['Hélène', 'Lefèvre-Dupont'], ring);
		// keyed digests only: never a clear word or prefix (random digests may contain any letters, so compare whole tokens)
		for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
		for (const clear of ['lef', 'lefevre', 'n:lef', 'hel', 'helene', 'dupont'])
			expect(tokens).not.toContain(clear);
		for (const q of ['lefevre', 'LEF', 'Dupont', 'hélène', 'hel dup'])
			expect(
				queryTokens(q, ring).every((t) => tokens.includes(t)),
				q
			).toBe(true);
		for (const q of ['le', 'lefevres', 'martin'])
			expect(
				queryTokens(q, ring).every((t) => tokens.includes(t)),
				q
			).toBe(false);
	});

	it('depends on the key: another key gives other tokens', () => {
		const other = parseKeyRing(`k1:${key()}`, key(), 'unused');
		expect(nameTokens(['Martin'], ring)).not.toEqual(nameTokens(['Martin'], other));
	});

	it('duplicate key: same names in any order and accents, same birth date', () => {
		const a = duplicateKey('Hélène', 'Lefèvre', '1988-03-02', ring);
		expect(duplicateKey('helene', 'LEFEVRE', '1988-03-02', ring)).toBe(a);
		expect(duplicateKey('Lefèvre', 'Hélène', '1988-03-02', ring)).toBe(a);
		expect(duplicateKey('Hélène', 'Lefèvre', '1988-03-03', ring)).not.toBe(a);
	});
});
