import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { rows } from '../db/client';
import { NotFoundError, ValidationError } from '../errors';
import { ForbiddenError } from '../policy/policy';
import { pathwaysFixture, type PathwaysFixture } from './fixture.test-support';
import { createPerson, getPerson, listPersons, updatePerson } from './persons';
import { addConsent, listConsents, withdrawConsent } from './consents';
import { personInputSchema } from './persons-validation';

let t: TestDatabase;
let f: PathwaysFixture;

beforeAll(async () => {
	t = await createTestDatabase();
	f = await pathwaysFixture(t.db);
});
afterAll(() => t?.close());

const input = (over: Record<string, unknown> = {}) =>
	personInputSchema.parse({
		organisationId: f.ccas,
		firstName: 'Capucine',
		lastName: 'Doublon-Lefèvre (fictive)',
		birthDate: '1990-03-02',
		communeCode: '46042',
		phone: '06 12 34 56 78',
		situation: 'Sortie d’hébergement prévue fin du mois.',
		preferredLanguage: 'fr',
		...over
	});

const issuesOf = async (p: Promise<unknown>) => {
	const e = await p.then(
		() => undefined,
		(err: unknown) => err
	);
	expect(e).toBeInstanceOf(ValidationError);
	return (e as ValidationError).issues;
};

describe('person record', () => {
	it('creates a sealed record, audits it without content, and refuses a likely duplicate unless confirmed', async () => {
		const ctx = f.ctx('ccasPro');
		const { id } = await createPerson(ctx, input());
		const record = await getPerson(ctx, id);
		expect(record.identity).toEqual({
			visible: true,
			value: {
				firstName: 'Capucine',
				lastName: 'Doublon-Lefèvre (fictive)',
				usualName: null,
				birthDate: '1990-03-02'
			}
		});
		// same names, accents and order aside, same birth date
		const issues = await issuesOf(
			createPerson(ctx, input({ firstName: 'capucine', lastName: 'Doublon Lefevre (fictive)' }))
		);
		expect(issues).toEqual([{ field: 'duplicate', message: `persons.duplicate:${id}` }]);
		// the earlier record has no birth date: same names are enough
		const { id: noBirth } = await createPerson(ctx, input({ firstName: 'Sans', birthDate: undefined }));
		expect((await issuesOf(createPerson(ctx, input({ firstName: 'Sans' }))))[0]!.message).toBe(
			`persons.duplicate:${noBirth}`
		);
		const confirmed = await createPerson(ctx, input({ confirmDuplicate: true }));
		expect(confirmed.id).not.toBe(id);
		// another organisation's records are not duplicates
		await expect(createPerson(f.ctx('cafPro'), input({ organisationId: f.caf }))).resolves.toBeTruthy();
		const events = await rows<{ action: string; details: object }>(
			t.db,
			sql`select action, details from audit_events where object_id = ${id} order by id`
		);
		expect(events.map((e) => e.action)).toEqual(['person.create', 'person.read']);
		expect(JSON.stringify(events)).not.toMatch(/Capucine|Doublon|hébergement/);
		const dump = JSON.stringify(await rows(t.db, sql`select * from persons where id = ${id}`));
		expect(dump).not.toMatch(/Capucine|Doublon|Sortie|06 12/);
	});

	it('checks the commune, a birth date in the future, and who may create', async () => {
		const ctx = f.ctx('ccasPro', () => new Date('2026-06-01T10:00:00Z'));
		expect(await issuesOf(createPerson(ctx, input({ communeCode: '46999', firstName: 'A' })))).toEqual([
			{ field: 'communeCode', message: 'commune.unknown:46999' }
		]);
		expect(
			(await issuesOf(createPerson(ctx, input({ birthDate: '2026-06-02', firstName: 'B' }))))[0]!.field
		).toBe('birthDate');
		expect(personInputSchema.safeParse({ ...input(), birthDate: '1850-01-01' }).success).toBe(false);
		expect(personInputSchema.safeParse({ ...input(), phone: '06 12' }).success).toBe(false);
		for (const who of ['cafPro', 'ccasReader', 'instanceAdmin', 'coordinator'] as const)
			await expect(createPerson(f.ctx(who), input({ firstName: who })), who).rejects.toBeInstanceOf(
				ForbiddenError
			);
	});

	it('PATCH changes only the fields sent and re-seals the merged identity', async () => {
		const ctx = f.ctx('ccasPro');
		const { id } = await createPerson(ctx, input({ firstName: 'Patch', lastName: 'Partiel (fictif)' }));
		await updatePerson(ctx, id, { usualName: 'Pat' });
		const record = await getPerson(ctx, id);
		expect(record.identity).toEqual({
			visible: true,
			value: { firstName: 'Patch', lastName: 'Partiel (fictif)', usualName: 'Pat', birthDate: '1990-03-02' }
		});
		expect(record.contact).toEqual({
			visible: true,
			value: { phone: '06 12 34 56 78', email: null, address: null }
		});
		expect(record.situation.visible && record.situation.value).toBe(
			'Sortie d’hébergement prévue fin du mois.'
		);
		// the new usual name is searchable
		const found = await listPersons(ctx, { scope: 'held', q: 'pat', limit: 20, offset: 0 });
		expect(found.items.map((i) => i.id)).toContain(id);
		const events = await rows<{ details: { fields: string[] } }>(
			t.db,
			sql`select details from audit_events where object_id = ${id} and action = 'person.update'`
		);
		expect(events[0]!.details.fields).toEqual(['usualName']);
		await expect(updatePerson(f.ctx('gersPro'), id, { usualName: 'X' })).rejects.toBeInstanceOf(
			NotFoundError
		);
	});
});

