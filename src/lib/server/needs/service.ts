import type { Context } from '../context';
import { nowOf } from '../context';
import { audit } from '../audit/service';
import type { Actor } from '../policy/actor';
import { authorize, can, ForbiddenError } from '../policy/policy';
import * as repo from './repository';
import type { NeedExpertise, NeedSource } from './schema';
import type { Need, NeedsQuery } from './validation';

/**
 * The shared needs inventory (issue 12 §4): recorded by partners (typed in, or from a refused referral, a forum, a
 * feedback), qualified and merged by the territory's coordinators (editing.ts). Nothing here ever holds person data,
 * so every signed-in professional (any organisation, any role) and every coordinator reads the whole inventory.
 */

export interface NeedInput {
	title: string;
	description?: string;
	themes: string[];
	territoryType: string;
	territoryCode: string;
	publics: string[];
	source: NeedSource;
	expertise?: NeedExpertise | null;
	evidence?: Record<string, unknown>;
	referralId?: string | null;
	/** the reporting organisation: the actor must be one of its professionals (or a coordinator) */
	organisationId: string;
}

export const toNeed = (row: repo.NeedRow): Need => ({
	id: row.id,
	title: row.title,
	description: row.description,
	themes: row.themes,
	territoryType: row.territoryType,
	territoryCode: row.territoryCode,
	publics: row.publics,
	source: row.source as Need['source'],
	expertise: (row.expertise as Need['expertise']) ?? null,
	evidence: (row.evidence ?? {}) as Record<string, unknown>,
	referralId: row.referralId,
	reportedByOrganisationId: row.reportedByOrganisationId,
	reportedAt: row.reportedAt.toISOString(),
	status: row.status as Need['status'],
	reportCount: row.reportCount,
	mergedIntoId: row.mergedIntoId
});

/** Who acts, for a need's history: their name and the organisation they act for (as they are now). */
export function eventActor(actor: Actor, organisationId?: string | null) {
	const membership =
		actor.memberships.find((m) => m.organisationId === organisationId) ?? actor.memberships[0];
	return {
		actorUserId: actor.user?.id ?? null,
		actorName: actor.user?.displayName ?? null,
		actorOrganisationId: membership?.organisationId ?? null,
		organisationName: membership?.organisationName ?? null
	};
}

/**
 * Records a need. Idempotent for a referral: the need already recorded for it is returned (`created: false`).
 * Call inside the use case's transaction; writes the audit entry.
 */
export async function recordNeed(ctx: Context, input: NeedInput): Promise<{ need: Need; created: boolean }> {
	authorize(ctx.actor, 'create', 'need', { organisationId: input.organisationId });
	if (input.referralId) {
		const existing = await repo.needOfReferral(ctx.db, input.referralId);
		if (existing) return { need: toNeed(existing), created: false };
	}
	const row = await repo.insertNeed(ctx.db, {
		title: input.title,
		description: input.description ?? '',
		themes: input.themes,
		territoryType: input.territoryType,
		territoryCode: input.territoryCode,
		publics: input.publics,
		source: input.source,
		expertise: input.expertise ?? null,
		evidence: input.evidence ?? {},
		referralId: input.referralId ?? null,
		reportedBy: ctx.actor.user?.id ?? null,
		reportedByOrganisationId: input.organisationId,
		reportedAt: nowOf(ctx)
	});
	if (!row) {
		// a concurrent request recorded it first (unique referral index)
		const existing = await repo.needOfReferral(ctx.db, input.referralId!);
		return { need: toNeed(existing!), created: false };
	}
	await repo.insertEvents(ctx.db, [
		{ needId: row.id, kind: 'created', at: row.reportedAt, ...eventActor(ctx.actor, input.organisationId) }
	]);
	await audit(ctx, {
		action: 'need.create',
		objectType: 'need',
		objectId: row.id,
		organisationId: input.organisationId,
		details: { source: row.source, referralId: row.referralId, themes: row.themes }
	});
	return { need: toNeed(row), created: true };
}

/** Whether the actor reads the inventory: any professional of an organisation (any role), a coordinator. */
export function readsNeeds(actor: Actor): boolean {
	return (
		!!actor.user?.isInstanceAdmin ||
		actor.coordinations.length > 0 ||
		actor.memberships.some((m) => can(actor, 'read', 'need', { organisationId: m.organisationId }))
	);
}

export function authorizeNeedsRead(actor: Actor): void {
	if (!readsNeeds(actor)) throw new ForbiddenError('read', 'need', actor.user !== null);
}

/** Needs of the inventory, newest first (merged duplicates left out), with how many match. */
export async function listNeeds(
	ctx: Context,
	query: Partial<NeedsQuery>
): Promise<{ needs: Need[]; total: number }> {
	authorizeNeedsRead(ctx.actor);
	const { rows, total } = await repo.listNeeds(ctx.db, {
		...query,
		limit: query.limit ?? 50,
		offset: query.offset ?? 0
	});
	return { needs: rows.map(toNeed), total };
}

/** The need recorded from a referral, if any (for the referral's pages; no authorization of its own). */
export async function needOfReferral(ctx: Pick<Context, 'db'>, referralId: string): Promise<Need | null> {
	const row = await repo.needOfReferral(ctx.db, referralId);
	return row ? toNeed(row) : null;
}
