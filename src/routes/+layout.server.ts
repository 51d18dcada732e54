import { inPartnersApp } from '$lib/server/http/partners-app';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url, route }) => ({
	locale: locals.locale,
	path: url.pathname + url.search,
	user: locals.actor.user
		? { displayName: locals.actor.user.displayName, isInstanceAdmin: locals.actor.user.isInstanceAdmin }
		: null,
	memberships: locals.actor.memberships.map((m) => ({
		organisationId: m.organisationId,
		name: m.organisationName,
		role: m.role
	})),
	coordinates: locals.actor.coordinations.length > 0,
	// every page outside the partners' app (the portal, territories, sign-in, error pages) offers the quick exit
	quickExit: !inPartnersApp(route.id)
});
