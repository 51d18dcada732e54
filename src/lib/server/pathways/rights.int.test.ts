import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { rows } from '../db/client';
import { NotFoundError, ValidationError, ConflictError } from '../errors';
import { ForbiddenError } from '../policy/policy';
import { inTransaction } from '../db/transaction';
import { logger } from '../log';
import { seal } from '../crypto/fields';
import { pdfText } from '../charters/pdf-text.test-support';
import { auditPersonReads, personAccess } from './access';
import { pathwaysFixture, seedPerson, P, type PathwaysFixture } from './fixture.test-support';
import { pathwayEntries, referralEvents, referrals, pingPongFlags } from './schema';
import { personAccessLog } from './rights';
import { grantsOnPerson, listBreakGlass, requestBreakGlass, reviewBreakGlass } from './break-glass';
import { exportPerson } from './export';
import { exportPersonPdf } from './export-pdf';
import { erasePerson } from './erasure';

let t: TestDatabase;
let f: PathwaysFixture;
let personId: string;
const NAME = 'Maëlys';
const SURNAME = 'Vautrinelle';
const SITUATION = 'Hébergée au foyer Saint-Namphaise après des violences';
const MESSAGE = 'Besoin d’une mise à l’abri rapide pour Maëlys';
const PRIVATE = 'Synthèse privée : craint son ex-conjoint';
const CAF_ORG_NOTE = 'Note interne CAF : dossier APL en retard';

async function seedDossier() {
	const person = await seedPerson(t.db, {
		holder: f.ccas,
		createdBy: P.ccasPro,
		firstName: NAME,
		lastName: SURNAME,
		birthDate: '1994-02-03',
		phone: '06 98 76 54 32',
		situation: SITUATION,
		consents: [
			{ organisationIds: [f.caf], categories: ['identity', 'contact', 'finances'] },
			{ organisationKinds: ['association'], categories: ['identity', 'contact', 'needs', 'violence'] }
		]
	});
	const id = person.id;
	await t.db.insert(pathwayEntries).values([
		{
			personId: id,
			organisationId: f.ccas,
			authorUserId: P.ccasPro,
			kind: 'note',
			category: 'violence',
			sharing: 'author',
			bodySealed: seal({ text: PRIVATE }, id)
		},
		{
			personId: id,
			organisationId: f.caf,
			authorUserId: P.cafPro,
			kind: 'note',
			category: 'finances',
			sharing: 'shared',
			bodySealed: seal({ text: 'Droits RSA ouverts en mai' }, id)
		},
		{
			personId: id,
			organisationId: f.caf,
			authorUserId: P.cafPro,
			kind: 'note',
			category: 'finances',
			sharing: 'organisation',
			bodySealed: seal({ text: CAF_ORG_NOTE }, id)
		}
	]);
	const statuses = ['refused', 'completed', 'expired'] as const;
	for (const status of statuses) {
		const [r] = await t.db
			.insert(referrals)
			.values({
				personId: id,
				fromOrganisationId: f.ccas,
				fromUserId: P.ccasPro,
				serviceId: f.assoServiceId,
				toOrganisationId: f.asso,
				cooperationId: f.cooperationId,
				status,
				refusalReason: status === 'refused' ? 'no_capacity' : null,
				messageSealed: seal({ message: MESSAGE }, id),
				outcomeSealed: status === 'completed' ? seal('Mise à l’abri faite chez Maëlys', id) : null,
				respondBy: '2026-03-10',
				closedAt: new Date()
			})
			.returning();
		await t.db.insert(referralEvents).values([
			{ referralId: r!.id, fromStatus: null, toStatus: 'sent', byUserId: P.ccasPro },
			{ referralId: r!.id, fromStatus: 'sent', toStatus: status, byUserId: P.assoPro }
		]);
	}
	await t.db.insert(pingPongFlags).values({
		personId: id,
		cooperationId: f.cooperationId,
		trigger: 'threshold',
		chain: [],
		status: 'handled',
		handlingSealed: seal('Appel de Maëlys par la coordinatrice', id)
	});
	return id;
}

