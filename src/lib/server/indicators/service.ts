import type { Context } from '../context';
import { audit } from '../audit/service';
import { inTransaction } from '../db/transaction';
import { authorize, can } from '../policy/policy';
import type { TerritoryType } from '../policy/actor';
import {
	communeMembershipSql,
	formerCommuneCodes,
	knownCommuneCodes,
	territoryPath
} from '../territories/service';
import { NotFoundError } from '../errors';
import * as repo from './repository';
import { readCsv, IndicatorFileError, type CsvTable } from './import/read';
import { readRows, toCurrentCommunes } from './import/rows';
import type { ImportIssue, IndicatorImportSummary } from './import/types';
import { definitionsOf, type IndicatorDefinition, type IndicatorMapping } from './validation';

/** Values written per statement (7 arrays of this length). */
const CHUNK = 20_000;

export interface ImportOptions {
	onProgress?: (done: number, total: number) => void;
}

const emptySummary = (issues: ImportIssue[], started: number): IndicatorImportSummary => ({
	communes: 0,
	indicators: 0,
	values: 0,
	secret: 0,
	missing: 0,
	errors: issues.filter((i) => i.level === 'error'),
	warnings: issues.filter((i) => i.level === 'warning'),
	durationMs: Date.now() - started
});

/**
 * Imports a CSV of commune values described by a column mapping. Everything is checked first: with any
 * error nothing is written; otherwise definitions, values and the aggregates of every level are written in
 * one transaction with the audit entry (a failure half-way keeps nothing). Unknown communes are warnings:
 * their lines are reported and left out, the rest is imported (a national file holds collectivities that are
 * not communes of the official list).
 */
export async function importIndicators(
	ctx: Context,
	file: { bytes: Uint8Array } | { table: CsvTable },
	mapping: IndicatorMapping,
	options: ImportOptions = {}
): Promise<IndicatorImportSummary> {
	authorize(ctx.actor, 'create', 'indicator');
	const started = Date.now();
	let table: CsvTable;
	const issues: ImportIssue[] = [];
	let current: ReturnType<typeof toCurrentCommunes>;
	try {
		if ('table' in file) table = file.table;
		else {
			const read = readCsv(file.bytes);
			table = read.table;
			issues.push(...read.issues);
		}
		const parsed = readRows(table, mapping);
		issues.push(...parsed.issues);
		const known = await knownCommuneCodes(
			ctx,
			parsed.rows.map((r) => r.code)
		);
		current = toCurrentCommunes(parsed.rows, mapping, { known, former: formerCommuneCodes() });
		issues.push(...current.issues);
	} catch (error) {
		if (!(error instanceof IndicatorFileError)) throw error;
		return emptySummary([{ line: null, level: 'error', message: error.message }, ...issues], started);
	}
	const definitions = definitionsOf(mapping);
	issues.push(...(await denominatorIssues(ctx, definitions)));
	issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
	if (issues.some((i) => i.level === 'error') || current.rows.length === 0) {
		if (current.rows.length === 0 && !issues.some((i) => i.level === 'error'))
			issues.push({
				line: null,
				level: 'error',
				message: 'aucune ligne d’une commune connue : rien n’a été importé'
			});
		return emptySummary(issues, started);
	}
	const values = current.rows.flatMap((row) =>
		definitions.map((d, i) => ({
			indicatorCode: d.code,
			communeCode: row.code,
			period: mapping.indicators[i]!.period,
			status: row.values[i]!.status,
			value: row.values[i]!.value,
			source: d.source
		}))
	);
	await inTransaction(ctx, async (tx) => {
		await repo.upsertDefinitions(tx.db, definitions);
		for (let done = 0; done < values.length; done += CHUNK) {
			options.onProgress?.(done, values.length);
			await repo.upsertCommuneValues(tx.db, values.slice(done, done + CHUNK));
		}
		options.onProgress?.(values.length, values.length);
		await repo.refreshAggregates(
			tx.db,
			definitions.map((d) => d.code),
			communeMembershipSql()
		);
		await audit(tx, {
			action: 'indicators.import',
			objectType: 'indicator',
			details: { source: mapping.source, indicators: definitions.length, communes: current.rows.length }
		});
	});
	return {
		...emptySummary(issues, started),
		communes: current.rows.length,
		indicators: definitions.length,
		values: values.length,
		secret: values.filter((v) => v.status === 'secret').length,
		missing: values.filter((v) => v.status === 'missing').length
	};
}

