import { timingSafeEqual } from 'node:crypto';
import * as client from 'openid-client';
import { config } from '../config';
import { nowOf, type Context } from '../context';
import { audit } from '../audit/service';
import { ANONYMOUS } from '../policy/actor';
import { hmac, sha256 } from './crypto';
import * as repo from './repository';
import { openSession } from './service';

/**
 * OpenID Connect sign-in (ProConnect, or any provider): authorization code flow with PKCE, state and nonce.
 * Accounts are never created here: an identity is linked to an existing account by its email, once.
 */

export interface OidcSettings {
	issuer: string;
	clientId: string;
	clientSecret: string;
	redirectUri: string;
	/** defaults to OIDC_SCOPE */
	scope?: string;
	/** e.g. "eidas1" for ProConnect; not sent when absent */
	acrValues?: string;
}

/** The scopes ProConnect documents; generic providers ignore the ones they do not know. */
export const OIDC_SCOPE = 'openid email given_name usual_name';
export const OIDC_TRANSACTION_COOKIE = 'maillage_oidc';
export const OIDC_TRANSACTION_TTL_MS = 10 * 60_000;

/** What the browser keeps (signed, HTTP-only) between the redirect to the provider and the callback. */
export interface OidcTransaction {
	state: string;
	nonce: string;
	codeVerifier: string;
	issuer: string;
	/** epoch milliseconds */
	createdAt: number;
}

export type OidcErrorReason =
	| 'notConfigured'
	| 'providerUnavailable'
	| 'transactionInvalid'
	| 'exchangeFailed'
	| 'emailMissing'
	| 'emailUnverified'
	| 'noAccount'
	| 'accountDisabled';

/** French messages, by reason; `OidcError.messageKey` is the catalogue key for the same text. */
export const OIDC_ERROR_MESSAGES: Record<OidcErrorReason, string> = {
	notConfigured: 'La connexion par fournisseur d’identité n’est pas activée sur cette instance.',
	providerUnavailable:
		'Le fournisseur d’identité est injoignable pour le moment. Réessayez dans quelques minutes.',
	transactionInvalid: 'La demande de connexion a expiré ou n’est plus valide. Recommencez la connexion.',
	exchangeFailed: 'La connexion auprès du fournisseur d’identité n’a pas abouti. Recommencez la connexion.',
	emailMissing: 'Le fournisseur d’identité n’a pas transmis votre adresse électronique.',
	emailUnverified: 'Le fournisseur d’identité indique que votre adresse électronique n’est pas vérifiée.',
	noAccount:
		'Aucun compte Maillage n’est associé à cette adresse électronique. Les comptes sont créés sur invitation : demandez une invitation à l’administrateur ou l’administratrice de votre organisation.',
	accountDisabled:
		'Ce compte est désactivé. Contactez l’administrateur ou l’administratrice de votre organisation.'
};

const STATUS: Record<OidcErrorReason, number> = {
	notConfigured: 404,
	providerUnavailable: 502,
	transactionInvalid: 400,
	exchangeFailed: 400,
	emailMissing: 403,
	emailUnverified: 403,
	noAccount: 403,
	accountDisabled: 403
};

export class OidcError extends Error {
	readonly status: number;
	readonly messageKey: `auth.oidc.${OidcErrorReason}`;
	constructor(
		readonly reason: OidcErrorReason,
		/** technical cause for the logs (library error code and static message); never tokens or claims */
		readonly detail?: string
	) {
		super(OIDC_ERROR_MESSAGES[reason]);
		this.name = 'OidcError';
		this.status = STATUS[reason];
		this.messageKey = `auth.oidc.${reason}`;
	}
}

export function oidcEnabled(): boolean {
	return config().oidc !== undefined;
}

function settingsOrThrow(settings: OidcSettings | undefined): OidcSettings {
	if (!settings) throw new OidcError('notConfigured');
	return settings;
}

