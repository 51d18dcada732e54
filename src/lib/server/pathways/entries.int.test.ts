import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { rows } from '../db/client';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { ForbiddenError } from '../policy/policy';
import type { InfoCategory } from '../charters/content';
import { addEntry, correctEntry, listEntries } from './entries';
import { pathwaysFixture, seedPerson, type PathwaysFixture, type Profile } from './fixture.test-support';
import type { SharingLevel } from './schema';

let t: TestDatabase;
let f: PathwaysFixture;
let personId: string;

beforeAll(async () => {
	t = await createTestDatabase();
	f = await pathwaysFixture(t.db);
	personId = (
		await seedPerson(t.db, {
			holder: f.ccas,
			createdBy: '00000000-0000-4000-8000-00000000b001',
			firstName: 'Maëlys',
			lastName: 'Carbonnel (fictive)',
			consents: [
				{ organisationIds: [f.caf], categories: ['identity', 'contact', 'needs', 'finances', 'health'] },
				{ organisationKinds: ['association'], categories: ['identity', 'needs', 'violence'] }
			]
		})
	).id;
});
afterAll(() => t?.close());

const note = (category: InfoCategory, sharing: SharingLevel, text: string) => ({
	kind: 'note',
	category,
	sharing,
	text
});

async function texts(who: Profile) {
	const { items } = await listEntries(f.ctx(who), personId, { limit: 100, offset: 0 });
	return items.map((e) => e.text);
}

describe('shared follow-up: sharing levels × categories × profiles', () => {
	// written once by the CCAS (holder) professional, then read by every profile of the fixture
	const cases: [InfoCategory, SharingLevel, string, Profile[], Profile[]][] = [
		['situation', 'author', 'Synthèse privée du CCAS.', ['ccasPro'], ['ccasAdmin', 'cafPro', 'assoPro']],
		[
			'situation',
			'organisation',
			'Note interne au CCAS.',
			['ccasPro', 'ccasAdmin'],
			['cafPro', 'assoPro', 'assoPro2']
		],
		[
			'needs',
			'shared',
			'Besoin de logement partagé.',
			['ccasPro', 'ccasAdmin', 'cafPro', 'assoPro', 'assoPro2'],
			[]
		],
		['finances', 'shared', 'Dettes de loyer partagées.', ['ccasAdmin', 'cafPro'], ['assoPro']],
		['violence', 'shared', 'Violences signalées partagées.', ['ccasAdmin', 'assoPro'], ['cafPro']],
		// consented to the CAF, but the charter shares health with nobody
		['health', 'shared', 'Suivi médical partagé.', ['ccasAdmin'], ['cafPro', 'assoPro']]
	];

	beforeAll(async () => {
		for (const [category, sharing, text] of cases)
			await addEntry(f.ctx('ccasPro'), personId, note(category, sharing, text));
	});

	for (const [category, sharing, text, sees, blind] of cases)
		it(`${category}/${sharing}: seen by ${sees.join(', ')}; hidden from ${blind.join(', ') || 'nobody'}`, async () => {
			for (const who of sees) expect(await texts(who), who).toContain(text);
			for (const who of blind) expect(await texts(who), who).not.toContain(text);
		});

	it('a partner writes only in a category it sees, for its own organisation', async () => {
		const written = await addEntry(f.ctx('assoPro'), personId, {
			...note('violence', 'organisation', 'Entretien à l’association.'),
			sharing: 'organisation'
		});
		expect(written.organisationId).toBe(f.asso);
		expect(await texts('assoPro2')).toContain('Entretien à l’association.');
		expect(await texts('ccasPro')).not.toContain('Entretien à l’association.');
		for (const [who, category] of [
			['assoPro', 'finances'],
			['cafPro', 'violence'],
			['cafPro', 'health'],
			['cafPro', 'situation']
		] as const) {
			const error = await addEntry(f.ctx(who), personId, note(category, 'shared', 'x')).catch((e) => e);
			expect(error, `${who} ${category}`).toBeInstanceOf(ValidationError);
			expect((error as ValidationError).issues[0]).toEqual({
				field: 'category',
				message: 'followup.categoryHidden'
			});
		}
	});

	it('a shared entry of a partner reaches the holder and the partners the category is shared with', async () => {
		await addEntry(f.ctx('cafPro'), personId, note('finances', 'shared', 'Rappel CAF versé.'));
		expect(await texts('ccasPro')).toContain('Rappel CAF versé.');
		expect(await texts('assoPro')).not.toContain('Rappel CAF versé.');
	});

	it('out of reach: 404 for readers, another cooperation, another territory, the coordinator and the instance admin', async () => {
		for (const who of ['ccasReader', 'gendPro', 'gersPro', 'coordinator', 'instanceAdmin'] as const) {
			await expect(listEntries(f.ctx(who), personId), who).rejects.toBeInstanceOf(NotFoundError);
			await expect(addEntry(f.ctx(who), personId, note('needs', 'shared', 'x')), who).rejects.toBeInstanceOf(
				NotFoundError
			);
		}
	});

	it('counts only what the viewer sees, newest first, and audits each page view', async () => {
		const caf = await listEntries(f.ctx('cafPro'), personId, { limit: 2, offset: 0 });
		expect(caf.total).toBe(3);
		expect(caf.items).toHaveLength(2);
		expect(caf.items[0]!.occursAt.getTime()).toBeGreaterThanOrEqual(caf.items[1]!.occursAt.getTime());
		const audits = await rows<{ details: { what: string; ground: string } }>(
			t.db,
			sql`select details from audit_events where action = 'person.read' and object_id = ${personId}
			    and actor_user_id = ${'00000000-0000-4000-8000-00000000b004'}`
		);
		expect(audits.length).toBeGreaterThan(0);
		expect(audits.every((a) => a.details.what === 'entries' && a.details.ground === 'consent')).toBe(true);
	});

	it('kinds: a step needs its step, a need its theme, an appointment its date (4xx naming the field)', async () => {
		for (const [input, field] of [
			[{ kind: 'step', category: 'situation' }, 'step'],
			[{ kind: 'need', category: 'needs', text: 'Logement' }, 'theme'],
			[{ kind: 'appointment', category: 'situation' }, 'occursAt'],
			[{ kind: 'note', category: 'nope', text: 'x' }, 'category']
		] as const) {
			const error = await addEntry(f.ctx('ccasPro'), personId, input).catch((e) => e);
			expect(JSON.stringify(error.issues ?? error)).toContain(field);
		}
		const step = await addEntry(f.ctx('ccasPro'), personId, {
			kind: 'step',
			category: 'situation',
			sharing: 'shared',
			step: 'contact',
			occursAt: '2026-11-30'
		});
		expect(step.step).toBe('contact');
		const appointment = await addEntry(f.ctx('ccasPro'), personId, {
			kind: 'appointment',
			category: 'situation',
			sharing: 'shared',
			occursAt: '2026-12-14T10:00:00+01:00',
			place: 'CCAS, 5 rue Wilson',
			with: 'Assistante sociale'
		});
		expect(appointment).toMatchObject({ place: 'CCAS, 5 rue Wilson', with: 'Assistante sociale' });
	});

	it('content is sealed: no text of an entry in the table', async () => {
		const dump = JSON.stringify(await rows(t.db, sql`select * from pathway_entries`));
		expect(dump).not.toContain('Dettes de loyer');
		expect(dump).not.toContain('rue Wilson');
	});
});

