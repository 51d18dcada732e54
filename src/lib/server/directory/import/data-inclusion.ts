import { date, list, num, splitId, text } from './coerce';
import { isLegacyRecord, LEGACY_COLUMNS, legacyService, legacyStructure } from './legacy-v0';

/**
 * The producer template's first column (gip-inclusion/data-inclusion, api/src/data_inclusion/api/valideur/readers.py):
 * a row with a value there (the description and example rows) is not data.
 */
export const IGNORE_COLUMN = '__ignore__';
import type { ImportIssue, Position, ServiceRow, StructureRow } from './types';

/**
 * data·inclusion v1 ↔ directory model. Each entry: model field → [data·inclusion field, conversion].
 * The same tables drive the readers, the error report (field names of the file) and the exports.
 */
type Kind = 'text' | 'list' | 'number' | 'date';

/** Address, coordinates and contact: the same data·inclusion columns on structures and services. */
const PLACE_AND_CONTACT_FIELDS: Record<string, [string, Kind]> = {
	communeName: ['commune', 'text'],
	address: ['adresse', 'text'],
	addressComplement: ['complement_adresse', 'text'],
	postalCode: ['code_postal', 'text'],
	communeCode: ['code_insee', 'text'],
	longitude: ['longitude', 'number'],
	latitude: ['latitude', 'number'],
	phone: ['telephone', 'text'],
	email: ['courriel', 'text']
};

export const STRUCTURE_FIELDS: Record<string, [string, Kind]> = {
	name: ['nom', 'text'],
	description: ['description', 'text'],
	sourceUrl: ['lien_source', 'text'],
	siret: ['siret', 'text'],
	...PLACE_AND_CONTACT_FIELDS,
	website: ['site_web', 'text'],
	openingHours: ['horaires_accueil', 'text'],
	accessibilityUrl: ['accessibilite_lieu', 'text'],
	networks: ['reseaux_porteurs', 'list'],
	sourceUpdatedOn: ['date_maj', 'date']
};

export const SERVICE_FIELDS: Record<string, [string, Kind]> = {
	name: ['nom', 'text'],
	description: ['description', 'text'],
	sourceUrl: ['lien_source', 'text'],
	type: ['type', 'text'],
	thematiques: ['thematiques', 'list'],
	fees: ['frais', 'text'],
	feesDetails: ['frais_precisions', 'text'],
	publics: ['publics', 'list'],
	publicsDetails: ['publics_precisions', 'text'],
	accessConditions: ['conditions_acces', 'text'],
	...PLACE_AND_CONTACT_FIELDS,
	receptionModes: ['modes_accueil', 'list'],
	eligibilityZone: ['zone_eligibilite', 'list'],
	contactName: ['contact_nom_prenom', 'text'],
	mobilisationUrl: ['lien_mobilisation', 'text'],
	mobilisationModes: ['modes_mobilisation', 'list'],
	mobilisableBy: ['mobilisable_par', 'list'],
	mobilisationDetails: ['mobilisation_precisions', 'text'],
	weeklyHours: ['volume_horaire_hebdomadaire', 'number'],
	durationWeeks: ['nombre_semaines', 'number'],
	openingHours: ['horaires_accueil', 'text'],
	sourceUpdatedOn: ['date_maj', 'date']
};

/** The columns of data·inclusion CSV exports, in schema order. */
export const STRUCTURE_COLUMNS = ['source', 'id', ...Object.values(STRUCTURE_FIELDS).map(([f]) => f)];
export const SERVICE_COLUMNS = [
	'source',
	'id',
	'structure_id',
	...Object.values(SERVICE_FIELDS).map(([f]) => f)
];

/** Fields that make a record a service rather than a structure. */
const SERVICE_MARKERS = [
	'structure_id',
	'publics',
	'modes_accueil',
	'profils',
	'types',
	'modes_mobilisation'
];
/** Columns a data·inclusion file may carry (v1, v0, and the producer template's `__ignore__`); others are reported. */
export const KNOWN_COLUMNS = new Set([
	...SERVICE_COLUMNS,
	...STRUCTURE_COLUMNS,
	...LEGACY_COLUMNS,
	IGNORE_COLUMN
]);

export const looksLikeService = (record: Record<string, unknown>) => SERVICE_MARKERS.some((f) => f in record);

const convert = (kind: Kind, value: unknown) =>
	kind === 'list'
		? list(value)
		: kind === 'number'
			? num(value)
			: kind === 'date'
				? date(value)
				: text(value);

export function mapFields(record: Record<string, unknown>, table: Record<string, [string, Kind]>) {
	const fields: Record<string, unknown> = {};
	for (const [model, [di, kind]] of Object.entries(table)) {
		if (!(di in record)) continue;
		fields[model] = convert(kind, record[di]);
		// an unreadable number is reported with the text as written (`_` fields are not validated)
		if (Number.isNaN(fields[model])) fields[`_raw_${model}`] = text(record[di]);
	}
	return fields;
}

export const diNames = (table: Record<string, [string, Kind]>) =>
	Object.fromEntries(Object.entries(table).map(([model, [di]]) => [model, di]));

interface Where {
	line: number;
	position: Position;
}

/**
 * Identity of a record; an issue when it has none. The source is the prefix of the id (`dora--42`), else the
 * record's `source`, else the one given for the whole file (`defaultSource`: producer files have no source column).
 */
function identity(
	record: Record<string, unknown>,
	where: Where,
	entity: 'structure' | 'service',
	defaultSource?: string
) {
	const id = text(record.id);
	if (!id) return { issue: issueAt(where, entity, '', 'id', 'required') };
	const { source, sourceId } = splitId(id, text(record.source) ?? defaultSource);
	if (!source) return { issue: issueAt(where, entity, id, 'source', 'sourceMissing') };
	return { id, source, sourceId };
}

export function issueAt(
	where: Where,
	entity: ImportIssue['entity'],
	id: string,
	field: string,
	code: string,
	value?: string
): Omit<ImportIssue, 'message'> & { value?: string } {
	return { line: where.line, position: where.position, entity, id, field, code, value };
}

export type PendingIssue = ReturnType<typeof issueAt>;

export function readStructure(
	record: Record<string, unknown>,
	where: Where,
	legacy = isLegacyRecord(record),
	defaultSource?: string
): StructureRow | PendingIssue {
	const who = identity(record, where, 'structure', defaultSource);
	if ('issue' in who) return who.issue!;
	const fields = legacy ? legacyStructure(record) : mapFields(record, STRUCTURE_FIELDS);
	return {
		entity: 'structure',
		...where,
		id: who.id,
		source: who.source,
		sourceId: who.sourceId,
		fields,
		fieldNames: diNames(STRUCTURE_FIELDS)
	};
}

export function readService(
	record: Record<string, unknown>,
	where: Where,
	legacy = isLegacyRecord(record),
	defaultSource?: string
): ServiceRow | PendingIssue {
	const who = identity(record, where, 'service', defaultSource);
	if ('issue' in who) return who.issue!;
	const structureRef = text(record.structure_id);
	if (!structureRef) return issueAt(where, 'service', who.id, 'structure_id', 'required');
	const parent = splitId(structureRef, who.source);
	const fields = legacy ? legacyService(record) : mapFields(record, SERVICE_FIELDS);
	return {
		entity: 'service',
		...where,
		id: who.id,
		source: who.source,
		sourceId: who.sourceId,
		structureSource: parent.source!,
		structureSourceId: parent.sourceId,
		structureRef,
		fields,
		fieldNames: diNames(SERVICE_FIELDS)
	};
}
