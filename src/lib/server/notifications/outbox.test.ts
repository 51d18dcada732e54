import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ICAL from 'ical.js';
import { actorWith } from '../testing/actors';
import { ForbiddenError } from '../policy/policy';
import type { Db } from '../db/client';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maillage-outbox-'));
process.env.MAILLAGE_DATA_DIR = dir;
const { outboxMailer, composeMail } = await import('../mail');
const { listOutbox, readOutboxMail, parseEml } = await import('./outbox');

const audited: unknown[] = [];
// the audit entry of a mail read goes through db.insert(auditEvents).values(entry)
const db = {
	insert: () => ({ values: async (entry: unknown) => void audited.push(entry) })
} as unknown as Db;
const admin = { db, actor: actorWith([], { instanceAdmin: true }) };
const ics = [
	'BEGIN:VCALENDAR',
	'VERSION:2.0',
	'PRODID:-//Maillage//FR',
	'METHOD:REQUEST',
	'BEGIN:VEVENT',
	'UID:copil-1@maillage',
	'DTSTAMP:20261207T080000Z',
	'DTSTART:20261215T080000Z',
	'DTEND:20261215T100000Z',
	'SUMMARY:Comité de pilotage — réseau VIF',
	'END:VEVENT',
	'END:VCALENDAR'
].join('\r\n');

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('outbox mails (data/outbox/*.eml)', () => {
	it('are real MIME: UTF-8 subject, text part and a text/calendar attachment, read back whole', async () => {
		const text =
			'Bonjour Élodie,\n\nVous êtes invitée au comité de pilotage du 15 décembre\u202f: « ordre du jour » joint.\n'.repeat(
				3
			);
		await outboxMailer.send({
			to: 'elodie.fabre@cahors.fr',
			subject: 'Invitation\u202f: comité de pilotage — réseau VIF',
			text,
			attachments: [
				{
					filename: 'invitation.ics',
					contentType: 'text/calendar; method=REQUEST; charset=utf-8',
					content: ics
				}
			]
		});
		const [file] = fs.readdirSync(path.join(dir, 'outbox'));
		const raw = fs.readFileSync(path.join(dir, 'outbox', file!), 'utf8');
		expect(raw).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/m);
		expect(raw).toMatch(/^Content-Type: multipart\/mixed;/m);
		expect(raw).toMatch(/^Content-Type: text\/calendar; method=REQUEST; charset=utf-8/m);
		expect(raw).toMatch(/^MIME-Version: 1\.0/m);
		const mail = parseEml(file!, raw);
		expect(mail.subject).toBe('Invitation\u202f: comité de pilotage — réseau VIF');
		expect(mail.to).toBe('elodie.fabre@cahors.fr');
		expect(mail.text.replace(/\r\n/g, '\n')).toBe(text);
		expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
			['invitation.ics', 'text/calendar']
		]);
		const event = new ICAL.Component(ICAL.parse(mail.attachments[0]!.content)).getFirstSubcomponent(
			'vevent'
		)!;
		expect(event.getFirstPropertyValue('summary')).toBe('Comité de pilotage — réseau VIF');
	});

	it('are listed newest first and paginated for instance admins only', async () => {
		for (let i = 1; i <= 3; i++) {
			await new Promise((r) => setTimeout(r, 5));
			await outboxMailer.send({ to: `agent${i}@lot.fr`, subject: `Message ${i}`, text: `Texte ${i}` });
		}
		const first = await listOutbox(admin, 1, 2);
		expect(first.total).toBe(4);
		expect(first.pages).toBe(2);
		expect(first.mails.map((m) => m.subject)).toEqual(['Message 3', 'Message 2']);
		expect((await readOutboxMail(admin, first.mails[0]!.id))!.text.trim()).toBe('Texte 3');
		expect(audited).toEqual([
			expect.objectContaining({ action: 'mail.read', objectType: 'mail', objectId: first.mails[0]!.id })
		]);
		expect(await readOutboxMail(admin, '../../etc/passwd')).toBeNull();
		const member = { db: admin.db, actor: actorWith([{ organisationId: 'o', role: 'admin' }]) };
		await expect(listOutbox(member)).rejects.toBeInstanceOf(ForbiddenError);
		await expect(readOutboxMail(member, first.mails[0]!.id)).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('keeps a non-ASCII subject whole across folded encoded words', async () => {
		const subject =
			'Récapitulatif\u202f: « Réseau violences intrafamiliales du Lot » — décisions à réexaminer, actions en retard';
		const raw = (await composeMail({ to: 'a@b.fr', subject, text: 'é' })).toString('utf8');
		expect(parseEml('x.eml', raw).subject).toBe(subject);
	});
});
