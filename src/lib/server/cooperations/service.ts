import type { Context } from '../context';
import { NotFoundError, ValidationError, type FieldIssue } from '../errors';
import { authorize, can, ForbiddenError, MANAGING_PARTIES, type Target } from '../policy/policy';
import { audit } from '../audit/service';
import { inTransaction } from '../db/transaction';
import { getOrganisation, membersAmong } from '../organisations/service';
import { territoryPath } from '../territories/service';
import * as repo from './repository';
import type { CooperationInput, PartyInput } from './validation';

export type Cooperation = repo.CooperationRow;
export type Party = Awaited<ReturnType<typeof repo.partiesOf>>[number] & {
	signatories: { userId: string; displayName: string }[];
};

/**
 * A cooperation as stored, with what the acting user may do in it. Every domain that hangs objects from a
 * cooperation (charter, bodies, meetings, decisions, pathways) decides access from this, never from the request.
 */
export interface CooperationAccess {
	cooperation: Cooperation;
	parties: Party[];
	/** policy target built from the stored rows */
	target: Target;
	/** the actor belongs to one of the parties */
	isMember: boolean;
	/** pilot, co-pilot, facilitator (admin or member there), coordinator of the territory, or instance admin */
	canManage: boolean;
	/** parties the actor is authorised to commit (approve, sign, vote); instance admins get no such power */
	signatoryFor: string[];
}

export async function cooperationAccess(ctx: Context, id: string): Promise<CooperationAccess> {
	const cooperation = await repo.findCooperation(ctx.db, id);
	if (!cooperation) throw new NotFoundError('cooperation', id);
	const [parties, signatories, place] = await Promise.all([
		repo.partiesOf(ctx.db, id),
		repo.signatoriesOf(ctx.db, id),
		territoryPath(ctx, cooperation.territoryType as never, cooperation.territoryCode)
	]);
	const withSignatories: Party[] = parties.map((p) => ({
		...p,
		signatories: signatories
			.filter((s) => s.organisationId === p.organisationId)
			.map(({ userId, displayName }) => ({ userId, displayName }))
	}));
	const target: Target = { place, cooperation: { parties } };
	const partyIds = new Set(parties.map((p) => p.organisationId));
	const userId = ctx.actor.user?.id;
	return {
		cooperation,
		parties: withSignatories,
		target,
		isMember: ctx.actor.memberships.some((m) => partyIds.has(m.organisationId)),
		canManage: can(ctx.actor, 'update', 'cooperation', target),
		signatoryFor: userId ? signatories.filter((s) => s.userId === userId).map((s) => s.organisationId) : []
	};
}

/** Throws 403 unless the actor is an authorised member of this party (no one else, instance admins included). */
export function assertSignatory(ctx: Context, access: CooperationAccess, organisationId: string) {
	if (!access.signatoryFor.includes(organisationId))
		throw new ForbiddenError('update', 'cooperation', ctx.actor.user !== null);
}

export async function getCooperation(ctx: Context, id: string) {
	const access = await cooperationAccess(ctx, id);
	authorize(ctx.actor, 'read', 'cooperation', access.target);
	return access;
}

export async function listCooperations(
	ctx: Context,
	page: { limit: number; offset: number; mine?: boolean; q?: string }
) {
	authorize(ctx.actor, 'read', 'cooperation');
	const organisationIds = page.mine ? ctx.actor.memberships.map((m) => m.organisationId) : undefined;
	return repo.listCooperations(ctx.db, { ...page, organisationIds });
}

/** A page of cooperations (« Mes coopérations » when `mine`), searched by name, with the total. */
export async function searchCooperations(
	ctx: Context,
	page: { limit: number; offset: number; mine?: boolean; q?: string }
) {
	authorize(ctx.actor, 'read', 'cooperation');
	const filter = {
		organisationIds: page.mine ? ctx.actor.memberships.map((m) => m.organisationId) : undefined,
		q: page.q?.trim() || undefined
	};
	const [items, total] = await Promise.all([
		repo.listCooperations(ctx.db, { ...filter, limit: page.limit, offset: page.offset }),
		repo.countCooperations(ctx.db, filter)
	]);
	return { items, total };
}

