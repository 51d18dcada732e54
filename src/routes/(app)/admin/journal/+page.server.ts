import { error } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { readAuditLog } from '$lib/server/audit/service';
import { auditQuerySchema } from '$lib/server/api/v1/audit';
import { parseInput, searchParamsToObject } from '$lib/server/api/errors';
import { ForbiddenError } from '$lib/server/policy/policy';
import { ValidationError } from '$lib/server/errors';
import { translateIssues } from '$lib/server/http/forms';
import { translator } from '$lib/i18n';
import { objectNames } from './object-names';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = contextOf(event);
	const t = translator(event.locals.locale);
	const raw = Object.fromEntries(
		Object.entries(searchParamsToObject(event.url.searchParams)).filter(([, v]) => v !== '')
	);
	// a bad filter (a NUL byte, a date of year 99999) shows the whole journal with a notice, never a 500
	const parsed = parseInput(auditQuerySchema, raw);
	const filter = parsed.success ? parsed.data : auditQuerySchema.parse({});
	// an organisation admin (not instance admin) reads the log of the organisation they administer
	const administered = ctx.actor.memberships.filter((m) => m.role === 'admin');
	if (!ctx.actor.user?.isInstanceAdmin && !filter.organisationId)
		filter.organisationId = administered[0]?.organisationId;
	const organisations = ctx.actor.user?.isInstanceAdmin
		? null
		: administered.map((m) => ({ id: m.organisationId, name: m.organisationName }));
	try {
		const page = await readAuditLog(ctx, filter);
		return {
			events: page.events,
			names: await objectNames(ctx, page.events),
			nextBefore: page.nextBefore,
			filter: { ...raw },
			invalid: !parsed.success,
			errors: {} as Record<string, string>,
			organisations
		};
	} catch (e) {
		if (e instanceof ForbiddenError) error(403, t('errors.forbidden'));
		// a period ending before it starts: said on the field, with no events listed as if it were a filter
		if (e instanceof ValidationError)
			return {
				events: [],
				names: {},
				nextBefore: null,
				filter: { ...raw },
				invalid: false,
				errors: translateIssues(event, e.issues),
				organisations
			};
		throw e;
	}
};
