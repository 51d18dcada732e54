import type { Context } from '../context';
import { nowOf } from '../context';
import { audit } from '../audit/service';
import { inTransaction } from '../db/transaction';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import type { TerritoryPath } from '../policy/actor';
import { authorize, can, ForbiddenError } from '../policy/policy';
import { territoryPath } from '../territories/service';
import { getOrganisation } from '../organisations/service';
import * as repo from './repository';
import type { NeedStatus } from './schema';
import { authorizeNeedsRead, eventActor, recordNeed, toNeed } from './service';
import type { Need, NeedDetail, NeedFormInput, NeedPatch, NeedTerritoryType } from './validation';

/**
 * Adding a need by hand, qualifying it (coordinators of its territory), a partner's edit of their own need while it
 * is « à qualifier », and merging duplicates. Authorization is decided from the stored need, never the request.
 */

/** Status moves a coordinator may make: forward, back one step, close, and reopen a closed need. */
const MOVES: Record<NeedStatus, readonly NeedStatus[]> = {
	to_qualify: ['confirmed', 'closed'],
	confirmed: ['to_qualify', 'answered', 'closed'],
	answered: ['confirmed', 'closed'],
	closed: ['to_qualify', 'confirmed']
};

export const canMove = (from: NeedStatus, to: NeedStatus) => from === to || MOVES[from].includes(to);

/** The place of a territory of the platform; an unknown code is the field's error. */
async function placeOf(
	ctx: Pick<Context, 'db'>,
	type: NeedTerritoryType,
	code: string
): Promise<TerritoryPath> {
	const place = await territoryPath(ctx, type, code);
	if (!place[type] || !place.departement)
		throw new ValidationError([{ field: 'territoryCode', message: `need.territoryUnknown:${code}` }]);
	return place;
}

const evidenceOf = (text?: string, url?: string) => ({
	...(text ? { text } : {}),
	...(url ? { url } : {})
});

/** A need typed in by a professional for one of their organisations (the first one they write for by default). */
export async function addNeed(ctx: Context, input: NeedFormInput): Promise<Need> {
	const organisationId =
		input.organisationId ??
		ctx.actor.memberships.find((m) => m.role !== 'reader')?.organisationId ??
		ctx.actor.memberships[0]?.organisationId;
	if (!organisationId) throw new ForbiddenError('create', 'need', ctx.actor.user !== null);
	authorize(ctx.actor, 'create', 'need', { organisationId });
	await placeOf(ctx, input.territoryType, input.territoryCode);
	return inTransaction(ctx, async (tx) => {
		const { need } = await recordNeed(tx, {
			title: input.title,
			description: input.description,
			themes: [...new Set(input.themes)],
			territoryType: input.territoryType,
			territoryCode: input.territoryCode,
			publics: [...new Set(input.publics)],
			source: input.source,
			expertise: input.expertise,
			evidence: evidenceOf(input.evidenceText, input.evidenceUrl),
			organisationId
		});
		return need;
	});
}

async function storedNeed(ctx: Context, id: string, lock = false): Promise<repo.NeedRow> {
	const row = await repo.findNeed(ctx.db, id, lock);
	if (!row) throw new NotFoundError('need', id);
	return row;
}

/** Whether the actor qualifies this need: a coordination covering its territory (or the instance admin). */
async function qualifies(ctx: Context, row: repo.NeedRow): Promise<boolean> {
	if (ctx.actor.user?.isInstanceAdmin) return true;
	if (!ctx.actor.coordinations.length) return false;
	const place = await territoryPath(ctx, row.territoryType as NeedTerritoryType, row.territoryCode);
	return can(ctx.actor, 'update', 'need', { place });
}

/** A partner edits their own organisation's need while nobody has qualified it yet. */
const editsOwn = (ctx: Context, row: repo.NeedRow) =>
	row.status === 'to_qualify' &&
	!!row.reportedByOrganisationId &&
	can(ctx.actor, 'create', 'need', { organisationId: row.reportedByOrganisationId });

/** A need with its history, its merged duplicates and what the actor may do with it. */
export async function getNeed(ctx: Context, id: string): Promise<NeedDetail> {
	authorizeNeedsRead(ctx.actor);
	const row = await storedNeed(ctx, id);
	const canQualify = !row.mergedIntoId && (await qualifies(ctx, row));
	const events = await repo.eventsOf(ctx.db, id);
	const duplicates = await repo.duplicatesOf(ctx.db, id);
	const into = row.mergedIntoId ? await repo.findNeed(ctx.db, row.mergedIntoId) : undefined;
	const organisations: Record<string, string> = {};
	for (const orgId of new Set([row, ...duplicates].map((r) => r.reportedByOrganisationId)))
		if (orgId) organisations[orgId] = (await getOrganisation(ctx, orgId)).name;
	return {
		organisations,
		need: toNeed(row),
		history: events.map((e) => ({
			id: e.id,
			kind: e.kind as NeedDetail['history'][number]['kind'],
			otherNeedId: e.otherNeedId,
			changes: (e.changes ?? {}) as Record<string, unknown>,
			actorName: e.actorName,
			organisationName: e.organisationName,
			at: e.at.toISOString()
		})),
		duplicates: duplicates.map((d) => ({
			id: d.id,
			title: d.title,
			reportedAt: d.reportedAt.toISOString(),
			reportedByOrganisationId: d.reportedByOrganisationId
		})),
		mergedInto: into ? { id: into.id, title: into.title } : null,
		canQualify,
		canEdit: canQualify || (!row.mergedIntoId && editsOwn(ctx, row))
	};
}

