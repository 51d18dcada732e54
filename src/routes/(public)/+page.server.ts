import { LIFE_EVENTS } from '$lib/server/directory/life-events';
import { publicBaseUrl } from '$lib/server/http/base-url';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({
	lifeEvents: LIFE_EVENTS.map((e) => e.slug),
	canonical: `${publicBaseUrl(url)}/`
});
