import { sql } from 'drizzle-orm';
import type { Context } from '../../context';
import { rows, type Db } from '../../db/client';
import { csvText } from '../../csv';
import { authorize } from '../../policy/policy';
import {
	SERVICE_COLUMNS,
	SERVICE_FIELDS,
	STRUCTURE_COLUMNS,
	STRUCTURE_FIELDS
} from '../import/data-inclusion';
import { hsdsOrganization } from './hsds';
import { isReseauPorteur } from '../reseaux-porteurs';

/**
 * Exports of the directory's public data (never correspondents, never who edited what):
 * data·inclusion v1 JSON {structures, services} and CSV (one file per entity), and Open Referral HSDS 3 JSON.
 * Each export is a stream of text chunks read page by page, so 200,000 services never sit in memory at once.
 */
export type ExportFormat = 'di-json' | 'di-csv-structures' | 'di-csv-services' | 'hsds';
export const EXPORT_FORMATS: ExportFormat[] = ['di-json', 'di-csv-structures', 'di-csv-services', 'hsds'];

export interface ExportOptions {
	/** only the structures (and their services) attached to this organisation */
	organisationId?: string;
	pageSize?: number;
}

type Row = Record<string, unknown>;
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * date_maj is required by data·inclusion: the producer's date when the record came from a file, else the day the
 * record last changed in Maillage (Maillage is then the producer), never after today (Europe/Paris).
 */
const dateMaj = (alias: string) =>
	`to_char(least(coalesce(${alias}.source_updated_on, (${alias}.updated_at at time zone 'Europe/Paris')::date), (now() at time zone 'Europe/Paris')::date), 'YYYY-MM-DD') as "sourceUpdatedOn", ` +
	// HSDS has no required date: it carries the stored one only, so that export → import changes nothing
	`to_char(${alias}.source_updated_on, 'YYYY-MM-DD') as "storedUpdatedOn"`;

const STRUCTURE_SELECT = sql.raw(
	Object.keys(STRUCTURE_FIELDS)
		.map((f) => (f === 'sourceUpdatedOn' ? dateMaj('s') : `s.${snake(f)} as "${f}"`))
		.join(', ')
);
const SERVICE_SELECT = sql.raw(
	[...Object.keys(SERVICE_FIELDS), 'languages', 'accessibility', 'outreach']
		.map((f) => (f === 'sourceUpdatedOn' ? dateMaj('v') : `v.${snake(f)} as "${f}"`))
		.join(', ')
);

async function* pages<T extends Row>(fetch: (after: string, limit: number) => Promise<T[]>, size: number) {
	let after = '00000000-0000-0000-0000-000000000000';
	for (;;) {
		const page = await fetch(after, size);
		if (page.length === 0) return;
		yield page;
		if (page.length < size) return;
		after = page[page.length - 1]!.pk as string;
	}
}

const orgFilter = (organisationId: string | undefined) =>
	organisationId ? sql`and s.organisation_id = ${organisationId}::uuid` : sql``;

export function structurePages(db: Db, options: ExportOptions) {
	return pages<Row>(
		(after, limit) =>
			rows<Row>(
				db,
				sql`select s.id as pk, s.source, s.source_id as "sourceId", ${STRUCTURE_SELECT}, c.name as commune
					from structures s left join communes c on c.code = s.commune_code
					where s.id > ${after}::uuid ${orgFilter(options.organisationId)}
					order by s.id limit ${limit}`
			),
		options.pageSize ?? 2000
	);
}

export function servicePages(db: Db, options: ExportOptions) {
	return pages<Row>(
		(after, limit) =>
			rows<Row>(
				db,
				sql`select v.id as pk, v.source, v.source_id as "sourceId", s.id as "structurePk",
						s.source as "structureSource", s.source_id as "structureSourceId", ${SERVICE_SELECT}, c.name as commune
					from services v join structures s on s.id = v.structure_id
					left join communes c on c.code = v.commune_code
					where v.id > ${after}::uuid ${orgFilter(options.organisationId)}
					order by v.id limit ${limit}`
			),
		options.pageSize ?? 2000
	);
}

const diId = (source: unknown, sourceId: unknown) => `${String(source)}--${String(sourceId)}`;

/** data·inclusion's minimum length of a description (schemas/v1/*.json: minLength 5). */
const MIN_DESCRIPTION = 5;

/**
 * A directory row → a data·inclusion v1 record that validates against the official schema: absent values, empty
 * texts and empty lists are left out (never "" nor []), a structure description too short for the schema is left
 * out, networks outside the reseaux_porteurs list (free labels typed in Maillage) are not exported, and the commune
 * is the name of the INSEE code, else the name the producer wrote.
 */
export function toDataInclusion(row: Row, entity: 'structure' | 'service'): Row {
	const table = entity === 'structure' ? STRUCTURE_FIELDS : SERVICE_FIELDS;
	const record: Row = { source: row.source, id: diId(row.source, row.sourceId) };
	if (entity === 'service') record.structure_id = diId(row.structureSource, row.structureSourceId);
	for (const [model, [di]] of Object.entries(table)) {
		let value = row[model];
		if (model === 'networks' && Array.isArray(value)) value = value.filter((n) => isReseauPorteur(String(n)));
		if (typeof value === 'string') value = value.trim();
		if (model === 'description' && typeof value === 'string' && value.length < MIN_DESCRIPTION) continue;
		if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0))
			continue;
		record[di] = value;
	}
	if (row.commune) record.commune = row.commune;
	return record;
}

