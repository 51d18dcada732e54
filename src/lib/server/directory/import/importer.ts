import { sql } from 'drizzle-orm';
import type { Context } from '../../context';
import type { Db } from '../../db/client';
import { authorize } from '../../policy/policy';
import { audit } from '../../audit/service';
import { refreshSearchWords } from '../search-words';
import { resolveCommunes } from '../../territories/service';
import { issueAt } from './data-inclusion';
import { resolveHsdsIds } from './hsds-ids';
import { describeIssue } from './messages';
import * as repo from './repository';
import type { ImportIssue, ParsedImport } from './types';
import {
	communeCodesOf,
	keyOf,
	placesToResolve,
	validateRows,
	type ValidService,
	type ValidStructure
} from './validate';

export interface ImportOptions {
	/** the organisation the imported structures are attached to (and on whose behalf the import runs) */
	organisationId?: string;
	/** everything is checked and counted, then rolled back */
	dryRun?: boolean;
	onProgress?: (done: number, total: number) => void;
	/** how long each phase took (checks, writes, index rebuild, vocabulary…): for benchmarks */
	onPhase?: (phase: string, ms: number) => void;
	batchSize?: number;
}

export interface ImportCounts {
	created: number;
	updated: number;
	unchanged: number;
	rejected: number;
}

export interface ImportSummary {
	format: ParsedImport['format'];
	dryRun: boolean;
	structures: ImportCounts;
	services: ImportCounts;
	errors: ImportIssue[];
	warnings: ImportIssue[];
	durationMs: number;
}

const counts = (): ImportCounts => ({ created: 0, updated: 0, unchanged: 0, rejected: 0 });

class DryRunRollback extends Error {}

const camelCase = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Turns validated rows into database rows for these columns (the field of column foo_bar is fooBar). */
function rowsFor(columns: [string, string][]) {
	const fields = columns.map(([name]) => [name, camelCase(name)] as const);
	return (data: Record<string, unknown>, source: string, sourceId: string) => {
		const row: Record<string, unknown> = { source, source_id: sourceId };
		for (const [name, field] of fields) {
			const value = data[field];
			row[name] = value === undefined ? null : value;
		}
		return row;
	};
}

/**
 * Imports structures and services read from a file: every row is validated, valid rows are upserted
 * on (source, source_id) in one transaction, the others are reported row by row. A file whose rows are
 * all invalid changes nothing.
 */
