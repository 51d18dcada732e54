import { nowOf, type Context } from '../context';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { authorize, can, covers, ForbiddenError } from '../policy/policy';
import type { ActorCoordination, CoordinatedType, TerritoryPath } from '../policy/actor';
import { audit } from '../audit/service';
import { findUserByEmail, findUserById } from './repository';
import { communesOfZone, getTerritory, getZone, territoryPath } from '../territories/service';
import { inTransaction } from '../db/transaction';
import type { Db } from '../db/client';
import * as repo from './coordinations-repository';
import type { Coordination, CoordinationInput } from './coordinations-validation';

/**
 * Coordination of a territory (ADR 008): the only grant of territory-wide powers. Given and revoked by an instance
 * admin or by a coordinator of an enclosing territory, recorded and audited.
 */

/** The coordinations a user holds now, as the policy reads them (a zone carries its communes). */
export async function coordinationsOf(db: Db, userId: string): Promise<ActorCoordination[]> {
	const rows = await repo.activeCoordinationsOf(db, userId);
	return Promise.all(
		rows.map(async (row) => {
			const type = row.territoryType as CoordinatedType;
			if (type !== 'zone') return { type, code: row.territoryCode };
			return {
				type,
				code: row.territoryCode,
				communes: (await communesOfZone({ db }, row.territoryCode)) ?? []
			};
		})
	);
}

/**
 * The places a territory is made of, for the policy: one path for an administrative level (it encloses everything
 * below it), one per commune for a zone. Undefined when the territory does not exist.
 */
async function placesOf(
	ctx: Context,
	type: CoordinatedType,
	code: string
): Promise<TerritoryPath[] | undefined> {
	if (type === 'zone') {
		const communes = await communesOfZone(ctx, code);
		if (!communes) return undefined;
		return Promise.all(communes.map((c) => territoryPath(ctx, 'commune', c)));
	}
	const path = await territoryPath(ctx, type, code);
	return path[type] === code ? [path] : undefined;
}

/**
 * Allowed only when the actor coordinates every place of the territory and does not hold that very territory
 * (or is an instance admin): a coordinator gives and takes back what lies inside their territory, never a
 * territory as wide as their own, so peers cannot revoke each other.
 */
async function authorizeOn(
	ctx: Context,
	action: 'create' | 'read' | 'delete',
	type: CoordinatedType,
	code: string
) {
	const places = (await placesOf(ctx, type, code)) ?? [];
	if (ctx.actor.user?.isInstanceAdmin) return;
	const holdsIt = ctx.actor.coordinations.some((c) => c.type === type && c.code === code);
	const allowed =
		!holdsIt &&
		places.length > 0 &&
		places.every((place) => can(ctx.actor, action, 'coordination', { place }));
	if (!allowed) throw new ForbiddenError(action, 'coordination', ctx.actor.user !== null);
}

async function territoryName(ctx: Context, type: CoordinatedType, code: string): Promise<string> {
	try {
		return type === 'zone' ? (await getZone(ctx, code)).name : (await getTerritory(ctx, type, code)).name;
	} catch {
		return code;
	}
}

export async function grantCoordination(ctx: Context, input: CoordinationInput) {
	const { territoryType: type, territoryCode: code } = input;
	if (!ctx.actor.user) throw new ForbiddenError('create', 'coordination', false);
	if (!(await placesOf(ctx, type, code)))
		throw new ValidationError([{ field: 'territoryCode', message: 'territory.unknown' }]);
	await authorizeOn(ctx, 'create', type, code);
	const user = await findUserByEmail(ctx.db, input.email.trim());
	if (!user) throw new ValidationError([{ field: 'email', message: 'coordination.noAccount' }]);
	return inTransaction(ctx, async (tx) => {
		if (await repo.findActiveCoordination(tx.db, user.id, type, code))
			throw new ConflictError('coordination.exists');
		const row = await repo.insertCoordination(tx.db, {
			userId: user.id,
			territoryType: type,
			territoryCode: code,
			grantedBy: ctx.actor.user!.id || null,
			grantedAt: nowOf(ctx)
		});
		await audit(tx, {
			action: 'coordination.grant',
			objectType: 'coordination',
			objectId: row.id,
			details: { userId: user.id, territoryType: type, territoryCode: code }
		});
		return row;
	});
}

