import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { contextOf } from '$lib/server/api/operation';
import { grantCoordination, listCoordinations, revokeCoordination } from '$lib/server/auth/coordinations';
import { coordinationInputSchema } from '$lib/server/auth/coordinations-validation';
import { pageQuerySchema } from '$lib/server/api/common';
import { handleForm } from '$lib/server/http/forms';
import { ForbiddenError } from '$lib/server/policy/policy';
import { translator } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 50;

export const load: PageServerLoad = async (event) => {
	const ctx = contextOf(event);
	const page = Math.max(1, Math.min(10_000, Math.trunc(Number(event.url.searchParams.get('page')) || 1)));
	const query = pageQuerySchema(PAGE_SIZE).parse({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
	try {
		const { items, total } = await listCoordinations(ctx, query);
		return { items, total, page, pageSize: PAGE_SIZE, mine: ctx.actor.coordinations };
	} catch (e) {
		if (e instanceof ForbiddenError) error(403, translator(event.locals.locale)('errors.forbidden'));
		throw e;
	}
};

export const actions: Actions = {
	grant: async (event) =>
		handleForm(event, coordinationInputSchema, async (input) => {
			await grantCoordination(contextOf(event), input);
			return { granted: input.email };
		}),
	revoke: async (event) =>
		handleForm(event, z.object({ id: z.uuid('id.invalid') }), async ({ id }) => {
			await revokeCoordination(contextOf(event), id);
			return { revoked: true };
		})
};
