import { fail, redirect } from '@sveltejs/kit';
import { InvalidCredentialsError } from '$lib/server/auth/service';
import { translator } from '$lib/i18n';
import { acceptInvitation, inspectInvitation } from '$lib/server/organisations/service';
import { acceptInvitationSchema } from '$lib/server/organisations/validation';
import { contextOf } from '$lib/server/api/operation';
import { setSessionCookie } from '$lib/server/http/session-cookie';
import { handleForm } from '$lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const invitation = await inspectInvitation(contextOf(event), event.params.token);
	return { invitation };
};

export const actions: Actions = {
	default: async (event) =>
		handleForm(event, acceptInvitationSchema, async (input) => {
			const result = await acceptInvitation(contextOf(event), event.params.token, input).catch((error) => {
				// the same answer whether the account exists or not (the link holder may be the inviter)
				if (error instanceof InvalidCredentialsError)
					return fail(401, { message: translator(event.locals.locale)('invitation.failed') });
				throw error;
			});
			if (!('state' in result)) return result;
			if (result.state !== 'valid' || !result.sessionToken) return { state: result.state };
			setSessionCookie(event.cookies, result.sessionToken);
			redirect(303, '/organisations?bienvenue=1');
		})
};
