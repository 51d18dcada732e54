import { redirect } from '@sveltejs/kit';
import { isLocale } from '$lib/i18n/locales';
import type { Actions } from './$types';

/** Language switch that works without JavaScript: remember the choice, go back where the person was. */
export const actions: Actions = {
	default: async ({ request, cookies }) => {
		const form = await request.formData();
		const lang = form.get('lang');
		const next = String(form.get('next') ?? '/');
		if (isLocale(lang))
			cookies.set('lang', lang, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 365 * 24 * 3600 });
		redirect(303, next.startsWith('/') && !next.startsWith('//') ? next : '/');
	}
};
