import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { actorWith } from '../testing/actors';
import { rows } from '../db/client';
import { ANONYMOUS, type Actor, type Role } from '../policy/actor';
import { ForbiddenError } from '../policy/policy';
import { NotFoundError, RateLimitError, ValidationError } from '../errors';
import { parseInput } from '../api/errors';
import type { Context } from '../context';
import { insertOrganisation, upsertMembership } from '../organisations/repository';
import { setMailer, type Mail } from '../mail';
import { createService, createStructure, deleteService } from './service';
import { serviceInputSchema } from './validation';
import {
	CONTACT_RETENTION_MS,
	MAX_REQUESTS_PER_IP,
	countOpenCorrectionRequests,
	handleCorrectionRequest,
	listCorrectionRequests,
	sendCorrectionRequest
} from './corrections';
import { correctionHandleSchema, correctionInputSchema } from './corrections-validation';
import { failInsertsAfter, fingerprint } from '../testing/failures';

/** Issue 9 §3 "Signaler une erreur": sent from a public sheet, handled by the owning organisation only. */

let t: TestDatabase;
let ccas: string;
let caf: string;
let serviceId: string;
let otherServiceId: string;
const sentMails: Mail[] = [];
const EDITOR = '00000000-0000-4000-8000-00000000000a';
const READER = '00000000-0000-4000-8000-00000000000b';
const STRANGER = '00000000-0000-4000-8000-00000000000c';
const ADMIN = '00000000-0000-4000-8000-00000000000d';

const ctxOf = (actor: Actor, ip = '203.0.113.7'): Context => ({ db: t.db, actor, ip });
const of = (organisationId: string, role: Role, id: string) =>
	actorWith([{ organisationId, role, territory: { type: 'commune', code: '46042' } }], { id });
const editor = () => ctxOf(of(ccas, 'member', EDITOR));
const reader = () => ctxOf(of(ccas, 'reader', READER));
const stranger = () => ctxOf(of(caf, 'admin', STRANGER));
const instanceAdmin = () => ctxOf(actorWith([], { instanceAdmin: true, id: ADMIN }));
const publicCtx = (ip = '203.0.113.7') => ctxOf(ANONYMOUS, ip);
const input = (raw: Record<string, string>) => correctionInputSchema.parse(raw);
const auditOf = (action: string) =>
	rows<{
		object_id: string | null;
		organisation_id: string | null;
		actor_user_id: string | null;
		details: Record<string, unknown>;
	}>(
		t.db,
		sql`select object_id, organisation_id, actor_user_id, details from audit_events where action = ${action} order by id`
	);

beforeAll(async () => {
	t = await createTestDatabase();
	for (const [id, name] of [
		[EDITOR, 'Théo Travailleur social'],
		[READER, 'Lucie Lectrice'],
		[STRANGER, 'Joël de la CAF'],
		[ADMIN, 'Admin']
	])
		await t.db.execute(
			sql`insert into users (id, email, display_name) values (${id}, ${`${id}@example.fr`}, ${name})`
		);
	const org = (name: string, slug: string) =>
		insertOrganisation(t.db, {
			name,
			slug,
			kind: 'autre',
			territoryType: 'commune',
			territoryCode: '46042'
		}).then((o) => o.id);
	ccas = await org('CCAS de Cahors', 'ccas');
	caf = await org('CAF du Lot', 'caf');
	await upsertMembership(t.db, EDITOR, ccas, 'member');
	await upsertMembership(t.db, READER, ccas, 'reader');
	await upsertMembership(t.db, STRANGER, caf, 'admin');
	setMailer({ send: async (mail) => void sentMails.push(mail) });
	const structure = (organisationId: string, name: string) =>
		createStructure(instanceAdmin(), {
			name,
			description: '',
			organisationId,
			communeCode: '46042',
			networks: []
		});
	const s1 = await structure(ccas, 'CCAS de Cahors');
	const s2 = await structure(caf, 'CAF du Lot — accueil de Cahors');
	const service = (structureId: string, name: string) =>
		createService(
			instanceAdmin(),
			serviceInputSchema.parse({
				structureId,
				name,
				description: 'Colis alimentaires pour les foyers en difficulté passagère.',
				communeCode: '46042'
			})
		).then((s) => s.id);
	serviceId = await service(s1.id, 'Aide alimentaire d’urgence');
	otherServiceId = await service(s2.id, 'Accompagnement des familles');
});
afterAll(() => t.drop());