const EDITABLE = [
	'title',
	'description',
	'themes',
	'territoryType',
	'territoryCode',
	'publics',
	'source',
	'expertise',
	'status'
] as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Changes only the fields sent. Coordinators of the need's territory change everything (status included; a new
 * territory must be covered too); the reporting organisation's professionals change the rest while it is
 * « à qualifier ». One history row with the fields changed, one audit entry, in one transaction.
 */
export async function updateNeed(ctx: Context, id: string, patch: NeedPatch): Promise<Need> {
	authorizeNeedsRead(ctx.actor);
	return inTransaction(ctx, async (tx) => {
		const row = await storedNeed(tx, id, true);
		if (row.mergedIntoId) throw new ConflictError('needs.merged');
		const coordinator = await qualifies(tx, row);
		if (!coordinator && (patch.status !== undefined || !editsOwn(tx, row)))
			throw new ForbiddenError('update', 'need', true);
		const values: Partial<repo.NewNeed> = {};
		for (const key of EDITABLE) if (patch[key] !== undefined) Object.assign(values, { [key]: patch[key] });
		if (values.themes) values.themes = [...new Set(values.themes)];
		if (values.publics) values.publics = [...new Set(values.publics)];
		if (patch.evidenceText !== undefined || patch.evidenceUrl !== undefined) {
			const old = (row.evidence ?? {}) as Record<string, unknown>;
			values.evidence = {
				...old,
				...evidenceOf(
					patch.evidenceText ?? (old.text as string | undefined),
					patch.evidenceUrl ?? (old.url as string | undefined)
				)
			};
		}
		if (patch.status && !canMove(row.status as NeedStatus, patch.status))
			throw new ValidationError([{ field: 'status', message: `need.statusMove:${patch.status}` }]);
		const type = (values.territoryType ?? row.territoryType) as NeedTerritoryType;
		const code = values.territoryCode ?? row.territoryCode;
		if (type !== row.territoryType || code !== row.territoryCode) {
			const place = await placeOf(tx, type, code);
			if (coordinator && !ctx.actor.user?.isInstanceAdmin && !can(ctx.actor, 'update', 'need', { place }))
				throw new ForbiddenError('update', 'need', true);
		}
		const changes: Record<string, { from: unknown; to: unknown }> = {};
		for (const [key, to] of Object.entries(values)) {
			const from = row[key as keyof repo.NeedRow];
			if (!same(from, to)) changes[key] = { from, to };
		}
		if (!Object.keys(changes).length) return toNeed(row);
		const updated = await repo.updateNeed(tx.db, id, { ...values, updatedAt: nowOf(tx) });
		await repo.insertEvents(tx.db, [
			{ needId: id, kind: 'updated', changes, at: nowOf(tx), ...eventActor(ctx.actor) }
		]);
		await audit(tx, {
			action: changes.status ? 'need.qualify' : 'need.update',
			objectType: 'need',
			objectId: id,
			organisationId: row.reportedByOrganisationId,
			details: { fields: Object.keys(changes), status: changes.status ?? undefined }
		});
		return toNeed(updated);
	});
}

/**
 * Merges a duplicate into the need kept: the duplicate leaves the lists and points to the kept one; its
 * thématiques, publics, evidence and report count are added to the kept one; both histories say so. Only a
 * coordinator covering both needs' territories; never into itself nor into (or from) a need already merged.
 */
export async function mergeNeeds(ctx: Context, keptId: string, duplicateId: string): Promise<Need> {
	authorizeNeedsRead(ctx.actor);
	if (keptId === duplicateId)
		throw new ValidationError([{ field: 'duplicateId', message: 'need.mergeSelf' }]);
	return inTransaction(ctx, async (tx) => {
		// lock in a fixed order so that two crossed merges cannot deadlock
		const [first, second] = [keptId, duplicateId].sort();
		const rows = new Map<string, repo.NeedRow>();
		for (const id of [first!, second!]) rows.set(id, await storedNeed(tx, id, true));
		const kept = rows.get(keptId)!;
		const duplicate = rows.get(duplicateId)!;
		if (!(await qualifies(tx, kept)) || !(await qualifies(tx, duplicate)))
			throw new ForbiddenError('update', 'need', true);
		if (kept.mergedIntoId || duplicate.mergedIntoId) throw new ConflictError('needs.merged');
		const at = nowOf(tx);
		const keptEvidence = (kept.evidence ?? {}) as Record<string, unknown>;
		const merged = Array.isArray(keptEvidence.merged) ? keptEvidence.merged : [];
		const updated = await repo.updateNeed(tx.db, keptId, {
			themes: [...new Set([...kept.themes, ...duplicate.themes])],
			publics: [...new Set([...kept.publics, ...duplicate.publics])],
			evidence: {
				...keptEvidence,
				merged: [
					...merged,
					{ needId: duplicate.id, title: duplicate.title, ...(duplicate.evidence as object) }
				]
			},
			reportCount: kept.reportCount + duplicate.reportCount,
			updatedAt: at
		});
		await repo.updateNeed(tx.db, duplicateId, { mergedIntoId: keptId, updatedAt: at });
		const who = eventActor(ctx.actor);
		await repo.insertEvents(tx.db, [
			{ needId: keptId, kind: 'merged_from', otherNeedId: duplicateId, at, ...who },
			{ needId: duplicateId, kind: 'merged_into', otherNeedId: keptId, at, ...who }
		]);
		await audit(tx, {
			action: 'need.merge',
			objectType: 'need',
			objectId: keptId,
			organisationId: kept.reportedByOrganisationId,
			details: { duplicateId, reportCount: updated.reportCount }
		});
		return toNeed(updated);
	});
}
