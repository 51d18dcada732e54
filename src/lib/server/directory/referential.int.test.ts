import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { actorWith } from '../testing/actors';
import { rows } from '../db/client';
import { ANONYMOUS, type Actor } from '../policy/actor';
import { ForbiddenError } from '../policy/policy';
import { ValidationError } from '../errors';
import type { Context } from '../context';
import { insertOrganisation } from '../organisations/repository';
import { createService, createStructure } from './service';
import {
	attachService,
	canEditReferential,
	createNode,
	deleteNode,
	detachService,
	referentialTree,
	updateNode
} from './referential';
import { serviceInputSchema } from './validation';

let t: TestDatabase;
let lot: string;
let ccas: string;
let serviceId: string;
const ctxOf = (actor: Actor): Context => ({ db: t.db, actor });
const lotCoordinator = () =>
	actorWith([{ organisationId: lot, role: 'member' }], {
		coordinations: [{ type: 'departement', code: '46' }]
	});
const gersCoordinator = () =>
	actorWith([{ organisationId: lot, role: 'member' }], {
		coordinations: [{ type: 'departement', code: '32' }]
	});
const ccasMember = () =>
	actorWith([{ organisationId: ccas, role: 'admin', territory: { type: 'commune', code: '46042' } }]);

beforeAll(async () => {
	t = await createTestDatabase();
	lot = (
		await insertOrganisation(t.db, {
			name: 'Département du Lot',
			slug: 'cd-46',
			kind: 'departement',
			territoryType: 'departement',
			territoryCode: '46'
		})
	).id;
	ccas = (
		await insertOrganisation(t.db, {
			name: 'CCAS de Cahors',
			slug: 'ccas-cahors',
			kind: 'ccas',
			territoryType: 'commune',
			territoryCode: '46042'
		})
	).id;
	const admin = ctxOf(actorWith([], { instanceAdmin: true }));
	await t.db.execute(
		sql`insert into users (id, email, display_name) values ('00000000-0000-4000-8000-000000000001', 'agent@example.fr', 'Agent de test')`
	);
	const structure = await createStructure(admin, {
		name: 'CCAS de Cahors',
		description: '',
		organisationId: ccas,
		communeCode: '46042',
		networks: []
	});
	serviceId = (
		await createService(
			admin,
			serviceInputSchema.parse({
				structureId: structure.id,
				name: 'Accompagnement au logement',
				description: 'Aide à la recherche d’un logement et au maintien dans les lieux.',
				thematiques: ['logement-hebergement--se-maintenir-dans-le-logement'],
				communeCode: '46042'
			})
		)
	).id;
});
afterAll(() => t.drop());