export async function importDirectory(
	ctx: Context,
	parsed: ParsedImport,
	options: ImportOptions = {}
): Promise<ImportSummary> {
	const started = Date.now();
	let phaseStart = performance.now();
	const phase = (name: string) => {
		const now = performance.now();
		options.onPhase?.(name, now - phaseStart);
		phaseStart = now;
	};
	const organisationId = options.organisationId ?? null;
	authorize(ctx.actor, 'create', 'directoryImport', { organisationId: organisationId ?? undefined });
	const isAdmin = !!ctx.actor.user?.isInstanceAdmin;

	// HSDS: an id of the directory's own export stands for the record it came from
	await resolveHsdsIds(ctx.db, parsed);
	const communes = await repo.existingCommunes(
		ctx.db,
		communeCodesOf([...parsed.structures, ...parsed.services])
	);
	const places = await resolveCommunes(ctx, placesToResolve([...parsed.structures, ...parsed.services]));
	phase('communes');
	const checked = validateRows(parsed.structures, parsed.services, communes, places);
	phase('validate');
	const errors = [...parsed.errors, ...checked.errors];
	const warnings = [...parsed.warnings, ...checked.warnings];
	const summary: ImportSummary = {
		format: parsed.format,
		dryRun: !!options.dryRun,
		structures: counts(),
		services: counts(),
		errors,
		warnings,
		durationMs: 0
	};

	// rows of the file that belong to another organisation are refused, whoever's file it is
	const mayTouch = (owner: string | null) => isAdmin || owner === organisationId;
	const existingStructures = new Map(
		(
			await repo.existingStructures(
				ctx.db,
				checked.structures.map(keysOf).concat(parentKeys(checked.services))
			)
		).map((s) => [keyOf(s.source, s.source_id), s])
	);
	const structures: ValidStructure[] = [];
	for (const s of checked.structures) {
		const existing = existingStructures.get(keyOf(s.row.source, s.row.sourceId));
		if (existing && !mayTouch(existing.organisation_id)) {
			errors.push(issue(s.row, 'id', 'structure.otherOrganisation', s.row.id));
			checked.rejectedStructures.add(keyOf(s.row.source, s.row.sourceId));
		} else structures.push(s);
	}
	const inFile = new Set(structures.map((s) => keyOf(s.row.source, s.row.sourceId)));
	const existingServices = new Map(
		(await repo.existingServices(ctx.db, checked.services.map(keysOf))).map((s) => [
			keyOf(s.source, s.source_id),
			s
		])
	);
	const services: ValidService[] = [];
	for (const s of checked.services) {
		const parent = keyOf(s.row.structureSource, s.row.structureSourceId);
		const previous = existingServices.get(keyOf(s.row.source, s.row.sourceId));
		if (checked.rejectedStructures.has(parent))
			errors.push(issue(s.row, 'structure_id', 'structure.rejected', s.row.structureRef));
		else if (!inFile.has(parent) && !existingStructures.has(parent))
			errors.push(issue(s.row, 'structure_id', 'structure.unknown', s.row.structureRef));
		else if (!inFile.has(parent) && !mayTouch(existingStructures.get(parent)!.organisation_id))
			errors.push(issue(s.row, 'structure_id', 'structure.otherOrganisation', s.row.structureRef));
		else if (previous && !mayTouch(previous.organisation_id))
			errors.push(issue(s.row, 'id', 'service.otherOrganisation', s.row.id));
		else services.push(s);
	}
	const rejected = (entity: string) =>
		new Set(errors.filter((e) => e.entity === entity).map((e) => `${e.file ?? ''}|${e.line}`)).size;
	summary.structures.rejected = rejected('structure');
	summary.services.rejected = rejected('service');
	errors.sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.line - b.line);
	phase('existing');

	if (structures.length + services.length > 0) {
		try {
			await ctx.db.transaction(async (tx) => {
				await write(tx as unknown as Db, parsed.format, structures, services, existingStructures, summary, {
					...options,
					organisationId,
					changedBy: ctx.actor.user?.id || null,
					newServices: services.filter((s) => !existingServices.has(keyOf(s.row.source, s.row.sourceId)))
						.length,
					phase
				});
				if (options.dryRun) throw new DryRunRollback();
				// the typo-correction vocabulary follows the texts and commits with them; only when they changed
				if (changedCount(summary) > 0) await refreshSearchWords(tx as unknown as Db);
				phase('vocabulary');
				await audit(
					{ ...ctx, db: tx as unknown as Db },
					{
						action: 'directory.import',
						objectType: 'directoryImport',
						organisationId,
						details: {
							format: parsed.format,
							structures: summary.structures,
							services: summary.services,
							errors: errors.length,
							warnings: warnings.length
						}
					}
				);
			});
			phase('commit');
		} catch (error) {
			if (!(error instanceof DryRunRollback)) throw error;
		}
	}
	summary.durationMs = Date.now() - started;
	return summary;
}

const changedCount = (summary: ImportSummary) =>
	summary.structures.created +
	summary.structures.updated +
	summary.services.created +
	summary.services.updated;

const keysOf = (s: { row: { source: string; sourceId: string } }) => ({
	source: s.row.source,
	source_id: s.row.sourceId
});
const parentKeys = (services: ValidService[]) => {
	const seen = new Map<string, { source: string; source_id: string }>();
	for (const s of services)
		seen.set(keyOf(s.row.structureSource, s.row.structureSourceId), {
			source: s.row.structureSource,
			source_id: s.row.structureSourceId
		});
	return [...seen.values()];
};

function issue(row: ValidService['row'] | ValidStructure['row'], field: string, code: string, value: string) {
	return describeIssue({ ...issueAt(row, row.entity, row.id, field, code, value), file: row.file });
}

