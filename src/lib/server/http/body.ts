import type { RequestEvent } from '@sveltejs/kit';

/**
 * Reading request bodies with a size limit and a content type, for the API and the form actions alike.
 * adapter-node stops a body beyond BODY_SIZE_LIMIT (20M under npm start) by failing the stream with a 413; a
 * chunked body has no content-length to check first. Both must end as a 413 with a message, not a 500.
 */

export class BodyError extends Error {
	constructor(
		readonly status: 400 | 413 | 415,
		/** message key in the catalogue (errors.*) */
		readonly messageKey: string,
		readonly values: Record<string, string> = {}
	) {
		super(messageKey);
	}
}

/** "1 Mo", "20 Mo": limits as people read them. */
export const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} Mo`;

const tooLarge = (maxBytes: number) => new BodyError(413, 'errors.tooLarge', { limit: megabytes(maxBytes) });

/** The stream error adapter-node raises beyond BODY_SIZE_LIMIT (a SvelteKitError, not exported by the kit). */
const isPayloadTooLarge = (error: unknown) =>
	typeof error === 'object' && error !== null && (error as { status?: unknown }).status === 413;

/** Media type of the request, lower case, without parameters ("text/csv; charset=utf-8" → "text/csv"). */
export const mediaType = (request: Request) =>
	(request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();

/** Beyond this, a refused body is cut off (the connection is closed) rather than read to its end. */
const MAX_DRAINED_BYTES = 64 * 1024 * 1024;

/**
 * Reads the rest of a refused body without keeping it, so that the 413 reaches the client: cancelling the
 * stream destroys the connection under the response (curl and browsers then see "connection reset").
 */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, already: number) {
	let size = already;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) return;
			size += value.byteLength;
			if (size > MAX_DRAINED_BYTES) {
				await reader.cancel();
				return;
			}
		}
	} catch {
		// adapter-node's BODY_SIZE_LIMIT or the client ended it: nothing left to read
	}
}

/** The body's bytes, refused with a 413 as soon as they pass `maxBytes` (the rest is read and dropped). */
export async function readBytes(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
	if (!request.body) return new Uint8Array(0);
	const reader = request.body.getReader();
	const length = Number(request.headers.get('content-length') ?? 0);
	if (length > maxBytes) {
		await drain(reader, 0);
		throw tooLarge(maxBytes);
	}
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size > maxBytes) {
				await drain(reader, size);
				throw tooLarge(maxBytes);
			}
			chunks.push(value);
		}
	} catch (error) {
		if (error instanceof BodyError) throw error;
		if (isPayloadTooLarge(error)) throw tooLarge(maxBytes);
		// the client went away or sent a broken chunked body
		throw new BodyError(400, 'errors.unreadableBody');
	}
	const bytes = new Uint8Array(size);
	let at = 0;
	for (const chunk of chunks) {
		bytes.set(chunk, at);
		at += chunk.byteLength;
	}
	return bytes;
}

/** A JSON body (application/json or application/*+json) of at most `maxBytes`, parsed. */
export async function readJson(request: Request, maxBytes: number): Promise<unknown> {
	const type = mediaType(request);
	if (type !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(type))
		throw new BodyError(415, 'errors.jsonExpected');
	const bytes = await readBytes(request, maxBytes);
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw new BodyError(400, 'errors.notUtf8');
	}
	try {
		return JSON.parse(text);
	} catch {
		throw new BodyError(400, 'errors.malformedJson');
	}
}

export const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/** Forms without a file: far below BODY_SIZE_LIMIT, which the upload page needs. */
export const MAX_FORM_BYTES = 1024 * 1024;

/**
 * The body of a form action, of at most `maxBytes`: 415 for another content type (text/plain, JSON, none),
 * 413 beyond the limit, 400 for a body that is not a form.
 */
export async function readFormData(event: RequestEvent, maxBytes = MAX_FORM_BYTES): Promise<FormData> {
	const { request } = event;
	const type = mediaType(request);
	if (!FORM_TYPES.includes(type)) throw new BodyError(415, 'errors.formExpected');
	const bytes = await readBytes(request, maxBytes);
	try {
		return await new Response(bytes, {
			headers: { 'content-type': request.headers.get('content-type')! }
		}).formData();
	} catch {
		throw new BodyError(400, 'errors.malformedForm');
	}
}
