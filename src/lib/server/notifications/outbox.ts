import fs from 'node:fs/promises';
import path from 'node:path';
import type { Context } from '../context';
import { authorize } from '../policy/policy';
import { outboxDir } from '../mail';
import { audit } from '../audit/service';

/** A mail of data/outbox read back: enough to check what was sent (admin page, tests). */
export interface OutboxMail {
	id: string;
	to: string;
	subject: string;
	date: string;
	text: string;
	attachments: { filename: string; contentType: string; content: string }[];
}

/** a mail's id is its file name without `.eml` (URLs with a file extension are taken for static files) */
const FILE = /^[\w-]+\.eml$/;
const ID = /^[\w-]+$/;

/** Decodes RFC 2047 encoded words (=?UTF-8?B?…?= / =?UTF-8?Q?…?=). */
export function decodeWords(value: string): string {
	return value
		.replace(/\?=\s+=\?/g, '?==?')
		.replace(/=\?([^?]+)\?([BQbq])\?([^?]*)\?=/g, (_, _charset, encoding: string, data: string) =>
			encoding.toUpperCase() === 'B'
				? Buffer.from(data, 'base64').toString('utf8')
				: decodeQuotedPrintable(data.replace(/_/g, ' '))
		);
}

function decodeQuotedPrintable(value: string): string {
	const bytes: number[] = [];
	const input = value.replace(/=\r?\n/g, '');
	for (let i = 0; i < input.length; i++) {
		if (input[i] === '=' && /^[0-9A-F]{2}$/i.test(input.slice(i + 1, i + 3))) {
			bytes.push(parseInt(input.slice(i + 1, i + 3), 16));
			i += 2;
		} else bytes.push(...Buffer.from(input[i]!, 'utf8'));
	}
	return Buffer.from(bytes).toString('utf8');
}

function splitHeaders(raw: string): { headers: Map<string, string>; body: string } {
	const at = raw.search(/\r?\n\r?\n/);
	const head = at < 0 ? raw : raw.slice(0, at);
	const body = at < 0 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
	const headers = new Map<string, string>();
	for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
		const colon = line.indexOf(':');
		if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
	}
	return { headers, body };
}

function decodeBody(body: string, encoding: string | undefined): string {
	switch ((encoding ?? '').toLowerCase()) {
		case 'base64':
			return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
		case 'quoted-printable':
			return decodeQuotedPrintable(body);
		default:
			return body;
	}
}

const param = (header: string | undefined, name: string) =>
	header ? decodeWords(new RegExp(`${name}="?([^";]+)"?`, 'i').exec(header)?.[1] ?? '') : '';

/** Parses one .eml (what outboxMailer writes: nodemailer's MIME, single part or multipart/mixed). */
export function parseEml(id: string, raw: string): OutboxMail {
	const { headers, body } = splitHeaders(raw);
	const mail: OutboxMail = {
		id,
		to: decodeWords(headers.get('to') ?? ''),
		subject: decodeWords(headers.get('subject') ?? ''),
		date: headers.get('date') ?? '',
		text: '',
		attachments: []
	};
	const type = headers.get('content-type') ?? 'text/plain';
	const boundary = param(type, 'boundary');
	if (!boundary) {
		mail.text = decodeBody(body, headers.get('content-transfer-encoding'));
		return mail;
	}
	for (const chunk of body.split(`--${boundary}`).slice(1)) {
		if (chunk.startsWith('--')) break;
		const part = splitHeaders(chunk.replace(/^\r?\n/, ''));
		const partType = part.headers.get('content-type') ?? 'text/plain';
		const disposition = part.headers.get('content-disposition') ?? '';
		const content = decodeBody(
			part.body.replace(/\r?\n$/, ''),
			part.headers.get('content-transfer-encoding')
		);
		if (/attachment/i.test(disposition) || !/^text\/plain/i.test(partType))
			mail.attachments.push({
				filename: param(disposition, 'filename') || param(partType, 'name'),
				contentType: partType.split(';')[0]!.trim(),
				content
			});
		else if (!mail.text) mail.text = content;
	}
	return mail;
}

async function files(): Promise<string[]> {
	try {
		return (await fs.readdir(outboxDir())).filter((f) => FILE.test(f));
	} catch {
		return [];
	}
}

/** The outbox, newest first, paginated (instance admins only: the mails carry people's names and addresses). */
export async function listOutbox(ctx: Context, page = 1, perPage = 20) {
	authorize(ctx.actor, 'read', 'instance');
	const names = (await files()).sort().reverse();
	const pages = Math.max(1, Math.ceil(names.length / perPage));
	const current = Math.min(Math.max(1, page), pages);
	const slice = names.slice((current - 1) * perPage, current * perPage);
	const mails = await Promise.all(
		slice.map(async (name) =>
			parseEml(name.slice(0, -4), await fs.readFile(path.join(outboxDir(), name), 'utf8'))
		)
	);
	return { mails, page: current, pages, total: names.length };
}

/** One mail, whole (its text names people): the reading is audited. */
export async function readOutboxMail(ctx: Context, id: string): Promise<OutboxMail | null> {
	authorize(ctx.actor, 'read', 'instance');
	if (!ID.test(id)) return null;
	let raw: string;
	try {
		raw = await fs.readFile(path.join(outboxDir(), `${id}.eml`), 'utf8');
	} catch {
		return null;
	}
	await audit(ctx, { action: 'mail.read', objectType: 'mail', objectId: id });
	return parseEml(id, raw);
}
