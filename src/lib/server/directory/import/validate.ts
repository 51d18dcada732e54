import { z } from 'zod';
import { isInFrance, MAX_DESCRIPTION, serviceFields, structureInputSchema } from '../validation';
import { optionalText } from '../../validation';
import { RESEAUX_PORTEURS } from '../reseaux-porteurs';
import { MOBILISABLE_PAR, MODES_ACCUEIL, MODES_MOBILISATION, PUBLICS, THEMATIQUES } from '../codes';
import { issueAt } from './data-inclusion';
import { describeIssue } from './messages';
import type { ImportIssue, ServiceRow, SourceRow, StructureRow } from './types';

/** Today in Europe/Paris, YYYY-MM-DD (a date_maj after it is refused). */
export function parisToday(now?: Date): string {
	if (now) return parisDates.format(now);
	// every row of an import asks: the answer of the last second will do
	const second = Math.floor(Date.now() / 1000);
	if (second !== today.second) today = { second, date: parisDates.format(new Date()) };
	return today.date;
}
/** made once: building a DateTimeFormat costs a fraction of a millisecond, which every row of an import paid */
const parisDates = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' });
let today = { second: 0, date: '' };

/**
 * What the import adds to the editing schemas: the producer's page, its last update date (date_maj: a date from
 * 2000 on, never after today), and the commune as written when its code is unknown.
 */
const provenance = z.object({
	sourceUrl: z
		.url({ protocol: /^https?$/, error: 'url.invalid' })
		.max(2000)
		.nullable()
		.optional(),
	sourceUpdatedOn: z
		.string()
		.refine((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(d)) && d >= '2000-01-01', {
			error: (issue) => `date.invalid:${String(issue.input)}`,
			abort: true
		})
		.refine((d) => d <= parisToday(), { error: (issue) => `producer.dateFuture:${String(issue.input)}` })
		.nullable()
		.optional(),
	communeName: optionalText(150)
});

/** data·inclusion service fields Maillage's editing forms do not carry. */
const serviceExtras = z.object({
	weeklyHours: z
		.number({ error: 'producer.weeklyHours' })
		.min(0, 'producer.weeklyHours')
		.max(168, 'producer.weeklyHours')
		.nullable()
		.optional(),
	durationWeeks: z
		.number({ error: 'producer.durationWeeks' })
		.int('producer.durationWeeks')
		.min(1, 'producer.durationWeeks')
		.max(1000, 'producer.durationWeeks')
		.nullable()
		.optional()
});

const structureSchema = z.intersection(structureInputSchema, provenance);
// one object rather than an intersection, which parses each side then merges the two outputs: a third of
// the time of checking a row (no field of one is in another)
const serviceSchema = serviceFields.extend({ ...provenance.shape, ...serviceExtras.shape });

export type StructureData = z.output<typeof structureSchema>;
export type ServiceData = z.output<typeof serviceSchema>;

export interface ValidStructure {
	row: StructureRow;
	data: StructureData;
}
export interface ValidService {
	row: ServiceRow;
	data: ServiceData;
}

export const keyOf = (source: string, sourceId: string) => `${source}\u0000${sourceId}`;

const DESCRIPTION_FIELDS = new Set(['description']);

/** Undefined → absent, so defaults apply; NaN (an unreadable number) stays so that validation names it. */
const present = (fields: Record<string, unknown>) =>
	Object.fromEntries(Object.entries(fields).filter(([k, v]) => v !== undefined && !k.startsWith('_')));

function issuesOf(row: SourceRow, error: z.ZodError, fields: Record<string, unknown>): ImportIssue[] {
	const seen = new Set<string>();
	// a list with an unknown item is also too long for its code list: the item, named, is the one reported
	const itemIssues = new Set(error.issues.filter((i) => i.path.length > 1).map((i) => String(i.path[0])));
	return error.issues.flatMap((issue) => {
		const field = String(issue.path[0] ?? '');
		if (issue.path.length === 1 && itemIssues.has(field) && Array.isArray(fields[field])) return [];
		const missing = issue.code === 'invalid_type' && fields[field] === undefined;
		const [key, value] = missing
			? ['required', undefined]
			: issue.message.includes('.')
				? splitMessage(issue.message)
				: ['invalid', undefined];
		const name = row.fieldNames?.[field] ?? field;
		if (seen.has(`${name}|${key}|${value}`)) return [];
		seen.add(`${name}|${key}|${value}`);
		// the value is always quoted: the offending item of a list, else the field's value
		const item =
			issue.path.length > 1 && Array.isArray(fields[field])
				? (fields[field] as unknown[])[Number(issue.path[1])]
				: Number.isNaN(fields[field])
					? row.fields[`_raw_${field}`] // an unreadable number: the text as written
					: fields[field];
		const shown =
			DESCRIPTION_FIELDS.has(field) && key.endsWith('TooLong')
				? (fields[field] as string).length.toLocaleString('fr-FR')
				: (value ?? (missing ? undefined : inputOf(item)));
		return [describeIssue({ ...issueAt(row, row.entity, row.id, name, key, shown), file: row.file })];
	});
}

