import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { rows } from '../db/client';
import { NotFoundError, ValidationError } from '../errors';
import { ForbiddenError } from '../policy/policy';
import { upsertMembership } from '../organisations/repository';
import { pathwaysFixture, P, type PathwaysFixture } from './fixture.test-support';
import { createPerson, getPerson, getPersonForEdit, updatePerson } from './persons';
import { addConsent, consentCollectors, listConsents } from './consents';
import { changedFields } from './persons-form';
import { personInputSchema, type ConsentInput } from './persons-validation';

/** « Modifier la fiche » and « Recueilli par » (issue 11 §1): the holder's form and who collected a consent. */

let t: TestDatabase;
let f: PathwaysFixture;
/** a CCAS professional whose account is disabled later, and one who leaves the CCAS */
const FORMER = '00000000-0000-4000-8000-00000000c001';
const LEAVER = '00000000-0000-4000-8000-00000000c002';

beforeAll(async () => {
	t = await createTestDatabase();
	f = await pathwaysFixture(t.db);
	for (const [id, name] of [
		[FORMER, 'Élodie Désactivée'],
		[LEAVER, 'Gaëtan Partant']
	] as const) {
		await t.db.execute(
			sql`insert into users (id, email, display_name) values (${id}, ${`${id}@example.fr`}, ${name})`
		);
		await upsertMembership(t.db, id, f.ccas, 'member');
	}
});
afterAll(() => t?.close());

const person = (firstName: string) =>
	createPerson(
		f.ctx('ccasPro'),
		personInputSchema.parse({
			organisationId: f.ccas,
			firstName,
			lastName: 'Modifiée (fictive)',
			birthDate: '1987-11-30',
			communeCode: '46042',
			phone: '06 12 34 56 78',
			situation: 'Hébergée chez une amie à Cahors.'
		})
	).then((p) => p.id);

