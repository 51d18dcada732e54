import { nowOf, type Context } from '../context';
import { NotFoundError, ValidationError } from '../errors';
import { authorize, type Action, type Target } from '../policy/policy';
import { audit } from '../audit/service';
import { territoryPath } from '../territories/service';
import { inTransaction } from '../db/transaction';
import type { TerritoryPath } from '../policy/actor';
import * as repo from './repository';
import { normalisePhone } from './phone';
import type { ServiceInput, ServicePatch, StructureInput, StructurePatch } from './validation';

/** An entry not confirmed for six months is flagged to its owners. */
export const STALE_AFTER_MS = 183 * 24 * 3600_000;
export const MAINTAINED_SOURCE = 'maillage';

/** The place of a commune and every level above it; an unknown code is the caller's mistake, named by field. */
export async function communePlace(
	ctx: Pick<Context, 'db'>,
	code: string | null | undefined,
	field = 'communeCode'
): Promise<TerritoryPath | undefined> {
	if (!code) return undefined;
	const place = await territoryPath(ctx, 'commune', code);
	if (place.commune !== code) throw new ValidationError([{ field, message: `commune.unknown:${code}` }]);
	return place;
}

/** Who may act on a service: its structure's organisation, and coordinators of the place it is in. */
export async function serviceTarget(
	ctx: Pick<Context, 'db'>,
	service: Pick<repo.ServiceRow, 'communeCode'>,
	structure: Pick<repo.StructureRow, 'organisationId' | 'communeCode'>
): Promise<Target> {
	return {
		organisationId: structure.organisationId ?? undefined,
		place: await communePlace(ctx, service.communeCode ?? structure.communeCode)
	};
}

/** Authorization reads the owner and the place from the stored rows, never from the request. */
async function loadForWrite(ctx: Context, id: string, action: Action) {
	const found = await repo.findServiceWithStructure(ctx.db, id);
	if (!found) throw new NotFoundError('service', id);
	authorize(ctx.actor, action, 'service', await serviceTarget(ctx, found.service, found.structure));
	return found;
}

/** Phone numbers are stored as they are shown ("05 65 23 06 10"); what is not a number is left to validation. */
function withNormalisedPhone<T extends { phone?: string | null }>(input: T): T {
	if (!input.phone) return input;
	return { ...input, phone: normalisePhone(input.phone) ?? input.phone };
}

/**
 * "Téléphoner" as a way to reach a service needs a number to call: the service's own (as it will be after the
 * change), or else its structure's.
 */
function requirePhoneToCall(
	service: { mobilisationModes?: string[]; phone?: string | null },
	structurePhone: string | null
) {
	if (service.mobilisationModes?.includes('telephoner') && !service.phone && !structurePhone)
		throw new ValidationError([{ field: 'phone', message: 'phone.requiredToCall' }]);
}

export async function createStructure(ctx: Context, input: StructureInput, source = MAINTAINED_SOURCE) {
	const place = await communePlace(ctx, input.communeCode);
	authorize(ctx.actor, 'create', 'structure', { organisationId: input.organisationId ?? undefined, place });
	return inTransaction(ctx, async (tx) => {
		const structure = await repo.insertStructure(tx.db, {
			...withNormalisedPhone(input),
			source,
			sourceId: crypto.randomUUID(),
			organisationId: input.organisationId ?? null
		});
		await audit(tx, {
			action: 'structure.create',
			objectType: 'structure',
			objectId: structure.id,
			organisationId: structure.organisationId
		});
		return structure;
	});
}

/**
 * A new service must be allowed both on its stored structure (owner and place) and at the place it will have:
 * a coordinator cannot add a service to a structure outside their territory by naming a commune inside it.
 */