/** "thematique.unknown:logement--xyz" → ["thematique.unknown", "logement--xyz"]; other zod messages → invalid. */
function splitMessage(message: string): [string, string | undefined] {
	const at = message.indexOf(':');
	const key = at < 0 ? message : message.slice(0, at);
	return /^[a-zA-Z]+\.[a-zA-Z]+$/.test(key)
		? [key, at < 0 ? undefined : message.slice(at + 1)]
		: ['invalid', undefined];
}

/** The offending value, shortened for the report (never a 10 MB text). */
export function inputOf(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	const shown = Array.isArray(value)
		? value.join(', ')
		: typeof value === 'number' && Number.isNaN(value)
			? undefined
			: typeof value === 'object' && value !== null
				? JSON.stringify(value)
				: String(value);
	if (shown === undefined) return undefined;
	return shown.length > 80 ? `${shown.slice(0, 77)}…` : shown;
}

/** Code lists of the model: field → [codes, catalogue key of the "unknown" message]. */
const CODE_LISTS: Record<string, [ReadonlySet<string>, string]> = {
	thematiques: [new Set(THEMATIQUES), 'thematique.unknown'],
	publics: [new Set(PUBLICS), 'public.unknown'],
	receptionModes: [new Set(MODES_ACCUEIL), 'modeAccueil.unknown'],
	mobilisationModes: [new Set(MODES_MOBILISATION), 'modeMobilisation.unknown'],
	mobilisableBy: [new Set(MOBILISABLE_PAR), 'mobilisablePar.unknown']
};
const STRUCTURE_CODE_LISTS: Record<string, [ReadonlySet<string>, string]> = {
	// reseaux_porteurs is checked on import only: networks typed in Maillage's forms may be free labels
	networks: [new Set(RESEAUX_PORTEURS), 'producer.unknownNetwork']
};

/**
 * Every item of a code list that is not a code, named ("autres" in `professionnels, usagers, autres`): checked
 * before the schema, whose length limit would otherwise hide which item is wrong.
 */
function codeListIssues(row: SourceRow): { issues: ImportIssue[]; fields: Set<string> } {
	const lists = row.entity === 'structure' ? STRUCTURE_CODE_LISTS : CODE_LISTS;
	const issues: ImportIssue[] = [];
	const fields = new Set<string>();
	for (const [field, [codes, code]] of Object.entries(lists)) {
		const value = row.fields[field];
		if (!Array.isArray(value)) continue;
		for (const item of value)
			if (typeof item !== 'string' || !codes.has(item)) {
				fields.add(field);
				issues.push(
					describeIssue({
						...issueAt(row, row.entity, row.id, row.fieldNames?.[field] ?? field, code, inputOf(item)),
						file: row.file
					})
				);
			}
	}
	return { issues, fields };
}

const placeKey = (name: string, postalCode: string) => `${name}|${postalCode}`;

/** Commune names with a postal code and no INSEE code, to resolve in one query. */
export const placesToResolve = (rows: SourceRow[]) => {
	const places = new Map<string, { name: string; postalCode: string }>();
	for (const { fields } of rows)
		if (
			!fields.communeCode &&
			typeof fields.communeName === 'string' &&
			typeof fields.postalCode === 'string'
		)
			places.set(placeKey(fields.communeName, fields.postalCode), {
				name: fields.communeName,
				postalCode: fields.postalCode
			});
	return [...places.values()];
};

