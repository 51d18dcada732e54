import type { Context } from '../context';
import { nowOf } from '../context';
import { ConflictError, NotFoundError } from '../errors';
import { audit } from '../audit/service';
import { inTransaction } from '../db/transaction';
import { authorize, can, ForbiddenError } from '../policy/policy';
import { cooperationAccess, type CooperationAccess } from '../cooperations/service';
import { organisationKinds } from '../organisations/service';
import { getService } from '../directory/service';
import { seal, open } from '../crypto/fields';
import { auditPersonReads, personViews, reveal, type PersonView } from './access';
import { pingPongSettings } from './ping-pong';
import * as repo from './ping-pong-repository';
import type { Flag, HandleFlagInput, PathwaySettingsInput } from './ping-pong-validation';

/**
 * The coordinators' side of ping-pong (issue 11 §5): open flags with the chain of referrals, what was done, and the
 * per-cooperation threshold and window. Access: policy `pingPongFlag` on the stored cooperation (its coordinators
 * and managing parties). The person is named only when the viewer's organisation sees the identity through the
 * sharing rule; every name shown is an audited read.
 */

type IdentityValue = { firstName?: string; lastName?: string; usualName?: string };

export const personNumber = (id: string) => `Personne n° ${id.slice(0, 8)}`;

async function readableCooperations(ctx: Context, action: 'read' | 'update') {
	const ids = await repo.cooperationsWithFlags(ctx.db);
	const accesses = await Promise.all(ids.map((id) => cooperationAccess(ctx, id)));
	return accesses.filter((a) => can(ctx.actor, action, 'pingPongFlag', a.target));
}

function labelOf(view: PersonView | undefined, personId: string) {
	if (!view) return { id: personId, label: personNumber(personId), identified: false };
	const identity = reveal<IdentityValue>(view, 'identity', view.person.identitySealed);
	if (!identity.visible || !identity.value)
		return { id: personId, label: personNumber(personId), identified: false };
	const { firstName = '', lastName = '', usualName } = identity.value;
	const name = `${firstName} ${usualName || lastName}`.trim();
	return { id: personId, label: name || personNumber(personId), identified: true };
}

async function present(
	ctx: Context,
	rows: repo.FlagRow[],
	coops: Map<string, CooperationAccess>
): Promise<Flag[]> {
	const refs = await repo.chainReferrals(ctx.db, [...new Set(rows.flatMap((r) => r.chain))]);
	const byId = new Map(refs.map((r) => [r.id, r]));
	const orgIds = [...new Set(refs.flatMap((r) => [r.fromOrganisationId, r.toOrganisationId]))];
	const serviceIds = [...new Set(refs.map((r) => r.serviceId))];
	const [orgs, services, views] = await Promise.all([
		organisationKinds(ctx, orgIds),
		Promise.all(serviceIds.map((id) => getService(ctx, id).then((s) => [id, s.service.name] as const))),
		personViews(ctx, [...new Set(rows.map((r) => r.personId))])
	]);
	const orgName = new Map(orgs.map((o) => [o.id, o.name]));
	const serviceName = new Map(services);
	const viewOf = new Map(views.map((v) => [v.person.id, v]));
	const flags = rows.map((row): Flag => {
		const person = labelOf(viewOf.get(row.personId), row.personId);
		const coop = row.cooperationId ? coops.get(row.cooperationId) : undefined;
		return {
			id: row.id,
			cooperationId: row.cooperationId,
			cooperationName: coop?.cooperation.name ?? null,
			trigger: row.trigger as Flag['trigger'],
			status: row.status as Flag['status'],
			raisedAt: row.raisedAt.toISOString(),
			handledAt: row.handledAt?.toISOString() ?? null,
			handling:
				row.handlingSealed && (person.identified || row.handledBy === ctx.actor.user?.id)
					? open<string>(row.handlingSealed, row.personId)
					: null,
			person,
			chain: row.chain.flatMap((id) => {
				const r = byId.get(id);
				if (!r) return [];
				return [
					{
						referralId: r.id,
						from: orgName.get(r.fromOrganisationId) ?? '',
						to: orgName.get(r.toOrganisationId) ?? '',
						service: serviceName.get(r.serviceId) ?? '',
						status: r.status as Flag['chain'][number]['status'],
						refusalReason: (r.refusalReason as Flag['chain'][number]['refusalReason']) ?? null,
						createdAt: r.createdAt.toISOString(),
						closedAt: r.closedAt?.toISOString() ?? null
					}
				];
			})
		};
	});
	const named = views.filter((v) => flags.some((f) => f.person.id === v.person.id && f.person.identified));
	await auditPersonReads(ctx, named, 'pingPongFlag');
	return flags;
}

