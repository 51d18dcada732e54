import { Command } from 'commander';
import { z } from 'zod';
import { audit } from '../../lib/server/audit/service';
import { generatePassword, hashPassword } from '../../lib/server/auth/crypto';
import {
	MIN_PASSWORD_LENGTH,
	createUser,
	findUserByEmail,
	setInstanceAdmin,
	updatePassword
} from '../../lib/server/auth/service';
import type { Db } from '../../lib/server/db/client';
import { migrate } from '../../lib/server/db/migrate';
import { ANONYMOUS } from '../../lib/server/policy/actor';
import { withDatabase } from '../database';
import { CliError, print } from '../output';

const input = z.object({
	email: z
		.string()
		.trim()
		.toLowerCase()
		.pipe(z.email({ error: (issue) => `adresse e-mail invalide : « ${String(issue.input)} »` })),
	name: z
		.string()
		.trim()
		.min(2, { error: 'le nom doit contenir au moins 2 caractères' })
		.max(200, { error: 'le nom ne doit pas dépasser 200 caractères' }),
	password: z
		.string()
		.min(MIN_PASSWORD_LENGTH, {
			error: `le mot de passe doit contenir au moins ${MIN_PASSWORD_LENGTH} caractères`
		})
		.max(256, { error: 'le mot de passe ne doit pas dépasser 256 caractères' })
		.optional()
});
type Input = z.infer<typeof input>;

export function parseCreateAdmin(options: unknown): Input {
	const parsed = input.safeParse(options);
	if (!parsed.success) throw new CliError(parsed.error.issues.map((i) => i.message).join(' ; ') + '.');
	return parsed.data;
}

// the CLI acts as the operator of the machine, not as an account: events carry no actor
const cliContext = (db: Db) => ({ db, actor: ANONYMOUS });

export function createAdminCommand(): Command {
	return new Command('create-admin')
		.description('crée un compte administrateur de l’instance, ou en fait un d’un compte existant')
		.requiredOption('--email <adresse>', 'adresse e-mail du compte')
		.requiredOption('--name <nom>', 'nom affiché (pour un nouveau compte)')
		.option(
			'--password <mot de passe>',
			`mot de passe (${MIN_PASSWORD_LENGTH} caractères minimum) ; tiré au hasard si absent`
		)
		.action(async (options: unknown) => {
			const { email, name, password } = parseCreateAdmin(options);
			await withDatabase(async (database) => {
				await migrate(database);
				await database.db.transaction(async (transaction) => {
					const db = transaction as unknown as Db;
					const existing = await findUserByEmail(db, email);
					if (existing) await promote(db, existing, password);
					else await create(db, email, name, password);
				});
			});
		});
}

async function create(db: Db, email: string, name: string, given: string | undefined) {
	const password = given ?? generatePassword();
	const user = await createUser(db, { email, displayName: name, password, isInstanceAdmin: true });
	await audit(cliContext(db), {
		action: 'user.create',
		objectType: 'user',
		objectId: user.id,
		details: { instanceAdmin: true, source: 'cli' }
	});
	print(`Compte administrateur de l’instance créé : ${user.email} (${user.displayName}).`);
	if (!given)
		print(`Mot de passe (affiché une seule fois, à changer après la première connexion) : ${password}`);
}

async function promote(
	db: Db,
	user: NonNullable<Awaited<ReturnType<typeof findUserByEmail>>>,
	password: string | undefined
) {
	if (!user.isInstanceAdmin) {
		await setInstanceAdmin(db, user.id);
		await audit(cliContext(db), {
			action: 'user.instanceAdmin.grant',
			objectType: 'user',
			objectId: user.id,
			details: { source: 'cli' }
		});
		print(`Le compte existant ${user.email} est désormais administrateur de l’instance.`);
	} else {
		print(`Le compte ${user.email} est déjà administrateur de l’instance.`);
	}
	// an operator locked out of the only admin account gets back in this way
	if (password) {
		await updatePassword(db, user.id, await hashPassword(password));
		await audit(cliContext(db), {
			action: 'user.password.reset',
			objectType: 'user',
			objectId: user.id,
			details: { source: 'cli' }
		});
		print('Mot de passe remplacé par celui fourni.');
	}
	if (user.disabledAt) print('Attention : ce compte est désactivé, il ne peut pas se connecter.');
}
