import { error, redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { lifeEvent } from '$lib/server/directory/life-events';
import { submitFeedback } from '$lib/server/feedback/service';
import { feedbackInputSchema } from '$lib/server/feedback/validation';
import { FEEDBACK_MISSING } from '$lib/server/feedback/schema';
import { handleForm } from '$lib/server/http/forms';
import { translator } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

/** « Votre avis » on a life event, for the commune the person chose on the page. */
export const load: PageServerLoad = async (event) => {
	const found = lifeEvent(event.params.slug);
	if (!found) error(404, translator(event.locals.locale)('errors.pageNotFound'));
	return { slug: found.slug, missingChoices: FEEDBACK_MISSING, sent: event.url.searchParams.has('envoye') };
};

export const actions: Actions = {
	default: async (event) => {
		const found = lifeEvent(event.params.slug);
		if (!found) error(404, translator(event.locals.locale)('errors.pageNotFound'));
		const result = await handleForm(event, feedbackInputSchema, (input) =>
			submitFeedback(contextOf(event), { lifeEventSlug: found.slug }, input)
		);
		if ('stored' in result) redirect(303, `/aide/situations/${found.slug}/avis?envoye`);
		return result;
	}
};
