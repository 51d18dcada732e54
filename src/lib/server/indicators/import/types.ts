/** One line of an import report: `line` is the line in the file, null for the whole file. */
export interface ImportIssue {
	line: number | null;
	level: 'error' | 'warning';
	message: string;
}

export interface IndicatorImportSummary {
	communes: number;
	indicators: number;
	values: number;
	/** values per status */
	secret: number;
	missing: number;
	errors: ImportIssue[];
	warnings: ImportIssue[];
	durationMs: number;
}

export const issueLine = (issue: ImportIssue) =>
	`${issue.line === null ? 'Fichier' : `Ligne ${issue.line}`} : ${issue.message}`;
