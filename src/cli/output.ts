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

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH']);

/** The line printed for a failed command; the stack of unexpected errors only with DEBUG set. */
export function describeError(error: unknown): string {
	if (error instanceof CliError || error instanceof BackupError)
		return `Erreur : ${capitalise(error.message)}`;
	if (error instanceof ValidationError) {
		const issues = error.issues.map((i) => `${i.field} : ${ISSUE_MESSAGES[i.message] ?? i.message}`);
		return `Erreur : ${capitalise(issues.join(' ; '))}.`;
	}
	// drizzle wraps driver errors in "Failed query: <sql>": the driver's error is the useful part
	const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
	const message = cause instanceof Error ? cause.message : String(cause);
	const code = (cause as { code?: unknown })?.code;
	if (typeof code === 'string' && NETWORK_CODES.has(code)) {
		return `Erreur : Base de données injoignable (${message || code}).`;
	}
	// SQLSTATE codes: the server refused something (unknown database, wrong password, constraint…)
	if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code))
		return `Erreur de la base de données : ${message}.`;
	return `Erreur inattendue : ${message}${process.env.DEBUG ? '' : ' (relancez avec DEBUG=1 pour le détail)'}`;
}
