import { Command } from 'commander';
import { migrate, migrationStatus } from '../../lib/server/db/migrate';
import { withDatabase } from '../database';
import { plural, print, seconds } from '../output';

export function migrateCommand(): Command {
	return new Command('migrate')
		.description('applique les migrations de la base de données')
		.action(async () => {
			await withDatabase(async (database, label) => {
				const started = Date.now();
				const before = await migrationStatus(database);
				await migrate(database);
				const after = await migrationStatus(database);
				const fresh = after.applied - before.applied;
				print(
					`Base à jour : ${plural(after.applied, 'migration appliquée', 'migrations appliquées')}` +
						` (${fresh === 0 ? 'aucune nouvelle' : plural(fresh, 'nouvelle')}) — ${label}, ${seconds(Date.now() - started)}.`
				);
			});
		});
}