function validateRow<T>(
	row: SourceRow,
	schema: z.ZodType<T>,
	communes: Set<string>,
	warnings: ImportIssue[],
	places: Map<string, string>
): { data: T } | { errors: ImportIssue[] } {
	const fields = present(row.fields);
	// a 10 MB description is refused before zod copies it around
	const description = fields.description;
	if (typeof description === 'string' && description.length > MAX_DESCRIPTION) {
		return {
			errors: [
				describeIssue({
					...issueAt(
						row,
						row.entity,
						row.id,
						row.fieldNames?.description ?? 'description',
						'description.tooLong',
						description.length.toLocaleString('fr-FR')
					),
					file: row.file
				})
			]
		};
	}
	const parsed = schema.safeParse(fields);
	const unknownCodes = codeListIssues(row);
	if (!parsed.success) {
		const others = new z.ZodError(
			parsed.error.issues.filter((i) => !unknownCodes.fields.has(String(i.path[0])))
		);
		return { errors: [...unknownCodes.issues, ...issuesOf(row, others, fields)] };
	}
	if (unknownCodes.issues.length) return { errors: unknownCodes.issues };
	const data = parsed.data as T & {
		latitude?: number | null;
		longitude?: number | null;
		communeCode?: string | null;
		communeName?: string | null;
		postalCode?: string | null;
		sourceUpdatedOn?: string | null;
	};
	const warn = (field: string, code: string, value?: string) =>
		warnings.push(describeIssue({ ...issueAt(row, row.entity, row.id, field, code, value), file: row.file }));
	// date_maj is required by data·inclusion: without it the row is kept, and so is the date already stored
	if (!data.sourceUpdatedOn && row.fieldNames?.sourceUpdatedOn === 'date_maj')
		warn('date_maj', 'producer.dateMissing');
	for (const dropped of (row.fields._legacyNetworksDropped as string[] | undefined) ?? [])
		warn('typologie', 'producer.legacyNetworkDropped', dropped);
	if (data.latitude != null && data.longitude != null && !isInFrance(data.latitude, data.longitude)) {
		const value = `${data.latitude}, ${data.longitude}`;
		return {
			errors: [
				describeIssue({
					...issueAt(
						row,
						row.entity,
						row.id,
						row.fieldNames?.latitude ?? 'latitude',
						'coordinates.outsideFrance',
						value
					),
					file: row.file
				})
			]
		};
	}
	if (data.communeCode && !communes.has(data.communeCode)) {
		warnings.push(
			describeIssue({
				...issueAt(
					row,
					row.entity,
					row.id,
					row.fieldNames?.communeCode ?? 'code_insee',
					'commune.unknown',
					data.communeCode
				),
				file: row.file
			})
		);
		data.communeCode = null;
	}
	// a commune written without its code: its code when name + postal code designate one commune only
	if (!data.communeCode && data.communeName && data.postalCode) {
		const code = places.get(placeKey(data.communeName, data.postalCode));
		if (code) data.communeCode = code;
		else
			warn(
				row.fieldNames?.communeName ?? 'commune',
				'producer.communeUnresolved',
				`${data.communeName} (${data.postalCode})`
			);
	}
	for (const dropped of (row.fields._legacyDropped as string[] | undefined) ?? [])
		warnings.push(
			describeIssue({
				...issueAt(row, row.entity, row.id, 'thematiques', 'legacy.thematiqueDropped', dropped),
				file: row.file
			})
		);
	if (row.fields._legacyRegion)
		warnings.push(
			describeIssue({
				...issueAt(
					row,
					row.entity,
					row.id,
					'zone_diffusion_code',
					'legacy.regionZone',
					String(row.fields._legacyRegion)
				),
				file: row.file
			})
		);
	return { data };
}

/** Keeps the last occurrence of each (source, id), with a warning for the others. */
function dedupe<R extends SourceRow>(rows: R[], warnings: ImportIssue[]): R[] {
	const last = new Map<string, R>();
	for (const row of rows) {
		const key = keyOf(row.source, row.sourceId);
		const previous = last.get(key);
		if (previous)
			warnings.push(
				describeIssue({
					...issueAt(previous, row.entity, row.id, 'id', 'duplicate', row.id),
					file: previous.file
				})
			);
		last.set(key, row);
	}
	return last.size === rows.length ? rows : [...last.values()];
}

export interface Validated {
	structures: ValidStructure[];
	services: ValidService[];
	/** keys of structures of the file that were refused: their services are refused too */
	rejectedStructures: Set<string>;
	errors: ImportIssue[];
	warnings: ImportIssue[];
}

/** Validates every row with the editing rules; `communes` = the INSEE codes that exist. */
export function validateRows(
	structures: StructureRow[],
	services: ServiceRow[],
	communes: Set<string>,
	places: Map<string, string> = new Map()
): Validated {
	const result: Validated = {
		structures: [],
		services: [],
		rejectedStructures: new Set(),
		errors: [],
		warnings: []
	};
	for (const row of dedupe(structures, result.warnings)) {
		const checked = validateRow(row, structureSchema, communes, result.warnings, places);
		if ('data' in checked) result.structures.push({ row, data: checked.data });
		else {
			result.errors.push(...checked.errors);
			result.rejectedStructures.add(keyOf(row.source, row.sourceId));
		}
	}
	for (const row of dedupe(services, result.warnings)) {
		const checked = validateRow(row, serviceSchema, communes, result.warnings, places);
		if ('data' in checked) result.services.push({ row, data: checked.data });
		else result.errors.push(...checked.errors);
	}
	return result;
}

/** Commune codes written in the rows, to check in one query. */
export const communeCodesOf = (rows: SourceRow[]) => [
	...new Set(rows.map((r) => r.fields.communeCode).filter((c): c is string => typeof c === 'string'))
];

/**
 * The producer of a whole file (CLI --source, the upload page, the API): data·inclusion source slugs such as
 * `dora`, `france-travail`, `cd35`.
 */
export const importSourceSchema = z
	.string()
	.trim()
	.regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, { error: (issue) => `importSource.invalid:${String(issue.input)}` })
	.min(2, { error: (issue) => `importSource.invalid:${String(issue.input)}` })
	.max(60, { error: (issue) => `importSource.invalid:${String(issue.input)}` });
