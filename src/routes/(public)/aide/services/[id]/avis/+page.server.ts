import { error, redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { NotFoundError } from '$lib/server/errors';
import { getService } from '$lib/server/directory/service';
import { submitFeedback } from '$lib/server/feedback/service';
import { feedbackInputSchema } from '$lib/server/feedback/validation';
import { FEEDBACK_MISSING } from '$lib/server/feedback/schema';
import { handleForm, routeId } from '$lib/server/http/forms';
import { translator } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

/** « Votre avis » on a service: the form of the sheet posts here; errors and the thanks are shown here. */
export const load: PageServerLoad = async (event) => {
	const id = routeId(event);
	const found = await getService(contextOf(event), id).catch((e: unknown) => {
		if (e instanceof NotFoundError) error(404, translator(event.locals.locale)('portal.sheet.notFound'));
		throw e;
	});
	return {
		service: { id, name: found.service.name },
		missingChoices: FEEDBACK_MISSING,
		sent: event.url.searchParams.has('envoye')
	};
};

export const actions: Actions = {
	default: async (event) => {
		const id = routeId(event);
		const result = await handleForm(event, feedbackInputSchema, (input) =>
			submitFeedback(contextOf(event), { serviceId: id }, input)
		);
		// a robot's post (honeypot filled) gets the same thanks as a person's
		if ('stored' in result) redirect(303, `/aide/services/${id}/avis?envoye`);
		return result;
	}
};
