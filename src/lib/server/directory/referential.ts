import { z } from 'zod';
import type { Context } from '../context';
import { NotFoundError, ValidationError } from '../errors';
import { authorize, can, type Action } from '../policy/policy';
import { inTransaction } from '../db/transaction';
import { audit } from '../audit/service';
import { multiLine, singleLine } from '../validation';
import { normalizeName, territoryPath } from '../territories/service';
import * as repo from './repository';
import * as nodes from './referential-repository';

/**
 * The territory's own classification of the offer (seed 002, "qui fait quoi, pourquoi et comment"):
 * Politique → Mission → Action, one tree per département, edited by its coordinators; services hang on actions.
 * The data·inclusion thématiques stay the second, national classification.
 */
export const LEVELS = ['politique', 'mission', 'action'] as const;
export type Level = (typeof LEVELS)[number];

export const departementCodeSchema = z.string().regex(/^(\d{2}|2A|2B|97\d)$/, 'departement.invalidCode');

export const nodeInputSchema = z
	.object({
		departementCode: departementCodeSchema,
		/** none for a politique; a politique for a mission; a mission for an action */
		parentId: z.uuid('id.invalid').nullable().optional(),
		name: singleLine().min(2, 'referential.nameTooShort').max(200, 'referential.nameTooLong'),
		description: multiLine().max(2000, 'text.tooLong').default('')
	})
	.meta({ id: 'ReferentialNodeInput' });

export const nodePatchSchema = z
	.object({
		name: singleLine().min(2, 'referential.nameTooShort').max(200, 'referential.nameTooLong').optional(),
		description: multiLine().max(2000, 'text.tooLong').optional(),
		/** a new parent of the level just above (a politique cannot move under anything) */
		parentId: z.uuid('id.invalid').optional(),
		/** one step among its siblings */
		move: z.enum(['up', 'down']).optional()
	})
	.meta({ id: 'ReferentialNodePatch' });

export type NodeInput = z.infer<typeof nodeInputSchema>;
export type NodePatch = z.infer<typeof nodePatchSchema>;

export interface AttachedService {
	id: string;
	name: string;
	structureName: string;
}

export interface TreeNode {
	id: string;
	parentId: string | null;
	level: Level;
	name: string;
	description: string;
	position: number;
	children: TreeNode[];
	/** services attached to this action (empty above the action level) */
	services: AttachedService[];
	/** services attached in the whole subtree */
	serviceCount: number;
}

const childLevel = (level: string): Level | undefined => LEVELS[LEVELS.indexOf(level as Level) + 1];

async function placeOf(ctx: Context, departementCode: string) {
	const place = await territoryPath(ctx, 'departement', departementCode);
	if (!place.departement)
		throw new ValidationError([{ field: 'departementCode', message: 'territory.unknown' }]);
	return place;
}

async function authorizeOn(ctx: Context, action: Action, departementCode: string) {
	authorize(ctx.actor, action, 'referential', { place: await placeOf(ctx, departementCode) });
}

/** For pages: may this person edit the tree of this département? */
export async function canEditReferential(ctx: Context, departementCode: string) {
	const place = await territoryPath(ctx, 'departement', departementCode);
	return !!place.departement && can(ctx.actor, 'update', 'referential', { place });
}

/** Public: the whole tree of a département with the services attached to its actions. */
export async function referentialTree(ctx: Context, departementCode: string): Promise<TreeNode[]> {
	authorize(ctx.actor, 'read', 'referential');
	const rows = await nodes.nodesOfDepartement(ctx.db, departementCode);
	const attached = await nodes.servicesOfActions(
		ctx.db,
		rows.filter((r) => r.level === 'action').map((r) => r.id)
	);
	const byId = new Map<string, TreeNode>();
	for (const r of rows)
		byId.set(r.id, {
			id: r.id,
			parentId: r.parentId,
			level: r.level as Level,
			name: r.name,
			description: r.description,
			position: r.position,
			children: [],
			services: [],
			serviceCount: 0
		});
	for (const s of attached)
		byId.get(s.nodeId)?.services.push({ id: s.id, name: s.name, structureName: s.structureName });
	const roots: TreeNode[] = [];
	for (const r of rows) {
		const node = byId.get(r.id)!;
		const parent = r.parentId ? byId.get(r.parentId) : undefined;
		(parent ? parent.children : roots).push(node);
	}
	const count = (n: TreeNode): number =>
		(n.serviceCount = n.services.length + n.children.reduce((sum, c) => sum + count(c), 0));
	roots.forEach(count);
	return roots;
}

export async function getNode(ctx: Context, id: string) {
	authorize(ctx.actor, 'read', 'referential');
	const node = await nodes.findNode(ctx.db, id);
	if (!node) throw new NotFoundError('referential', id);
	return { ...node, childCount: await nodes.countChildren(ctx.db, id) };
}

async function loadForWrite(ctx: Context, id: string, action: Action) {
	const node = await nodes.findNode(ctx.db, id);
	if (!node) throw new NotFoundError('referential', id);
	await authorizeOn(ctx, action, node.departementCode);
	return node;
}

