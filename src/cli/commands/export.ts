import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { Command } from 'commander';
import { z } from 'zod';
import { ANONYMOUS } from '../../lib/server/policy/actor';
import { EXPORT_FORMATS, exportDirectory, type ExportFormat } from '../../lib/server/directory/export/export';
import { withDatabase } from '../database';
import { CliError, print, seconds } from '../output';

/** .csv without --format: the services; anything else: data·inclusion JSON. */
const formatOf = (file: string, given: string | undefined): ExportFormat => {
	if (given !== undefined) {
		if (!EXPORT_FORMATS.includes(given as ExportFormat))
			throw new CliError(`--format attend ${EXPORT_FORMATS.join(', ')}.`);
		return given as ExportFormat;
	}
	return /\.csv$/i.test(file) ? 'di-csv-services' : 'di-json';
};

export function exportCommand(): Command {
	return new Command('export')
		.description(
			'exporte l’annuaire public (data·inclusion JSON ou CSV, Open Referral HSDS JSON), sans les correspondants'
		)
		.argument('<fichier>', 'fichier à écrire ; « - » pour la sortie standard')
		.option('--format <format>', `${EXPORT_FORMATS.join(' | ')} (di-json par défaut)`)
		.option('--organisation <uuid>', 'seulement les structures de cette organisation')
		.option('--force', 'remplace le fichier s’il existe déjà')
		.action(async (file: string, options: { format?: string; organisation?: string; force?: boolean }) => {
			const format = formatOf(file, options.format);
			if (options.organisation !== undefined && !z.uuid().safeParse(options.organisation).success)
				throw new CliError(`--organisation attend un UUID, pas « ${options.organisation} ».`);
			const target = file === '-' ? undefined : path.resolve(file);
			if (target && fs.existsSync(target) && !options.force)
				throw new CliError(`Le fichier ${target} existe déjà (--force pour le remplacer).`);
			await withDatabase(async (database) => {
				const started = Date.now();
				const out = target ? fs.createWriteStream(target) : process.stdout;
				let bytes = 0;
				for await (const chunk of exportDirectory({ db: database.db, actor: ANONYMOUS }, format, {
					organisationId: options.organisation
				})) {
					bytes += Buffer.byteLength(chunk);
					if (!out.write(chunk)) await once(out, 'drain');
				}
				if (target) {
					(out as fs.WriteStream).end();
					await once(out, 'finish');
					print(
						`Export ${format} écrit dans ${target} (${Math.ceil(bytes / 1024)} Kio) en ${seconds(Date.now() - started)}.`
					);
				}
			});
		});
}
