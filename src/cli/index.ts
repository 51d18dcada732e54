import { Command, CommanderError } from 'commander';
import { backupCommand } from './commands/backup';
import { createAdminCommand } from './commands/create-admin';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { importTerritoriesCommand } from './commands/import-territories';
import { importIndicatorsCommand } from './commands/import-indicators';
import { jobsCommand } from './commands/jobs';
import { migrateCommand } from './commands/migrate';
import { restoreCommand } from './commands/restore';
import { rotateKeysCommand } from './commands/rotate-keys';
import { seedDemoCommand } from './commands/seed-demo';
import { describeError } from './output';

/** Commander's own messages (unknown command, missing option…), in French. */
const PARSE_ERRORS: [RegExp, (...m: string[]) => string][] = [
	[/unknown command '(.+)'/, (c) => `Commande inconnue « ${c} » (voir maillage --help).`],
	[/unknown option '(.+)'/, (o) => `Option inconnue « ${o} ».`],
	[/required option '(.+)' not specified/, (o) => `L’option « ${o} » est obligatoire.`],
	[/option '(.+)' argument missing/, (o) => `L’option « ${o} » attend une valeur.`],
	[/missing required argument '(.+)'/, (a) => `L’argument « ${a} » est obligatoire.`],
	[/too many arguments/, () => 'Trop d’arguments.']
];

function translate(message: string): string {
	for (const [pattern, french] of PARSE_ERRORS) {
		const match = pattern.exec(message);
		if (match) return `Erreur : ${french(...match.slice(1))}\n`;
	}
	return message;
}

// exitOverride: errors come back here, so the database is closed and the exit code set in one place
const french = (command: Command) =>
	command
		.helpOption('-h, --help', 'affiche l’aide')
		.configureOutput({ outputError: (message, write) => write(translate(message)) })
		.exitOverride();

const program = french(new Command('maillage'))
	.description('Administration de Maillage : base de données, comptes, territoires et sauvegardes.')
	.helpCommand('help [commande]', 'affiche l’aide d’une commande')
	.addCommand(migrateCommand())
	.addCommand(seedDemoCommand())
	.addCommand(createAdminCommand())
	.addCommand(importTerritoriesCommand())
	.addCommand(backupCommand())
	.addCommand(restoreCommand())
	.addCommand(importCommand())
	.addCommand(importIndicatorsCommand())
	.addCommand(exportCommand())
	.addCommand(jobsCommand())
	.addCommand(rotateKeysCommand());

// subcommands built with new Command() do not inherit these settings
for (const command of program.commands) {
	french(command);
	// `jobs list`, `jobs run`: one level deeper
	for (const sub of command.commands) french(sub);
}

try {
	await program.parseAsync(process.argv);
} catch (error) {
	if (error instanceof CommanderError) {
		// already printed by commander (help, version, or a translated parse error)
		process.exitCode = error.exitCode;
	} else {
		process.stderr.write(describeError(error) + '\n');
		if (process.env.DEBUG && error instanceof Error && error.stack) process.stderr.write(error.stack + '\n');
		process.exitCode = 1;
	}
}