/** A ratio's denominator is defined in the same mapping or already known. */
async function denominatorIssues(ctx: Context, definitions: IndicatorDefinition[]): Promise<ImportIssue[]> {
	const inMapping = new Set(definitions.map((d) => d.code));
	const wanted = [...new Set(definitions.flatMap((d) => d.denominatorCode ?? []))].filter(
		(c) => !inMapping.has(c)
	);
	const stored = new Set((await repo.findDefinitions(ctx.db, wanted)).map((d) => d.code));
	return definitions
		.filter((d) => d.denominatorCode && !inMapping.has(d.denominatorCode) && !stored.has(d.denominatorCode))
		.map((d) => ({
			line: null,
			level: 'error' as const,
			message: `indicateur ${d.code} : dénominateur « ${d.denominatorCode} » inconnu (ni dans la table de correspondance, ni déjà importé)`
		}));
}

export interface IndicatorFigure {
	period: string;
	status: 'value' | 'missing' | 'secret' | 'not_computable';
	value: number | null;
	/** share of the population behind communes with a value (1 for a commune's own value) */
	coverage: number;
}

export interface TerritoryIndicator extends IndicatorDefinition {
	territory: IndicatorFigure;
	departement: IndicatorFigure | null;
	france: IndicatorFigure;
}

const MISSING_FIGURE: IndicatorFigure = { period: '', status: 'missing', value: null, coverage: 0 };

/**
 * The indicators of a territory with, for comparison, those of its département and of France: value or
 * status, coverage, source and vintage. Indicators partners share among themselves only for signed-in actors.
 */
export async function indicatorsOf(
	ctx: Context,
	territory: { type: TerritoryType; code: string }
): Promise<TerritoryIndicator[]> {
	const definitions = await listDefinitions(ctx);
	const path = await territoryPath(ctx, territory.type, territory.code);
	if (!path[territory.type]) throw new NotFoundError(territory.type, territory.code);
	const departement = territory.type === 'region' ? undefined : path.departement;
	const places = [
		territory,
		...(departement ? [{ type: 'departement' as const, code: departement }] : []),
		{ type: 'france', code: 'FR' }
	];
	const stored = await repo.latestValues(
		ctx.db,
		definitions.map((d) => d.code),
		places
	);
	const figure = (code: string, type: string, place: string): IndicatorFigure | undefined => {
		const v = stored.find(
			(s) => s.indicatorCode === code && s.territoryType === type && s.territoryCode === place
		);
		return v && { period: v.period, status: v.status, value: v.value, coverage: v.coverage ?? 1 };
	};
	return definitions.map((d) => ({
		...d,
		territory: figure(d.code, territory.type, territory.code) ?? MISSING_FIGURE,
		departement: departement ? (figure(d.code, 'departement', departement) ?? MISSING_FIGURE) : null,
		france: figure(d.code, 'france', 'FR') ?? MISSING_FIGURE
	}));
}

/** The definitions the actor may read: partners-only ones for signed-in partners only. */
export async function listDefinitions(ctx: Context): Promise<IndicatorDefinition[]> {
	authorize(ctx.actor, 'read', 'indicator');
	const partners = can(ctx.actor, 'read', 'partnerIndicator');
	return (await repo.findDefinitions(ctx.db)).filter((d) => partners || d.visibility === 'public');
}
