/**
 * Maillage backup format, version 1 (docs/backup-format.md is the reference for operators).
 *
 * A gzip'd NDJSON file, one JSON value per line, UTF-8:
 *
 *   {"format":"maillage-backup","version":1,"createdAt":"…","migrations":3,"tables":["regions",…]}
 *   {"table":"regions","columns":["code","name","chef_lieu"]}          ← start of a table
 *   ["76","Occitanie","31555"]                                         ← one row: values in column order
 *   …
 *   {"table":"regions","rows":18,"checksum":"<md5 hex>"}               ← end of the table
 *   {"table":"departements","columns":[…]}
 *   …
 *
 * - `migrations` is the number of drizzle migrations applied to the source database.
 * - Tables are every table of the `public` schema, parents before children (foreign keys),
 *   so that restoring them in file order never violates a constraint.
 * - Generated columns are left out (the database recomputes them); identity values are kept.
 * - Row values are PostgreSQL's own JSON rendering (row_to_json), rows are in primary-key order.
 * - The checksum of a table is computed by PostgreSQL, identically at backup and at restore
 *   (see checksum.ts): restore compares it with the trailer before committing.
 */
import { z } from 'zod';

export const BACKUP_FORMAT = 'maillage-backup';
export const BACKUP_VERSION = 1;

/** Refusals and corruptions: the message is shown as is to the operator (French). */
export class BackupError extends Error {}

const headerSchema = z.object({
	format: z.literal(BACKUP_FORMAT),
	version: z.number().int(),
	createdAt: z.string(),
	migrations: z.number().int().nonnegative(),
	tables: z.array(z.string().min(1))
});
export type BackupHeader = z.infer<typeof headerSchema>;

const tableStartSchema = z.object({ table: z.string().min(1), columns: z.array(z.string().min(1)).min(1) });
export type TableStart = z.infer<typeof tableStartSchema>;

const tableEndSchema = z.object({
	table: z.string().min(1),
	rows: z.number().int().nonnegative(),
	checksum: z.string().regex(/^[0-9a-f]{32}$/)
});
export type TableEnd = z.infer<typeof tableEndSchema>;

function parseJson(line: string | undefined, what: string): unknown {
	if (line === undefined)
		throw new BackupError(`Sauvegarde incomplète : ${what} manquant (fichier tronqué ?).`);
	try {
		return JSON.parse(line);
	} catch {
		throw new BackupError(`Sauvegarde illisible : ${what} n’est pas du JSON valide.`);
	}
}

export function parseHeader(line: string | undefined): BackupHeader {
	const value = parseJson(line, 'l’en-tête');
	const format = (value as { format?: unknown } | null)?.format;
	if (format !== BACKUP_FORMAT) throw new BackupError('Ce fichier n’est pas une sauvegarde Maillage.');
	const parsed = headerSchema.safeParse(value);
	if (!parsed.success) throw new BackupError('En-tête de sauvegarde invalide.');
	if (parsed.data.version !== BACKUP_VERSION) {
		throw new BackupError(
			`Version de sauvegarde ${parsed.data.version} non prise en charge (attendue : ${BACKUP_VERSION}).`
		);
	}
	return parsed.data;
}

export function parseTableStart(line: string | undefined, expected: string): TableStart {
	const parsed = tableStartSchema.safeParse(parseJson(line, `le début de la table ${expected}`));
	if (!parsed.success || parsed.data.table !== expected) {
		throw new BackupError(`Sauvegarde invalide : début de la table ${expected} attendu.`);
	}
	return parsed.data;
}

export function parseTableEnd(line: string, expected: string): TableEnd {
	const parsed = tableEndSchema.safeParse(parseJson(line, `la fin de la table ${expected}`));
	if (!parsed.success || parsed.data.table !== expected) {
		throw new BackupError(`Sauvegarde invalide : fin de la table ${expected} attendue.`);
	}
	return parsed.data;
}
