import { CATEGORIES } from '$lib/server/directory/codes';
import { translator } from '$lib/i18n';
import { loadRegister } from './register-page';
import type { PageServerLoad } from './$types';

/**
 * The register of a territory: every cooperation whose territory lies in the one chosen, among those the actor
 * may read. The territories offered are the actor's own: coordinations, then the organisations' territories.
 */
export const load: PageServerLoad = async (event) => {
	const t = translator(event.locals.locale);
	const actor = event.locals.actor;
	const offered = new Map<string, string>();
	const offer = (type: string, code: string) =>
		offered.set(`${type}:${code}`, `${t(`decisions.territoryTypes.${type}`)} ${code}`);
	for (const c of actor.coordinations) if (c.type !== 'zone') offer(c.type, c.code);
	for (const m of actor.memberships) offer(m.territory.type, m.territory.code);
	const register = await loadRegister(event);
	return {
		...register,
		territories: [...offered].map(([value, label]) => ({ value, label })),
		categories: CATEGORIES
	};
};
