import { redirect } from '@sveltejs/kit';
import { signOut, SESSION_COOKIE } from '$lib/server/auth/service';
import { contextOf } from '$lib/server/api/operation';
import { clearSessionCookie } from '$lib/server/http/session-cookie';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async (event) => {
		const token = event.cookies.get(SESSION_COOKIE);
		if (token) await signOut(contextOf(event), token);
		clearSessionCookie(event.cookies);
		redirect(303, '/');
	}
};
