import { hkdfSync } from 'node:crypto';

/**
 * Keys for personal data at rest (pathways). `MAILLAGE_DATA_KEYS` = "id:base64key[,id:base64key…]", 32-byte keys,
 * the first one encrypts, every one listed decrypts (rotation: put the new key first, run `maillage rotate-keys`,
 * then remove the old one). `MAILLAGE_BLIND_INDEX_KEY` (base64, 32 bytes) keys the name search tokens; it is
 * separate so that rotating the encryption key does not rebuild the search tokens.
 * Outside production, both fall back to keys derived from MAILLAGE_SECRET (config refuses that in production).
 */
export interface KeyRing {
	current: { id: string; key: Buffer };
	all: Map<string, Buffer>;
	blindIndexKey: Buffer;
}

const derive = (secret: string, label: string) =>
	Buffer.from(hkdfSync('sha256', secret, 'maillage', label, 32));

export class KeyConfigError extends Error {}

export function parseKeyRing(
	dataKeys: string | undefined,
	blindIndexKey: string | undefined,
	fallbackSecret: string
): KeyRing {
	const entries: [string, Buffer][] = dataKeys
		? dataKeys.split(',').map((part) => {
				const [id, b64] = part.trim().split(':');
				const key = Buffer.from(b64 ?? '', 'base64');
				if (!id || !/^[A-Za-z0-9_-]{1,32}$/.test(id) || key.length !== 32)
					throw new KeyConfigError(
						'MAILLAGE_DATA_KEYS: each entry is "id:base64" with a 32-byte key (openssl rand -base64 32)'
					);
				return [id, key];
			})
		: [['dev', derive(fallbackSecret, 'data-key')]];
	const blind = blindIndexKey
		? Buffer.from(blindIndexKey, 'base64')
		: derive(fallbackSecret, 'blind-index-key');
	if (blind.length !== 32) throw new KeyConfigError('MAILLAGE_BLIND_INDEX_KEY must be 32 bytes in base64');
	return {
		current: { id: entries[0]![0], key: entries[0]![1] },
		all: new Map(entries),
		blindIndexKey: blind
	};
}
