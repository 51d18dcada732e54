import { contextOf } from '$lib/server/api/operation';
import { getCooperation } from '$lib/server/cooperations/service';
import { cooperationHistory } from '$lib/server/cooperations/changes';
import { getOrganisation } from '$lib/server/organisations/service';
import { getTerritory } from '$lib/server/territories/service';
import type { TerritoryType } from '$lib/server/policy/actor';
import { routeId } from '$lib/server/http/forms';
import { guard } from '../../annuaire/guard';
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
	} | null;
	bodies: { id: string; name: string; kind: string; href?: string }[] | null;
	actions:
		{ id: string; title: string; dueDate?: string | null; owner?: string | null; overdue?: boolean }[] | null;
	decisions: { id: string; text: string; date: string; status: string; href?: string }[] | null;
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
	const summaries: CooperationSummaries = { charter: null, bodies: null, actions: null, decisions: null };
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
