import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { actorWith } from '../testing/actors';
import { rows } from '../db/client';
import { ANONYMOUS, type Actor } from '../policy/actor';
import { ForbiddenError } from '../policy/policy';
import type { Context } from '../context';
import { insertOrganisation } from '../organisations/repository';
import { createUser } from '../auth/service';
import {
	createService,
	createStructure,
	deleteService,
	getService,
	markServiceChecked,
	organisationServices,
	serviceHistory,
	STALE_AFTER_MS,
	updateService
} from './service';
import { serviceInputSchema, servicePatchSchema } from './validation';

let t: TestDatabase;
let ccas: string;
let association: string;
let gersOrg: string;
let lotDepartement: string;
let ccasStructure: string;
let associationStructure: string;
let gersStructure: string;
let editorId: string;

const NOW = new Date('2026-11-24T10:00:00Z');
const ctxOf = (actor: Actor, now = NOW): Context => ({ db: t.db, actor, now: () => now });

const ccasAdmin = () =>
	actorWith([{ organisationId: ccas, role: 'admin', territory: { type: 'commune', code: '46042' } }], {
		id: editorId
	});
const associationMember = () =>
	actorWith([
		{ organisationId: association, role: 'member', territory: { type: 'departement', code: '46' } }
	]);
/** given the coordination of the Lot (ADR 008), on top of a plain membership of the Département */
const lotCoordinator = () =>
	actorWith(
		[{ organisationId: lotDepartement, role: 'member', territory: { type: 'departement', code: '46' } }],
		{ coordinations: [{ type: 'departement', code: '46' }] }
	);
const instanceAdmin = () => actorWith([], { instanceAdmin: true });

const input = (structureId: string, extra: Record<string, unknown> = {}) =>
	serviceInputSchema.parse({
		structureId,
		name: 'Aide alimentaire d’urgence',
		description: 'Colis alimentaires et bons d’achat pour les foyers en difficulté passagère.',
		thematiques: ['equipement-et-alimentation--alimentation'],
		publics: ['familles'],
		communeCode: '46042',
		...extra
	});

const auditCount = async (action: string, objectId: string) =>
	(
		await rows<{ n: number }>(
			t.db,
			sql`select count(*)::int as n from audit_events where action = ${action} and object_id = ${objectId}`
		)
	)[0]!.n;

beforeAll(async () => {
	t = await createTestDatabase();
	const org = (name: string, slug: string, kind: string, territoryType: string, territoryCode: string) =>
		insertOrganisation(t.db, { name, slug, kind, territoryType, territoryCode }).then((o) => o.id);
	ccas = await org('CCAS de Cahors', 'ccas-cahors', 'ccas', 'commune', '46042');
	association = await org('Secours populaire du Lot', 'sp-lot', 'association', 'departement', '46');
	gersOrg = await org('Conseil départemental du Gers', 'cd-32', 'departement', 'departement', '32');
	lotDepartement = await org('Département du Lot', 'cd-46', 'departement', 'departement', '46');
	// the default id of actorWith() must exist: history rows reference their author
	await t.db.execute(
		sql`insert into users (id, email, display_name) values ('00000000-0000-4000-8000-000000000001', 'agent@example.fr', 'Agent de test')`
	);
	editorId = (
		await createUser(t.db, {
			email: 'directrice@ccas-cahors.fr',
			displayName: 'Léa Roux',
			password: 'Quercy-Blanc-2026!'
		})
	).id;
	const admin = ctxOf(instanceAdmin());
	ccasStructure = (
		await createStructure(admin, {
			name: 'CCAS de Cahors',
			description: '',
			organisationId: ccas,
			communeCode: '46042',
			networks: []
		})
	).id;
	associationStructure = (
		await createStructure(admin, {
			name: 'Secours populaire — antenne de Figeac',
			description: '',
			organisationId: association,
			communeCode: '46102',
			networks: []
		})
	).id;
	gersStructure = (
		await createStructure(admin, {
			name: 'Maison des solidarités d’Auch',
			description: '',
			organisationId: gersOrg,
			communeCode: '32013',
			networks: []
		})
	).id;
});
afterAll(() => t.drop());

describe('structures', () => {
	it('a member creates a structure for their own organisation only, audited', async () => {
		const s = await createStructure(ctxOf(associationMember()), {
			name: 'Secours populaire — antenne de Gourdon',
			description: 'Permanence hebdomadaire.',
			organisationId: association,
			communeCode: '46127',
			networks: []
		});
		expect(s.organisationId).toBe(association);
		expect(await auditCount('structure.create', s.id)).toBe(1);
		await expect(
			createStructure(ctxOf(associationMember()), {
				name: 'Structure d’une autre organisation',
				description: '',
				organisationId: ccas,
				communeCode: '46042',
				networks: []
			})
		).rejects.toBeInstanceOf(ForbiddenError);
	});
});

