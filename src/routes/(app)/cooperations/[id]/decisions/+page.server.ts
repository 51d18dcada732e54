import { CATEGORIES } from '$lib/server/directory/codes';
import { contextOf } from '$lib/server/api/operation';
import { routeId } from '$lib/server/http/forms';
import { cooperationRegister } from '$lib/server/governance/register';
import { guard, loadRegister } from '../../../decisions/register-page';
import type { PageServerLoad } from './$types';

/** The register of one cooperation: search, filters (body, status, dates, theme), newest first without a text. */
export const load: PageServerLoad = async (event) => {
	const id = routeId(event);
	const header = await guard(event, () => cooperationRegister(contextOf(event), id));
	const register = await loadRegister(event, { cooperation: id });
	return { ...header, ...register, categories: CATEGORIES };
};
