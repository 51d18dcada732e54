import { error } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { lifeEvent } from '$lib/server/directory/life-events';
import { publicBaseUrl } from '$lib/server/http/base-url';
import { ANY_RADIUS, parsePortalParams, portalHref, RADII } from '$lib/server/portal/query';
import { portalSearch } from '$lib/server/portal/view';
import { translator } from '$lib/i18n';
import { withOpenState } from '$lib/server/portal/hours';
import { FEEDBACK_MISSING } from '$lib/server/feedback/schema';
import type { PageServerLoad } from './$types';

/** A life event: its intro, then the services of its thématiques near the chosen commune. */
export const load: PageServerLoad = async (event) => {
	const found = lifeEvent(event.params.slug);
	if (!found) error(404, translator(event.locals.locale)('errors.pageNotFound'));
	const path = `/aide/situations/${found.slug}`;
	const parsed = parsePortalParams(event.url.searchParams);
	// this page filters by its life event only; text and facet filters live on /aide
	const params = {
		...parsed,
		q: '',
		thematiques: [],
		publics: [],
		modes: [],
		frais: [],
		types: [],
		situation: found.slug
	};
	const view = await portalSearch(contextOf(event), params, path);
	const base = publicBaseUrl(event.url);
	return {
		...view,
		items: withOpenState(view.items, new Date(), event.locals.locale, translator(event.locals.locale)),
		slug: found.slug,
		sensitive: !!found.sensitive,
		radii: RADII,
		missingChoices: FEEDBACK_MISSING,
		anyRadius: ANY_RADIUS,
		refineHref: portalHref('/aide', { ...params, page: 1 }),
		// the page itself is canonical; the place and the page number make variants of it
		canonical: base + path
	};
};