beforeAll(async () => {
	t = await createTestDatabase();
	f = await pathwaysFixture(t.db);
	personId = await seedDossier();
});
afterAll(() => t?.close());

describe('qui a consulté ce dossier', () => {
	it('the holder sees the CAF’s read with its organisation and ground; reading the log is itself logged', async () => {
		const caf = f.ctx('cafPro');
		await inTransaction(caf, async (tx) =>
			auditPersonReads(tx, [await personAccess(tx, personId)], 'person')
		);
		const first = await personAccessLog(f.ctx('ccasPro'), personId);
		const cafRead = first.entries.find((e) => e.actorUserId === P.cafPro)!;
		expect(cafRead).toMatchObject({ organisationName: 'CAF du Lot', what: 'person', ground: 'consent' });
		expect(cafRead.categories).toContain('finances');
		const second = await personAccessLog(f.ctx('ccasPro'), personId);
		expect(second.entries[0]).toMatchObject({ actorUserId: P.ccasPro, what: 'accessLog', ground: 'holder' });
	});

	it('paginates newest first', async () => {
		const page = await personAccessLog(f.ctx('ccasPro'), personId, { limit: 1 });
		expect(page.entries).toHaveLength(1);
		expect(page.nextBefore).toBe(page.entries[0]!.id);
		const next = await personAccessLog(f.ctx('ccasPro'), personId, { limit: 1, before: page.nextBefore! });
		expect(next.entries[0]!.id).toBeLessThan(page.entries[0]!.id);
	});

	it('a partner who sees the person gets 403, others 404', async () => {
		await expect(personAccessLog(f.ctx('cafPro'), personId)).rejects.toBeInstanceOf(ForbiddenError);
		for (const who of ['gendPro', 'ccasReader', 'coordinator', 'instanceAdmin'] as const)
			await expect(personAccessLog(f.ctx(who), personId), who).rejects.toBeInstanceOf(NotFoundError);
	});
});