export async function createService(ctx: Context, input: ServiceInput) {
	const structure = await repo.findStructure(ctx.db, input.structureId);
	if (!structure) throw new ValidationError([{ field: 'structureId', message: 'structure.unknown' }]);
	authorize(ctx.actor, 'create', 'service', await serviceTarget(ctx, { communeCode: null }, structure));
	authorize(
		ctx.actor,
		'create',
		'service',
		await serviceTarget(ctx, { communeCode: input.communeCode ?? null }, structure)
	);
	requirePhoneToCall(input, structure.phone);
	return inTransaction(ctx, async (tx) => {
		const service = await repo.insertService(tx.db, {
			...withNormalisedPhone(input),
			source: MAINTAINED_SOURCE,
			sourceId: crypto.randomUUID(),
			sourceUpdatedOn: nowOf(ctx).toISOString().slice(0, 10),
			lastCheckedAt: nowOf(ctx)
		});
		await repo.insertHistory(tx.db, {
			serviceId: service.id,
			changedBy: ctx.actor.user?.id ?? null,
			kind: 'create',
			changes: {}
		});
		await audit(tx, {
			action: 'service.create',
			objectType: 'service',
			objectId: service.id,
			organisationId: structure.organisationId
		});
		return service;
	});
}

/** Code lists are sets: ['usagers', 'professionnels'] and the reverse are the same value. */
const comparable = (value: unknown) =>
	JSON.stringify(
		Array.isArray(value) && value.every((v) => typeof v === 'string') ? [...value].sort() : (value ?? null)
	);

/** Fields whose value changed, as { field: [before, after] }. */
export function diff(before: Record<string, unknown>, patch: Record<string, unknown>) {
	const changes: Record<string, [unknown, unknown]> = {};
	for (const [field, after] of Object.entries(patch)) {
		if (after === undefined) continue;
		if (comparable(before[field]) !== comparable(after)) changes[field] = [before[field] ?? null, after];
	}
	return changes;
}

/**
 * Updates a service; saving also confirms the entry is current. Every change lands in its history. Moving it
 * (a new commune) must be allowed at the place it leaves and at the place it goes to.
 */
export async function updateService(ctx: Context, id: string, input: ServicePatch) {
	const { service, structure } = await loadForWrite(ctx, id, 'update');
	const patch = withNormalisedPhone(input);
	requirePhoneToCall({ ...service, ...definedFields(patch) }, structure.phone);
	if (patch.communeCode !== undefined && patch.communeCode !== service.communeCode)
		authorize(
			ctx.actor,
			'update',
			'service',
			await serviceTarget(ctx, { communeCode: patch.communeCode }, structure)
		);
	const changes = diff(service as unknown as Record<string, unknown>, patch as Record<string, unknown>);
	const now = nowOf(ctx);
	return inTransaction(ctx, async (tx) => {
		const updated = await repo.updateService(tx.db, id, {
			...patch,
			lastCheckedAt: now,
			sourceUpdatedOn: Object.keys(changes).length ? now.toISOString().slice(0, 10) : service.sourceUpdatedOn
		});
		if (Object.keys(changes).length) {
			await repo.insertHistory(tx.db, {
				serviceId: id,
				changedBy: ctx.actor.user?.id ?? null,
				kind: 'update',
				changes
			});
		}
		await audit(tx, {
			action: 'service.update',
			objectType: 'service',
			objectId: id,
			organisationId: structure.organisationId,
			details: { fields: Object.keys(changes) }
		});
		return updated!;
	});
}

const definedFields = <T extends object>(patch: T) =>
	Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;

/**
 * Who may edit a structure: its organisation's editors and the coordinators of its place, read from the stored
 * row. Handing it to another organisation needs the right to create structures there too; moving it needs the
 * right at the place it goes to.
 */
async function structureForWrite(ctx: Context, id: string) {
	const structure = await repo.findStructure(ctx.db, id);
	if (!structure) throw new NotFoundError('structure', id);
	authorize(ctx.actor, 'update', 'structure', {
		organisationId: structure.organisationId ?? undefined,
		place: await communePlace(ctx, structure.communeCode)
	});
	return structure;
}