describe('services: writes, history and checks', () => {
	it('creates a service, with a "create" history entry, today as last checked, and an audit event', async () => {
		const s = await createService(ctxOf(ccasAdmin()), input(ccasStructure));
		expect(s.lastCheckedAt.toISOString()).toBe(NOW.toISOString());
		expect(s.source).toBe('maillage');
		const history = await serviceHistory(ctxOf(ccasAdmin()), s.id);
		expect(history.map((h) => h.kind)).toEqual(['create']);
		expect(await auditCount('service.create', s.id)).toBe(1);
	});

	it('records the changed fields (before → after) and confirms the entry when saved', async () => {
		const created = await createService(
			ctxOf(ccasAdmin(), new Date('2026-01-05T09:00:00Z')),
			input(ccasStructure)
		);
		const later = new Date('2026-11-20T15:30:00Z');
		const updated = await updateService(ctxOf(ccasAdmin(), later), created.id, {
			name: 'Épicerie sociale de Cahors',
			thematiques: [
				'equipement-et-alimentation--alimentation',
				'difficultes-financieres--ameliorer-sa-gestion-budgetaire'
			],
			publics: ['familles'] // unchanged: not in the history
		});
		expect(updated.name).toBe('Épicerie sociale de Cahors');
		expect(updated.lastCheckedAt.toISOString()).toBe(later.toISOString());
		expect(updated.sourceUpdatedOn).toBe('2026-11-20');
		const [last] = await serviceHistory(ctxOf(ccasAdmin()), created.id);
		expect(last!.kind).toBe('update');
		expect(last!.changedBy).toBe(editorId);
		expect(last!.changes).toEqual({
			name: ['Aide alimentaire d’urgence', 'Épicerie sociale de Cahors'],
			thematiques: [
				['equipement-et-alimentation--alimentation'],
				[
					'equipement-et-alimentation--alimentation',
					'difficultes-financieres--ameliorer-sa-gestion-budgetaire'
				]
			]
		});
		const events = await rows<{ details: { fields: string[] } }>(
			t.db,
			sql`select details from audit_events where action = 'service.update' and object_id = ${created.id}`
		);
		expect(events.map((e) => e.details.fields.sort())).toEqual([['name', 'thematiques']]);
	});

	it('a partial update (the API’s PATCH) leaves the fields it does not name untouched', async () => {
		const created = await createService(ctxOf(ccasAdmin()), input(ccasStructure, { outreach: true }));
		const patch = servicePatchSchema.parse({ phone: '05 65 23 00 00' });
		expect(Object.keys(patch)).toEqual(['phone']);
		const updated = await updateService(ctxOf(ccasAdmin()), created.id, patch);
		expect(updated.thematiques).toEqual(['equipement-et-alimentation--alimentation']);
		expect(updated.publics).toEqual(['familles']);
		expect(updated.outreach).toBe(true);
		expect((await serviceHistory(ctxOf(ccasAdmin()), created.id))[0]!.changes).toEqual({
			phone: [null, '05 65 23 00 00']
		});
	});

	it('the order of a code list is not a change', async () => {
		const created = await createService(
			ctxOf(ccasAdmin()),
			input(ccasStructure, { mobilisableBy: ['usagers', 'professionnels'] })
		);
		await updateService(ctxOf(ccasAdmin()), created.id, { mobilisableBy: ['professionnels', 'usagers'] });
		expect((await serviceHistory(ctxOf(ccasAdmin()), created.id)).map((h) => h.kind)).toEqual(['create']);
	});

	it('a save without any change still confirms the entry but adds no history line', async () => {
		const created = await createService(
			ctxOf(ccasAdmin(), new Date('2026-02-01T09:00:00Z')),
			input(ccasStructure)
		);
		const updated = await updateService(ctxOf(ccasAdmin()), created.id, {
			name: 'Aide alimentaire d’urgence'
		});
		expect(updated.lastCheckedAt.toISOString()).toBe(NOW.toISOString());
		expect((await serviceHistory(ctxOf(ccasAdmin()), created.id)).map((h) => h.kind)).toEqual(['create']);
	});

	it('flags entries unchecked for six months, and "still right" clears the flag', async () => {
		const org = await insertOrganisation(t.db, {
			name: 'Épicerie solidaire de Souillac',
			slug: 'epicerie-souillac',
			kind: 'association',
			territoryType: 'commune',
			territoryCode: '46309'
		});
		const owner = actorWith([{ organisationId: org.id, role: 'admin' }]);
		const structure = await createStructure(ctxOf(owner), {
			name: 'Épicerie solidaire de Souillac',
			description: '',
			organisationId: org.id,
			communeCode: '46309',
			networks: []
		});
		const sevenMonthsAgo = new Date(NOW.getTime() - STALE_AFTER_MS - 30 * 24 * 3600_000);
		const oneMonthAgo = new Date(NOW.getTime() - 30 * 24 * 3600_000);
		const old = await createService(
			ctxOf(owner, sevenMonthsAgo),
			input(structure.id, { name: 'Épicerie solidaire', communeCode: '46309' })
		);
		await createService(
			ctxOf(owner, oneMonthAgo),
			input(structure.id, { name: 'Vestiaire solidaire', communeCode: '46309' })
		);
		const before = await organisationServices(ctxOf(owner), org.id, { limit: 50, offset: 0 });
		expect(before.total).toBe(2);
		expect(before.stale).toBe(1);
		expect(before.items.find((s) => s.id === old.id)!.stale).toBe(true);
		expect(before.items.filter((s) => s.stale)).toHaveLength(1);
		// the stalest first
		expect(before.items[0]!.id).toBe(old.id);
		const staleOnly = await organisationServices(ctxOf(owner), org.id, {
			staleOnly: true,
			limit: 50,
			offset: 0
		});
		expect(staleOnly.items.map((s) => s.name)).toEqual(['Épicerie solidaire']);
		// exactly on the limit: not yet stale
		expect(
			(await getService(ctxOf(ANONYMOUS, new Date(sevenMonthsAgo.getTime() + STALE_AFTER_MS)), old.id)).stale
		).toBe(false);

		const checked = await markServiceChecked(ctxOf(owner), old.id);
		expect(checked.lastCheckedAt.toISOString()).toBe(NOW.toISOString());
		expect((await organisationServices(ctxOf(owner), org.id, { limit: 50, offset: 0 })).stale).toBe(0);
		expect((await serviceHistory(ctxOf(owner), old.id))[0]!.kind).toBe('check');
		expect(await auditCount('service.check', old.id)).toBe(1);
		// but only its members see that list
		await expect(
			organisationServices(ctxOf(associationMember()), org.id, { limit: 50, offset: 0 })
		).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('deletes a service (admins of the organisation), audited; a plain member may not delete', async () => {
		const member = actorWith([{ organisationId: ccas, role: 'member' }]);
		const s = await createService(ctxOf(member), input(ccasStructure, { name: 'Permanence logement' }));
		await expect(deleteService(ctxOf(member), s.id)).rejects.toBeInstanceOf(ForbiddenError);
		await deleteService(ctxOf(ccasAdmin()), s.id);
		await expect(getService(ctxOf(ANONYMOUS), s.id)).rejects.toThrow(/not found/);
		expect(await auditCount('service.delete', s.id)).toBe(1);
	});
});

describe('who may edit what', () => {
	let ccasService: string;
	let associationService: string;
	let gersService: string;

	beforeAll(async () => {
		const admin = ctxOf(instanceAdmin());
		ccasService = (await createService(admin, input(ccasStructure, { name: 'Domiciliation administrative' })))
			.id;
		associationService = (
			await createService(
				admin,
				input(associationStructure, { name: 'Vestiaire de Figeac', communeCode: '46102' })
			)
		).id;
		gersService = (
			await createService(
				admin,
				input(gersStructure, { name: 'Accueil social d’Auch', communeCode: '32013' })
			)
		).id;
	});

	it('a member of organisation A can never edit, check, delete or read the history of B’s services', async () => {
		const a = ctxOf(associationMember());
		await expect(updateService(a, ccasService, { name: 'Piraté' })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(markServiceChecked(a, ccasService)).rejects.toBeInstanceOf(ForbiddenError);
		await expect(deleteService(a, ccasService)).rejects.toBeInstanceOf(ForbiddenError);
		await expect(serviceHistory(a, ccasService)).rejects.toBeInstanceOf(ForbiddenError);
		await expect(createService(a, input(ccasStructure, { name: 'Service intrus' }))).rejects.toBeInstanceOf(
			ForbiddenError
		);
		expect((await getService(ctxOf(ANONYMOUS), ccasService)).service.name).toBe(
			'Domiciliation administrative'
		);
		// but edits its own
		const own = await updateService(a, associationService, { phone: '05 65 34 00 00' });
		expect(own.phone).toBe('05 65 34 00 00');
	});

	it('anonymous: 401, not 403', async () => {
		const error = await updateService(ctxOf(ANONYMOUS), ccasService, { name: 'Anonyme' }).catch((e) => e);
		expect(error).toBeInstanceOf(ForbiddenError);
		expect(error.status).toBe(401);
	});

	it('a coordinator of the Lot edits any service located in the Lot, not one in the Gers', async () => {
		const c = ctxOf(lotCoordinator());
		expect((await updateService(c, ccasService, { openingHours: 'Mo-Fr 09:00-12:00' })).openingHours).toBe(
			'Mo-Fr 09:00-12:00'
		);
		expect((await updateService(c, associationService, { email: 'figeac@secourspopulaire.fr' })).email).toBe(
			'figeac@secourspopulaire.fr'
		);
		await expect(updateService(c, gersService, { name: 'Hors territoire' })).rejects.toBeInstanceOf(
			ForbiddenError
		);
		await expect(deleteService(c, gersService)).rejects.toBeInstanceOf(ForbiddenError);
		expect((await getService(ctxOf(ANONYMOUS), gersService)).service.name).toBe('Accueil social d’Auch');
	});

	it('a service without its own commune takes its structure’s place', async () => {
		const s = await createService(
			ctxOf(instanceAdmin()),
			input(gersStructure, { name: 'Ligne d’écoute', communeCode: null })
		);
		await expect(
			updateService(ctxOf(lotCoordinator()), s.id, { name: 'Toujours hors territoire' })
		).rejects.toBeInstanceOf(ForbiddenError);
	});
});