/** Field issues of a set of parties: known organisations, once each, signatories who are their members, a pilot. */
export async function checkParties(ctx: Context, parties: PartyInput[]): Promise<FieldIssue[]> {
	const issues: FieldIssue[] = [];
	const seen = new Set<string>();
	for (const [i, p] of parties.entries()) {
		if (seen.has(p.organisationId))
			issues.push({ field: `parties.${i}.organisationId`, message: 'cooperation.partyTwice' });
		seen.add(p.organisationId);
		const exists = await getOrganisation(ctx, p.organisationId).then(
			() => true,
			() => false
		);
		if (!exists) {
			issues.push({ field: `parties.${i}.organisationId`, message: 'cooperation.partyUnknown' });
			continue;
		}
		const members = await membersAmong(ctx, p.organisationId, p.signatoryUserIds);
		p.signatoryUserIds.forEach((userId, j) => {
			if (!members.has(userId))
				issues.push({
					field: `parties.${i}.signatoryUserIds.${j}`,
					message: 'cooperation.signatoryNotMember'
				});
		});
	}
	if (parties.length && !parties.some((p) => p.role === 'pilote'))
		issues.push({ field: 'parties', message: 'cooperation.pilotRequired' });
	return issues;
}

/**
 * Whether to offer the creation form: coordinators of some territory and instance admins. Only a hint for the
 * pages; createCooperation decides from the territory actually chosen.
 */
export function mayCreateSomewhere(actor: Context['actor']): boolean {
	return !!actor.user?.isInstanceAdmin || actor.coordinations.length > 0;
}

/** Coordinators of the territory create cooperations (ADR 008): the territory is checked before anything is written. */
export async function createCooperation(ctx: Context, input: CooperationInput) {
	const place = await territoryPath(ctx, input.territoryType, input.territoryCode);
	if (!Object.keys(place).length)
		throw new ValidationError([{ field: 'territoryCode', message: 'territory.unknown' }]);
	authorize(ctx.actor, 'create', 'cooperation', { place });
	const issues = await checkParties(ctx, input.parties);
	if (issues.length) throw new ValidationError(issues);
	return inTransaction(ctx, async (tx) => {
		const cooperation = await repo.insertCooperation(tx.db, {
			name: input.name,
			description: input.description,
			themes: input.themes,
			territoryType: input.territoryType,
			territoryCode: input.territoryCode,
			createdBy: ctx.actor.user?.id || null
		});
		for (const p of input.parties) {
			await repo.insertParty(tx.db, {
				cooperationId: cooperation.id,
				organisationId: p.organisationId,
				role: p.role
			});
			await repo.replaceSignatories(tx.db, cooperation.id, p.organisationId, p.signatoryUserIds);
		}
		await audit(tx, {
			action: 'cooperation.create',
			objectType: 'cooperation',
			objectId: cooperation.id,
			details: { parties: input.parties.map((p) => ({ organisationId: p.organisationId, role: p.role })) }
		});
		return cooperation;
	});
}

export { MANAGING_PARTIES };

/**
 * Active cooperations where one of the holding organisations and one of `others` are both parties, with that
 * party's role, in one query. For the pathways sharing rule (pathways/access.ts), which has already placed the
 * actor; no authorization here.
 */
export async function sharedCooperations(
	ctx: Pick<Context, 'db'>,
	holderOrganisationIds: readonly string[],
	others: readonly string[]
) {
	return repo.sharedWith(ctx.db, holderOrganisationIds, others);
}

/**
 * The same as a subquery, for the charters domain to read the sharing table in force of each cooperation in the
 * same statement (`charters/queries.sharingBetween`). Both lists must be non-empty.
 */
export function sharedCooperationsQuery(
	ctx: Pick<Context, 'db'>,
	holderOrganisationIds: readonly string[],
	others: readonly string[]
) {
	return repo.sharedWithQuery(ctx.db, holderOrganisationIds, others).as('shared');
}
