import { error } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { routeId } from '$lib/server/http/forms';
import { compareVersions } from '$lib/server/charters/queries';
import { listVersions } from '$lib/server/charters/service';
import { translator } from '$lib/i18n';
import { guard } from '../charter-form';
import type { PageServerLoad } from './$types';

const versionParam = (v: string | null) => {
	const n = Number(v);
	return Number.isInteger(n) && n >= 1 && n <= 1_000_000 ? n : null;
};

/** Two versions side by side, section by section; changed sections say so in words. */
export const load: PageServerLoad = async (event) => {
	const ctx = contextOf(event);
	const id = routeId(event);
	const { access, versions } = await guard(event, () => listVersions(ctx, id));
	const numbers = versions.map((v) => v.number);
	const a = versionParam(event.url.searchParams.get('a')) ?? numbers[1] ?? null;
	const b = versionParam(event.url.searchParams.get('b')) ?? numbers[0] ?? null;
	if (event.url.searchParams.has('a') && !versionParam(event.url.searchParams.get('a')))
		error(404, translator(event.locals.locale)('errors.notFound'));
	const comparison = a && b ? await guard(event, () => compareVersions(ctx, id, a, b)) : null;
	return {
		cooperation: { id, name: access.cooperation.name },
		numbers,
		a,
		b,
		rows: comparison?.rows ?? []
	};
};
