import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { migrate } from '../../lib/server/db/migrate';
import { ANONYMOUS } from '../../lib/server/policy/actor';
import { importIndicators } from '../../lib/server/indicators/service';
import { csvBytes, parseMapping, presetPath, PRESETS } from '../../lib/server/indicators/presets';
import { IndicatorFileError } from '../../lib/server/indicators/import/read';
import { issueLine, type ImportIssue } from '../../lib/server/indicators/import/types';
import { withDatabase } from '../database';
import { CliError, count, plural, print, seconds } from '../output';

// the CLI acts as the operator of the machine (events carry no actor)
const OPERATOR = {
	...ANONYMOUS,
	user: { id: '', email: '', displayName: 'ligne de commande', isInstanceAdmin: true }
};

/** At most this many lines per list are printed; the count of the others follows. */
const MAX_PRINTED = 200;

function printIssues(title: string, issues: ImportIssue[], write: (line: string) => void) {
	if (issues.length === 0) return;
	write(`\n${title} (${count(issues.length)}) :`);
	for (const issue of issues.slice(0, MAX_PRINTED)) write(`  ${issueLine(issue)}`);
	if (issues.length > MAX_PRINTED) write(`  … et ${count(issues.length - MAX_PRINTED)} autres.`);
}

function readFile(file: string): Uint8Array {
	const resolved = path.resolve(file);
	if (!fs.existsSync(resolved) || !fs.statSync(resolved).isFile())
		throw new CliError(`Fichier introuvable : ${resolved}`);
	return new Uint8Array(fs.readFileSync(resolved));
}

export function importIndicatorsCommand(): Command {
	return new Command('import-indicators')
		.description(
			'importe des indicateurs par commune (CSV ou .zip) décrits par une table de correspondance ; réimporter remplace les valeurs'
		)
		.argument(
			'<fichier>',
			'un fichier .csv (séparateur ; ou ,), .csv.gz ou une archive .zip contenant le CSV'
		)
		.option('--mapping <fichier.json>', 'table de correspondance des colonnes (JSON)')
		.option('--preset <nom>', `table de correspondance livrée : ${Object.keys(PRESETS).join(', ')}`)
		.action(async (file: string, options: { mapping?: string; preset?: string }) => {
			if ((options.mapping === undefined) === (options.preset === undefined))
				throw new CliError('donnez soit --mapping <fichier.json>, soit --preset insee-comparateur.');
			if (options.preset !== undefined && !PRESETS[options.preset])
				throw new CliError(`--preset inconnu « ${options.preset} » : ${Object.keys(PRESETS).join(', ')}.`);
			let bytes: Uint8Array;
			let mapping;
			try {
				const mappingFile = options.mapping ?? presetPath(options.preset!);
				mapping = parseMapping(new TextDecoder().decode(readFile(mappingFile)));
				bytes = csvBytes(file, readFile(file));
			} catch (error) {
				if (error instanceof IndicatorFileError) throw new CliError(error.message);
				throw error;
			}
			await withDatabase(async (database) => {
				await migrate(database);
				const bar = new cliProgress.SingleBar(
					{
						stream: process.stderr,
						format: 'Import {bar} {percentage} % · {value}/{total} valeurs',
						hideCursor: true
					},
					cliProgress.Presets.shades_classic
				);
				let started = false;
				let summary;
				try {
					summary = await importIndicators({ db: database.db, actor: OPERATOR }, { bytes }, mapping, {
						onProgress: (done, total) => {
							if (!started) bar.start(total, 0);
							started = true;
							bar.update(done);
						}
					});
				} finally {
					// on failure too: a running bar's timer keeps the process alive, cursor hidden
					if (started) bar.stop();
				}
				if (summary.errors.length > 0) {
					const write = (line: string) => process.stderr.write(`${line}\n`);
					printIssues('Erreurs', summary.errors, write);
					printIssues('Avertissements', summary.warnings, write);
					write('\nRien n’a été importé : corrigez le fichier puis relancez.');
					process.exitCode = 1;
					return;
				}
				print(
					`Import terminé en ${seconds(summary.durationMs)} : ${plural(summary.indicators, 'indicateur')}, ` +
						`${plural(summary.communes, 'commune')}, ${plural(summary.values, 'valeur')} ` +
						`dont ${count(summary.secret)} sous secret statistique et ${plural(summary.missing, 'manquante')}.`
				);
				printIssues('Avertissements', summary.warnings, print);
			});
		});
}
