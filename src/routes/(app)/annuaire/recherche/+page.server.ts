import { z } from 'zod';
import { contextOf } from '$lib/server/api/operation';
import { searchForProfessionals } from '$lib/server/directory/professional-search';
import { resolvePlace } from '$lib/server/directory/places';
import { parseInput, searchParamsToObject } from '$lib/server/api/errors';
import { optionalText } from '$lib/server/validation';
import { translateIssues } from '$lib/server/http/forms';
import { guard } from '../guard';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;

const querySchema = z.object({
	q: optionalText(200, { key: 'search.tooLong' }),
	lieu: optionalText(200),
	page: z.coerce.number().int().min(1, 'page.invalid').max(500, 'page.invalid').default(1)
});

/** GET form: the search works without JavaScript and its address can be shared with a colleague. */
export const load: PageServerLoad = async (event) => {
	const ctx = contextOf(event);
	const raw = searchParamsToObject(event.url.searchParams);
	const parsed = parseInput(querySchema, { q: raw.q, lieu: raw.lieu, page: raw.page || undefined });
	const filter = {
		q: typeof raw.q === 'string' ? raw.q : '',
		lieu: typeof raw.lieu === 'string' ? raw.lieu : ''
	};
	if (!parsed.success) return { filter, errors: translateIssues(event, parsed.issues), result: null };
	const { q, lieu, page } = parsed.data;
	let territory: { type: 'commune'; code: string } | undefined;
	if (lieu) {
		const place = await resolvePlace(ctx, lieu, ['commune']);
		// an unknown place is said, never answered with unfiltered results as if they were near
		if ('message' in place)
			return { filter, errors: translateIssues(event, [{ field: 'lieu', ...place }]), result: null };
		territory = { type: 'commune', code: place.code };
	}
	const result = await guard(event, () =>
		searchForProfessionals(ctx, { q: q ?? undefined, territory, page, pageSize: PAGE_SIZE })
	);
	return {
		filter,
		errors: {} as Record<string, string>,
		result: { ...result, pages: Math.max(1, Math.ceil(result.total / PAGE_SIZE)) }
	};
};
