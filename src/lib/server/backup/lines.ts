import fs from 'node:fs';
import zlib from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';
import { BackupError } from './format';

/**
 * The lines of a gzip'd file, read as a stream so that a big backup never sits in memory.
 * A damaged or truncated file fails with a BackupError when the damage is reached.
 */
export async function* readGzipLines(file: string): AsyncGenerator<string, void, undefined> {
	const input = fs.createReadStream(file);
	const gunzip = zlib.createGunzip();
	input.on('error', (error) => gunzip.destroy(error));
	input.pipe(gunzip);
	const decoder = new StringDecoder('utf8');
	let pending = '';
	try {
		for await (const chunk of gunzip) {
			pending += decoder.write(chunk as Buffer);
			const lines = pending.split('\n');
			pending = lines.pop()!;
			yield* lines;
		}
	} catch (error) {
		if (isZlibError(error))
			throw new BackupError('Fichier de sauvegarde endommagé ou tronqué (gzip illisible).');
		throw error;
	} finally {
		input.destroy();
		gunzip.destroy();
	}
	pending += decoder.end();
	if (pending !== '') yield pending;
}

const isZlibError = (error: unknown) =>
	typeof (error as { code?: unknown })?.code === 'string' &&
	(error as { code: string }).code.startsWith('Z_');
