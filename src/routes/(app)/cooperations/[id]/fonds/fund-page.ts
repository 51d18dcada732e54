import { error, type RequestEvent } from '@sveltejs/kit';
import { problemOf } from '$lib/server/http/errors';
import { translator } from '$lib/i18n';
import { formatEuros } from '$lib/server/charters/content';
import type { AdvanceSummary } from '$lib/server/fund/service';

/** Runs a service call in a page load: known domain errors become their status page (403, 404…). */
export async function guard<T>(event: RequestEvent, run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (e) {
		const problem = problemOf(e);
		if (!problem) throw e;
		error(problem.status, translator(event.locals.locale)(problem.messageKey));
	}
}

export const euros = formatEuros;

/** A row of the list as the page shows it (amounts formatted, the person's name or why it is hidden). */
export function rowOf(r: AdvanceSummary) {
	return {
		id: r.id,
		status: r.status,
		urgency: r.urgency,
		amount: formatEuros(r.amount),
		createdAt: r.createdAt,
		person: r.personName,
		organisation: r.requesterOrganisationName,
		answered: r.answered,
		approvals: r.approvals,
		total: r.approversCount,
		quorum: r.quorum
	};
}
