import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { config } from '../config';
import { foldAccents } from '../text';
import { parseKeyRing, type KeyRing } from './keys';

/**
 * Field encryption for personal data (AES-256-GCM, Node's crypto) and keyed search tokens (blind index).
 * A sealed value is "v1.<keyId>.<iv>.<tag>.<ciphertext>" (base64url parts): the key id lets old rows be read during
 * a rotation. The person id is bound as additional data, so a sealed value copied to another person fails to open.
 */
let ring: KeyRing | undefined;
export function keyRing(): KeyRing {
	const c = config();
	ring ??= parseKeyRing(c.dataKeys, c.blindIndexKey, c.secret);
	return ring;
}
/** Tests and the rotation command swap the key ring. */
export function useKeyRing(next: KeyRing | undefined) {
	ring = next;
}

const b64 = (b: Buffer) => b.toString('base64url');

export function seal(value: unknown, boundTo: string, keys: KeyRing = keyRing()): string {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', keys.current.key, iv);
	cipher.setAAD(Buffer.from(boundTo));
	const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
	return ['v1', keys.current.id, b64(iv), b64(cipher.getAuthTag()), b64(ct)].join('.');
}

export class SealError extends Error {}

export function open<T = unknown>(sealed: string, boundTo: string, keys: KeyRing = keyRing()): T {
	const [version, keyId, iv, tag, ct] = sealed.split('.');
	const key = keyId ? keys.all.get(keyId) : undefined;
	if (version !== 'v1' || !key || !iv || !tag || ct === undefined)
		throw new SealError(`cannot open a sealed value (key ${keyId ?? '?'})`);
	const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
	decipher.setAAD(Buffer.from(boundTo));
	decipher.setAuthTag(Buffer.from(tag, 'base64url'));
	const plain = Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]);
	return JSON.parse(plain.toString('utf8')) as T;
}

/** The key id a sealed value was written with (rotation finds the rows still under an old key). */
export const sealedKeyId = (sealed: string) => sealed.split('.')[1] ?? '';

/** Lowercase, no accents, letters and digits only: "Lefèvre-Dupont" → ["lefevre", "dupont"]. */
export function nameWords(text: string): string[] {
	return foldAccents(text)
		.toLowerCase()
		.split(/[^a-z0-9]+/)
		.filter(Boolean);
}

export function blindToken(value: string, keys: KeyRing = keyRing()): string {
	return createHmac('sha256', keys.blindIndexKey).update(value).digest('base64url').slice(0, 22);
}

/**
 * Search tokens of a person's names: every word and every prefix of 3 letters or more, keyed. Searching
 * "lef" or "lefevre" matches without any name in clear in SQL.
 */
export function nameTokens(names: string[], keys: KeyRing = keyRing()): string[] {
	const tokens = new Set<string>();
	for (const word of names.flatMap(nameWords))
		for (let n = Math.min(3, word.length); n <= word.length; n++) tokens.add(`n:${word.slice(0, n)}`);
	return [...tokens].map((t) => blindToken(t, keys));
}

/** Tokens to look up for a typed query: each word must match (prefixes of 3+ letters). */
export function queryTokens(query: string, keys: KeyRing = keyRing()): string[] {
	return nameWords(query).map((w) => blindToken(`n:${w}`, keys));
}

/** Duplicate key inside an organisation: same names (any order, accents ignored) and same birth date. */
export function duplicateKey(
	firstName: string,
	lastName: string,
	birthDate: string | null,
	keys: KeyRing = keyRing()
): string {
	const words = [...nameWords(firstName), ...nameWords(lastName)].sort().join(' ');
	return blindToken(`d:${words}|${birthDate ?? ''}`, keys);
}
