import { error, redirect } from '@sveltejs/kit';
import {
	completeOidcLogin,
	oidcEnabled,
	OidcError,
	OIDC_TRANSACTION_COOKIE,
	openTransaction
} from '$lib/server/auth/oidc';
import { currentDatabase } from '$lib/server/bootstrap';
import { setSessionCookie } from '$lib/server/http/session-cookie';
import { logger } from '$lib/server/log';
import type { RequestHandler } from './$types';

/** The provider sends the browser back here with code and state; the transaction cookie is single-use. */
export const GET: RequestHandler = async ({ url, cookies, locals }) => {
	if (!oidcEnabled()) error(404, 'Not found');
	const transaction = openTransaction(cookies.get(OIDC_TRANSACTION_COOKIE));
	cookies.delete(OIDC_TRANSACTION_COOKIE, { path: '/auth/oidc' });
	let token: string;
	try {
		if (!transaction) throw new OidcError('transactionInvalid');
		token = await completeOidcLogin(
			{ db: currentDatabase().db, ip: locals.ip, requestId: locals.requestId },
			url,
			transaction
		);
	} catch (err) {
		// OidcError details hold library codes only; other errors are logged by name and message, never with tokens
		const reason = err instanceof OidcError ? err.reason : 'unexpected';
		const detail =
			err instanceof OidcError
				? err.detail
				: err instanceof Error
					? `${err.name}: ${err.message}`
					: 'unknown';
		if (reason === 'unexpected') logger.error({ reason, detail }, 'oidc sign-in failed');
		else logger.warn({ reason, detail }, 'oidc sign-in refused');
		redirect(303, `/connexion?erreur=oidc&motif=${reason}`);
	}
	setSessionCookie(cookies, token);
	redirect(303, '/');
};