export async function revokeCoordination(ctx: Context, id: string) {
	const stored = await repo.findCoordination(ctx.db, id);
	if (!stored || stored.revokedAt) throw new NotFoundError('coordination', id);
	await authorizeOn(ctx, 'delete', stored.territoryType as CoordinatedType, stored.territoryCode);
	await inTransaction(ctx, async (tx) => {
		const revoked = await repo.revokeCoordination(tx.db, id, ctx.actor.user!.id || null, nowOf(ctx));
		if (!revoked) throw new NotFoundError('coordination', id);
		await audit(tx, {
			action: 'coordination.revoke',
			objectType: 'coordination',
			objectId: id,
			details: {
				userId: stored.userId,
				territoryType: stored.territoryType,
				territoryCode: stored.territoryCode
			}
		});
	});
}

async function mayActOn(ctx: Context, action: 'read' | 'delete', row: repo.CoordinationRow) {
	try {
		await authorizeOn(ctx, action, row.territoryType as CoordinatedType, row.territoryCode);
		return true;
	} catch (error) {
		if (error instanceof ForbiddenError) return false;
		throw error;
	}
}

/**
 * Coordinations in force that the actor may see: all of them for an instance admin, those inside the territories
 * a coordinator holds otherwise (their own included). Anyone else is refused.
 */
export async function listCoordinations(
	ctx: Context,
	page: { limit: number; offset: number }
): Promise<{ items: Coordination[]; total: number }> {
	if (!ctx.actor.user?.isInstanceAdmin && ctx.actor.coordinations.length === 0)
		authorize(ctx.actor, 'read', 'coordination');
	const visible: repo.CoordinationRow[] = [];
	for (const row of await repo.activeCoordinations(ctx.db))
		if (row.userId === ctx.actor.user!.id || (await mayActOn(ctx, 'read', row))) visible.push(row);
	const slice = visible.slice(page.offset, page.offset + page.limit);
	const people = new Map<string, Coordination['user']>();
	const person = async (id: string | null) => {
		if (!id) return null;
		if (!people.has(id)) {
			const user = await findUserById(ctx.db, id);
			people.set(id, { id, displayName: user?.displayName ?? '—', email: user?.email ?? '—' });
		}
		return people.get(id)!;
	};
	const items: Coordination[] = [];
	for (const row of slice) {
		const type = row.territoryType as CoordinatedType;
		items.push({
			id: row.id,
			user: (await person(row.userId))!,
			territoryType: type,
			territoryCode: row.territoryCode,
			territoryName: await territoryName(ctx, type, row.territoryCode),
			grantedBy: await person(row.grantedBy),
			grantedAt: row.grantedAt.toISOString(),
			revocable: await mayActOn(ctx, 'delete', row)
		});
	}
	return { items, total: visible.length };
}

/**
 * User ids of the coordinators whose territory covers a place (a zone covers its communes), for notices the
 * application sends on its own (a referral left without answer is escalated). No authorization of its own.
 */
export async function coordinatorsCovering(db: Db, place: TerritoryPath | undefined): Promise<string[]> {
	if (!place) return [];
	const rows = await repo.activeCoordinations(db);
	const ids: string[] = [];
	for (const row of rows) {
		const type = row.territoryType as CoordinatedType;
		const scope: ActorCoordination =
			type === 'zone'
				? { type, code: row.territoryCode, communes: (await communesOfZone({ db }, row.territoryCode)) ?? [] }
				: { type, code: row.territoryCode };
		if (covers(scope, place)) ids.push(row.userId);
	}
	return [...new Set(ids)];
}
