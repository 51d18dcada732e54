import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { actorWith } from '../testing/actors';
import { rows } from '../db/client';
import { insertOrganisation, upsertMembership } from '../organisations/repository';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { ForbiddenError } from '../policy/policy';
import type { Actor } from '../policy/actor';
import type { Context } from '../context';
import { listNeeds, recordNeed } from './service';
import { addNeed, getNeed, mergeNeeds, updateNeed } from './editing';
import { needInputSchema, needPatchSchema, needsQuerySchema } from './validation';

const U = {
	ccasPro: '00000000-0000-4000-8000-00000000c001',
	ccasReader: '00000000-0000-4000-8000-00000000c002',
	cafPro: '00000000-0000-4000-8000-00000000c003',
	lotCoordinator: '00000000-0000-4000-8000-00000000c004',
	gersCoordinator: '00000000-0000-4000-8000-00000000c005'
};

let t: TestDatabase;
let ccas: string;
let caf: string;
let actors: Record<keyof typeof U, Actor>;
const ctx = (who: keyof typeof U, at = new Date('2026-12-01T10:00:00Z')): Context => ({
	db: t.db,
	actor: actors[who],
	now: () => at
});
const input = (over: Record<string, unknown> = {}) =>
	needInputSchema.parse({
		title: 'Pas de solution de garde en horaires décalés',
		description: 'Des parents qui travaillent tôt le matin à Cahors ne trouvent aucun accueil.',
		themes: ['famille--garde-denfants'],
		territoryType: 'commune',
		territoryCode: '46042',
		publics: ['familles'],
		source: 'field_observation',
		expertise: 'technique',
		evidenceText: 'Douze demandes au CCAS en novembre',
		...over
	});

beforeAll(async () => {
	t = await createTestDatabase();
	for (const [key, id] of Object.entries(U))
		await t.db.execute(
			sql`insert into users (id, email, display_name) values (${id}, ${`${key}@example.fr`}, ${`Pro ${key}`})`
		);
	const org = (name: string, slug: string) =>
		insertOrganisation(t.db, {
			name,
			slug,
			kind: 'ccas',
			territoryType: 'departement',
			territoryCode: '46'
		}).then((o) => o.id);
	ccas = await org('CCAS de Cahors', 'ccas-cahors-n');
	caf = await org('CAF du Lot', 'caf-lot-n');
	await upsertMembership(t.db, U.ccasPro, ccas, 'member');
	await upsertMembership(t.db, U.ccasReader, ccas, 'reader');
	await upsertMembership(t.db, U.cafPro, caf, 'member');
	actors = {
		ccasPro: actorWith([{ organisationId: ccas, role: 'member' }], { id: U.ccasPro }),
		ccasReader: actorWith([{ organisationId: ccas, role: 'reader' }], { id: U.ccasReader }),
		cafPro: actorWith([{ organisationId: caf, role: 'member' }], { id: U.cafPro }),
		lotCoordinator: actorWith([], {
			id: U.lotCoordinator,
			coordinations: [{ type: 'departement', code: '46' }]
		}),
		gersCoordinator: actorWith([], {
			id: U.gersCoordinator,
			coordinations: [{ type: 'departement', code: '32' }]
		})
	};
}, 120_000);

afterAll(async () => {
	await t?.drop();
});