describe('corrections: the author alone, within 24 hours', () => {
	it('changes only the fields sent; others get 403 (visible) or 404 (hidden); then the entry is kept', async () => {
		const written = new Date('2026-12-07T09:00:00Z');
		const entry = await addEntry(
			f.ctx('ccasPro', () => written),
			personId,
			{
				kind: 'appointment',
				category: 'needs',
				sharing: 'shared',
				occursAt: '2026-12-10T14:00:00+01:00',
				place: 'Mairie de Cahors',
				with: 'Conseillère CAF',
				text: 'Dossier RSA'
			}
		);
		const later = () => new Date(written.getTime() + 3600_000);
		const fixed = await correctEntry(f.ctx('ccasPro', later), personId, entry.id, { place: 'CAF, Cahors' });
		expect(fixed).toMatchObject({
			place: 'CAF, Cahors',
			with: 'Conseillère CAF',
			text: 'Dossier RSA',
			sharing: 'shared',
			category: 'needs'
		});
		expect(fixed.occursAt.toISOString()).toBe(entry.occursAt.toISOString());
		await expect(
			correctEntry(f.ctx('cafPro', later), personId, entry.id, { text: 'x' })
		).rejects.toBeInstanceOf(ForbiddenError);
		const narrowed = await correctEntry(f.ctx('ccasPro', later), personId, entry.id, {
			sharing: 'organisation'
		});
		expect(narrowed.sharing).toBe('organisation');
		await expect(
			correctEntry(f.ctx('cafPro', later), personId, entry.id, { text: 'x' })
		).rejects.toBeInstanceOf(NotFoundError);
		const tooLate = () => new Date(written.getTime() + 25 * 3600_000);
		await expect(
			correctEntry(f.ctx('ccasPro', tooLate), personId, entry.id, { text: 'x' })
		).rejects.toBeInstanceOf(ConflictError);
	});
});
