import { contextOf } from '$lib/server/api/operation';
import { followedByMe } from '$lib/server/pathways/dashboard';
import { guard } from '../cooperations/[id]/instances/forms';
import type { PageServerLoad } from './$types';

/** « Mes suivis »: the référent's dashboard (persons I am référent de parcours of, my upcoming appointments). */

const PAGE_SIZE = 20;

export const load: PageServerLoad = async (event) => {
	const ctx = contextOf(event);
	const page = Math.max(1, Math.min(50_000, Number(event.url.searchParams.get('page')) || 1));
	const board = await guard(event, () =>
		followedByMe(ctx, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })
	);
	return {
		page,
		pages: Math.max(1, Math.ceil(board.total / PAGE_SIZE)),
		total: board.total,
		items: board.items.map((i) => ({
			...i,
			lastActivityAt: i.lastActivityAt.toISOString(),
			nextAppointmentAt: i.nextAppointmentAt?.toISOString() ?? null
		})),
		appointments: board.appointments.map((a) => ({ ...a, occursAt: a.occursAt.toISOString() }))
	};
};
