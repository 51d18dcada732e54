import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { z } from 'zod';
import { migrate } from '../../lib/server/db/migrate';
import { ANONYMOUS } from '../../lib/server/policy/actor';
import { getOrganisation } from '../../lib/server/organisations/service';
import { importDirectory, type ImportSummary } from '../../lib/server/directory/import/importer';
import { readImportUploads } from '../../lib/server/directory/import/read';
import { importSourceSchema } from '../../lib/server/directory/import/validate';
import type { ImportIssue } from '../../lib/server/directory/import/types';
import { withDatabase } from '../database';
import { CliError, count, print, seconds } from '../output';

// the CLI acts as the operator of the machine: every organisation, no account (events carry no actor)
const OPERATOR = {
	...ANONYMOUS,
	user: { id: '', email: '', displayName: 'ligne de commande', isInstanceAdmin: true }
};

/** At most this many errors are printed; the count of the others follows. */
const MAX_PRINTED = 500;

const pad = (text: string, width: number, right = false) =>
	right ? text.padStart(width) : text.padEnd(width);

export function summaryTable(summary: ImportSummary): string {
	const head = ['', 'Créés', 'Mis à jour', 'Inchangés', 'Refusés'];
	const body = [
		['Structures', summary.structures],
		['Services', summary.services]
	].map(([label, c]) => {
		const n = c as ImportSummary['services'];
		return [label as string, count(n.created), count(n.updated), count(n.unchanged), count(n.rejected)];
	});
	const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
	return [head, ...body].map((r) => r.map((cell, i) => pad(cell, widths[i]!, i > 0)).join('  ')).join('\n');
}

export function issueLine(issue: ImportIssue): string {
	const where = issue.position === 'line' ? `Ligne ${issue.line}` : `Élément ${issue.line}`;
	const file = issue.file ? ` (${issue.file})` : '';
	const what = issue.entity === 'file' ? '' : ` · ${issue.entity}${issue.id ? ` ${issue.id}` : ''}`;
	const field = issue.field ? ` · ${issue.field}` : '';
	return `${where}${file}${what}${field} : ${issue.message}`;
}

function printIssues(title: string, issues: ImportIssue[]) {
	if (issues.length === 0) return;
	print(`\n${title} (${count(issues.length)}) :`);
	for (const issue of issues.slice(0, MAX_PRINTED)) print(`  ${issueLine(issue)}`);
	if (issues.length > MAX_PRINTED) print(`  … et ${count(issues.length - MAX_PRINTED)} autres.`);
}

/** The files given; a folder stands for its CSV files (the tables of an HSDS tabular export). */
function readFiles(files: string[]) {
	return files.flatMap((file) => {
		const resolved = path.resolve(file);
		if (fs.existsSync(resolved) && fs.statSync(resolved).isDirectory()) {
			const tables = fs
				.readdirSync(resolved)
				.filter((name) => /\.csv$/i.test(name))
				.sort();
			if (tables.length === 0) throw new CliError(`Aucun fichier CSV dans le dossier ${resolved}.`);
			return tables.map((name) => ({
				name,
				bytes: new Uint8Array(fs.readFileSync(path.join(resolved, name)))
			}));
		}
		if (!fs.existsSync(resolved) || !fs.statSync(resolved).isFile())
			throw new CliError(`Fichier introuvable : ${resolved}`);
		return [{ name: path.basename(resolved), bytes: new Uint8Array(fs.readFileSync(resolved)) }];
	});
}

export function importCommand(): Command {
	return new Command('import')
		.description(
			'importe des structures et services (data·inclusion JSON, CSV ou classeur .xlsx du modèle producteur, Open Referral HSDS JSON ou CSV) ; réimporter met à jour sans doublon'
		)
		.argument(
			'<fichiers...>',
			'un fichier JSON, un classeur .xlsx, structures.csv et/ou services.csv, ou les tables CSV HSDS (fichiers ou dossier)'
		)
		.option('--organisation <uuid>', 'rattache les structures importées à cette organisation')
		.option('--format <format>', 'data-inclusion ou hsds (deviné sinon)')
		.option(
			'--source <nom>',
			'producteur des données pour tout le fichier (le modèle producteur data·inclusion n’a pas de colonne source) ; la colonne source d’une ligne l’emporte'
		)
		.option('--dry-run', 'vérifie et compte sans rien enregistrer')
		.action(
			async (
				files: string[],
				options: { organisation?: string; format?: string; source?: string; dryRun?: boolean }
			) => {
				if (options.organisation !== undefined && !z.uuid().safeParse(options.organisation).success)
					throw new CliError(
						`--organisation attend l’identifiant (UUID) d’une organisation, pas « ${options.organisation} ».`
					);
				if (options.format !== undefined && !['data-inclusion', 'hsds'].includes(options.format))
					throw new CliError('--format attend data-inclusion ou hsds.');
				if (options.source !== undefined && !importSourceSchema.safeParse(options.source).success)
					throw new CliError(
						`--source attend un nom de producteur en minuscules, chiffres et tirets (ex. cd46), pas « ${options.source} ».`
					);
				const parsed = await readImportUploads(
					readFiles(files),
					options.format as 'data-inclusion' | 'hsds' | undefined,
					{ source: options.source?.trim() }
				);
				if (parsed.structures.length + parsed.services.length === 0) {
					// unreadable (malformed, empty, unknown format): nothing to import, say why and stop
					for (const issue of parsed.errors) process.stderr.write(`Erreur : ${issueLine(issue)}\n`);
					// never a silent failure: a file read without an error but without a row says so too
					if (parsed.errors.length === 0)
						process.stderr.write(`Erreur : aucune structure ni aucun service lu dans ${files.join(', ')}.\n`);
					process.exitCode = 1;
					return;
				}
				await withDatabase(async (database) => {
					await migrate(database);
					const ctx = { db: database.db, actor: OPERATOR };
					if (options.organisation)
						await getOrganisation(ctx, options.organisation).catch(() => {
							throw new CliError(`Organisation introuvable : ${options.organisation}`);
						});
					const bar = new cliProgress.SingleBar(
						{
							stream: process.stderr,
							format: 'Import {bar} {percentage} % · {value}/{total} lignes',
							hideCursor: true
						},
						cliProgress.Presets.shades_classic
					);
					let started = false;
					let summary: ImportSummary;
					try {
						summary = await importDirectory(ctx, parsed, {
							organisationId: options.organisation,
							dryRun: options.dryRun,
							onProgress: (done, total) => {
								if (!started) bar.start(total, 0);
								started = true;
								bar.update(done);
							}
						});
					} finally {
						// on failure too: in a terminal, a running bar's timer keeps the process alive, cursor hidden
						if (started) bar.stop();
					}
					print(
						`${options.dryRun ? 'Vérification (rien n’a été enregistré)' : 'Import'} terminé${options.dryRun ? 'e' : ''} en ${seconds(summary.durationMs)}.`
					);
					print(summaryTable(summary));
					printIssues('Avertissements', summary.warnings);
					printIssues('Erreurs', summary.errors);
					const accepted =
						summary.structures.created +
						summary.structures.updated +
						summary.structures.unchanged +
						summary.services.created +
						summary.services.updated +
						summary.services.unchanged;
					if (accepted === 0) {
						print('\nAucune ligne valide : rien n’a été modifié.');
						process.exitCode = 1;
					}
				});
			}
		);
}