/** Flags of the cooperations the actor coordinates or manages (open first). */
export async function listFlags(ctx: Context, query: { status?: 'open' | 'handled' } = {}) {
	if (!ctx.actor.user) throw new ForbiddenError('read', 'pingPongFlag', false);
	return inTransaction(ctx, async (tx) => {
		const coops = await readableCooperations(tx, 'read');
		const rows = await repo.flagsOf(
			tx.db,
			coops.map((c) => c.cooperation.id),
			query.status
		);
		return { flags: await present(tx, rows, new Map(coops.map((c) => [c.cooperation.id, c]))) };
	});
}

/** Whether the actor coordinates or manages at least one cooperation (the alerts page shows itself to them). */
export function mayWatchFlags(ctx: Context): boolean {
	const a = ctx.actor;
	return !!a.user && (a.user.isInstanceAdmin || a.coordinations.length > 0 || a.memberships.length > 0);
}

async function flagInReach(ctx: Context, id: string, action: 'read' | 'update') {
	const row = await repo.findFlag(ctx.db, id);
	if (!row?.cooperationId) throw new NotFoundError('pingPongFlag', id);
	const access = await cooperationAccess(ctx, row.cooperationId);
	if (!can(ctx.actor, action, 'pingPongFlag', access.target)) throw new NotFoundError('pingPongFlag', id);
	return { row, access };
}

export async function getFlag(ctx: Context, id: string): Promise<Flag> {
	return inTransaction(ctx, async (tx) => {
		const { row, access } = await flagInReach(tx, id, 'read');
		const [flag] = await present(tx, [row], new Map([[access.cooperation.id, access]]));
		return flag!;
	});
}

/** « Ce qui a été fait »: the handling (sealed, bound to the person) closes the flag; once only. */
export async function handleFlag(ctx: Context, id: string, input: HandleFlagInput): Promise<Flag> {
	return inTransaction(ctx, async (tx) => {
		const { row, access } = await flagInReach(tx, id, 'update');
		const done = await repo.handleFlag(
			tx.db,
			id,
			seal(input.handling, row.personId),
			tx.actor.user?.id ?? null,
			nowOf(tx)
		);
		if (!done) throw new ConflictError('pingpong.alreadyHandled');
		await audit(tx, {
			action: 'pathways.pingpong.handle',
			objectType: 'pingPongFlag',
			objectId: id,
			details: { cooperationId: row.cooperationId, trigger: row.trigger }
		});
		const [flag] = await present(tx, [done], new Map([[access.cooperation.id, access]]));
		return flag!;
	});
}

export async function getPathwaySettings(ctx: Context, cooperationId: string) {
	const access = await cooperationAccess(ctx, cooperationId);
	authorize(ctx.actor, 'read', 'cooperation', access.target);
	const row = await repo.settingsOf(ctx.db, cooperationId);
	const settings = await pingPongSettings(ctx, cooperationId);
	return { cooperationId, ...settings, isDefault: !row, canManage: access.canManage };
}

/** Threshold and window of a cooperation: its managers (pilot, co-pilot, facilitator, coordinators). */
export async function updatePathwaySettings(
	ctx: Context,
	cooperationId: string,
	input: PathwaySettingsInput
) {
	return inTransaction(ctx, async (tx) => {
		const access = await cooperationAccess(tx, cooperationId);
		authorize(tx.actor, 'update', 'cooperation', access.target);
		const before = await pingPongSettings(tx, cooperationId);
		await repo.upsertSettings(tx.db, cooperationId, input.threshold, input.windowDays);
		await audit(tx, {
			action: 'pathways.settings.update',
			objectType: 'cooperation',
			objectId: cooperationId,
			details: { before, after: input }
		});
		return { cooperationId, ...input, isDefault: false };
	});
}
