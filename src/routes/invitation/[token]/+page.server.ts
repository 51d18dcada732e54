import { redirect } from '@sveltejs/kit';
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
			const result = await acceptInvitation(contextOf(event), event.params.token, input);
			if (result.state !== 'valid' || !result.sessionToken) return { state: result.state };
			setSessionCookie(event.cookies, result.sessionToken);
			redirect(303, '/organisations?bienvenue=1');
		})
};
