import { Command } from 'commander';
import { migrate } from '../../lib/server/db/migrate';
import { formatCredentials, isEmpty, loadTerritories, seedDemo } from '../../lib/server/demo/seed';
import { DEMO_ORGANISATIONS } from '../../lib/server/demo/organisations';
import { withDatabase } from '../database';
import { plural, print } from '../output';
import { territorySummary } from './import-territories';

export function seedDemoCommand(): Command {
	return new Command('seed-demo')
		.description(
			'crée les organisations et comptes de démonstration du Lot (sans toucher aux comptes existants)'
		)
		.action(async () => {
			await withDatabase(async (database) => {
				const { db } = database;
				await migrate(database);
				if ((await isEmpty(db)).territories) {
					const started = Date.now();
					print(territorySummary(await loadTerritories(db), Date.now() - started));
				}
				// same variable as the server's first start, so scripted demos get known passwords
				const created = await seedDemo(db, { password: process.env.MAILLAGE_DEMO_PASSWORD });
				const known = DEMO_ORGANISATIONS.reduce((sum, o) => sum + o.accounts.length, 0);
				if (created.length > 0) print(formatCredentials(created));
				const skipped = known - created.length;
				if (skipped > 0) {
					print(
						`${plural(skipped, 'compte de démonstration existait', 'comptes de démonstration existaient')} déjà :` +
							` ${skipped < 2 ? 'laissé' : 'laissés'} tel${skipped < 2 ? '' : 's'} quel${skipped < 2 ? '' : 's'}, mot de passe inchangé.`
					);
				}
				print(`Démonstration prête : ${plural(created.length, 'compte créé', 'comptes créés')}.`);
			});
		});
}
