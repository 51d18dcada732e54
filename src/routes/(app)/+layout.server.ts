import { redirect } from '@sveltejs/kit';
import { signInPath } from '$lib/server/http/partners-app';
import type { LayoutServerLoad } from './$types';

/**
 * The partners' app: signed-in accounts only; each page's service call then checks the role. hooks.server.ts
 * enforces the sign-in for every request of the group (this load is skipped for data-only requests); this
 * stays as a second lock.
 */
export const load: LayoutServerLoad = ({ locals, url }) => {
	if (!locals.actor.user) redirect(303, signInPath(url));
};
