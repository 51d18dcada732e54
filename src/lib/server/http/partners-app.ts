/**
 * The partners' app is every route under `src/routes/(app)/`: signed-in accounts only. The check lives in
 * hooks.server.ts, not only in `(app)/+layout.server.ts`, because SvelteKit skips a layout's load when its
 * client asks for a page's data alone (`__data.json` with the layout not invalidated) and runs form actions
 * before any load: a layout guard alone lets an anonymous visitor reach page loads and actions.
 */
export const inPartnersApp = (routeId: string | null | undefined): boolean =>
	routeId === '/(app)' || !!routeId?.startsWith('/(app)/');

/** The sign-in page, asked to come back to this page (path and query) afterwards. */
export const signInPath = (url: URL): string =>
	`/connexion?suite=${encodeURIComponent(url.pathname + url.search)}`;

/**
 * To the sign-in page, in the form each caller follows. A page or its `__data.json` gets a 303 (SvelteKit
 * turns a redirect answered to a data request into the JSON redirect its client follows). A form post that
 * does not ask for HTML is a script's or `use:enhance`'s: it gets the redirect as an ActionResult (the JSON
 * SvelteKit answers to them), which `deserialize` of $app/forms reads, where a 303 would be followed by
 * fetch and land on HTML it cannot read.
 */
export function signInRedirect(request: Request, url: URL): Response {
	const location = signInPath(url);
	const accept = request.headers.get('accept') ?? '*/*';
	if (request.method === 'POST' && !accept.includes('text/html'))
		return Response.json({ type: 'redirect', status: 303, location });
	return new Response(null, { status: 303, headers: { location } });
}
