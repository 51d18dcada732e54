import { fail, isHttpError } from '@sveltejs/kit';
import { z } from 'zod';
import { contextOf } from '$lib/server/api/operation';
import { importDirectory } from '$lib/server/directory/import/importer';
import { readImportUploads } from '$lib/server/directory/import/read';
import { importSourceSchema } from '$lib/server/directory/import/validate';
import { translateIssues } from '$lib/server/directory/import/messages';
import { ForbiddenError } from '$lib/server/policy/policy';
import { readForm } from '$lib/server/http/forms';
import { problemOf } from '$lib/server/http/errors';
import { translator } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

/** Same limit as the API's CSV import; the server's BODY_SIZE_LIMIT must allow it (see README). */
const MAX_BYTES = 20 * 1024 * 1024;
/** The multipart envelope around the file: boundaries, headers, the two other fields. */
const FORM_OVERHEAD = 64 * 1024;
/** A page of 100,000 error rows helps nobody: the first ones are shown, the CLI prints them all. */
const MAX_SHOWN = 1000;

/** Organisations on whose behalf the actor may import: where they are admin. */
const importers = (locals: App.Locals) =>
	locals.actor.memberships
		.filter((m) => m.role === 'admin')
		.map((m) => ({ id: m.organisationId, name: m.organisationName }));

export const load: PageServerLoad = ({ locals }) => ({
	organisations: importers(locals),
	isInstanceAdmin: !!locals.actor.user?.isInstanceAdmin
});

const formSchema = z.object({
	organisationId: z.union([z.uuid(), z.literal('')]).optional(),
	dryRun: z.string().optional()
});

/** The producer of the whole file: empty (the rows carry it), or a source slug. */
const sourceField = z.union([z.literal(''), importSourceSchema]);

export const actions: Actions = {
	default: async (event) => {
		const t = translator(event.locals.locale);
		let form: FormData;
		try {
			form = await readForm(event, MAX_BYTES + FORM_OVERHEAD);
		} catch (e) {
			// beyond our limit or adapter-node's BODY_SIZE_LIMIT: the size limit, next to the file field
			if (isHttpError(e, 413))
				return fail(413, {
					values: { organisationId: '', dryRun: false, source: '' },
					fileError: t('importer.tooLarge')
				});
			throw e;
		}
		const file = form.get('file');
		const values = formSchema.safeParse({
			organisationId: form.get('organisationId') ?? undefined,
			dryRun: form.get('dryRun') ?? undefined
		});
		const organisationId = values.success ? values.data.organisationId || undefined : undefined;
		const dryRun = values.success && values.data.dryRun === 'on';
		const rawSource = form.get('source');
		const source = sourceField.safeParse(typeof rawSource === 'string' ? rawSource.trim() : '');
		const kept = {
			organisationId: organisationId ?? '',
			dryRun,
			source: typeof rawSource === 'string' ? rawSource.slice(0, 200) : ''
		};
		if (!source.success) return fail(400, { values: kept, sourceError: t('importer.sourceInvalid') });
		if (!(file instanceof File) || file.size === 0 || !file.name)
			return fail(400, { values: kept, fileError: t('importer.noFile') });
		if (file.size > MAX_BYTES) return fail(413, { values: kept, fileError: t('importer.tooLarge') });
		const parsed = await readImportUploads(
			[{ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }],
			undefined,
			{ source: source.data || undefined }
		);
		try {
			const summary = await importDirectory(contextOf(event), parsed, { organisationId, dryRun });
			return {
				values: kept,
				report: {
					fileName: file.name,
					dryRun: summary.dryRun,
					seconds: Math.round(summary.durationMs / 100) / 10,
					structures: summary.structures,
					services: summary.services,
					errorCount: summary.errors.length,
					warningCount: summary.warnings.length,
					errors: translateIssues(summary.errors.slice(0, MAX_SHOWN), event.locals.locale),
					warnings: translateIssues(summary.warnings.slice(0, MAX_SHOWN), event.locals.locale)
				}
			};
		} catch (error) {
			if (error instanceof ForbiddenError)
				return fail(403, { values: kept, message: t('importer.notAllowed') });
			// a value the database refused (the import is one transaction: nothing was written)
			const problem = problemOf(error);
			if (problem?.status === 400) return fail(400, { values: kept, message: t('importer.databaseRefused') });
			throw error;
		}
	}
};
