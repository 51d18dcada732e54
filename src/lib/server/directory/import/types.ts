/**
 * The one in-memory shape every reader (data·inclusion JSON/CSV, legacy v0, HSDS) produces, before validation.
 * Field names are those of the directory model (validation.ts); `raw` keeps the producer's values for the report.
 */
export type Entity = 'structure' | 'service';

/** Where a row came from: a CSV line (header = line 1) or the position of an item in a JSON array (1-based). */
export type Position = 'line' | 'item';

export interface SourceRow {
	entity: Entity;
	line: number;
	position: Position;
	/** data·inclusion id as written in the file (`dora--42`), for the report */
	id: string;
	source: string;
	sourceId: string;
	/** name of the file, when several were read together */
	file?: string;
	/** fields named as in the directory model; unknown or absent values are undefined */
	fields: Record<string, unknown>;
	/** producer field name for each model field, so errors name the column of the file */
	fieldNames?: Record<string, string>;
}

export interface StructureRow extends SourceRow {
	entity: 'structure';
}

export interface ServiceRow extends SourceRow {
	entity: 'service';
	structureSource: string;
	structureSourceId: string;
	/** structure id as written in the file */
	structureRef: string;
}

export interface ImportIssue {
	line: number;
	position: Position;
	entity: Entity | 'file';
	id: string;
	/** field of the file (data·inclusion name) */
	field: string;
	/** French sentence */
	message: string;
	/** catalogue key under importer.issues (the report can be shown in another language) */
	code: string;
	value?: string;
	/** name of the file, when several were read together */
	file?: string;
}

export type ImportFormat = 'data-inclusion' | 'data-inclusion-v0' | 'hsds';

export interface ParsedImport {
	format: ImportFormat;
	structures: StructureRow[];
	services: ServiceRow[];
	/** reading errors: the file (or a row) could not be read at all */
	errors: ImportIssue[];
	warnings: ImportIssue[];
}

export const emptyImport = (format: ImportFormat): ParsedImport => ({
	format,
	structures: [],
	services: [],
	errors: [],
	warnings: []
});