describe('break-glass', () => {
	const REASON = 'Appel du 17 : personne retrouvée blessée, besoin du contact';
	it('refuses a short reason, an unknown id, and the holder itself', async () => {
		await expect(requestBreakGlass(f.ctx('gendPro'), personId, { reason: 'urgent' })).rejects.toMatchObject({
			issues: [{ field: 'reason', message: 'rights.reasonTooShort' }]
		});
		await expect(
			requestBreakGlass(f.ctx('gendPro'), personId, { reason: REASON, hours: 25 })
		).rejects.toBeInstanceOf(ValidationError);
		await expect(
			requestBreakGlass(f.ctx('gendPro'), crypto.randomUUID(), { reason: REASON })
		).rejects.toBeInstanceOf(NotFoundError);
		await expect(requestBreakGlass(f.ctx('ccasPro'), personId, { reason: REASON })).rejects.toBeInstanceOf(
			ConflictError
		);
		await expect(requestBreakGlass(f.ctx('ccasReader'), personId, { reason: REASON })).rejects.toBeInstanceOf(
			ForbiddenError
		);
	});

	it('opens everything for a limited time, audited; reviewed by the territory’s coordinator only', async () => {
		await expect(personAccess(f.ctx('gendPro'), personId)).rejects.toBeInstanceOf(NotFoundError);
		const grant = await requestBreakGlass(f.ctx('gendPro'), personId, { reason: REASON });
		expect(Object.keys(grant).sort()).toEqual(['expiresAt', 'id', 'personId']);
		const view = await personAccess(f.ctx('gendPro'), personId);
		expect(view.ground).toBe('break-glass');
		expect(view.categories.health.visible).toBe(true);
		const later = () => new Date(Date.now() + 4 * 3600_000 + 60_000);
		await expect(personAccess(f.ctx('gendPro', later), personId)).rejects.toBeInstanceOf(NotFoundError);

		const log = await personAccessLog(f.ctx('ccasPro'), personId);
		expect(
			log.entries.some(
				(e) => e.action === 'person.break-glass' && e.organisationName === 'Gendarmerie du Lot'
			)
		).toBe(true);

		const pending = await listBreakGlass(f.ctx('coordinator'), { reviewed: false });
		expect(pending.map((g) => g.id)).toContain(grant.id);
		expect(pending.find((g) => g.id === grant.id)!.reason).toBe(REASON);
		expect(await listBreakGlass(f.ctx('gersPro'), { reviewed: false })).toEqual([]);
		await expect(
			reviewBreakGlass(f.ctx('ccasAdmin'), grant.id, { verdict: 'justified' })
		).rejects.toBeInstanceOf(ForbiddenError);
		await expect(
			reviewBreakGlass(f.ctx('coordinator'), grant.id, { verdict: 'unjustified' })
		).rejects.toMatchObject({
			issues: [{ field: 'note', message: 'rights.noteRequired' }]
		});
		await reviewBreakGlass(f.ctx('coordinator'), grant.id, {
			verdict: 'unjustified',
			note: 'Aucune urgence vitale'
		});
		await expect(
			reviewBreakGlass(f.ctx('coordinator'), grant.id, { verdict: 'justified' })
		).rejects.toBeInstanceOf(ConflictError);
		expect((await listBreakGlass(f.ctx('coordinator'), { reviewed: false })).map((g) => g.id)).not.toContain(
			grant.id
		);

		const onRecord = await grantsOnPerson(f.ctx('ccasAdmin'), personId);
		expect(onRecord![0]).toMatchObject({
			id: grant.id,
			reviewVerdict: 'unjustified',
			organisationName: 'Gendarmerie du Lot'
		});
		expect(await grantsOnPerson(f.ctx('ccasPro'), personId)).toBeNull();
	});
});

describe('right-of-access export', () => {
	it('gives the holder everything it answers for, lists the others, and is audited', async () => {
		const data = await exportPerson(f.ctx('ccasPro'), personId);
		expect(data.person.identity).toMatchObject({ firstName: NAME, lastName: SURNAME });
		expect(data.person.situation).toBe(SITUATION);
		expect(data.consents).toHaveLength(2);
		expect(data.consents[0]!.purpose).toBe('Accompagnement coordonné');
		const texts = data.entries.map((e) => (e.content as { text: string }).text);
		// its own professional's private synthesis (the holder answers for it) and the CAF's shared note
		expect(texts).toEqual(expect.arrayContaining([PRIVATE, 'Droits RSA ouverts en mai']));
		expect(texts).not.toContain(CAF_ORG_NOTE);
		expect(data.otherHolders).toEqual([{ organisation: 'CAF du Lot', entries: 1 }]);
		expect(data.referrals).toHaveLength(3);
		expect(data.referrals[0]!.message).toEqual({ message: MESSAGE });
		expect(data.referrals.every((r) => r.events.length === 2)).toBe(true);
		expect(data.pingPongFlags[0]!.handling).toContain('coordinatrice');
		expect(data.breakGlass).toHaveLength(1);
		expect(data.accessLog[0]).toMatchObject({ what: 'export', actorUserId: P.ccasPro });
	});

	it('the PDF reads back in French with the name and the sections', async () => {
		const text = await pdfText(await exportPersonPdf(f.ctx('ccasPro'), personId));
		expect(text).toContain(SURNAME);
		expect(text).toContain('Qui a consulté ce dossier');
		expect(text).toContain('Orientations');
		expect(text).toContain('CAF du Lot');
	});

	it('partners cannot export (403 when they see the person, 404 otherwise)', async () => {
		await expect(exportPerson(f.ctx('cafPro'), personId)).rejects.toBeInstanceOf(ForbiddenError);
		await expect(exportPerson(f.ctx('gersPro'), personId)).rejects.toBeInstanceOf(NotFoundError);
	});
});

