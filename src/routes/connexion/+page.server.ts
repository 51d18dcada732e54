import { redirect } from '@sveltejs/kit';
import { signIn } from '$lib/server/auth/service';
import { signInSchema } from '$lib/server/api/v1/sessions';
import { contextOf } from '$lib/server/api/operation';
import { setSessionCookie } from '$lib/server/http/session-cookie';
import { handleForm } from '$lib/server/http/forms';
import { config } from '$lib/server/config';
import { safeReturnPath } from '$lib/server/http/return-path';
import type { Actions, PageServerLoad } from './$types';

/** Back to the page that asked for a sign-in (`?suite=`), if it is a page of this site. */
const returnPath = (url: URL) => safeReturnPath(url.searchParams.get('suite'), url.origin);

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.actor.user) redirect(303, returnPath(url));
	const reason = url.searchParams.get('motif');
	return {
		oidc: !!config().oidc,
		oidcError: url.searchParams.get('erreur') === 'oidc',
		oidcReason: reason && /^[a-zA-Z]{3,30}$/.test(reason) ? reason : null
	};
};

export const actions: Actions = {
	default: async (event) =>
		handleForm(event, signInSchema, async ({ email, password }) => {
			const { token } = await signIn(contextOf(event), email, password);
			setSessionCookie(event.cookies, token);
			redirect(303, returnPath(event.url));
		})
};
