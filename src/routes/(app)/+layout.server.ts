import { redirect } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';

/** The partners' app: signed-in accounts only; each page's service call then checks the role. */
export const load: LayoutServerLoad = ({ locals, url }) => {
	if (!locals.actor.user) redirect(303, `/connexion?suite=${encodeURIComponent(url.pathname + url.search)}`);
};
