import type { Context } from '../context';
import { authorize, can } from '../policy/policy';
import { getOrganisation } from '../organisations/service';
import { searchServices } from './search';
import { getStructure, serviceTarget } from './service';
import { listCorrespondents, structureTarget } from './correspondents';
import { placeLabels } from './places';
import type { TerritoryFilter } from './search-query';

/**
 * The directory as professionals read it: every organisation's services (the portal's search), each with its
 * structure's correspondents, which only signed-in partners see, and the actions this person may take on it
 * (decided by the policy on the stored structure, so a reader is offered none).
 */
export async function searchForProfessionals(
	ctx: Context,
	query: { q?: string; territory?: TerritoryFilter; page: number; pageSize: number }
) {
	authorize(ctx.actor, 'read', 'correspondent');
	const found = await searchServices(ctx, { ...query, facets: false });
	const structureIds = [...new Set(found.items.map((s) => s.structureId))];
	const structures = new Map(
		await Promise.all(
			structureIds.map(async (id) => {
				const { structure } = await getStructure(ctx, id);
				const [correspondents, target] = await Promise.all([
					listCorrespondents(ctx, id),
					structureTarget(ctx, structure)
				]);
				return [id, { structure, correspondents, target }] as const;
			})
		)
	);
	const organisationIds = [
		...new Set(found.items.flatMap((s) => (s.organisationId ? [s.organisationId] : [])))
	];
	const organisations = new Map(
		await Promise.all(organisationIds.map(async (id) => [id, (await getOrganisation(ctx, id)).name] as const))
	);
	const labels = await placeLabels(ctx, [
		...found.items.map((s) => s.communeCode),
		...found.items.flatMap((s) => s.eligibilityZone ?? [])
	]);
	const items = await Promise.all(
		found.items.map(async (s) => {
			const { structure, correspondents, target } = structures.get(s.structureId)!;
			return {
				id: s.id,
				name: s.name,
				description: s.description,
				thematiques: s.thematiques ?? [],
				phone: (s.phone as string | null | undefined) ?? structure.phone,
				email: s.email ?? structure.email,
				commune: s.communeCode ? (labels[s.communeCode] ?? s.communeCode) : null,
				zones: (s.eligibilityZone ?? []).map((c) => labels[c] ?? c),
				structure: { id: structure.id, name: structure.name },
				organisation: s.organisationId
					? { id: s.organisationId, name: organisations.get(s.organisationId) ?? '' }
					: null,
				correspondents: correspondents.map((c) => ({
					id: c.id,
					theme: c.theme,
					fullName: c.fullName,
					jobTitle: c.jobTitle,
					phone: c.phone,
					email: c.email
				})),
				canEditService: can(
					ctx.actor,
					'update',
					'service',
					await serviceTarget(ctx, { communeCode: s.communeCode ?? null }, structure)
				),
				canEditStructure: can(ctx.actor, 'update', 'structure', target)
			};
		})
	);
	return {
		items,
		total: found.total,
		page: found.page,
		pageSize: found.pageSize,
		correctedQuery: found.correctedQuery
	};
}