describe('correction requests', () => {
	it('one sent from a sheet reaches the owning organisation only; its editor answers; all audited', async () => {
		const sent = await sendCorrectionRequest(
			publicCtx(),
			serviceId,
			input({
				message: 'Le numéro a changé : c’est le 05 65 20 88 00.',
				part: 'telephone',
				contact: 'marie.dupuy@example.fr'
			})
		);
		expect(sent.stored).toBe(true);
		const id = sent.stored ? sent.id : '';

		// the owner's editor sees it with the contact, and that read is audited with the id
		const list = await listCorrectionRequests(editor(), ccas, { limit: 50, offset: 0 });
		expect(list.items.map((r) => [r.serviceName, r.structureName, r.part, r.status, r.contact])).toEqual([
			['Aide alimentaire d’urgence', 'CCAS de Cahors', 'telephone', 'open', 'marie.dupuy@example.fr']
		]);
		expect(list.open).toBe(1);
		expect(list.canHandle).toBe(true);
		const reads = await auditOf('correctionRequest.read');
		expect(reads).toHaveLength(1);
		expect(reads[0]).toMatchObject({ organisation_id: ccas, actor_user_id: EDITOR, details: { ids: [id] } });

		// a reader of the organisation sees it, without the contact, and cannot act; no contact read audited
		const forReader = await listCorrectionRequests(reader(), ccas, { limit: 50, offset: 0 });
		expect(forReader.items.map((r) => [r.id, r.contact])).toEqual([[id, null]]);
		expect(forReader.canHandle).toBe(false);
		expect(await auditOf('correctionRequest.read')).toHaveLength(1);
		await expect(handleCorrectionRequest(reader(), id, { status: 'answered' })).rejects.toBeInstanceOf(
			ForbiddenError
		);

		// another organisation's admin: neither the list nor the count nor the answer
		await expect(listCorrectionRequests(stranger(), ccas, { limit: 50, offset: 0 })).rejects.toBeInstanceOf(
			ForbiddenError
		);
		await expect(countOpenCorrectionRequests(stranger(), ccas)).rejects.toBeInstanceOf(ForbiddenError);
		await expect(handleCorrectionRequest(stranger(), id, { status: 'answered' })).rejects.toBeInstanceOf(
			ForbiddenError
		);
		expect((await listCorrectionRequests(stranger(), caf, { limit: 50, offset: 0 })).items).toEqual([]);
		await expect(listCorrectionRequests(publicCtx(), ccas, { limit: 50, offset: 0 })).rejects.toMatchObject({
			status: 401
		});

		// answered: the note kept, the contact erased, who and when recorded
		const answered = await handleCorrectionRequest(editor(), id, {
			status: 'answered',
			note: 'Numéro corrigé sur la fiche.'
		});
		expect(answered).toMatchObject({
			status: 'answered',
			response: 'Numéro corrigé sur la fiche.',
			contact: null
		});
		const [stored] = await rows<{ contact: string | null; handled_by: string; status: string }>(
			t.db,
			sql`select contact, handled_by, status from correction_requests where id = ${id}`
		);
		expect(stored).toEqual({ contact: null, handled_by: EDITOR, status: 'answered' });
		expect(await countOpenCorrectionRequests(reader(), ccas)).toBe(0);
		// handled once only
		await expect(
			handleCorrectionRequest(editor(), id, { status: 'dismissed', note: 'doublon' })
		).rejects.toBeInstanceOf(ValidationError);

		const created = await auditOf('correctionRequest.create');
		expect(created.at(-1)).toEqual({
			object_id: id,
			organisation_id: ccas,
			actor_user_id: null,
			details: { serviceId, part: 'telephone', withContact: true }
		});
		// neither the message nor the contact goes to the audit log
		const all = await rows<{ details: string }>(t.db, sql`select details::text as details from audit_events`);
		expect(all.some((e) => e.details.includes('marie.dupuy') || e.details.includes('05 65 20 88 00'))).toBe(
			false
		);
		expect((await auditOf('correctionRequest.answer')).at(-1)).toMatchObject({
			object_id: id,
			organisation_id: ccas,
			actor_user_id: EDITOR
		});
	});

	it('dismissed with a reason; open ones listed first; an instance admin sees every organisation’s', async () => {
		// the older one stays open, the newer one is dismissed: open ones first all the same
		const b = await sendCorrectionRequest(
			publicCtx('198.51.100.1'),
			serviceId,
			input({ message: 'Les horaires du mardi sont faux.' })
		);
		const a = await sendCorrectionRequest(
			publicCtx('198.51.100.1'),
			serviceId,
			input({ message: 'Le service a fermé en septembre.', part: 'ferme' })
		);
		if (!a.stored || !b.stored) throw new Error('not stored');
		await handleCorrectionRequest(editor(), a.id, {
			status: 'dismissed',
			note: 'Le service est toujours ouvert.'
		});
		expect((await auditOf('correctionRequest.dismiss')).at(-1)).toMatchObject({
			object_id: a.id,
			organisation_id: ccas
		});
		const list = await listCorrectionRequests(instanceAdmin(), ccas, { limit: 50, offset: 0 });
		expect(list.items[0]).toMatchObject({ id: b.id, status: 'open', part: null });
		expect(list.items.map((r) => r.status)).toEqual(['open', 'dismissed', 'answered']);
		expect(list.items.find((r) => r.id === a.id)).toMatchObject({
			status: 'dismissed',
			response: 'Le service est toujours ouvert.',
			handledByName: 'Théo Travailleur social'
		});
		const open = await listCorrectionRequests(editor(), ccas, { status: 'open', limit: 50, offset: 0 });
		expect(open.items.map((r) => r.id)).toEqual([b.id]);
		expect(open.total).toBe(1);
	});

	it('stays readable once the service is deleted', async () => {
		const sent = await sendCorrectionRequest(
			publicCtx('198.51.100.2'),
			otherServiceId,
			input({ message: 'Ce service n’existe plus.' })
		);
		if (!sent.stored) throw new Error('not stored');
		await deleteService(instanceAdmin(), otherServiceId);
		const list = await listCorrectionRequests(stranger(), caf, { limit: 50, offset: 0 });
		expect(list.items.map((r) => [r.id, r.serviceId, r.serviceName, r.structureName])).toEqual([
			[sent.id, null, 'Accompagnement des familles', 'CAF du Lot — accueil de Cahors']
		]);
		await handleCorrectionRequest(stranger(), sent.id, { status: 'answered' });
		// and nothing can be sent about a service that no longer exists
		await expect(
			sendCorrectionRequest(publicCtx('198.51.100.2'), otherServiceId, input({ message: 'Encore fermé ?' }))
		).rejects.toBeInstanceOf(NotFoundError);
	});

	it('a filled honeypot is not stored (answered as a success)', async () => {
		const before = await fingerprint(t.db);
		const outcome = await sendCorrectionRequest(
			publicCtx('192.0.2.50'),
			serviceId,
			input({ message: 'Achetez des montres pas chères', precision: 'https://spam.example' })
		);
		expect(outcome).toEqual({ stored: false });
		expect(await fingerprint(t.db)).toEqual(before);
	});

	it('one address may send a limited number per hour; others still may; the refused one is not kept', async () => {
		const ctx = publicCtx('192.0.2.99');
		for (let i = 0; i < MAX_REQUESTS_PER_IP; i++)
			await sendCorrectionRequest(ctx, serviceId, input({ message: `Erreur numéro ${i + 1} sur la fiche.` }));
		const refused = await sendCorrectionRequest(
			ctx,
			serviceId,
			input({ message: 'Une de trop sur la fiche.' })
		).catch((e: unknown) => e);
		expect(refused).toBeInstanceOf(RateLimitError);
		expect(refused).toMatchObject({ status: 429, messageKey: 'corrections.errors.rateLimited' });
		const [kept] = await rows<{ n: number }>(
			t.db,
			sql`select count(*)::int as n from correction_requests where message = 'Une de trop sur la fiche.'`
		);
		expect(kept!.n).toBe(0);
		// an hour later it may send again
		const later = { ...ctx, now: () => new Date(Date.now() + 3601_000) };
		expect(
			(await sendCorrectionRequest(later, serviceId, input({ message: 'Une heure plus tard.' }))).stored
		).toBe(true);
		expect(
			(
				await sendCorrectionRequest(
					publicCtx('192.0.2.100'),
					serviceId,
					input({ message: 'Depuis ailleurs.' })
				)
			).stored
		).toBe(true);
		// the address itself is never stored
		const [found] = await rows<{ n: number }>(
			t.db,
			sql`select count(*)::int as n from correction_requests where ip_hash like '%192.0.2%'`
		);
		expect(found!.n).toBe(0);
	});

	it('contacts left on unhandled requests are erased after six months', async () => {
		const sent = await sendCorrectionRequest(
			publicCtx('198.51.100.3'),
			serviceId,
			input({
				message: 'Adresse fausse : c’est au 12 rue Wilson.',
				part: 'adresse',
				contact: '06 12 34 56 78'
			})
		);
		if (!sent.stored) throw new Error('not stored');
		const soon = await listCorrectionRequests(editor(), ccas, { limit: 50, offset: 0 });
		expect(soon.items.find((r) => r.id === sent.id)?.contact).toBe('06 12 34 56 78');
		const later = { ...editor(), now: () => new Date(Date.now() + CONTACT_RETENTION_MS + 60_000) };
		const after = await listCorrectionRequests(later, ccas, { limit: 50, offset: 0 });
		expect(after.items.find((r) => r.id === sent.id)).toMatchObject({ contact: null, status: 'open' });
		const [stored] = await rows<{ contact: string | null; ip_hash: string | null }>(
			t.db,
			sql`select contact, ip_hash from correction_requests where id = ${sent.id}`
		);
		expect(stored).toEqual({ contact: null, ip_hash: null });
	});

	it('each change is one transaction with its audit entry', async () => {
		const sent = await sendCorrectionRequest(
			publicCtx('198.51.100.4'),
			serviceId,
			input({ message: 'Le courriel est faux.' })
		);
		if (!sent.stored) throw new Error('not stored');
		for (const run of [
			() =>
				sendCorrectionRequest(
					publicCtx('198.51.100.4'),
					serviceId,
					input({ message: 'Autre erreur à signaler.' })
				),
			() => handleCorrectionRequest(editor(), sent.id, { status: 'answered', note: 'Corrigé.' }),
			() => handleCorrectionRequest(editor(), sent.id, { status: 'dismissed', note: 'Faux signalement.' })
		]) {
			const before = await fingerprint(t.db);
			const restore = await failInsertsAfter(t.db, 'audit_events', 0);
			const outcome = await run().then(
				() => 'committed',
				(e: unknown) => e
			);
			await restore();
			expect(outcome).toBeInstanceOf(Error);
			expect(await fingerprint(t.db)).toEqual(before);
		}
		// and without the failure it commits
		await handleCorrectionRequest(editor(), sent.id, { status: 'answered' });
	});
});