describe('erasure', () => {
	it('needs a holder admin and « EFFACER »; removes the person everywhere; statistics survive; nothing logged', async () => {
		const id = await seedDossier();
		await expect(
			erasePerson(f.ctx('ccasAdmin'), id, { reason: 'person_request', confirmation: 'effacer' as 'EFFACER' })
		).rejects.toMatchObject({
			issues: [{ field: 'confirmation', message: 'rights.confirmationInvalid' }]
		});
		await expect(
			erasePerson(f.ctx('ccasPro'), id, { reason: 'person_request', confirmation: 'EFFACER' })
		).rejects.toBeInstanceOf(ForbiddenError);
		await expect(
			erasePerson(f.ctx('cafPro'), id, { reason: 'person_request', confirmation: 'EFFACER' })
		).rejects.toBeInstanceOf(ForbiddenError);
		const stats = sql`select status, count(*)::int as n from referrals where person_id = ${id} group by status order by status`;
		const before = await rows(t.db, stats);
		const entriesBefore = await rows(
			t.db,
			sql`select kind, category, occurs_at from pathway_entries where person_id = ${id} order by id`
		);

		const lines: string[] = [];
		const spies = (['info', 'warn', 'error', 'debug'] as const).map((level) =>
			vi
				.spyOn(logger, level)
				.mockImplementation(((...args: unknown[]) => void lines.push(JSON.stringify(args))) as never)
		);
		try {
			await erasePerson(f.ctx('ccasAdmin'), id, { reason: 'person_request', confirmation: 'EFFACER' });
		} finally {
			spies.forEach((s) => s.mockRestore());
		}
		expect(lines.join('\n')).not.toMatch(new RegExp(`${NAME}|${SURNAME}`));

		expect(await rows(t.db, stats)).toEqual(before);
		expect(
			await rows(
				t.db,
				sql`select kind, category, occurs_at from pathway_entries where person_id = ${id} order by id`
			)
		).toEqual(entriesBefore);
		for (const who of ['ccasAdmin', 'ccasPro', 'cafPro', 'assoPro'] as const)
			await expect(personAccess(f.ctx(who), id), who).rejects.toBeInstanceOf(NotFoundError);

		// open every sealed value of every pathways table: none says anything but « [effacé] »
		const sealedOf = await rows<{ v: string }>(
			t.db,
			sql`select identity_sealed as v from persons where id = ${id}
			    union all select purpose_sealed from consents where person_id = ${id}
			    union all select body_sealed from pathway_entries where person_id = ${id}
			    union all select coalesce(message_sealed, '') || coalesce(outcome_sealed, '') from referrals where person_id = ${id}
			    union all select coalesce(handling_sealed, '') from ping_pong_flags where person_id = ${id}`
		);
		const { open } = await import('../crypto/fields');
		const plain = sealedOf.filter((r) => r.v).map((r) => JSON.stringify(open(r.v, id)));
		expect(plain.join(' ')).not.toMatch(/Maëlys|Vautrinelle|foyer|abri|conjoint|CAF :/);
		const [husk] = await rows<{
			status: string;
			name_tokens: string[];
			duplicate_key: string | null;
			contact_sealed: string | null;
		}>(t.db, sql`select status, name_tokens, duplicate_key, contact_sealed from persons where id = ${id}`);
		expect(husk).toEqual({
			status: 'anonymised',
			name_tokens: [],
			duplicate_key: null,
			contact_sealed: null
		});
		const [erase] = await rows<{ details: Record<string, unknown> }>(
			t.db,
			sql`select details from audit_events where action = 'person.erase' and object_id = ${id}`
		);
		expect(erase!.details).toEqual({ reason: 'person_request' });
	});
});