/** The level follows the parent: a politique at the top, then a mission, then an action. */
export async function createNode(ctx: Context, input: NodeInput) {
	// one transaction: a refusal half-way (wrong parent…) leaves nothing changed
	return inTransaction(ctx, async (ctx) => {
		await authorizeOn(ctx, 'create', input.departementCode);
		let level: Level = 'politique';
		if (input.parentId) {
			const parent = await nodes.findNode(ctx.db, input.parentId);
			if (!parent || parent.departementCode !== input.departementCode)
				throw new ValidationError([{ field: 'parentId', message: 'referential.unknownParent' }]);
			const below = childLevel(parent.level);
			if (!below) throw new ValidationError([{ field: 'parentId', message: 'referential.tooDeep' }]);
			level = below;
		}
		const siblings = await nodes.siblingsOf(ctx.db, input.departementCode, input.parentId ?? null);
		const node = await nodes.insertNode(ctx.db, {
			departementCode: input.departementCode,
			parentId: input.parentId ?? null,
			level,
			name: input.name,
			description: input.description,
			position: siblings.length ? Math.max(...siblings.map((s) => s.position)) + 1 : 0
		});
		await audit(ctx, {
			action: 'referential.create',
			objectType: 'referential',
			objectId: node.id,
			details: { level, departementCode: input.departementCode }
		});
		return node;
	});
}

/** Renames, describes, moves one step among its siblings, or under another parent of the right level. */
export async function updateNode(ctx: Context, id: string, patch: NodePatch) {
	// one transaction, and the new parent checked before anything is written: a refused patch changes nothing
	return inTransaction(ctx, async (ctx) => {
		const node = await loadForWrite(ctx, id, 'update');
		const moving = patch.parentId !== undefined && patch.parentId !== node.parentId;
		const parent = moving ? await nodes.findNode(ctx.db, patch.parentId!) : undefined;
		if (moving && (!parent || parent.departementCode !== node.departementCode))
			throw new ValidationError([{ field: 'parentId', message: 'referential.unknownParent' }]);
		if (parent && childLevel(parent.level) !== node.level)
			throw new ValidationError([{ field: 'parentId', message: 'referential.wrongParentLevel' }]);

		const fields: Record<string, string> = {};
		if (patch.name !== undefined) fields.name = patch.name;
		if (patch.description !== undefined) fields.description = patch.description;
		if (Object.keys(fields).length) await nodes.updateNode(ctx.db, id, fields);

		if (parent) {
			const newSiblings = await nodes.siblingsOf(ctx.db, node.departementCode, parent.id);
			await nodes.updateNode(ctx.db, id, { parentId: parent.id, position: newSiblings.length });
			const old = await nodes.siblingsOf(ctx.db, node.departementCode, node.parentId);
			await nodes.setPositions(
				ctx.db,
				old.map((s) => s.id)
			);
			fields.parentId = parent.id;
		}
		if (patch.move) {
			const current = await nodes.findNode(ctx.db, id);
			const siblings = (await nodes.siblingsOf(ctx.db, node.departementCode, current!.parentId)).map(
				(s) => s.id
			);
			const at = siblings.indexOf(id);
			const to = patch.move === 'up' ? at - 1 : at + 1;
			if (to >= 0 && to < siblings.length) {
				[siblings[at], siblings[to]] = [siblings[to]!, siblings[at]!];
				await nodes.setPositions(ctx.db, siblings);
			}
			fields.move = patch.move;
		}
		await audit(ctx, {
			action: 'referential.update',
			objectType: 'referential',
			objectId: id,
			details: { fields: Object.keys(fields) }
		});
		return (await nodes.findNode(ctx.db, id))!;
	});
}

/** A node with children goes only when the deletion of its whole subtree is confirmed. */
export async function deleteNode(ctx: Context, id: string, options: { confirm?: boolean } = {}) {
	// one transaction: a refusal half-way (wrong parent…) leaves nothing changed
	return inTransaction(ctx, async (ctx) => {
		const node = await loadForWrite(ctx, id, 'delete');
		const children = await nodes.countChildren(ctx.db, id);
		if (children > 0 && !options.confirm)
			throw new ValidationError([{ field: 'confirm', message: `referential.confirmSubtree:${children}` }]);
		await nodes.deleteNode(ctx.db, id);
		const siblings = await nodes.siblingsOf(ctx.db, node.departementCode, node.parentId);
		await nodes.setPositions(
			ctx.db,
			siblings.map((s) => s.id)
		);
		await audit(ctx, {
			action: 'referential.delete',
			objectType: 'referential',
			objectId: id,
			details: { level: node.level, name: node.name, withChildren: children }
		});
	});
}

/** Services of the département a coordinator may attach, filtered by name (accents and case ignored). */
export async function attachableServices(ctx: Context, departementCode: string, q: string | undefined) {
	await authorizeOn(ctx, 'update', departementCode);
	const words = q ? normalizeName(q) : '';
	return nodes.servicesOfDepartement(ctx.db, departementCode, words || undefined, 300);
}

async function actionAndService(ctx: Context, nodeId: string, serviceId: string) {
	const node = await loadForWrite(ctx, nodeId, 'update');
	if (node.level !== 'action') throw new ValidationError([{ field: 'id', message: 'referential.notAction' }]);
	const service = await repo.findService(ctx.db, serviceId);
	if (!service) throw new NotFoundError('service', serviceId);
	return node;
}

export async function attachService(ctx: Context, nodeId: string, serviceId: string) {
	// one transaction: a refusal half-way (wrong parent…) leaves nothing changed
	return inTransaction(ctx, async (ctx) => {
		await actionAndService(ctx, nodeId, serviceId);
		await nodes.attachService(ctx.db, nodeId, serviceId);
		await audit(ctx, {
			action: 'referential.attach',
			objectType: 'referential',
			objectId: nodeId,
			details: { serviceId }
		});
	});
}

export async function detachService(ctx: Context, nodeId: string, serviceId: string) {
	// one transaction: a refusal half-way (wrong parent…) leaves nothing changed
	return inTransaction(ctx, async (ctx) => {
		await actionAndService(ctx, nodeId, serviceId);
		await nodes.detachService(ctx.db, nodeId, serviceId);
		await audit(ctx, {
			action: 'referential.detach',
			objectType: 'referential',
			objectId: nodeId,
			details: { serviceId }
		});
	});
}
