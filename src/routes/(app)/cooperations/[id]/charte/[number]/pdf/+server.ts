import { error } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { routeId } from '$lib/server/http/forms';
import { problemOf } from '$lib/server/http/errors';
import { versionPdf } from '$lib/server/charters/pdf';
import { translator } from '$lib/i18n';
import { routeNumber } from '../../charter-form';
import type { RequestHandler } from './$types';

/** The PDF of a version, downloaded from the page (same service as the API's). */
export const GET: RequestHandler = async (event) => {
	const id = routeId(event);
	const number = routeNumber(event);
	try {
		const bytes = await versionPdf(contextOf(event), id, number);
		return new Response(bytes as BodyInit, {
			headers: {
				'content-type': 'application/pdf',
				'content-disposition': `attachment; filename="charte-v${number}.pdf"`,
				'cache-control': 'private, no-store'
			}
		});
	} catch (e) {
		const problem = problemOf(e);
		if (!problem) throw e;
		error(problem.status, translator(event.locals.locale)(problem.messageKey));
	}
};
