import path from 'node:path';
import { Command } from 'commander';
import { restoreDatabase } from '../../lib/server/backup/restore';
import { withDatabase } from '../database';
import { plural, print, seconds } from '../output';

export function restoreCommand(): Command {
	return new Command('restore')
		.description('restaure une sauvegarde dans une base migrée et vide (tout ou rien)')
		.argument('<fichier>', 'fichier produit par « maillage backup »')
		.action(async (file: string) => {
			const source = path.resolve(file);
			await withDatabase(async (database, label) => {
				const started = Date.now();
				const summary = await restoreDatabase(database, source);
				print(
					`Sauvegarde du ${summary.createdAt} restaurée dans ${label} : ${plural(summary.tables, 'table')}, ` +
						`${plural(summary.rows, 'ligne')}, sommes de contrôle vérifiées, en ${seconds(Date.now() - started)}.`
				);
			});
		});
}