/**
 * The list separator of data·inclusion CSV files: their own reader splits list cells on "," and strips each item
 * (gip-inclusion/data-inclusion, api/src/data_inclusion/api/valideur/readers.py, read_xlsx: `s.split(",")` then
 * `str.strip`); the producer template writes "a, b".
 */
export const CSV_LIST_SEPARATOR = ', ';

/** data·inclusion v1 JSON: {"structures": [...], "services": [...]}. */
async function* dataInclusionJson(db: Db, options: ExportOptions) {
	yield '{"structures":[';
	let first = true;
	for await (const page of structurePages(db, options)) {
		yield (
			(first ? '\n' : ',\n') + page.map((r) => JSON.stringify(toDataInclusion(r, 'structure'))).join(',\n')
		);
		first = false;
	}
	yield '\n],"services":[';
	first = true;
	for await (const page of servicePages(db, options)) {
		yield (first ? '\n' : ',\n') + page.map((r) => JSON.stringify(toDataInclusion(r, 'service'))).join(',\n');
		first = false;
	}
	yield '\n]}\n';
}

/**
 * One CSV per entity, data·inclusion columns, lists joined with ", " (CSV_LIST_SEPARATOR; cells with commas are
 * quoted), written by the shared CSV writer: a name starting with "=" is exported as "'=…", never as a formula.
 */
async function* dataInclusionCsv(db: Db, entity: 'structure' | 'service', options: ExportOptions) {
	const columns = entity === 'structure' ? STRUCTURE_COLUMNS : SERVICE_COLUMNS;
	yield csvText([columns]);
	const source = entity === 'structure' ? structurePages(db, options) : servicePages(db, options);
	for await (const page of source) {
		yield csvText(
			page.map((row) => {
				const record = toDataInclusion(row, entity);
				return columns.map((c) =>
					Array.isArray(record[c]) ? (record[c] as unknown[]).join(CSV_LIST_SEPARATOR) : record[c]
				);
			})
		);
	}
}

/** How many structures the export holds (the HSDS page says it before its contents). */
async function structureCount(db: Db, options: ExportOptions) {
	const [row] = await rows<{ n: number }>(
		db,
		sql`select count(*)::int as n from structures s where true ${orgFilter(options.organisationId)}`
	);
	return row?.n ?? 0;
}

/**
 * Open Referral HSDS 3: the whole directory as one page of the API's `/organizations?full=true`
 * ({total_items, …, contents}), each organization with its locations and services nested.
 */
async function* hsdsJson(db: Db, options: ExportOptions) {
	// services grouped under their organization: read them first, keyed by structure (public data is small per structure)
	const byStructure = new Map<string, Row[]>();
	for await (const page of servicePages(db, options)) {
		for (const service of page) {
			service.sourceUpdatedOn = service.storedUpdatedOn;
			const list = byStructure.get(service.structurePk as string) ?? [];
			list.push(service);
			byStructure.set(service.structurePk as string, list);
		}
	}
	const total = await structureCount(db, options);
	const head = {
		total_items: total,
		total_pages: 1,
		page_number: 1,
		size: total,
		first_page: true,
		last_page: true,
		empty: total === 0
	};
	yield `${JSON.stringify(head).slice(0, -1)},"contents":[`;
	let first = true;
	for await (const page of structurePages(db, options)) {
		yield (
			(first ? '\n' : ',\n') +
			page
				.map((s): Row => ({ ...s, sourceUpdatedOn: s.storedUpdatedOn }))
				.map((s) => JSON.stringify(hsdsOrganization(s, byStructure.get(s.pk as string) ?? [])))
				.join(',\n')
		);
		first = false;
	}
	yield '\n]}\n';
}

/** The chunks of an export; public data, readable by anyone. */
export function exportDirectory(
	ctx: Context,
	format: ExportFormat,
	options: ExportOptions = {}
): AsyncGenerator<string> {
	authorize(ctx.actor, 'read', 'service');
	authorize(ctx.actor, 'read', 'structure');
	switch (format) {
		case 'di-json':
			return dataInclusionJson(ctx.db, options);
		case 'di-csv-structures':
			return dataInclusionCsv(ctx.db, 'structure', options);
		case 'di-csv-services':
			return dataInclusionCsv(ctx.db, 'service', options);
		case 'hsds':
			return hsdsJson(ctx.db, options);
	}
}

/** The whole export as one string (tests, small directories). */
export async function exportToString(ctx: Context, format: ExportFormat, options: ExportOptions = {}) {
	let out = '';
	for await (const chunk of exportDirectory(ctx, format, options)) out += chunk;
	return out;
}

/** An export as a web stream, for HTTP responses. */
export function exportStream(
	ctx: Context,
	format: ExportFormat,
	options: ExportOptions = {}
): ReadableStream<Uint8Array> {
	const chunks = exportDirectory(ctx, format, options);
	const encoder = new TextEncoder();
	return new ReadableStream({
		async pull(controller) {
			const next = await chunks.next();
			if (next.done) controller.close();
			else controller.enqueue(encoder.encode(next.value));
		},
		async cancel() {
			await chunks.return(undefined);
		}
	});
}
