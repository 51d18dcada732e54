import { error } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { parseInput, searchParamsToObject } from '$lib/server/api/errors';
import { translateIssues } from '$lib/server/http/forms';
import { listNeeds, readsNeeds } from '$lib/server/needs/service';
import { needsQuerySchema } from '$lib/server/needs/validation';
import { pageNumberSchema } from '$lib/server/validation';
import { translator } from '$lib/i18n';
import { guard } from '../annuaire/guard';
import { needCodes } from './codes';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;
const FILTERS = ['q', 'theme', 'territoryType', 'territoryCode', 'status', 'source', 'expertise'] as const;

/**
 * The needs inventory, newest first. Every signed-in professional (any organisation, any role) and every coordinator
 * sees all of it: needs hold no person data. The public will see blind spots, never this list.
 */
export const load: PageServerLoad = async (event) => {
	const t = translator(event.locals.locale);
	if (!readsNeeds(event.locals.actor)) error(403, t('errors.forbidden'));
	const raw = searchParamsToObject(event.url.searchParams);
	const filters = Object.fromEntries(FILTERS.map((k) => [k, typeof raw[k] === 'string' ? raw[k] : '']));
	const page = pageNumberSchema(10_000)
		.catch(1)
		.parse(raw.page ?? 1);
	const parsed = parseInput(needsQuerySchema, {
		...filters,
		limit: PAGE_SIZE,
		offset: (page - 1) * PAGE_SIZE
	});
	if (!parsed.success)
		return {
			filters,
			errors: translateIssues(event, parsed.issues),
			needs: [],
			total: 0,
			page: 1,
			pages: 1,
			codes: needCodes(),
			canAdd: event.locals.actor.memberships.some((m) => m.role !== 'reader')
		};
	const { needs, total } = await guard(event, () => listNeeds(contextOf(event), parsed.data));
	return {
		filters,
		errors: {} as Record<string, string>,
		needs,
		total,
		page,
		pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
		codes: needCodes(),
		canAdd: event.locals.actor.memberships.some((m) => m.role !== 'reader')
	};
};