describe('Politique → Mission → Action tree', () => {
	let politique: string;
	let mission: string;
	let action: string;

	it('a coordinator of the Lot builds the levels in order: politique, mission, action', async () => {
		const c = ctxOf(lotCoordinator());
		expect(await canEditReferential(c, '46')).toBe(true);
		expect(await canEditReferential(c, '32')).toBe(false);
		const p = await createNode(c, { departementCode: '46', name: 'Insertion et logement', description: '' });
		expect(p.level).toBe('politique');
		const m = await createNode(c, {
			departementCode: '46',
			parentId: p.id,
			name: 'Prévenir les expulsions',
			description: 'Repérer tôt les impayés.'
		});
		expect(m.level).toBe('mission');
		const a = await createNode(c, {
			departementCode: '46',
			parentId: m.id,
			name: 'Permanences CCAPEX',
			description: ''
		});
		expect(a.level).toBe('action');
		[politique, mission, action] = [p.id, m.id, a.id];
		// nothing below an action
		await expect(
			createNode(c, { departementCode: '46', parentId: a.id, name: 'Trop profond', description: '' })
		).rejects.toBeInstanceOf(ValidationError);
		// a parent of another département is refused
		await expect(
			createNode(c, { departementCode: '32', parentId: p.id, name: 'Ailleurs', description: '' })
		).rejects.toBeInstanceOf(ForbiddenError);
		const audited = await rows<{ n: number }>(
			t.db,
			sql`select count(*)::int as n from audit_events where action = 'referential.create'`
		);
		expect(audited[0]!.n).toBe(3);
	});

	it('attaches services to actions only, and the tree counts them; anyone reads it', async () => {
		const c = ctxOf(lotCoordinator());
		await attachService(c, action, serviceId);
		await attachService(c, action, serviceId); // twice: still once
		await expect(attachService(c, mission, serviceId)).rejects.toBeInstanceOf(ValidationError);
		const tree = await referentialTree(ctxOf(ANONYMOUS), '46');
		expect(tree).toHaveLength(1);
		expect(tree[0]!.serviceCount).toBe(1);
		expect(tree[0]!.children[0]!.children[0]!.services).toEqual([
			{ id: serviceId, name: 'Accompagnement au logement', structureName: 'CCAS de Cahors' }
		]);
		expect(await referentialTree(ctxOf(ANONYMOUS), '32')).toEqual([]);
	});

	it('members, other territories and anonymous people cannot edit', async () => {
		await expect(
			createNode(ctxOf(ccasMember()), { departementCode: '46', name: 'Politique pirate', description: '' })
		).rejects.toBeInstanceOf(ForbiddenError);
		await expect(
			updateNode(ctxOf(gersCoordinator()), politique, { name: 'Renommée' })
		).rejects.toBeInstanceOf(ForbiddenError);
		const anonymous = await deleteNode(ctxOf(ANONYMOUS), politique, { confirm: true }).catch((e) => e);
		expect(anonymous).toBeInstanceOf(ForbiddenError);
		expect(anonymous.status).toBe(401);
		await expect(detachService(ctxOf(ccasMember()), action, serviceId)).rejects.toBeInstanceOf(
			ForbiddenError
		);
	});

	it('renames, reorders and reparents within the level rules', async () => {
		const c = ctxOf(lotCoordinator());
		const renamed = await updateNode(c, action, { name: 'Permanences de prévention des expulsions' });
		expect(renamed.name).toBe('Permanences de prévention des expulsions');
		const second = await createNode(c, { departementCode: '46', name: 'Autonomie', description: '' });
		const third = await createNode(c, { departementCode: '46', name: 'Enfance et famille', description: '' });
		await updateNode(c, third.id, { move: 'up' });
		expect((await referentialTree(c, '46')).map((n) => n.name)).toEqual([
			'Insertion et logement',
			'Enfance et famille',
			'Autonomie'
		]);
		await updateNode(c, politique, { move: 'up' }); // already first: no change
		expect((await referentialTree(c, '46'))[0]!.name).toBe('Insertion et logement');
		// a mission moves under another politique; an action cannot go directly under a politique
		const autonomy = await createNode(c, {
			departementCode: '46',
			parentId: second.id,
			name: 'Soutenir les aidants',
			description: ''
		});
		await updateNode(c, autonomy.id, { parentId: third.id });
		const tree = await referentialTree(c, '46');
		expect(tree.find((n) => n.name === 'Enfance et famille')!.children.map((n) => n.name)).toEqual([
			'Soutenir les aidants'
		]);
		expect(tree.find((n) => n.name === 'Autonomie')!.children).toEqual([]);
		await expect(updateNode(c, action, { parentId: politique })).rejects.toBeInstanceOf(ValidationError);
	});

	it('a refused patch changes nothing: the new parent is checked before the name is written', async () => {
		const c = ctxOf(lotCoordinator());
		const node = () =>
			rows<{ name: string; description: string; parentId: string; position: number }>(
				t.db,
				sql`select name, description, parent_id as "parentId", position from referential_nodes where id = ${action}`
			);
		const before = await node();
		for (const parentId of [politique, '0b1e7a52-9c1d-4f7e-8a3b-5d6c7e8f9a0b'])
			await expect(
				updateNode(c, action, {
					name: 'Renommée à tort',
					description: 'Décrite à tort',
					parentId,
					move: 'up'
				})
			).rejects.toBeInstanceOf(ValidationError);
		expect(await node()).toEqual(before);
	});

	it('a node with children goes only with confirmation, and then with its whole subtree', async () => {
		const c = ctxOf(lotCoordinator());
		const refused = await deleteNode(c, politique).catch((e) => e);
		expect(refused).toBeInstanceOf(ValidationError);
		expect(refused.issues[0]).toEqual({ field: 'confirm', message: 'referential.confirmSubtree:1' });
		await deleteNode(c, politique, { confirm: true });
		const left = await rows<{ n: number }>(
			t.db,
			sql`select count(*)::int as n from referential_nodes where id in (${politique}, ${mission}, ${action})`
		);
		expect(left[0]!.n).toBe(0);
		const links = await rows<{ n: number }>(t.db, sql`select count(*)::int as n from action_services`);
		expect(links[0]!.n).toBe(0);
		// the service itself stays
		const services = await rows<{ n: number }>(
			t.db,
			sql`select count(*)::int as n from services where id = ${serviceId}`
		);
		expect(services[0]!.n).toBe(1);
	});
});
