import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { config } from './config';

export interface MailAttachment {
	filename: string;
	/** e.g. 'text/calendar; method=REQUEST; charset=utf-8' */
	contentType: string;
	content: string;
}

export interface Mail {
	to: string;
	subject: string;
	text: string;
	attachments?: MailAttachment[];
}

export interface Mailer {
	send(mail: Mail): Promise<void>;
}

const DEFAULT_FROM = 'Maillage <ne-pas-repondre@maillage.invalid>';

/** nodemailer's message fields: UTF-8 subject (RFC 2047), a text part, attachments with their MIME types. */
function message(mail: Mail, from: string) {
	return {
		from,
		to: mail.to,
		subject: mail.subject,
		text: mail.text,
		textEncoding: 'quoted-printable' as const,
		attachments: (mail.attachments ?? []).map((a) => ({
			filename: a.filename,
			contentType: a.contentType,
			content: a.content
		}))
	};
}

/** The message as a real MIME document (what an SMTP relay would receive). */
export function composeMail(mail: Mail, from = config().mailFrom ?? DEFAULT_FROM): Promise<Buffer> {
	return new MailComposer(message(mail, from)).compile().build();
}

export const outboxDir = () => path.join(config().dataDir, 'outbox');

/**
 * Until an SMTP relay is configured, mails are written to data/outbox/ (one .eml file each, newest name last):
 * nothing personal goes to the logs, and a developer or an instance admin can read them (admin/courriels).
 */
export const outboxMailer: Mailer = {
	async send(mail) {
		const dir = outboxDir();
		await fs.mkdir(dir, { recursive: true });
		const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
		await fs.writeFile(path.join(dir, name), await composeMail(mail));
	}
};

/** SMTP through nodemailer (SMTP_URL, e.g. smtps://user:pass@relay.example.org:465). */
export function smtpMailer(url: string, from = config().mailFrom ?? DEFAULT_FROM): Mailer {
	const transport = nodemailer.createTransport(url);
	return {
		async send(mail) {
			await transport.sendMail(message(mail, from));
		}
	};
}

let current: Mailer | undefined;
export const mailer = (): Mailer => {
	current ??= config().smtpUrl ? smtpMailer(config().smtpUrl!) : outboxMailer;
	return current;
};
/** Tests swap the transport. */
export function setMailer(next: Mailer | undefined) {
	current = next;
}