describe('adding a need', () => {
	it('a professional adds one for their organisation: « à qualifier », history and audit', async () => {
		const need = await addNeed(ctx('ccasPro'), input());
		expect(need).toMatchObject({
			status: 'to_qualify',
			reportedByOrganisationId: ccas,
			reportCount: 1,
			evidence: { text: 'Douze demandes au CCAS en novembre' },
			mergedIntoId: null
		});
		const detail = await getNeed(ctx('cafPro'), need.id);
		expect(detail.history).toMatchObject([{ kind: 'created', organisationName: 'Organisation' }]);
		expect(detail.canQualify).toBe(false);
		const [logged] = await rows<{ n: number }>(
			t.db,
			sql`select count(*)::int as n from audit_events where action = 'need.create' and object_id = ${need.id}`
		);
		expect(logged?.n).toBe(1);
	});

	it('refuses an unknown territory (field named) and a reader, writing nothing', async () => {
		const before = await listNeeds(ctx('lotCoordinator'), {});
		await expect(addNeed(ctx('ccasPro'), input({ territoryCode: '99999' }))).rejects.toMatchObject({
			issues: [{ field: 'territoryCode', message: 'need.territoryUnknown:99999' }]
		});
		await expect(addNeed(ctx('ccasReader'), input())).rejects.toBeInstanceOf(ForbiddenError);
		await expect(addNeed(ctx('ccasPro'), input({ organisationId: caf }))).rejects.toBeInstanceOf(
			ForbiddenError
		);
		expect((await listNeeds(ctx('lotCoordinator'), {})).total).toBe(before.total);
	});

	it('bad input names the field', () => {
		const result = needInputSchema.safeParse({
			title: '',
			territoryType: 'canton',
			territoryCode: '46042',
			source: 'rumeur',
			themes: ['inconnue'],
			evidenceUrl: 'javascript:alert(1)'
		});
		expect(result.success).toBe(false);
		const issues = result.error!.issues.map((i) => [i.path.join('.'), i.message]);
		expect(issues).toEqual(
			expect.arrayContaining([
				['title', 'need.titleRequired'],
				['territoryType', 'need.territoryType.unknown:canton'],
				['source', 'need.source.unknown:rumeur'],
				['themes.0', 'thematique.unknown:inconnue'],
				['evidenceUrl', 'url.invalid']
			])
		);
	});
});

describe('listing', () => {
	it('filters by words, thématique, territory, status, source, expertise; newest first; pages', async () => {
		const day = (d: number) => new Date(`2026-11-${String(d).padStart(2, '0')}T09:00:00Z`);
		const ids: string[] = [];
		for (let d = 1; d <= 5; d++)
			ids.push(
				(
					await addNeed(
						ctx('cafPro', day(d)),
						input({
							title: `Mobilité rurale ${d}`,
							description: 'Aucun transport à la demande autour de Figeac',
							themes: ['mobilite--etre-accompagne-dans-son-parcours-mobilite'],
							territoryCode: '46102',
							source: 'data',
							expertise: d % 2 ? 'usage' : 'politique'
						})
					)
				).id
			);
		const all = await listNeeds(ctx('ccasReader'), { territoryCode: '46102' });
		expect(all.total).toBe(5);
		expect(all.needs.map((n) => n.id)).toEqual([...ids].reverse());
		const page2 = await listNeeds(ctx('ccasReader'), { territoryCode: '46102', limit: 2, offset: 2 });
		expect(page2.needs.map((n) => n.id)).toEqual([ids[2], ids[1]]);
		expect(page2.total).toBe(5);
		expect((await listNeeds(ctx('cafPro'), { q: 'transport à la DEMANDE' })).total).toBe(5);
		expect((await listNeeds(ctx('cafPro'), { q: '100%' })).total).toBe(0);
		expect(
			(await listNeeds(ctx('cafPro'), { theme: 'mobilite--etre-accompagne-dans-son-parcours-mobilite' }))
				.total
		).toBe(5);
		expect((await listNeeds(ctx('cafPro'), { expertise: 'usage', territoryCode: '46102' })).total).toBe(3);
		expect((await listNeeds(ctx('cafPro'), { source: 'data', status: 'confirmed' })).total).toBe(0);
		expect((await listNeeds(ctx('cafPro'), { territoryType: 'epci' })).total).toBe(0);
	});

	it('needs an account with an organisation or a coordination; bad filters name the field', async () => {
		await expect(
			listNeeds({ db: t.db, actor: { user: null, memberships: [], coordinations: [] } }, {})
		).rejects.toBeInstanceOf(ForbiddenError);
		const bad = needsQuerySchema.safeParse({ status: 'perdu', limit: '0' });
		expect(bad.error!.issues.map((i) => i.path[0])).toEqual(expect.arrayContaining(['status', 'limit']));
	});
});