const consent = (over: Partial<ConsentInput> = {}): ConsentInput => ({
	organisationIds: [f.caf],
	organisationKinds: [],
	categories: ['identity'],
	purpose: 'Ouverture des droits',
	givenOn: '2026-01-05',
	collectedHow: 'oral',
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

/** What the edit form posts: every field as typed, and was.<field> as it was prefilled. */
const posted = (current: Record<string, string>, typed: Record<string, string>) => ({
	...current,
	...Object.fromEntries(Object.entries(current).map(([k, v]) => [`was.${k}`, v])),
	...typed
});

describe('edit form of a person record', () => {
	it('prefills the holder’s form with the decrypted values and audits the read; others get 403 or 404 like PATCH', async () => {
		const id = await person('Prefill');
		expect(await getPersonForEdit(f.ctx('ccasAdmin'), id)).toEqual({
			firstName: 'Prefill',
			lastName: 'Modifiée (fictive)',
			usualName: '',
			birthDate: '1987-11-30',
			communeCode: '46042',
			preferredLanguage: '',
			phone: '06 12 34 56 78',
			email: '',
			address: '',
			situation: 'Hébergée chez une amie à Cahors.'
		});
		const reads = await rows<{ details: { what: string } }>(
			t.db,
			sql`select details from audit_events where action = 'person.read' and object_id = ${id}`
		);
		expect(reads.map((r) => r.details.what)).toEqual(['edit']);
		// the CAF sees the person under a consent, but only the holder edits: 403, as PATCH answers
		await addConsent(f.ctx('ccasPro'), id, consent());
		expect((await getPerson(f.ctx('cafPro'), id)).identity.visible).toBe(true);
		await expect(getPersonForEdit(f.ctx('cafPro'), id)).rejects.toBeInstanceOf(ForbiddenError);
		await expect(updatePerson(f.ctx('cafPro'), id, { usualName: 'X' })).rejects.toBeInstanceOf(
			ForbiddenError
		);
		for (const who of ['gersPro', 'ccasReader', 'assoPro', 'instanceAdmin'] as const) {
			await expect(getPersonForEdit(f.ctx(who), id), who).rejects.toBeInstanceOf(NotFoundError);
			await expect(updatePerson(f.ctx(who), id, { usualName: 'X' }), who).rejects.toBeInstanceOf(
				NotFoundError
			);
		}
	});

	it('sends only what was changed: a colleague’s change to another field in the meantime stays', async () => {
		const id = await person('Partielle');
		const ccas = f.ctx('ccasPro');
		const shown = await getPersonForEdit(ccas, id);
		// meanwhile a colleague changes the situation through the API
		await updatePerson(f.ctx('ccasAdmin'), id, { situation: 'Relogée le 3 décembre.' });
		// the phone typed without spaces is the same number: not a change
		const patch = changedFields(
			posted(shown, { usualName: 'Tina', phone: '0612345678', email: ' tina@example.fr ' })
		);
		expect(patch).toEqual({ success: true, data: { usualName: 'Tina', email: 'tina@example.fr' } });
		await updatePerson(ccas, id, patch.success ? patch.data : {});
		expect(await getPersonForEdit(ccas, id)).toEqual({
			...shown,
			usualName: 'Tina',
			email: 'tina@example.fr',
			situation: 'Relogée le 3 décembre.'
		});
		const updates = await rows<{ details: { fields: string[] } }>(
			t.db,
			sql`select details from audit_events where action = 'person.update' and object_id = ${id} order by id`
		);
		expect(updates.map((u) => u.details.fields)).toEqual([['situation'], ['usualName', 'email']]);
		// emptying a field clears it; nothing changed sends nothing
		const cleared = changedFields(posted(await getPersonForEdit(ccas, id), { usualName: '', birthDate: '' }));
		expect(cleared).toEqual({ success: true, data: { usualName: null, birthDate: null } });
		await updatePerson(ccas, id, cleared.success ? cleared.data : {});
		const after = await getPersonForEdit(ccas, id);
		expect([after.usualName, after.birthDate, after.firstName]).toEqual(['', '', 'Partielle']);
		expect(changedFields(posted(after, {}))).toEqual({ success: true, data: {} });
	});

	it('names the field of a bad value, in the form and from the service', async () => {
		const id = await person('Erronée');
		const ccas = f.ctx('ccasPro', () => new Date('2026-06-01T10:00:00Z'));
		const shown = await getPersonForEdit(ccas, id);
		const bad = changedFields(posted(shown, { firstName: ' ', birthDate: '1987-13-01', phone: '06 12' }));
		expect(bad.success ? [] : bad.issues.map((i) => i.field).sort()).toEqual([
			'birthDate',
			'firstName',
			'phone'
		]);
		const future = changedFields(posted(shown, { birthDate: '2026-06-02', communeCode: '46999' }));
		expect(await issuesOf(updatePerson(ccas, id, future.success ? future.data : {}))).toEqual([
			{ field: 'communeCode', message: 'commune.unknown:46999' },
			{ field: 'birthDate', message: 'persons.birthDate.future' }
		]);
		expect(await getPersonForEdit(ccas, id)).toEqual(shown);
	});
});

describe('who collected a consent', () => {
	it('offers the holder’s active professionals, records the one chosen, refuses anyone else on the field', async () => {
		const id = await person('Recueillie');
		const ccas = f.ctx('ccasPro');
		const names = async () => (await consentCollectors(ccas, id)).map((c) => c.displayName).sort();
		expect(await names()).toEqual(
			['Gaëtan Partant', 'Pro ccasAdmin', 'Pro ccasPro', 'Élodie Désactivée'].sort()
		);
		await expect(consentCollectors(f.ctx('cafPro'), id)).rejects.toBeInstanceOf(NotFoundError);

		const mine = await addConsent(ccas, id, consent());
		expect(mine.collectedBy).toBe(P.ccasPro);
		// the CAF now sees the person, yet the holder's members are not its business
		await expect(consentCollectors(f.ctx('cafPro'), id)).rejects.toBeInstanceOf(ForbiddenError);
		const theirs = await addConsent(ccas, id, consent({ collectedBy: P.ccasAdmin, collectedHow: 'written' }));
		expect(theirs.collectedBy).toBe(P.ccasAdmin);
		const byFormer = await addConsent(ccas, id, consent({ collectedBy: FORMER }));
		expect(byFormer.collectedBy).toBe(FORMER);

		const refused = [P.ccasReader, P.cafPro, '00000000-0000-4000-8000-00000000ffff'];
		for (const collectedBy of refused)
			expect(await issuesOf(addConsent(ccas, id, consent({ collectedBy }))), collectedBy).toEqual([
				{ field: 'collectedBy', message: 'persons.consent.collectedBy' }
			]);

		// a disabled account and a professional who left are no longer offered nor accepted
		await t.db.execute(sql`update users set disabled_at = now() where id = ${FORMER}`);
		await t.db.execute(sql`delete from memberships where user_id = ${LEAVER}`);
		expect(await names()).toEqual(['Pro ccasAdmin', 'Pro ccasPro']);
		for (const collectedBy of [FORMER, LEAVER])
			expect(await issuesOf(addConsent(ccas, id, consent({ collectedBy }))), collectedBy).toEqual([
				{ field: 'collectedBy', message: 'persons.consent.collectedBy' }
			]);
		// the consent they collected keeps its collector
		expect((await listConsents(ccas, id)).map((c) => c.collectedBy)).toEqual([
			P.ccasPro,
			P.ccasAdmin,
			FORMER
		]);
	});
});