/**
 * Library errors carry response bodies and compared values (claims, sometimes tokens) in their properties:
 * keep only codes and the static messages, of the error and of the error it wraps.
 */
function describe(err: unknown): string {
	const parts: string[] = [];
	for (let e: unknown = err, depth = 0; e instanceof Error && depth < 2; e = e.cause, depth++) {
		const code = (e as { code?: unknown }).code;
		const oauthError = (e as { error?: unknown }).error;
		parts.push(typeof code === 'string' ? code : e.name);
		if (typeof oauthError === 'string') parts.push(oauthError);
		parts.push(e.message);
	}
	return parts.length ? parts.join(': ').slice(0, 300) : 'unknown error';
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

const configurations = new Map<string, Promise<client.Configuration>>();

/** Discovery once per (issuer, client); a failed discovery is retried on the next sign-in. */
function discover(settings: OidcSettings): Promise<client.Configuration> {
	const key = sha256(JSON.stringify([settings.issuer, settings.clientId, settings.clientSecret]));
	let found = configurations.get(key);
	if (!found) {
		const issuer = new URL(settings.issuer);
		// plain http only for a provider on this machine (tests, local development)
		const insecure = issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname);
		found = client
			.discovery(issuer, settings.clientId, settings.clientSecret, undefined, {
				timeout: 10,
				// verify the signatures of ID tokens and of JWT userinfo responses (ProConnect signs its userinfo)
				execute: insecure
					? [client.allowInsecureRequests, client.enableNonRepudiationChecks]
					: [client.enableNonRepudiationChecks]
			})
			.catch((err: unknown) => {
				configurations.delete(key);
				throw new OidcError('providerUnavailable', describe(err));
			});
		configurations.set(key, found);
	}
	return found;
}

/** Starts a sign-in: the URL to send the browser to, and the transaction to keep in a short-lived cookie. */
export async function beginOidcLogin(
	settings: OidcSettings | undefined = config().oidc,
	now: Date = new Date()
): Promise<{ authorizationUrl: URL; transaction: OidcTransaction }> {
	const s = settingsOrThrow(settings);
	const configuration = await discover(s);
	const codeVerifier = client.randomPKCECodeVerifier();
	const state = client.randomState();
	const nonce = client.randomNonce();
	const parameters: Record<string, string> = {
		redirect_uri: s.redirectUri,
		scope: s.scope ?? OIDC_SCOPE,
		code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
		code_challenge_method: 'S256',
		state,
		nonce
	};
	if (s.acrValues) parameters.acr_values = s.acrValues;
	return {
		authorizationUrl: client.buildAuthorizationUrl(configuration, parameters),
		transaction: { state, nonce, codeVerifier, issuer: s.issuer, createdAt: now.getTime() }
	};
}

const transactionMac = (secret: string, payload: string) => hmac(secret, `oidc-transaction:${payload}`);

/** Cookie value: base64url(JSON) + "." + HMAC; the browser can carry it but not alter it. */
export function sealTransaction(transaction: OidcTransaction, secret: string = config().secret): string {
	const payload = Buffer.from(JSON.stringify(transaction)).toString('base64url');
	return `${payload}.${transactionMac(secret, payload)}`;
}

/** The transaction from its cookie value, or null when absent, altered or malformed (expiry is checked on use). */
export function openTransaction(
	value: string | undefined,
	secret: string = config().secret
): OidcTransaction | null {
	if (!value) return null;
	const [payload, mac, ...rest] = value.split('.');
	if (!payload || !mac || rest.length) return null;
	const expected = Buffer.from(transactionMac(secret, payload));
	const given = Buffer.from(mac);
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
	try {
		const t = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<OidcTransaction>;
		if (
			typeof t.state !== 'string' ||
			typeof t.nonce !== 'string' ||
			typeof t.codeVerifier !== 'string' ||
			typeof t.issuer !== 'string' ||
			typeof t.createdAt !== 'number'
		) {
			return null;
		}
		return {
			state: t.state,
			nonce: t.nonce,
			codeVerifier: t.codeVerifier,
			issuer: t.issuer,
			createdAt: t.createdAt
		};
	} catch {
		return null;
	}
}

