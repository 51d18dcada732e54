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