/** Updates the fields sent; every change lands in the structure's history and the audit log, together. */
export async function updateStructure(ctx: Context, id: string, input: StructurePatch) {
	const structure = await structureForWrite(ctx, id);
	const patch = definedFields(withNormalisedPhone(input));
	const organisationId = patch.organisationId === undefined ? structure.organisationId : patch.organisationId;
	const communeCode = patch.communeCode === undefined ? structure.communeCode : patch.communeCode;
	if (organisationId !== structure.organisationId || communeCode !== structure.communeCode)
		authorize(ctx.actor, 'update', 'structure', {
			organisationId: organisationId ?? undefined,
			place: await communePlace(ctx, communeCode)
		});
	if (organisationId !== structure.organisationId)
		authorize(ctx.actor, 'create', 'structure', { organisationId: organisationId ?? undefined });
	const changes = diff(structure as unknown as Record<string, unknown>, patch as Record<string, unknown>);
	return inTransaction(ctx, async (tx) => {
		const updated = Object.keys(changes).length ? await repo.updateStructure(tx.db, id, patch) : structure;
		if (Object.keys(changes).length)
			await repo.insertStructureHistory(tx.db, {
				structureId: id,
				changedBy: ctx.actor.user?.id ?? null,
				kind: 'update',
				changes
			});
		await audit(tx, {
			action: 'structure.update',
			objectType: 'structure',
			objectId: id,
			organisationId: structure.organisationId,
			details: { fields: Object.keys(changes) }
		});
		return updated!;
	});
}

/** The changes made to a structure, newest first (for those who may edit it). */
export async function structureHistory(ctx: Context, id: string) {
	await structureForWrite(ctx, id);
	return repo.structureHistoryWithAuthors(ctx.db, id, 100);
}

/** "Still right": confirms the entry without changing it. */
export async function markServiceChecked(ctx: Context, id: string) {
	const { structure } = await loadForWrite(ctx, id, 'update');
	return inTransaction(ctx, async (tx) => {
		const updated = await repo.updateService(tx.db, id, { lastCheckedAt: nowOf(ctx) });
		await repo.insertHistory(tx.db, {
			serviceId: id,
			changedBy: ctx.actor.user?.id ?? null,
			kind: 'check',
			changes: {}
		});
		await audit(tx, {
			action: 'service.check',
			objectType: 'service',
			objectId: id,
			organisationId: structure.organisationId
		});
		return updated!;
	});
}

export async function deleteService(ctx: Context, id: string) {
	const { structure } = await loadForWrite(ctx, id, 'delete');
	await inTransaction(ctx, async (tx) => {
		await repo.deleteService(tx.db, id);
		await audit(tx, {
			action: 'service.delete',
			objectType: 'service',
			objectId: id,
			organisationId: structure.organisationId
		});
	});
}

/** Public: a service and its structure (contact people are not part of it: see correspondents). */
export async function getService(ctx: Context, id: string) {
	authorize(ctx.actor, 'read', 'service');
	const found = await repo.findServiceWithStructure(ctx.db, id);
	if (!found) throw new NotFoundError('service', id);
	return { ...found, stale: isStale(found.service.lastCheckedAt, nowOf(ctx)) };
}

export const isStale = (lastCheckedAt: Date, now: Date) =>
	now.getTime() - lastCheckedAt.getTime() > STALE_AFTER_MS;

export async function serviceHistory(ctx: Context, id: string) {
	await loadForWrite(ctx, id, 'update');
	return repo.historyWithAuthors(ctx.db, id, 100);
}

/** An organisation's services, with the stale ones (unchecked for six months) flagged. */
export async function organisationServices(
	ctx: Context,
	organisationId: string,
	options: { staleOnly?: boolean; limit: number; offset: number }
) {
	authorize(ctx.actor, 'update', 'service', { organisationId });
	const now = nowOf(ctx);
	const staleBefore = new Date(now.getTime() - STALE_AFTER_MS);
	const filter = options.staleOnly ? staleBefore : undefined;
	const [items, total, stale] = await Promise.all([
		repo.servicesOfOrganisation(ctx.db, organisationId, {
			staleBefore: filter,
			limit: options.limit,
			offset: options.offset
		}),
		repo.countServicesOfOrganisation(ctx.db, organisationId, filter),
		repo.countServicesOfOrganisation(ctx.db, organisationId, staleBefore)
	]);
	return { items: items.map((s) => ({ ...s, stale: isStale(s.lastCheckedAt, now) })), total, stale };
}

/** Public: a structure and the names of its services. */
export async function getStructure(ctx: Context, id: string) {
	authorize(ctx.actor, 'read', 'structure');
	const structure = await repo.findStructure(ctx.db, id);
	if (!structure) throw new NotFoundError('structure', id);
	return { structure, services: await repo.servicesOfStructure(ctx.db, id) };
}

export { structuresOfOrganisation } from './repository';
