import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { contextOf } from '$lib/server/api/operation';
import { handleForm } from '$lib/server/http/forms';
import { listOutbox } from '$lib/server/notifications/outbox';
import { listManualJobs, triggerJob } from '$lib/server/jobs/service';
import { ForbiddenError } from '$lib/server/policy/policy';
import { translator } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 20;

export const load: PageServerLoad = async (event) => {
	const ctx = contextOf(event);
	const page = Math.max(1, Math.min(100_000, Math.trunc(Number(event.url.searchParams.get('page')) || 1)));
	try {
		return { ...(await listOutbox(ctx, page, PAGE_SIZE)), jobs: await listManualJobs(ctx) };
	} catch (e) {
		if (e instanceof ForbiddenError) error(403, translator(event.locals.locale)('errors.forbidden'));
		throw e;
	}
};

export const actions: Actions = {
	run: async (event) =>
		handleForm(event, z.object({ job: z.string().min(1).max(100) }), async ({ job }) => ({
			job,
			result: await triggerJob(contextOf(event), job)
		}))
};
