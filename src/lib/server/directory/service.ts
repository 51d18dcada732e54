import { nowOf, type Context } from '../context';
import { NotFoundError, ValidationError } from '../errors';
import { authorize, type Action, type Target } from '../policy/policy';
import { audit } from '../audit/service';
import { territoryPath } from '../territories/service';
import * as repo from './repository';
import type { ServiceInput, ServicePatch, StructureInput } from './validation';

/** An entry not confirmed for six months is flagged to its owners. */
export const STALE_AFTER_MS = 183 * 24 * 3600_000;
export const MAINTAINED_SOURCE = 'maillage';

/** Who may act on a service: its structure's organisation, and coordinators of the place it is in. */
export async function serviceTarget(
	ctx: Pick<Context, 'db'>,
	service: Pick<repo.ServiceRow, 'communeCode'>,
	structure: Pick<repo.StructureRow, 'organisationId' | 'communeCode'>
): Promise<Target> {
	const commune = service.communeCode ?? structure.communeCode;
	return {
		organisationId: structure.organisationId ?? undefined,
		place: commune ? await territoryPath(ctx, 'commune', commune) : undefined
	};
}

async function loadForWrite(ctx: Context, id: string, action: Action) {
	const found = await repo.findServiceWithStructure(ctx.db, id);
	if (!found) throw new NotFoundError('service', id);
	authorize(ctx.actor, action, 'service', await serviceTarget(ctx, found.service, found.structure));
	return found;
}

export async function createStructure(ctx: Context, input: StructureInput, source = MAINTAINED_SOURCE) {
	const place = input.communeCode ? await territoryPath(ctx, 'commune', input.communeCode) : undefined;
	authorize(ctx.actor, 'create', 'structure', { organisationId: input.organisationId ?? undefined, place });
	const structure = await repo.insertStructure(ctx.db, {
		...input,
		source,
		sourceId: crypto.randomUUID(),
		organisationId: input.organisationId ?? null
	});
	await audit(ctx, {
		action: 'structure.create',
		objectType: 'structure',
		objectId: structure.id,
		organisationId: structure.organisationId
	});
	return structure;
}

export async function createService(ctx: Context, input: ServiceInput) {
	const structure = await repo.findStructure(ctx.db, input.structureId);
	if (!structure) throw new ValidationError([{ field: 'structureId', message: 'structure.unknown' }]);
	authorize(ctx.actor, 'create', 'service', await serviceTarget(ctx, input as never, structure));
	const service = await repo.insertService(ctx.db, {
		...input,
		source: MAINTAINED_SOURCE,
		sourceId: crypto.randomUUID(),
		sourceUpdatedOn: nowOf(ctx).toISOString().slice(0, 10),
		lastCheckedAt: nowOf(ctx)
	});
	await repo.insertHistory(ctx.db, {
		serviceId: service.id,
		changedBy: ctx.actor.user?.id ?? null,
		kind: 'create',
		changes: {}
	});
	await audit(ctx, {
		action: 'service.create',
		objectType: 'service',
		objectId: service.id,
		organisationId: structure.organisationId
	});
	return service;
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

/** Updates a service; saving also confirms the entry is current. Every change lands in its history. */
export async function updateService(ctx: Context, id: string, patch: ServicePatch) {
	const { service, structure } = await loadForWrite(ctx, id, 'update');
	const changes = diff(service as unknown as Record<string, unknown>, patch as Record<string, unknown>);
	const now = nowOf(ctx);
	const updated = await repo.updateService(ctx.db, id, {
		...patch,
		lastCheckedAt: now,
		sourceUpdatedOn: Object.keys(changes).length ? now.toISOString().slice(0, 10) : service.sourceUpdatedOn
	});
	if (Object.keys(changes).length) {
		await repo.insertHistory(ctx.db, {
			serviceId: id,
			changedBy: ctx.actor.user?.id ?? null,
			kind: 'update',
			changes
		});
	}
	await audit(ctx, {
		action: 'service.update',
		objectType: 'service',
		objectId: id,
		organisationId: structure.organisationId,
		details: { fields: Object.keys(changes) }
	});
	return updated!;
}

/** "Still right": confirms the entry without changing it. */
export async function markServiceChecked(ctx: Context, id: string) {
	const { structure } = await loadForWrite(ctx, id, 'update');
	const updated = await repo.updateService(ctx.db, id, { lastCheckedAt: nowOf(ctx) });
	await repo.insertHistory(ctx.db, {
		serviceId: id,
		changedBy: ctx.actor.user?.id ?? null,
		kind: 'check',
		changes: {}
	});
	await audit(ctx, {
		action: 'service.check',
		objectType: 'service',
		objectId: id,
		organisationId: structure.organisationId
	});
	return updated!;
}

export async function deleteService(ctx: Context, id: string) {
	const { structure } = await loadForWrite(ctx, id, 'delete');
	await repo.deleteService(ctx.db, id);
	await audit(ctx, {
		action: 'service.delete',
		objectType: 'service',
		objectId: id,
		organisationId: structure.organisationId
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