type OidcContext = Pick<Context, 'db' | 'ip' | 'requestId' | 'now'>;

/**
 * Finishes a sign-in at the callback: exchanges the code (checking state, nonce and PKCE), finds the account
 * (linked identity, else an existing account with the same email, which gets linked), opens a session and
 * returns its cookie token. Refusals are audited as auth.login.failed and thrown as OidcError.
 */
export async function completeOidcLogin(
	ctx: OidcContext,
	callbackUrl: URL,
	transaction: OidcTransaction,
	settings: OidcSettings | undefined = config().oidc
): Promise<string> {
	const s = settingsOrThrow(settings);
	const actx: Context = { ...ctx, actor: ANONYMOUS };
	const refuse = async (reason: OidcErrorReason, userId: string | null, detail?: string): Promise<never> => {
		await audit(actx, {
			action: 'auth.login.failed',
			objectType: 'user',
			objectId: userId,
			actorUserId: userId,
			details: { method: 'oidc', reason }
		});
		throw new OidcError(reason, detail);
	};

	const age = nowOf(ctx).getTime() - transaction.createdAt;
	if (transaction.issuer !== s.issuer || age < 0 || age > OIDC_TRANSACTION_TTL_MS) {
		throw new OidcError('transactionInvalid');
	}
	const configuration = await discover(s);

	// The registered redirect URI with the parameters the provider sent: independent of proxies and Host headers.
	const currentUrl = new URL(s.redirectUri);
	currentUrl.search = callbackUrl.search;

	let issuer: string;
	let subject: string;
	let email: unknown;
	let emailVerified: unknown;
	try {
		const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
			pkceCodeVerifier: transaction.codeVerifier,
			expectedState: transaction.state,
			expectedNonce: transaction.nonce,
			idTokenExpected: true
		});
		const claims = tokens.claims();
		if (!claims) throw new Error('no ID token');
		issuer = claims.iss;
		subject = claims.sub;
		email = claims.email;
		emailVerified = claims.email_verified;
		if (typeof email !== 'string' && configuration.serverMetadata().userinfo_endpoint) {
			// ProConnect returns the email only from userinfo, as a signed JWT
			const userinfo = await client.fetchUserInfo(configuration, tokens.access_token, subject);
			email = userinfo.email;
			emailVerified = userinfo.email_verified;
		}
	} catch (err) {
		return refuse('exchangeFailed', null, describe(err));
	}

	let user: repo.UserRow | undefined;
	const identity = await repo.findOidcIdentity(ctx.db, issuer, subject);
	if (identity) {
		user = await repo.findUserById(ctx.db, identity.userId);
	}
	if (!user) {
		if (typeof email !== 'string' || !email.includes('@')) return refuse('emailMissing', null);
		// providers that say nothing about verification (ProConnect) vouch for the institutional address
		if (emailVerified === false) return refuse('emailUnverified', null);
		user = await repo.findUserByEmail(ctx.db, email.trim());
		if (!user) return refuse('noAccount', null);
		if (user.disabledAt) return refuse('accountDisabled', user.id);
		await repo.linkOidcIdentity(ctx.db, issuer, subject, user.id);
		await audit(actx, {
			action: 'auth.oidc.link',
			objectType: 'user',
			objectId: user.id,
			actorUserId: user.id,
			details: { issuer }
		});
	}
	if (user.disabledAt) return refuse('accountDisabled', user.id);

	const token = await openSession(ctx, user.id);
	await audit(actx, {
		action: 'auth.login',
		objectType: 'user',
		objectId: user.id,
		actorUserId: user.id,
		details: { method: 'oidc' }
	});
	return token;
}
