import { Command } from 'commander';
import { rotateKeys } from '../../lib/server/pathways/rotate-keys';
import { keyRing } from '../../lib/server/crypto/fields';
import { ALL_SEALED_COLUMNS } from '../../lib/server/personal-data';
import { withDatabase } from '../database';
import { plural, print, seconds } from '../output';

/** Re-seals personal data at rest under the first key of MAILLAGE_DATA_KEYS (ADR 012). */
export function rotateKeysCommand(): Command {
	return new Command('rotate-keys')
		.description(
			'rechiffre les données personnelles avec la première clé de MAILLAGE_DATA_KEYS (voir docs/adr/012-personal-data-at-rest.md)'
		)
		.option('--batch <n>', 'lignes par transaction', '500')
		.action(async (options: { batch: string }) => {
			const batchSize = Math.max(1, Number.parseInt(options.batch, 10) || 500);
			await withDatabase(async (database, label) => {
				const started = Date.now();
				print(`Rechiffrement de ${label} avec la clé « ${keyRing().current.id} »…`);
				const { resealed } = await rotateKeys(database.db, {
					batchSize,
					columns: ALL_SEALED_COLUMNS,
					onProgress: (p) =>
						print(
							`  ${p.table}.${p.column} : ${plural(p.resealed, 'valeur rechiffrée', 'valeurs rechiffrées')}`
						)
				});
				print(
					`Terminé : ${plural(resealed, 'valeur rechiffrée', 'valeurs rechiffrées')} en ${seconds(Date.now() - started)}. ` +
						'Les anciennes clés peuvent être retirées de MAILLAGE_DATA_KEYS une fois ce résultat à zéro sur une seconde exécution.'
				);
			});
		});
}
