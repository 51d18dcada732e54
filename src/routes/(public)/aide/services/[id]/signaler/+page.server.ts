import { error, redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { NotFoundError } from '$lib/server/errors';
import { getService } from '$lib/server/directory/service';
import { sendCorrectionRequest } from '$lib/server/directory/corrections';
import { correctionInputSchema, CORRECTION_PARTS } from '$lib/server/directory/corrections-validation';
import { handleForm, routeId } from '$lib/server/http/forms';
import { publicBaseUrl } from '$lib/server/http/base-url';
import { translator } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

/** "Signaler une erreur" on a public sheet: a form without account nor JavaScript, then a confirmation. */
export const load: PageServerLoad = async (event) => {
	const id = routeId(event);
	const found = await getService(contextOf(event), id).catch((e: unknown) => {
		if (e instanceof NotFoundError) error(404, translator(event.locals.locale)('portal.sheet.notFound'));
		throw e;
	});
	return {
		service: { id, name: found.service.name, structureName: found.structure.name },
		parts: CORRECTION_PARTS,
		sent: event.url.searchParams.has('envoye')
	};
};

export const actions: Actions = {
	default: async (event) => {
		const id = routeId(event);
		const result = await handleForm(event, correctionInputSchema, (input) =>
			sendCorrectionRequest(contextOf(event), id, input, { baseUrl: publicBaseUrl(event.url) })
		);
		// a robot's post (honeypot filled) gets the same confirmation as a person's
		if ('stored' in result) redirect(303, `/aide/services/${id}/signaler?envoye`);
		return result;
	}
};
