import path from 'node:path';
import { Command } from 'commander';
import { backupDatabase } from '../../lib/server/backup/backup';
import { withDatabase } from '../database';
import { count, plural, print, seconds } from '../output';

export function backupCommand(): Command {
	return new Command('backup')
		.description('sauvegarde toute la base dans un fichier (NDJSON compressé, voir docs/backup-format.md)')
		.argument('<fichier>', 'fichier à écrire, par exemple maillage-2025-06-01.ndjson.gz')
		.option('--force', 'remplace le fichier s’il existe déjà')
		.action(async (file: string, options: { force?: boolean }) => {
			const target = path.resolve(file);
			await withDatabase(async (database, label) => {
				const started = Date.now();
				const summary = await backupDatabase(database, target, { overwrite: options.force });
				print(
					`Sauvegarde de ${label} écrite dans ${target} : ${plural(summary.tables, 'table')}, ` +
						`${plural(summary.rows, 'ligne')}, ${count(Math.ceil(summary.bytes / 1024))} Kio, en ${seconds(Date.now() - started)}.`
				);
			});
		});
}