async function write(
	db: Db,
	format: ParsedImport['format'],
	structures: ValidStructure[],
	services: ValidService[],
	existing: Map<string, repo.ExistingStructure>,
	summary: ImportSummary,
	options: Omit<ImportOptions, 'organisationId'> & {
		organisationId: string | null;
		changedBy: string | null;
		/** services of the file not in the directory yet: many make a bulk load (repository.ts) */
		newServices: number;
		phase: (name: string) => void;
	}
) {
	const size = options.batchSize ?? 5000;
	// large statements of JSON rows: compiling them (JIT) costs more than it saves
	await db.execute(sql`select set_config('jit', 'off', true)`);
	const rebuildIndexes = await repo.deferServiceIndexes(db, options.newServices);
	const total = structures.length + services.length;
	let done = 0;
	const ids = new Map<string, string>([...existing].map(([k, s]) => [k, s.id]));
	const structureRow = rowsFor(repo.STRUCTURE_COLUMNS);
	await inBatches(
		structures,
		size,
		(batch) => batch.map((s) => structureRow(s.data, s.row.source, s.row.sourceId)),
		(rows) => repo.upsertStructures(db, rows, options.organisationId),
		(batch, result) => {
			for (const r of result) {
				ids.set(keyOf(r.source, r.source_id), r.id);
				if (r.inserted) summary.structures.created++;
				else summary.structures.updated++;
			}
			summary.structures.unchanged += batch.length - result.length;
			done += batch.length;
			options.onProgress?.(done, total);
		}
	);
	options.phase('structures');
	// structures left unchanged were not returned: their ids come from the lookup made before
	const missing = structures.filter((s) => !ids.has(keyOf(s.row.source, s.row.sourceId)));
	if (missing.length)
		for (const s of await repo.existingStructures(db, missing.map(keysOf)))
			ids.set(keyOf(s.source, s.source_id), s.id);

	const columns = repo.SERVICE_COLUMNS.filter(([n]) =>
		format === 'hsds' ? !repo.DATA_INCLUSION_SERVICE_COLUMNS.has(n) : !repo.OPTIONAL_SERVICE_COLUMNS.has(n)
	);
	const serviceRow = rowsFor(columns);
	// a bulk load writes the search context set-wise (repository.ts skipContextTrigger)
	const restoreContextTrigger = rebuildIndexes ? await repo.skipContextTrigger(db) : null;
	await inBatches(
		services,
		size,
		(batch) =>
			batch.map((s) => {
				const row = serviceRow(s.data, s.row.source, s.row.sourceId);
				row.structure_id = ids.get(keyOf(s.row.structureSource, s.row.structureSourceId));
				return row;
			}),
		(rows) => repo.upsertServices(db, rows, columns, options.changedBy, !!restoreContextTrigger),
		(batch, result) => {
			const created = result.filter((r) => r.inserted).length;
			summary.services.created += created;
			summary.services.updated += result.length - created;
			summary.services.unchanged += batch.length - result.length;
			done += batch.length;
			options.onProgress?.(done, total);
		}
	);
	await restoreContextTrigger?.();
	options.phase('services');
	await rebuildIndexes?.();
	options.phase('indexes');
}

/**
 * Writes `items` batch by batch, preparing each batch's rows while the database writes the previous one (the
 * statements stay in order on the transaction's connection; the process and the database work side by side).
 */
async function inBatches<T, R>(
	items: T[],
	size: number,
	prepare: (batch: T[]) => Record<string, unknown>[],
	send: (rows: Record<string, unknown>[]) => Promise<R[]>,
	written: (batch: T[], result: R[]) => void
) {
	let previous: { batch: T[]; result: Promise<R[]> } | null = null;
	for (let i = 0; i < items.length; i += size) {
		const batch = items.slice(i, i + size);
		const rows = prepare(batch);
		if (previous) written(previous.batch, await previous.result);
		previous = { batch, result: send(rows) };
	}
	if (previous) written(previous.batch, await previous.result);
}
