import { contextOf } from '$lib/server/api/operation';
import { publicBaseUrl } from '$lib/server/http/base-url';
import { parsePortalParams, RADII, ANY_RADIUS } from '$lib/server/portal/query';
import { portalSearch } from '$lib/server/portal/view';
import { isSensitiveQuery } from '$lib/server/portal/sheet';
import { withOpenState } from '$lib/server/portal/hours';
import { lifeEvent } from '$lib/server/directory/life-events';
import { translator } from '$lib/i18n';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const params = parsePortalParams(event.url.searchParams);
	const view = await portalSearch(contextOf(event), params, '/aide');
	const t = translator(event.locals.locale);
	return {
		...view,
		items: withOpenState(view.items, new Date(), event.locals.locale, t),
		sensitive: isSensitiveQuery(params.q) || !!(params.situation && lifeEvent(params.situation)?.sensitive),
		radii: RADII,
		anyRadius: ANY_RADIUS,
		canonical: publicBaseUrl(event.url) + view.canonicalPath
	};
};