describe('notice to the owner', () => {
	it('mails the owner’s editors after the commit, without the message nor the contact', async () => {
		sentMails.length = 0;
		await sendCorrectionRequest(
			publicCtx('198.51.100.9'),
			serviceId,
			input({ message: 'Le bureau a déménagé place Rousseau.', contact: 'paul.m@example.fr' }),
			{ baseUrl: 'https://maillage.lot.fr' }
		);
		expect(sentMails.map((m) => m.to)).toEqual([`${EDITOR}@example.fr`]);
		expect(sentMails[0]!.subject).toBe(
			'Maillage\u202f: une erreur a été signalée sur «\u202fAide alimentaire d’urgence\u202f»'
		);
		expect(sentMails[0]!.text).toContain('https://maillage.lot.fr/annuaire/signalements');
		expect(sentMails[0]!.text).not.toContain('place Rousseau');
		expect(sentMails[0]!.text).not.toContain('paul.m@example.fr');
	});

	it('a mail that fails does not undo the request', async () => {
		setMailer({ send: async () => Promise.reject(new Error('SMTP indisponible')) });
		try {
			const sent = await sendCorrectionRequest(
				publicCtx('198.51.100.10'),
				serviceId,
				input({ message: 'Les horaires du samedi ont changé.' })
			);
			expect(sent.stored).toBe(true);
			const [row] = await rows<{ n: number }>(
				t.db,
				sql`select count(*)::int as n from correction_requests where message = 'Les horaires du samedi ont changé.'`
			);
			expect(row!.n).toBe(1);
		} finally {
			setMailer({ send: async (mail) => void sentMails.push(mail) });
		}
	});
});

