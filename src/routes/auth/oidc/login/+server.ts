import { error, redirect } from '@sveltejs/kit';
import {
	beginOidcLogin,
	oidcEnabled,
	OidcError,
	OIDC_TRANSACTION_COOKIE,
	OIDC_TRANSACTION_TTL_MS,
	sealTransaction
} from '$lib/server/auth/oidc';
import { logger } from '$lib/server/log';
import type { RequestHandler } from './$types';

/** Sends the browser to the identity provider; the PKCE verifier, state and nonce wait in a signed cookie. */
export const GET: RequestHandler = async ({ url, cookies }) => {
	if (!oidcEnabled()) error(404, 'Not found');
	let begun: Awaited<ReturnType<typeof beginOidcLogin>>;
	try {
		begun = await beginOidcLogin();
	} catch (err) {
		const reason = err instanceof OidcError ? err.reason : 'unexpected';
		logger.warn(
			{ reason, detail: err instanceof OidcError ? err.detail : String(err) },
			'oidc sign-in not started'
		);
		redirect(303, `/connexion?erreur=oidc&motif=${reason}`);
	}
	cookies.set(OIDC_TRANSACTION_COOKIE, sealTransaction(begun.transaction), {
		path: '/auth/oidc',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		maxAge: OIDC_TRANSACTION_TTL_MS / 1000
	});
	redirect(303, begun.authorizationUrl.href);
};
