import { error } from '@sveltejs/kit';
import { ANONYMOUS } from '$lib/server/policy/actor';
import { currentDatabase } from '$lib/server/bootstrap';
import { getTerritory } from '$lib/server/territories/service';
import { territoryParamsSchema } from '$lib/server/territories/validation';
import { NotFoundError } from '$lib/server/errors';
import { translator } from '$lib/i18n';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const parsed = territoryParamsSchema.safeParse(params);
	const t = translator(locals.locale);
	if (!parsed.success) error(404, t('territories.notFound'));
	try {
		const territory = await getTerritory(
			{ db: currentDatabase().db, actor: ANONYMOUS },
			parsed.data.type,
			parsed.data.code
		);
		return { territory };
	} catch (e) {
		if (e instanceof NotFoundError) error(404, t('territories.notFound'));
		throw e;
	}
};
