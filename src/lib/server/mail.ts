import fs from 'node:fs/promises';
import path from 'node:path';
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

/**
 * Until an SMTP relay is configured, mails are written to data/outbox/ (one .eml file each):
 * nothing personal goes to the logs, and a developer can open the invitation link.
 */
export const outboxMailer: Mailer = {
	async send(mail) {
		const dir = path.join(config().dataDir, 'outbox');
		await fs.mkdir(dir, { recursive: true });
		const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${Math.random().toString(36).slice(2, 8)}.eml`;
		await fs.writeFile(
			path.join(dir, name),
			`To: ${mail.to}\nSubject: ${mail.subject}\nContent-Type: text/plain; charset=utf-8\n\n${mail.text}\n`
		);
	}
};

let current: Mailer = outboxMailer;
export const mailer = () => current;
/** Tests swap the transport. */
export function setMailer(next: Mailer) {
	current = next;
}
