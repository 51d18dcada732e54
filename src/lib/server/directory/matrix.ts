import { z } from 'zod';
import type { Context } from '../context';
import { csvText } from '../csv';
import { authorize } from '../policy/policy';
import type { TerritoryType } from '../policy/actor';
import { getTerritory, territoryPath } from '../territories/service';
import { CATEGORIES, categoryOf } from './codes';
import { nodesOfDepartement } from './referential-repository';
import * as matrixRepo from './matrix-repository';

/**
 * "Qui fait quoi" for a territory: rows = what (data·inclusion categories, leaf thématiques or the missions of
 * the territory's Politique → Mission → Action tree), columns = who (organisations; a structure without one
 * stands for itself), cells = the services located in the territory.
 */
export const MATRIX_ROWS = ['categories', 'thematiques', 'missions'] as const;
export type MatrixRows = (typeof MATRIX_ROWS)[number];

export const territoryParamSchema = z
	.string()
	.regex(/^(commune|epci|departement|region):[0-9AB]{2,9}$/, 'territory.invalidCode')
	.transform((v) => {
		const [type, code] = v.split(':') as [TerritoryType, string];
		return { type, code };
	});

export const matrixQuerySchema = z.object({
	territory: territoryParamSchema.default({ type: 'departement', code: '46' }),
	rows: z.enum(MATRIX_ROWS).default('categories')
});

/** Row key of services that fall in no row (no thématique, or attached to no action). */
export const NONE = '_none';

export interface MatrixCell {
	row: string;
	column: string;
	services: { id: string; name: string; structureId: string }[];
}

export interface Matrix {
	territory: { type: TerritoryType; code: string; name: string };
	rowsKind: MatrixRows;
	rows: { key: string; label: string }[];
	columns: { key: string; label: string }[];
	cells: MatrixCell[];
	serviceCount: number;
}

/** Labels of codes come from the caller (the request's language). */
export type Labeller = (key: string, options?: Record<string, unknown>) => string;

export async function whoDoesWhat(
	ctx: Context,
	query: { territory: { type: TerritoryType; code: string }; rows: MatrixRows },
	t: Labeller
): Promise<Matrix> {
	authorize(ctx.actor, 'read', 'service');
	const { type, code } = query.territory;
	const territory = await getTerritory(ctx, type, code);
	const located = await matrixRepo.servicesIn(ctx.db, type, code);

	const columns = new Map<string, string>();
	const columnOf = (s: matrixRepo.LocatedService) => {
		const key = s.organisationId ? `organisation:${s.organisationId}` : `structure:${s.structureId}`;
		columns.set(key, s.organisationName ?? s.structureName);
		return key;
	};

	/** rowsOf(service) → the row keys the service falls in */
	let rowList: { key: string; label: string }[];
	let rowsOf: (s: matrixRepo.LocatedService) => string[];
	if (query.rows === 'missions') {
		const links = await matrixRepo.missionsOf(
			ctx.db,
			located.map((s) => s.id)
		);
		const missions = new Map<string, { label: string; order: [number, number] }>();
		const departement = (await territoryPath(ctx, type, code)).departement;
		if (departement && type !== 'region') {
			// every mission of the tree, even without a service: an empty row is a blind spot worth seeing
			const nodes = await nodesOfDepartement(ctx.db, departement);
			const byId = new Map(nodes.map((n) => [n.id, n]));
			for (const n of nodes.filter((n) => n.level === 'mission')) {
				const parent = n.parentId ? byId.get(n.parentId) : undefined;
				missions.set(n.id, {
					label: `${parent?.name ?? ''} › ${n.name}`,
					order: [parent?.position ?? 0, n.position]
				});
			}
		}
		const byService = new Map<string, string[]>();
		for (const l of links) {
			missions.set(l.missionId, {
				label: `${l.politiqueName} › ${l.missionName}`,
				order: [l.politiquePosition, l.position]
			});
			byService.set(l.serviceId, [...(byService.get(l.serviceId) ?? []), l.missionId]);
		}
		rowList = [...missions.entries()]
			.sort(
				([, a], [, b]) =>
					a.order[0] - b.order[0] || a.order[1] - b.order[1] || a.label.localeCompare(b.label, 'fr')
			)
			.map(([key, m]) => ({ key, label: m.label }));
		rowsOf = (s) => byService.get(s.id) ?? [NONE];
	} else if (query.rows === 'thematiques') {
		const used = [...new Set(located.flatMap((s) => s.thematiques))].sort();
		rowList = used.map((key) => ({ key, label: t(`codes.thematique.${key}`, { defaultValue: key }) }));
		rowsOf = (s) => (s.thematiques.length ? s.thematiques : [NONE]);
	} else {
		rowList = CATEGORIES.map((key) => ({ key, label: t(`codes.categorie.${key}`, { defaultValue: key }) }));
		rowsOf = (s) => (s.thematiques.length ? [...new Set(s.thematiques.map(categoryOf))] : [NONE]);
	}

	const cells = new Map<string, MatrixCell>();
	for (const s of located) {
		const column = columnOf(s);
		for (const row of rowsOf(s)) {
			const key = `${row}\u0000${column}`;
			if (!cells.has(key)) cells.set(key, { row, column, services: [] });
			cells.get(key)!.services.push({ id: s.id, name: s.name, structureId: s.structureId });
		}
	}
	if ([...cells.values()].some((c) => c.row === NONE))
		rowList.push({ key: NONE, label: t(`directory.matrix.none.${query.rows}`) });

	return {
		territory: { type, code, name: territory.name },
		rowsKind: query.rows,
		rows: rowList,
		columns: [...columns.entries()]
			.map(([key, label]) => ({ key, label }))
			.sort((a, b) => a.label.localeCompare(b.label, 'fr')),
		cells: [...cells.values()],
		serviceCount: located.length
	};
}

/** The services of a cell, looked up by row and column. */
export function cellIndex(matrix: Matrix) {
	const index = new Map(matrix.cells.map((c) => [`${c.row}\u0000${c.column}`, c.services]));
	return (row: string, column: string) => index.get(`${row}\u0000${column}`) ?? [];
}

/**
 * CSV for French spreadsheets: UTF-8 with a byte-order mark (so Excel reads the accents right) and `;` as
 * separator (the comma is the French decimal mark). One line per row, one column per organisation, the
 * services of a cell separated by " | ". Cells that a spreadsheet would run as formulas are neutralised (../csv.ts).
 */
export function matrixCsv(matrix: Matrix, rowHeading: string): string {
	const cell = cellIndex(matrix);
	const records = [
		[rowHeading, ...matrix.columns.map((c) => c.label)],
		...matrix.rows.map((r) => [
			r.label,
			...matrix.columns.map((c) =>
				cell(r.key, c.key)
					.map((s) => s.name)
					.join(' | ')
			)
		])
	];
	return csvText(records, { delimiter: ';', recordDelimiter: '\r\n', bom: true });
}
