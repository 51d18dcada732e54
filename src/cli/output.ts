import { ValidationError } from '../lib/server/errors';
import { MIN_PASSWORD_LENGTH } from '../lib/server/auth/service';
import { BackupError } from '../lib/server/backup/format';

/** An expected failure of a command: its message is shown as is, without a stack trace. */
export class CliError extends Error {}

export const print = (line = '') => process.stdout.write(line + '\n');

export const count = (n: number) => n.toLocaleString('fr-FR');

/** "1 compte", "3 comptes" (French: 0 and 1 take the singular). */
export const plural = (n: number, singular: string, pluralForm = `${singular}s`) =>
	`${count(n)} ${Math.abs(n) < 2 ? singular : pluralForm}`;

export const seconds = (ms: number) =>
	`${(ms / 1000).toLocaleString('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} s`;

const ISSUE_MESSAGES: Record<string, string> = {
	'password.tooShort': `le mot de passe doit contenir au moins ${MIN_PASSWORD_LENGTH} caractères`,
	'password.tooLong': 'le mot de passe ne doit pas dépasser 256 caractères'
};

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The line printed for a failed command; details of unexpected errors only with DEBUG set. */
export function describeError(error: unknown): string {
	return capitalise(messageOf(error));
}

function messageOf(error: unknown): string {
	if (error instanceof CliError || error instanceof BackupError) return error.message;
	if (error instanceof ValidationError) {
		return error.issues.map((i) => `${i.field} : ${ISSUE_MESSAGES[i.message] ?? i.message}`).join(' ; ');
	}
	const message = error instanceof Error ? error.message : String(error);
	const code = (error as { code?: unknown })?.code;
	if (code === 'ECONNREFUSED' || code === 'ENOTFOUND') return `base de données injoignable (${message}).`;
	return `erreur inattendue : ${message}${process.env.DEBUG ? '' : ' (relancez avec DEBUG=1 pour le détail)'}`;
}
