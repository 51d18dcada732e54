import path from 'node:path';

/** Read once from the environment; every server module takes its settings from here. */
export interface AppConfig {
	production: boolean;
	databaseUrl: string | undefined;
	dataDir: string;
	allowPgliteInProduction: boolean;
	secret: string;
	origin: string | undefined;
	logLevel: string;
	oidc: { issuer: string; clientId: string; clientSecret: string; redirectUri: string } | undefined;
	seedDemoOnEmpty: boolean;
	/** the directory search's in-memory index (search-index/): on unless MAILLAGE_SEARCH_INDEX=0 */
	searchIndex: boolean;
	/** SMTP relay for mails (nodemailer URL); absent = mails go to data/outbox/ */
	smtpUrl: string | undefined;
	/** From: of mails */
	mailFrom: string | undefined;
	/** the job queue (ADR 002) started with the app: on unless MAILLAGE_JOBS=0 */
	jobs: boolean;
	/** keys of personal data at rest (crypto/keys.ts): "id:base64[,id:base64…]", first encrypts */
	dataKeys: string | undefined;
	/** key of the name search tokens (base64, 32 bytes) */
	blindIndexKey: string | undefined;
	/** days without activity before a person's record is proposed for deletion (MAILLAGE_RETENTION_DAYS, default 730) */
	retentionDays: number;
}

export const DEV_SECRET = 'maillage-dev-secret-do-not-use-in-production';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
	const production = env.NODE_ENV === 'production';
	const secret = env.MAILLAGE_SECRET ?? DEV_SECRET;
	const config: AppConfig = {
		production,
		databaseUrl: env.DATABASE_URL || undefined,
		dataDir: path.resolve(env.MAILLAGE_DATA_DIR ?? 'data'),
		allowPgliteInProduction: env.MAILLAGE_ALLOW_PGLITE === '1',
		secret,
		origin: env.ORIGIN,
		logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
		oidc:
			env.OIDC_ISSUER && env.OIDC_CLIENT_ID
				? {
						issuer: env.OIDC_ISSUER,
						clientId: env.OIDC_CLIENT_ID,
						clientSecret: env.OIDC_CLIENT_SECRET ?? '',
						redirectUri:
							env.OIDC_REDIRECT_URI ?? `${env.ORIGIN ?? 'http://localhost:3000'}/auth/oidc/callback`
					}
				: undefined,
		seedDemoOnEmpty: env.MAILLAGE_SEED_DEMO !== '0',
		searchIndex: env.MAILLAGE_SEARCH_INDEX !== '0',
		smtpUrl: env.SMTP_URL || undefined,
		mailFrom: env.MAIL_FROM || undefined,
		jobs: env.MAILLAGE_JOBS !== '0',
		dataKeys: env.MAILLAGE_DATA_KEYS || undefined,
		blindIndexKey: env.MAILLAGE_BLIND_INDEX_KEY || undefined,
		retentionDays: retentionDaysOf(env.MAILLAGE_RETENTION_DAYS)
	};
	assertSafeForProduction(config);
	return config;
}

function retentionDaysOf(value: string | undefined): number {
	if (!value) return 730;
	const days = Number(value);
	if (!Number.isInteger(days) || days < 30)
		throw new Error('MAILLAGE_RETENTION_DAYS must be a whole number of days, at least 30.');
	return days;
}

/** Production refuses the development secret and, unless explicitly allowed, the embedded database. */
export function assertSafeForProduction(config: AppConfig): void {
	if (!config.production) return;
	if (config.secret === DEV_SECRET || config.secret.length < 32) {
		throw new Error('MAILLAGE_SECRET must be set to a random value of at least 32 characters in production.');
	}
	if (!config.databaseUrl && !config.allowPgliteInProduction) {
		throw new Error(
			'DATABASE_URL is required in production (set MAILLAGE_ALLOW_PGLITE=1 to accept the embedded database and its durability limits).'
		);
	}
	if (!config.dataKeys || !config.blindIndexKey) {
		throw new Error(
			'MAILLAGE_DATA_KEYS and MAILLAGE_BLIND_INDEX_KEY must be set in production (personal data at rest, see README).'
		);
	}
}

let current: AppConfig | undefined;
export function config(): AppConfig {
	current ??= loadConfig();
	return current;
}