describe('consents and lists', () => {
	it('a consent opens the record to the CAF; its withdrawal cuts it on the next request', async () => {
		const ccas = f.ctx('ccasPro');
		const { id } = await createPerson(ccas, input({ firstName: 'Romane', lastName: 'Consentie (fictive)' }));
		await expect(getPerson(f.ctx('cafPro'), id)).rejects.toBeInstanceOf(NotFoundError);
		const shared0 = await listPersons(f.ctx('cafPro'), { scope: 'shared', limit: 20, offset: 0 });
		expect(shared0.items.map((i) => i.id)).not.toContain(id);
		const consent = await addConsent(ccas, id, {
			organisationIds: [f.caf],
			organisationKinds: [],
			categories: ['identity', 'finances'],
			purpose: 'Ouverture des droits',
			givenOn: '2026-01-05',
			collectedHow: 'written'
		});
		const caf = await getPerson(f.ctx('cafPro'), id);
		expect(caf.identity.visible).toBe(true);
		expect(caf.contact).toEqual({ visible: false, reason: 'categoryNotConsented' });
		const shared = await listPersons(f.ctx('cafPro'), { scope: 'shared', q: 'romane', limit: 20, offset: 0 });
		expect(shared.items.find((i) => i.id === id)?.name).toBe('Consentie (fictive) Romane');
		// the partner cannot manage consents
		await expect(withdrawConsent(f.ctx('cafPro'), id, consent.id)).rejects.toBeInstanceOf(ForbiddenError);
		await withdrawConsent(ccas, id, consent.id);
		await expect(getPerson(f.ctx('cafPro'), id)).rejects.toBeInstanceOf(NotFoundError);
		const history = await listConsents(ccas, id);
		expect(history).toHaveLength(1);
		expect(history[0]!.withdrawnAt).toBeInstanceOf(Date);
		expect(history[0]!.purpose).toBe('Ouverture des droits');
	});

	it('list rows showing a name are audited as reads; a search matches through the blind index only', async () => {
		const ctx = f.ctx('ccasAdmin');
		const { id } = await createPerson(ctx, input({ firstName: 'Listée', lastName: 'Cherchable (fictive)' }));
		const page = await listPersons(ctx, { scope: 'held', q: 'cherch', limit: 20, offset: 0 });
		expect(page.items.map((i) => i.id)).toEqual([id]);
		expect((await listPersons(ctx, { scope: 'held', q: 'ch', limit: 20, offset: 0 })).items).toEqual([]);
		const reads = await rows<{ object_id: string; details: { what: string } }>(
			t.db,
			sql`select object_id, details from audit_events where action = 'person.read' and object_id = ${id}`
		);
		expect(reads).toEqual([
			expect.objectContaining({ object_id: id, details: expect.objectContaining({ what: 'list' }) })
		]);
	});
});
