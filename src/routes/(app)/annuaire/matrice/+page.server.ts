import { contextOf } from '$lib/server/api/operation';
import { MATRIX_ROWS, cellIndex, matrixQuerySchema, whoDoesWhat } from '$lib/server/directory/matrix';
import { NotFoundError } from '$lib/server/errors';
import { translator } from '$lib/i18n';
import { guard } from '../guard';
import type { PageServerLoad } from './$types';

const TYPES = ['departement', 'epci', 'commune', 'region'] as const;

export const load: PageServerLoad = async (event) => {
	const t = translator(event.locals.locale);
	const params = event.url.searchParams;
	const type = params.get('type') ?? 'departement';
	const code = (params.get('code') ?? '46').trim();
	const rows = params.get('lignes') ?? 'categories';
	const form = { type, code, rows };
	const parsed = matrixQuerySchema.safeParse({ territory: `${type}:${code}`, rows });
	if (!parsed.success) return { form, types: TYPES, rowsKinds: MATRIX_ROWS, matrix: null, invalid: true };
	const ctx = contextOf(event);
	const matrix = await guard(event, () =>
		whoDoesWhat(ctx, parsed.data, t).catch((e) => {
			if (e instanceof NotFoundError) return null;
			throw e;
		})
	);
	if (!matrix) return { form, types: TYPES, rowsKinds: MATRIX_ROWS, matrix: null, invalid: true };
	const cell = cellIndex(matrix);
	return {
		form,
		types: TYPES,
		rowsKinds: MATRIX_ROWS,
		invalid: false,
		matrix: {
			territory: matrix.territory,
			serviceCount: matrix.serviceCount,
			columns: matrix.columns,
			rows: matrix.rows.map((r) => ({
				...r,
				cells: matrix.columns.map((c) => cell(r.key, c.key))
			}))
		},
		csv: `/api/v1/matrix.csv?territory=${encodeURIComponent(`${matrix.territory.type}:${matrix.territory.code}`)}&rows=${parsed.data.rows}`
	};
};
