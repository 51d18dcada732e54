import { redirect } from '@sveltejs/kit';
import { isLocale } from '$lib/i18n/locales';
import { safeReturnPath } from '$lib/server/http/return-path';
import type { Actions } from './$types';

/** Language switch that works without JavaScript: remember the choice, go back where the person was. */
export const actions: Actions = {
	default: async ({ request, cookies, url }) => {
		const form = await request.formData();
		const lang = form.get('lang');
		if (isLocale(lang))
			cookies.set('lang', lang, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 365 * 24 * 3600 });
		redirect(303, safeReturnPath(form.get('next'), url.origin));
	}
};
