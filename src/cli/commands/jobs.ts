import { Command } from 'commander';
import { migrate } from '../../lib/server/db/migrate';
import { findJob, registeredJobs } from '../../lib/server/jobs/registry';
import { runJobNow } from '../../lib/server/jobs/queue';
import { withDatabase } from '../database';
import { CliError, print, seconds } from '../output';
import '../../lib/server/jobs/all';

/** `maillage jobs list` and `maillage jobs run <name>`: a job run now, in this process (its idempotence applies). */
export function jobsCommand(): Command {
	const jobs = new Command('jobs').description('tâches de fond : rappels, récapitulatifs (ADR 002)');
	jobs
		.command('list')
		.description('liste les tâches et leur planification')
		.action(() => {
			for (const job of registeredJobs())
				print(`${job.name}\t${job.cron ? `planifiée : ${job.cron} (heure de Paris)` : 'à la demande'}`);
		});
	jobs
		.command('run')
		.description('lance une tâche maintenant (par exemple notifications.digests)')
		.argument('<nom>', 'nom de la tâche (voir maillage jobs list)')
		.option('--payload <json>', 'données de la tâche, en JSON', '{}')
		.action(async (name: string, options: { payload: string }) => {
			if (!findJob(name))
				throw new CliError(
					`tâche inconnue « ${name} » (tâches : ${registeredJobs()
						.map((j) => j.name)
						.join(', ')}).`
				);
			let payload: Record<string, unknown>;
			try {
				payload = JSON.parse(options.payload) as Record<string, unknown>;
			} catch {
				throw new CliError('--payload doit être un objet JSON.');
			}
			await withDatabase(async (database, label) => {
				await migrate(database);
				const started = Date.now();
				await runJobNow(database.db, name, payload);
				print(`Tâche ${name} terminée — ${label}, ${seconds(Date.now() - started)}.`);
			});
		});
	return jobs;
}