describe('correction request validation', () => {
	const issues = (schema: typeof correctionInputSchema | typeof correctionHandleSchema, raw: unknown) => {
		const parsed = parseInput(schema, raw);
		return parsed.success ? [] : parsed.issues;
	};

	it('names the field and the reason', () => {
		expect(issues(correctionInputSchema, {})).toEqual([{ field: 'message', message: 'required' }]);
		expect(issues(correctionInputSchema, { message: '   ' })).toEqual([
			{ field: 'message', message: 'correction.messageRequired' }
		]);
		expect(issues(correctionInputSchema, { message: 'faux' })).toEqual([
			{ field: 'message', message: 'correction.messageTooShort' }
		]);
		expect(issues(correctionInputSchema, { message: 'é'.repeat(2001) })).toEqual([
			{ field: 'message', message: 'correction.messageTooLong' }
		]);
		expect(issues(correctionInputSchema, { message: 'Ligne 1\nLigne 2 du signalement' })).toEqual([]);
		expect(issues(correctionInputSchema, { message: 'Les horaires sont faux.', part: 'tarifs' })).toEqual([
			{ field: 'part', message: 'correction.partUnknown:tarifs' }
		]);
		expect(issues(correctionInputSchema, { message: 'Les horaires sont faux.', contact: 'marie@' })).toEqual([
			{ field: 'contact', message: 'correction.contactInvalid' }
		]);
		expect(issues(correctionInputSchema, { message: 'Les horaires sont faux.', contact: '05 65' })).toEqual([
			{ field: 'contact', message: 'correction.contactInvalid' }
		]);
		for (const contact of ['05 65 20 88 00', '+33 6 12 34 56 78', 'marie.dupuy@example.fr', ''])
			expect(issues(correctionInputSchema, { message: 'Les horaires sont faux.', contact })).toEqual([]);
		expect(issues(correctionHandleSchema, { status: 'dismissed' })).toEqual([
			{ field: 'note', message: 'correction.reasonRequired' }
		]);
		expect(issues(correctionHandleSchema, { status: 'dismissed', note: '  ' })).toEqual([
			{ field: 'note', message: 'correction.reasonRequired' }
		]);
		expect(issues(correctionHandleSchema, { status: 'answered' })).toEqual([]);
		expect(issues(correctionHandleSchema, { status: 'open' })).toEqual([
			{ field: 'status', message: 'correction.statusInvalid' }
		]);
	});
});
