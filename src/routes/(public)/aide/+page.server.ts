import { contextOf } from '$lib/server/api/operation';
import { publicBaseUrl } from '$lib/server/http/base-url';
import { parsePortalParams, RADII, ANY_RADIUS } from '$lib/server/portal/query';
import { portalSearch } from '$lib/server/portal/view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const params = parsePortalParams(event.url.searchParams);
	const view = await portalSearch(contextOf(event), params, '/aide');
	return {
		...view,
		radii: RADII,
		anyRadius: ANY_RADIUS,
		canonical: publicBaseUrl(event.url) + view.canonicalPath
	};
};
