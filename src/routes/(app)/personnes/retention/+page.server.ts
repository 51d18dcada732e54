import { z } from 'zod';
import { contextOf } from '$lib/server/api/operation';
import { handleForm } from '$lib/server/http/forms';
import { can } from '$lib/server/policy/policy';
import { keepPerson, retentionProposals } from '$lib/server/pathways/retention';
import { KEEP_REASONS, keepInputSchema } from '$lib/server/pathways/rights-validation';
import type { Actions, PageServerLoad } from './$types';

/** Records proposed for deletion, for the admins of their holding organisations (« Conserver »). */
export const load: PageServerLoad = async (event) => {
	const ctx = contextOf(event);
	const organisations = ctx.actor.memberships.filter((m) =>
		can(ctx.actor, 'delete', 'person', { organisationId: m.organisationId })
	);
	const items = [];
	for (const m of organisations) items.push(...(await retentionProposals(ctx, m.organisationId)));
	return { items, keepReasons: KEEP_REASONS };
};

export const actions: Actions = {
	keep: async (event) =>
		handleForm(event, z.object({ id: z.uuid('id.invalid') }).and(keepInputSchema), async ({ id, reason }) => {
			await keepPerson(contextOf(event), id, { reason });
			return { kept: id };
		})
};
