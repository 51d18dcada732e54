import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import { config } from '$lib/server/config';
import { currentDatabase, startDatabase, stopDatabase } from '$lib/server/bootstrap';
import { actorFromSession, SESSION_COOKIE } from '$lib/server/auth/service';
import { ANONYMOUS } from '$lib/server/policy/actor';
import { isLocale, negotiateLocale } from '$lib/i18n/locales';
import { logger, withRequestId } from '$lib/server/log';
import { translator } from '$lib/i18n';
import { crossSiteRequest } from '$lib/server/http/csrf';
import { inPartnersApp, signInRedirect } from '$lib/server/http/partners-app';

export const init: ServerInit = async () => {
	config(); // refuses to start in production with default secrets
	await startDatabase();
	// adapter-node emits this after it stopped accepting connections and in-flight requests finished
	process.once('sveltekit:shutdown' as never, async () => {
		await stopDatabase();
		logger.info('database closed, bye');
	});
};

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

export const handle: Handle = async ({ event, resolve }) => {
	const incoming = event.request.headers.get('x-request-id');
	const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
	return withRequestId(requestId, async () => {
		const started = performance.now();
		event.locals.requestId = requestId;
		event.locals.ip = event.getClientAddress();
		const lang = event.cookies.get('lang');
		event.locals.locale = isLocale(lang)
			? lang
			: negotiateLocale(event.request.headers.get('accept-language'));
		event.locals.actor = ANONYMOUS;

		let response: Response;
		if (crossSiteRequest(event.request, event.url)) {
			response = new Response(translator(event.locals.locale)('errors.crossSite'), { status: 403 });
		} else {
			const token = event.cookies.get(SESSION_COOKIE);
			if (token) event.locals.actor = (await actorFromSession(currentDatabase().db, token)) ?? ANONYMOUS;
			if (inPartnersApp(event.route.id) && !event.locals.actor.user) {
				// pages, their __data.json and their form actions alike (the (app) layout's guard misses the last two)
				response = signInRedirect(event.request, event.url);
			} else {
				response = await resolve(event, {
					transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.locale)
				});
			}
		}
		setSecurityHeaders(response, event.url.pathname);
		response.headers.set('x-request-id', requestId);
		// path only: query strings may carry search terms typed by people
		logger.info(
			{
				method: event.request.method,
				path: event.route.id ?? event.url.pathname,
				status: response.status,
				ms: Math.round(performance.now() - started)
			},
			'request'
		);
		return response;
	});
};

function setSecurityHeaders(response: Response, path: string) {
	const h = response.headers;
	h.set('x-content-type-options', 'nosniff');
	h.set('referrer-policy', 'same-origin');
	h.set('x-frame-options', 'DENY');
	h.set('permissions-policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
	h.set('cross-origin-opener-policy', 'same-origin');
	if (config().production) h.set('strict-transport-security', 'max-age=63072000; includeSubDomains');
	// HTML pages get their CSP from SvelteKit (with hashes); everything else needs none of the page features
	if (!h.has('content-security-policy'))
		h.set('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
	if (path.startsWith('/api/')) h.set('cache-control', 'no-store');
}

export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404) logger.error({ err: error, path: event.route.id }, 'unhandled error');
	const t = translator(event.locals.locale ?? 'fr');
	return {
		message: status === 404 ? t('errors.pageNotFound') : t('errors.internal'),
		requestId: event.locals.requestId
	};
};