describe('qualifying', () => {
	it('the coordinator of the territory moves the status and edits; PATCH changes only the fields sent', async () => {
		const need = await addNeed(ctx('ccasPro'), input({ title: 'Aide alimentaire le week-end' }));
		const confirmed = await updateNeed(
			ctx('lotCoordinator'),
			need.id,
			needPatchSchema.parse({ status: 'confirmed' })
		);
		expect(confirmed).toMatchObject({
			status: 'confirmed',
			title: 'Aide alimentaire le week-end',
			themes: need.themes,
			evidence: need.evidence,
			expertise: 'technique'
		});
		const retitled = await updateNeed(
			ctx('lotCoordinator'),
			need.id,
			needPatchSchema.parse({ description: 'Samedi et dimanche, aucune distribution à Cahors.' })
		);
		expect(retitled).toMatchObject({ status: 'confirmed', title: need.title, themes: need.themes });
		expect(retitled.description).toBe('Samedi et dimanche, aucune distribution à Cahors.');
		// back one step, then a move that skips steps the wrong way is refused with the field
		await updateNeed(ctx('lotCoordinator'), need.id, { status: 'answered' });
		await expect(updateNeed(ctx('lotCoordinator'), need.id, { status: 'to_qualify' })).rejects.toMatchObject({
			issues: [{ field: 'status' }]
		});
		const { history } = await getNeed(ctx('ccasPro'), need.id);
		expect(history.map((e) => e.kind)).toEqual(['created', 'updated', 'updated', 'updated']);
		expect(history[1]!.changes).toEqual({ status: { from: 'to_qualify', to: 'confirmed' } });
		expect(Object.keys(history[2]!.changes)).toEqual(['description']);
	});

	it('a partner edits their own need while « à qualifier » only, never the status', async () => {
		const need = await addNeed(ctx('ccasPro'), input({ title: 'Logement d’urgence saturé' }));
		await expect(updateNeed(ctx('ccasPro'), need.id, { status: 'confirmed' })).rejects.toBeInstanceOf(
			ForbiddenError
		);
		await expect(updateNeed(ctx('cafPro'), need.id, { title: 'Autre titre' })).rejects.toBeInstanceOf(
			ForbiddenError
		);
		await expect(updateNeed(ctx('ccasReader'), need.id, { title: 'Autre titre' })).rejects.toBeInstanceOf(
			ForbiddenError
		);
		expect((await updateNeed(ctx('ccasPro'), need.id, { title: 'Hébergement d’urgence saturé' })).title).toBe(
			'Hébergement d’urgence saturé'
		);
		await updateNeed(ctx('lotCoordinator'), need.id, { status: 'confirmed' });
		await expect(updateNeed(ctx('ccasPro'), need.id, { title: 'Encore' })).rejects.toBeInstanceOf(
			ForbiddenError
		);
	});

	it('a coordinator of another territory cannot qualify (403); an unknown need is a 404', async () => {
		const need = await addNeed(ctx('ccasPro'), input({ title: 'Accès aux soins dentaires' }));
		await expect(updateNeed(ctx('gersCoordinator'), need.id, { status: 'confirmed' })).rejects.toBeInstanceOf(
			ForbiddenError
		);
		// nor move it to a territory they do not cover
		await expect(
			updateNeed(ctx('lotCoordinator'), need.id, { territoryType: 'commune', territoryCode: '32013' })
		).rejects.toBeInstanceOf(ForbiddenError);
		await expect(
			updateNeed(ctx('lotCoordinator'), '00000000-0000-4000-8000-000000000999', { status: 'confirmed' })
		).rejects.toBeInstanceOf(NotFoundError);
		expect((await getNeed(ctx('lotCoordinator'), need.id)).need.status).toBe('to_qualify');
	});
});

