import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { contextOf } from '$lib/server/api/operation';
import { feedbackToNeed, moderateFeedback, moderationQueue } from '$lib/server/feedback/service';
import { FEEDBACK_STATUSES, type FeedbackStatus } from '$lib/server/feedback/schema';
import { moderationSchema } from '$lib/server/feedback/validation';
import { readForm } from '$lib/server/http/forms';
import { translator } from '$lib/i18n';
import { guard, runForm } from '../../annuaire/guard';
import type { Actions, PageServerLoad } from './$types';

/** The moderation queue of the coordinators: feedback left in their territories, pending first (issue 12 §8). */
export const load: PageServerLoad = async (event) => {
	const ctx = contextOf(event);
	const asked = event.url.searchParams.get('statut');
	const status: FeedbackStatus = (FEEDBACK_STATUSES as readonly string[]).includes(asked ?? '')
		? (asked as FeedbackStatus)
		: 'pending';
	const coordinator = ctx.actor.coordinations.length > 0 || !!ctx.actor.user?.isInstanceAdmin;
	const items = coordinator
		? await guard(event, () => moderationQueue(ctx, { status, limit: 100, offset: 0 }))
		: [];
	const done = event.url.searchParams.get('fait');
	return {
		coordinator,
		status,
		statuses: FEEDBACK_STATUSES,
		items,
		done: done === 'approved' || done === 'rejected' || done === 'need' ? done : null
	};
};

async function formOf(event: RequestEvent) {
	const form = await readForm(event);
	const raw = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')) as Record<
		string,
		string
	>;
	const id = z.uuid().safeParse(raw.id);
	if (!id.success) error(404, translator(event.locals.locale)('errors.notFound'));
	return { raw, id: id.data };
}

export const actions: Actions = {
	moderate: async (event) => {
		const { raw, id } = await formOf(event);
		const result = await runForm(event, moderationSchema, raw, raw, async (input) => {
			await moderateFeedback(contextOf(event), id, input);
			return { done: input.decision === 'approve' ? 'approved' : 'rejected' };
		});
		if ('done' in result) redirect(303, `/coordination/avis?fait=${result.done}`);
		return result;
	},
	toNeed: async (event) => {
		const { raw, id } = await formOf(event);
		const result = await runForm(event, z.object({}), {}, raw, async () => {
			await feedbackToNeed(contextOf(event), id);
			return { done: 'need' };
		});
		if ('done' in result) redirect(303, `/coordination/avis?statut=approved&fait=${result.done}`);
		return result;
	}
};
