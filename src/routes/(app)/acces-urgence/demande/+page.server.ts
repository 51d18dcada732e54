import { z } from 'zod';
import { contextOf } from '$lib/server/api/operation';
import { handleForm } from '$lib/server/http/forms';
import { requestBreakGlass } from '$lib/server/pathways/break-glass';
import { breakGlassInputSchema } from '$lib/server/pathways/rights-validation';
import type { Actions } from './$types';

/**
 * A professional asks emergency access by the record's reference. Nothing about the person is shown here: the
 * answer is the expiry and a link to the record, read (and audited) through the sharing rule like any other read.
 */
export const actions: Actions = {
	default: async (event) =>
		handleForm(
			event,
			z.object({ personId: z.uuid('rights.personIdInvalid') }).and(breakGlassInputSchema),
			async ({ personId, reason, hours }) => {
				const grant = await requestBreakGlass(contextOf(event), personId, { reason, hours });
				return { granted: { personId, expiresAt: grant.expiresAt } };
			}
		)
};