describe('merging duplicates', () => {
	it('the duplicate leaves the lists and points to the kept one; themes, evidence, reports combined; both histories', async () => {
		const kept = await addNeed(
			ctx('ccasPro'),
			input({ title: 'Garde d’enfants la nuit', territoryCode: '46042' })
		);
		const first = await addNeed(
			ctx('cafPro'),
			input({
				title: 'Garde nocturne introuvable',
				themes: ['famille--soutien-a-la-parentalite-et-a-leducation'],
				publics: ['familles', 'femmes'],
				evidenceText: undefined,
				evidenceUrl: 'https://www.caf.fr/etude-garde'
			})
		);
		const second = await addNeed(ctx('cafPro'), input({ title: 'Garde tardive' }));
		await mergeNeeds(ctx('lotCoordinator'), first.id, second.id);
		const merged = await mergeNeeds(ctx('lotCoordinator'), kept.id, first.id);
		expect(merged.reportCount).toBe(3);
		expect(merged.themes).toEqual([
			'famille--garde-denfants',
			'famille--soutien-a-la-parentalite-et-a-leducation'
		]);
		expect(merged.publics).toEqual(['familles', 'femmes']);
		expect(merged.evidence).toMatchObject({
			text: 'Douze demandes au CCAS en novembre',
			merged: [{ needId: first.id, url: 'https://www.caf.fr/etude-garde' }]
		});
		const listed = (await listNeeds(ctx('cafPro'), { q: 'Garde' })).needs.map((n) => n.id);
		expect(listed).toContain(kept.id);
		expect(listed).not.toContain(first.id);
		expect(listed).not.toContain(second.id);
		const dup = await getNeed(ctx('cafPro'), first.id);
		expect(dup.need.mergedIntoId).toBe(kept.id);
		expect(dup.mergedInto).toEqual({ id: kept.id, title: 'Garde d’enfants la nuit' });
		expect(dup.history.map((e) => e.kind)).toEqual(['created', 'merged_from', 'merged_into']);
		const keptDetail = await getNeed(ctx('cafPro'), kept.id);
		expect(keptDetail.history.map((e) => [e.kind, e.otherNeedId])).toEqual([
			['created', null],
			['merged_from', first.id]
		]);
		expect(keptDetail.duplicates.map((d) => d.id)).toEqual([first.id]);
		const [logged] = await rows<{ n: number }>(
			t.db,
			sql`select count(*)::int as n from audit_events where action = 'need.merge' and object_id = ${kept.id}`
		);
		expect(logged?.n).toBe(1);
	});

	it('never into itself, into or from a merged need; only a coordinator covering both', async () => {
		const a = await addNeed(ctx('ccasPro'), input({ title: 'Besoin A' }));
		const b = await addNeed(ctx('ccasPro'), input({ title: 'Besoin B' }));
		const c = await addNeed(ctx('ccasPro'), input({ title: 'Besoin C' }));
		const auch = await addNeed(ctx('ccasPro'), input({ title: 'Besoin à Auch', territoryCode: '32013' }));
		await expect(mergeNeeds(ctx('lotCoordinator'), a.id, a.id)).rejects.toMatchObject({
			issues: [{ field: 'duplicateId', message: 'need.mergeSelf' }]
		});
		await expect(mergeNeeds(ctx('lotCoordinator'), a.id, a.id)).rejects.toBeInstanceOf(ValidationError);
		await expect(mergeNeeds(ctx('ccasPro'), a.id, b.id)).rejects.toBeInstanceOf(ForbiddenError);
		await expect(mergeNeeds(ctx('gersCoordinator'), a.id, b.id)).rejects.toBeInstanceOf(ForbiddenError);
		await expect(mergeNeeds(ctx('lotCoordinator'), a.id, auch.id)).rejects.toBeInstanceOf(ForbiddenError);
		await mergeNeeds(ctx('lotCoordinator'), a.id, b.id);
		await expect(mergeNeeds(ctx('lotCoordinator'), b.id, c.id)).rejects.toBeInstanceOf(ConflictError);
		await expect(mergeNeeds(ctx('lotCoordinator'), c.id, b.id)).rejects.toBeInstanceOf(ConflictError);
		await expect(updateNeed(ctx('lotCoordinator'), b.id, { status: 'confirmed' })).rejects.toBeInstanceOf(
			ConflictError
		);
		expect((await getNeed(ctx('ccasPro'), c.id)).need).toMatchObject({ reportCount: 1, mergedIntoId: null });
		expect((await getNeed(ctx('ccasPro'), a.id)).need.reportCount).toBe(2);
	});
});

describe('recordNeed (pathways, feedback, forum)', () => {
	it('keeps its signature and writes the creation to the history', async () => {
		const { need, created } = await recordNeed(ctx('ccasPro'), {
			title: 'Retour d’usager : pas de permanence le samedi',
			themes: [],
			territoryType: 'commune',
			territoryCode: '46042',
			publics: [],
			source: 'user_feedback',
			organisationId: ccas
		});
		expect(created).toBe(true);
		expect((await getNeed(ctx('cafPro'), need.id)).history.map((e) => e.kind)).toEqual(['created']);
	});
});
