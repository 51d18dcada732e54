import { redirect } from '@sveltejs/kit';
import { signIn } from '$lib/server/auth/service';
import { signInSchema } from '$lib/server/api/v1/sessions';
import { contextOf } from '$lib/server/api/operation';
import { setSessionCookie } from '$lib/server/http/session-cookie';
import { handleForm, localPath } from '$lib/server/http/forms';
import { config } from '$lib/server/config';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.actor.user) redirect(303, localPath(url.searchParams.get('suite')));
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
			redirect(303, localPath(event.url.searchParams.get('suite')));
		})
};
