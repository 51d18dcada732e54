import type { Context } from '$lib/server/context';
import { structuresOfOrganisation } from '$lib/server/directory/service';
import { can } from '$lib/server/policy/policy';

/** The organisations whose offer this person edits, each with its structures. */
export async function editableOrganisations(ctx: Context) {
	const memberships = ctx.actor.memberships.filter((m) =>
		can(ctx.actor, 'create', 'service', { organisationId: m.organisationId })
	);
	const seen = new Set<string>();
	const out = [];
	for (const m of memberships) {
		if (seen.has(m.organisationId)) continue;
		seen.add(m.organisationId);
		const structures = await structuresOfOrganisation(ctx.db, m.organisationId);
		out.push({
			id: m.organisationId,
			name: m.organisationName,
			structures: structures.map((s) => ({ id: s.id, name: s.name }))
		});
	}
	return out;
}
