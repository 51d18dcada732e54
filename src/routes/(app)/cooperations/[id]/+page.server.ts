import { contextOf } from '$lib/server/api/operation';
import { getCooperation } from '$lib/server/cooperations/service';
import { cooperationHistory } from '$lib/server/cooperations/changes';
import { getOrganisation } from '$lib/server/organisations/service';
import { getTerritory } from '$lib/server/territories/service';
import type { TerritoryType } from '$lib/server/policy/actor';
import { routeId } from '$lib/server/http/forms';
import { guard } from '../../annuaire/guard';
import { charterSummary } from '$lib/server/charters/queries';
import { bodiesSummary } from '$lib/server/governance/bodies';
import { openActionsOf } from '$lib/server/governance/actions';
import { recentDecisions } from '$lib/server/governance/register';
import { can } from '$lib/server/policy/policy';
import type { PageServerLoad } from './$types';

/**
 * What other areas show on the cooperation page. Each stays null (an empty state) until its area is wired in,
 * one line each, e.g. `summaries.charter = await charterSummary(ctx, id);`.
 */
export interface CooperationSummaries {
	/** the version in force and the one in approval */
	charter: {
		inForce?: { version: number; frozenAt: string } | null;
		inApproval?: { version: number } | null;
		href?: string;
	} | null;
	bodies: { id: string; name: string; kind: string; href?: string }[] | null;
	actions:
		{ id: string; title: string; dueDate?: string | null; owner?: string | null; overdue?: boolean }[] | null;
	decisions: { id: string; text: string; date: string; status: string; href?: string }[] | null;
}

/**
 * Each area's summary, for those the actor may read: the cooperation loaded once is handed to each area, which
 * authorizes again from it (the charter's summary still loads its own).
 */
async function summariesOf(
	ctx: ReturnType<typeof contextOf>,
	access: Awaited<ReturnType<typeof getCooperation>>
): Promise<CooperationSummaries> {
	const id = access.cooperation.id;
	const may = (resource: 'charter' | 'body' | 'governanceAction' | 'decision') =>
		can(ctx.actor, 'read', resource, access.target);
	const [charter, bodies, actions, decisions] = await Promise.all([
		may('charter') ? charterSummary(ctx, id) : null,
		may('body') ? bodiesSummary(ctx, access) : null,
		may('governanceAction') ? openActionsOf(ctx, access) : null,
		may('decision') ? recentDecisions(ctx, access, 5) : null
	]);
	return {
		charter: charter && {
			inForce: charter.inForce && {
				version: charter.inForce.number,
				frozenAt: charter.inForce.frozenAt.toISOString()
			},
			inApproval: charter.open && { version: charter.open.number },
			href: charter.url
		},
		bodies:
			bodies?.map((b) => ({
				id: b.id,
				name: b.name,
				kind: b.kind,
				href: `/cooperations/${id}/instances/${b.id}`
			})) ?? null,
		actions:
			actions?.slice(0, 10).map((a) => ({
				id: a.id,
				title: a.title,
				dueDate: a.dueOn,
				owner: a.ownerName,
				overdue: a.overdue
			})) ?? null,
		decisions:
			decisions?.map((d) => ({
				id: d.id,
				text: d.title,
				date: d.decidedOn,
				status: d.status,
				href: `/cooperations/${id}/decisions/${d.id}`
			})) ?? null
	};
}

export const load: PageServerLoad = async (event) => {
	const id = routeId(event);
	const ctx = contextOf(event);
	const access = await guard(event, () => getCooperation(ctx, id));
	const { cooperation } = access;
	const [territory, history] = await Promise.all([
		getTerritory(ctx, cooperation.territoryType as TerritoryType, cooperation.territoryCode).catch(
			() => null
		),
		guard(event, () => cooperationHistory(ctx, access, 50))
	]);
	const names = new Map(access.parties.map((p) => [p.organisationId, p.organisationName]));
	for (const h of history) {
		const orgId = h.field.split(':')[1];
		if (orgId && !names.has(orgId))
			names.set(
				orgId,
				await getOrganisation(ctx, orgId).then(
					(o) => o.name,
					() => ''
				)
			);
	}
	const summaries = await summariesOf(ctx, access);
	return {
		cooperation: {
			id: cooperation.id,
			name: cooperation.name,
			description: cooperation.description,
			themes: cooperation.themes,
			status: cooperation.status,
			territoryType: cooperation.territoryType,
			territoryCode: cooperation.territoryCode,
			territoryName: territory?.name ?? cooperation.territoryCode
		},
		parties: access.parties.map((p) => ({
			organisationId: p.organisationId,
			organisationName: p.organisationName,
			role: p.role,
			signatories: p.signatories.map((s) => s.displayName)
		})),
		canManage: access.canManage,
		history: history.map((h) => {
			const [kind, orgId] = h.field.split(':');
			return {
				kind: kind!,
				organisation: orgId ? names.get(orgId) || null : null,
				before: h.before,
				after: h.after,
				changedAt: h.changedAt.toISOString(),
				changedBy: h.changedBy
			};
		}),
		summaries,
		created: event.url.searchParams.has('creee')
	};
};
