import { redirect } from '@sveltejs/kit';
import { isLocale } from '$lib/i18n/locales';
import { readForm } from '$lib/server/http/forms';
import { safeReturnPath } from '$lib/server/http/return-path';
import type { Actions } from './$types';

/** Language switch that works without JavaScript: remember the choice, go back where the person was. */
export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event);
		const lang = form.get('lang');
		if (isLocale(lang))
			event.cookies.set('lang', lang, {
				path: '/',
				httpOnly: true,
				sameSite: 'lax',
				maxAge: 365 * 24 * 3600
			});
		redirect(303, safeReturnPath(form.get('next'), event.url.origin));
	}
};
