import { error } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { readOutboxMail } from '$lib/server/notifications/outbox';
import { ForbiddenError } from '$lib/server/policy/policy';
import { translator } from '$lib/i18n';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const t = translator(event.locals.locale);
	try {
		const mail = await readOutboxMail(contextOf(event), event.params.id);
		if (!mail) error(404, t('notifications.outbox.notFound'));
		return { mail };
	} catch (e) {
		if (e instanceof ForbiddenError) error(403, t('errors.forbidden'));
		throw e;
	}
};
