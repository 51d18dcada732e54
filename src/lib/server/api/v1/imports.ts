import { z } from 'zod';
import type { RequestEvent } from '@sveltejs/kit';
import { operation } from '../operation';
import { importDirectory, type ImportSummary } from '../../directory/import/importer';
import { readImportFiles, readJsonDocument } from '../../directory/import/read';
import { translateIssues } from '../../directory/import/messages';
import { importSourceSchema } from '../../directory/import/validate';
import { exportStream, type ExportFormat } from '../../directory/export/export';

const issueSchema = z
	.object({
		line: z.number().int(),
		position: z.enum(['line', 'item']).meta({
			description: 'line: ligne du CSV (en-tête = 1) ; item: rang dans la liste JSON (1 = premier)'
		}),
		entity: z.enum(['structure', 'service', 'file']),
		id: z.string(),
		field: z.string(),
		message: z.string(),
		code: z.string(),
		value: z.string().optional(),
		file: z.string().optional()
	})
	.meta({ id: 'ImportIssue' });

const countsSchema = z.object({
	created: z.number().int(),
	updated: z.number().int(),
	unchanged: z.number().int(),
	rejected: z.number().int()
});

export const importReportSchema = z
	.object({
		format: z.enum(['data-inclusion', 'data-inclusion-v0', 'hsds']),
		dryRun: z.boolean(),
		structures: countsSchema,
		services: countsSchema,
		errors: z.array(issueSchema),
		warnings: z.array(issueSchema),
		durationMs: z.number()
	})
	.meta({ id: 'ImportReport' });

const importInputSchema = z
	.object({
		format: z.enum(['data-inclusion', 'hsds']),
		/** the parsed JSON document: {structures, services}, a list, or an HSDS document */
		content: z.unknown(),
		organisationId: z.uuid('organisation.invalid').optional(),
		source: importSourceSchema.optional().meta({
			description:
				'producteur des données pour tout le fichier (le modèle producteur data·inclusion n’a pas de colonne source) ; le champ source d’un élément, ou un identifiant « source--id », l’emporte'
		}),
		dryRun: z.boolean().default(false)
	})
	.meta({ id: 'ImportInput' });

const localized = (event: RequestEvent, summary: ImportSummary) => ({
	...summary,
	errors: translateIssues(summary.errors, event.locals.locale),
	warnings: translateIssues(summary.warnings, event.locals.locale)
});

export const importDirectoryJson = operation(
	{
		method: 'POST',
		path: '/imports',
		operationId: 'importDirectory',
		summary:
			'Importer des structures et services (data·inclusion ou HSDS, document JSON dans content, 1 Mo au plus ; au-delà : CSV sur /imports/csv ou la ligne de commande)',
		tag: 'directory',
		auth: 'session',
		body: importInputSchema,
		response: importReportSchema
	},
	async ({ body, ctx, event }) => {
		const parsed = readJsonDocument(body.content, body.format, { source: body.source });
		return localized(
			event,
			await importDirectory(ctx, parsed, { organisationId: body.organisationId, dryRun: body.dryRun })
		);
	}
);

const MAX_CSV_BYTES = 20 * 1024 * 1024;

const csvQuerySchema = z.object({
	organisationId: z.uuid('organisation.invalid').optional(),
	source: importSourceSchema.optional().meta({
		description:
			'producteur des données pour tout le fichier (le modèle producteur data·inclusion n’a pas de colonne source) ; une colonne source l’emporte'
	}),
	dryRun: z
		.enum(['true', 'false'])
		.default('false')
		.transform((v) => v === 'true')
});

export const importDirectoryCsv = operation(
	{
		method: 'POST',
		path: '/imports/csv',
		operationId: 'importDirectoryCsv',
		summary:
			'Importer un CSV data·inclusion (corps text/csv, 20 Mo au plus) : services si l’en-tête a structure_id, structures sinon',
		tag: 'directory',
		auth: 'session',
		query: csvQuerySchema,
		rawBody: { contentTypes: ['text/csv', 'text/plain'], maxBytes: MAX_CSV_BYTES },
		response: importReportSchema
	},
	async ({ query, bytes, ctx, event }) => {
		const parsed = readImportFiles([{ name: 'import.csv', bytes }], undefined, { source: query.source });
		return localized(
			event,
			await importDirectory(ctx, parsed, { organisationId: query.organisationId, dryRun: query.dryRun })
		);
	}
);

const exportQuerySchema = z.object({ organisationId: z.uuid('organisation.invalid').optional() });

function exportOperation(
	path: string,
	operationId: string,
	format: ExportFormat,
	type: string,
	summary: string
) {
	return operation(
		{
			method: 'GET',
			path,
			operationId,
			summary,
			tag: 'directory',
			auth: 'public',
			query: exportQuerySchema,
			response: z.unknown()
		},
		async ({ query, ctx }) =>
			new Response(exportStream(ctx, format, { organisationId: query.organisationId }), {
				headers: {
					'content-type': type,
					'content-disposition': `attachment; filename="${path.split('/').pop()}"`,
					'cache-control': 'no-store'
				}
			})
	);
}

export const exportDataInclusion = exportOperation(
	'/exports/data-inclusion.json',
	'exportDataInclusion',
	'di-json',
	'application/json; charset=utf-8',
	'Exporter l’annuaire au format data·inclusion v1 ({structures, services}, identifiants source--id)'
);
export const exportServicesCsv = exportOperation(
	'/exports/services.csv',
	'exportServicesCsv',
	'di-csv-services',
	'text/csv; charset=utf-8',
	'Exporter les services en CSV data·inclusion v1 (listes séparées par |)'
);
export const exportStructuresCsv = exportOperation(
	'/exports/structures.csv',
	'exportStructuresCsv',
	'di-csv-structures',
	'text/csv; charset=utf-8',
	'Exporter les structures en CSV data·inclusion v1'
);
export const exportHsds = exportOperation(
	'/exports/hsds.json',
	'exportHsds',
	'hsds',
	'application/json; charset=utf-8',
	'Exporter l’annuaire au format Open Referral HSDS 3.0 (une page {total_items…, contents} d’organizations avec leurs services et lieux)'
);
