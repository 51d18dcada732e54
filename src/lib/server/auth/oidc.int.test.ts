import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
// @ts-expect-error -- oidc-provider ships no type declarations; the few members used are typed below
import OidcProvider from 'oidc-provider';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { listEvents } from '../audit/repository';
import { oidcIdentities, users } from './schema';
import { actorFromSession, createUser } from './service';
import {
	beginOidcLogin,
	completeOidcLogin,
	OidcError,
	openTransaction,
	sealTransaction,
	OIDC_TRANSACTION_TTL_MS,
	type OidcSettings
} from './oidc';

/**
 * A real OpenID Connect provider (oidc-provider) on 127.0.0.1, configured like ProConnect (PKCE required,
 * scopes email/given_name/usual_name, userinfo as a signed JWT); the browser is replaced by fetch calls that
 * follow redirects and a small interaction endpoint that signs in the chosen account and grants consent.
 */

interface Interaction {
	prompt: { name: string; details: { missingOIDCScope?: string[]; missingOIDCClaims?: string[] } };
	params: { client_id: string };
	session?: { accountId?: string };
	grantId?: string;
}
interface GrantInstance {
	addOIDCScope(scope: string): void;
	addOIDCClaims(claims: string[]): void;
	save(): Promise<string>;
}
interface ProviderInstance {
	callback(): (req: IncomingMessage, res: ServerResponse) => void;
	interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
	interactionFinished(
		req: IncomingMessage,
		res: ServerResponse,
		result: Record<string, unknown>,
		options?: { mergeWithLastSubmission?: boolean }
	): Promise<void>;
	Grant: {
		new (init: { accountId: string; clientId: string }): GrantInstance;
		find(id: string): Promise<GrantInstance | undefined>;
	};
}
type ProviderConstructor = new (issuer: string, configuration: Record<string, unknown>) => ProviderInstance;

const REDIRECT_URI = 'http://localhost:3000/auth/oidc/callback';
const CLIENT_SECRET = randomBytes(24).toString('hex');

/** Agents known to the provider; only Claire has a Maillage account (accounts come from invitations). */
const ACCOUNTS: Record<
	string,
	{ email: string; email_verified?: boolean; given_name: string; usual_name: string }
> = {
	'b2c4a1e0-7f3d-4c55-9a1e-4d0c3f6e8a11': {
		email: 'Claire.Dupont@lot.gouv.fr',
		email_verified: true,
		given_name: 'Claire',
		usual_name: 'Dupont'
	},
	'5e8f0b3a-1c2d-4e6f-8a9b-0c1d2e3f4a5b': {
		email: 'marc.lefebvre@gers.gouv.fr',
		given_name: 'Marc',
		usual_name: 'Lefebvre'
	},
	'9d7e6c5b-4a39-4281-9f0e-1d2c3b4a5968': {
		email: 'julie.bernard@lot.gouv.fr',
		email_verified: false,
		given_name: 'Julie',
		usual_name: 'Bernard'
	}
};
const CLAIRE = 'b2c4a1e0-7f3d-4c55-9a1e-4d0c3f6e8a11';
const MARC = '5e8f0b3a-1c2d-4e6f-8a9b-0c1d2e3f4a5b';
const JULIE = '9d7e6c5b-4a39-4281-9f0e-1d2c3b4a5968';

let t: TestDatabase;
let server: Server | undefined;
let issuer: string;
let settings: OidcSettings;
/** who the interaction endpoint signs in next */
let nextAccount = CLAIRE;

let provider: ProviderInstance | undefined;

async function startProvider(): Promise<void> {
	const http = createServer((req, res) => {
		if (!provider) {
			res.statusCode = 503;
			res.end();
			return;
		}
		if (req.url?.startsWith('/interaction/')) {
			void interact(provider, req, res).catch((err: unknown) => {
				res.statusCode = 500;
				res.end(String(err));
			});
			return;
		}
		provider.callback()(req, res);
	});
	server = http;
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

	const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-rs256', alg: 'RS256', use: 'sig' };
	const client = {
		client_secret: CLIENT_SECRET,
		redirect_uris: [REDIRECT_URI],
		grant_types: ['authorization_code'],
		response_types: ['code'],
		token_endpoint_auth_method: 'client_secret_post',
		id_token_signed_response_alg: 'RS256'
	};
	const Provider = OidcProvider as ProviderConstructor;
	provider = new Provider(issuer, {
		clients: [
			// like ProConnect: userinfo comes back as a signed JWT
			{ ...client, client_id: 'maillage', userinfo_signed_response_alg: 'RS256' },
			// a generic provider answering userinfo in JSON
			{ ...client, client_id: 'maillage-json' }
		],
		jwks: { keys: [jwk] },
		cookies: { keys: [randomBytes(16).toString('hex')] },
		pkce: { required: () => true },
		scopes: ['openid', 'email', 'given_name', 'usual_name'],
		claims: {
			openid: ['sub'],
			email: ['email', 'email_verified'],
			given_name: ['given_name'],
			usual_name: ['usual_name']
		},
		features: { devInteractions: { enabled: false }, jwtUserinfo: { enabled: true } },
		interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
		ttl: {
			AccessToken: 300,
			AuthorizationCode: 60,
			IdToken: 300,
			Interaction: 600,
			Session: 600,
			Grant: 600
		},
		findAccount: (_ctx: unknown, sub: string) => {
			const account = ACCOUNTS[sub];
			if (!account) return undefined;
			return { accountId: sub, claims: async () => ({ sub, ...account }) };
		}
	});
}

/** The end-user's part: sign in as `nextAccount`, then consent to whatever is asked. */
async function interact(provider: ProviderInstance, req: IncomingMessage, res: ServerResponse) {
	const details = await provider.interactionDetails(req, res);
	if (details.prompt.name === 'login') {
		await provider.interactionFinished(
			req,
			res,
			{ login: { accountId: nextAccount } },
			{ mergeWithLastSubmission: false }
		);
		return;
	}
	const accountId = details.session?.accountId;
	if (details.prompt.name !== 'consent' || !accountId)
		throw new Error(`unexpected prompt ${details.prompt.name}`);
	const grant =
		(details.grantId ? await provider.Grant.find(details.grantId) : undefined) ??
		new provider.Grant({ accountId, clientId: details.params.client_id });
	const { missingOIDCScope, missingOIDCClaims } = details.prompt.details;
	if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
	if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
	const grantId = await grant.save();
	await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

/** A cookie-keeping user agent that follows redirects until the provider sends it back to Maillage. */
async function browseToCallback(authorizationUrl: URL, accountId: string): Promise<URL> {
	nextAccount = accountId;
	const jar = new Map<string, { path: string; value: string }>();
	let url = new URL(authorizationUrl);
	for (let hop = 0; hop < 12; hop++) {
		const cookie = [...jar.entries()]
			.filter(([, c]) => url.pathname.startsWith(c.path))
			.map(([key, c]) => `${key.split('|')[0]}=${c.value}`)
			.join('; ');
		const response = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
		for (const header of response.headers.getSetCookie()) {
			const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
			const name = pair.slice(0, pair.indexOf('='));
			const value = pair.slice(pair.indexOf('=') + 1);
			const path = attributes.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
			const expired = attributes.some(
				(a) => a.toLowerCase().startsWith('expires=') && Date.parse(a.slice(8)) < Date.now()
			);
			if (!value || expired) jar.delete(`${name}|${path}`);
			else jar.set(`${name}|${path}`, { path, value });
		}
		const location = response.headers.get('location');
		if (!location)
			throw new Error(`provider answered ${response.status} at ${url.pathname}: ${await response.text()}`);
		url = new URL(location, url);
		if (url.href.startsWith(REDIRECT_URI)) return url;
	}
	throw new Error('too many redirects');
}

async function signInThroughProvider(accountId: string, s: OidcSettings = settings) {
	const { authorizationUrl, transaction } = await beginOidcLogin(s);
	const callbackUrl = await browseToCallback(authorizationUrl, accountId);
	return { callbackUrl, transaction };
}

const ctx = () => ({ db: t.db, ip: '192.0.2.10', requestId: 'req-oidc-test' });

async function refusal(promise: Promise<unknown>): Promise<OidcError> {
	const error = await promise.then(
		() => undefined,
		(err: unknown) => err
	);
	expect(error).toBeInstanceOf(OidcError);
	return error as OidcError;
}

const countUsers = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(users))[0]!.n;

let claireId: string;

beforeAll(async () => {
	t = await createTestDatabase({ territories: false });
	await startProvider();
	settings = { issuer, clientId: 'maillage', clientSecret: CLIENT_SECRET, redirectUri: REDIRECT_URI };
	const claire = await createUser(t.db, { email: 'claire.dupont@lot.gouv.fr', displayName: 'Claire Dupont' });
	claireId = claire.id;
});

afterAll(async () => {
	const http = server;
	if (http) {
		await new Promise<void>((resolve) => {
			http.closeAllConnections();
			http.close(() => resolve());
		});
	}
	await t?.drop();
});

describe('OpenID Connect sign-in against oidc-provider', () => {
	it('builds an authorization request with PKCE, state, nonce and the ProConnect scopes', async () => {
		const { authorizationUrl, transaction } = await beginOidcLogin({ ...settings, acrValues: 'eidas1' });
		expect(authorizationUrl.origin).toBe(issuer);
		const p = authorizationUrl.searchParams;
		expect(p.get('response_type')).toBe('code');
		expect(p.get('client_id')).toBe('maillage');
		expect(p.get('redirect_uri')).toBe(REDIRECT_URI);
		expect(p.get('scope')).toBe('openid email given_name usual_name');
		expect(p.get('code_challenge_method')).toBe('S256');
		expect(p.get('code_challenge')).not.toBe(transaction.codeVerifier);
		expect(p.get('state')).toBe(transaction.state);
		expect(p.get('nonce')).toBe(transaction.nonce);
		expect(p.get('acr_values')).toBe('eidas1');
		expect(transaction.issuer).toBe(issuer);
	});

	it('links the identity to the account with the same email on first sign-in and opens a session', async () => {
		const { callbackUrl, transaction } = await signInThroughProvider(CLAIRE);
		expect(callbackUrl.searchParams.get('code')).toBeTruthy();
		const token = await completeOidcLogin(ctx(), callbackUrl, transaction, settings);
		const actor = await actorFromSession(t.db, token);
		expect(actor?.user?.id).toBe(claireId);
		expect(actor?.user?.email).toBe('claire.dupont@lot.gouv.fr');

		const identities = await t.db.select().from(oidcIdentities);
		expect(identities).toEqual([expect.objectContaining({ issuer, subject: CLAIRE, userId: claireId })]);

		const events = await listEvents(t.db, { actorUserId: claireId, limit: 10 });
		const link = events.find((e) => e.action === 'auth.oidc.link');
		const login = events.find((e) => e.action === 'auth.login');
		expect(link).toMatchObject({
			objectId: claireId,
			ip: '192.0.2.10',
			requestId: 'req-oidc-test',
			details: { issuer }
		});
		expect(login).toMatchObject({ objectId: claireId, details: { method: 'oidc' } });
		// no token, code or claim in the audit log
		const serialized = JSON.stringify(events);
		expect(serialized).not.toContain(token);
		expect(serialized).not.toContain(callbackUrl.searchParams.get('code')!);
		expect(serialized).not.toContain('Dupont');
	});

	it('reuses the linked identity on the next sign-in', async () => {
		const { callbackUrl, transaction } = await signInThroughProvider(CLAIRE);
		const token = await completeOidcLogin(ctx(), callbackUrl, transaction, settings);
		expect((await actorFromSession(t.db, token))?.user?.id).toBe(claireId);
		expect(await t.db.select().from(oidcIdentities)).toHaveLength(1);
		const events = await listEvents(t.db, { actorUserId: claireId, limit: 20 });
		expect(events.filter((e) => e.action === 'auth.oidc.link')).toHaveLength(1);
		expect(events.filter((e) => e.action === 'auth.login')).toHaveLength(2);
	});

	it('reads the email from a plain JSON userinfo response as well', async () => {
		const jsonSettings = { ...settings, clientId: 'maillage-json' };
		const { callbackUrl, transaction } = await signInThroughProvider(CLAIRE, jsonSettings);
		const token = await completeOidcLogin(ctx(), callbackUrl, transaction, jsonSettings);
		expect((await actorFromSession(t.db, token))?.user?.id).toBe(claireId);
	});

	it('refuses an email without an account, with the invitation message, and creates no account', async () => {
		const before = await countUsers();
		const { callbackUrl, transaction } = await signInThroughProvider(MARC);
		const error = await refusal(completeOidcLogin(ctx(), callbackUrl, transaction, settings));
		expect(error.reason).toBe('noAccount');
		expect(error.messageKey).toBe('auth.oidc.noAccount');
		expect(error.status).toBe(403);
		expect(error.message).toMatch(/invitation.*administrat/);
		expect(await countUsers()).toBe(before);
		expect((await t.db.select().from(oidcIdentities)).map((i) => i.subject)).not.toContain(MARC);
		const [failed] = await listEvents(t.db, { action: 'auth.login.failed', limit: 1 });
		expect(failed).toMatchObject({ actorUserId: null, details: { method: 'oidc', reason: 'noAccount' } });
		expect(JSON.stringify(failed)).not.toContain('lefebvre');
	});

	it('does not link an address the provider reports as unverified', async () => {
		await createUser(t.db, { email: 'julie.bernard@lot.gouv.fr', displayName: 'Julie Bernard' });
		const { callbackUrl, transaction } = await signInThroughProvider(JULIE);
		const error = await refusal(completeOidcLogin(ctx(), callbackUrl, transaction, settings));
		expect(error.reason).toBe('emailUnverified');
		expect((await t.db.select().from(oidcIdentities)).map((i) => i.subject)).not.toContain(JULIE);
	});

	it('refuses a tampered state, and the genuine callback still succeeds afterwards', async () => {
		const { callbackUrl, transaction } = await signInThroughProvider(CLAIRE);
		const tampered = new URL(callbackUrl);
		tampered.searchParams.set('state', `${transaction.state}x`);
		const error = await refusal(completeOidcLogin(ctx(), tampered, transaction, settings));
		expect(error.reason).toBe('exchangeFailed');
		expect(error.detail).toMatch(/state/);

		const forged = { ...transaction, state: 'etat-forge' };
		expect((await refusal(completeOidcLogin(ctx(), callbackUrl, forged, settings))).reason).toBe(
			'exchangeFailed'
		);

		const token = await completeOidcLogin(ctx(), callbackUrl, transaction, settings);
		expect((await actorFromSession(t.db, token))?.user?.id).toBe(claireId);
	});

	it('refuses a wrong PKCE verifier and a replayed code', async () => {
		const { callbackUrl, transaction } = await signInThroughProvider(CLAIRE);
		const wrongVerifier = { ...transaction, codeVerifier: `${transaction.codeVerifier.slice(0, -4)}AAAA` };
		expect((await refusal(completeOidcLogin(ctx(), callbackUrl, wrongVerifier, settings))).reason).toBe(
			'exchangeFailed'
		);
		// the code was not consumed by the refused attempt: the right verifier redeems it, once
		const token = await completeOidcLogin(ctx(), callbackUrl, transaction, settings);
		expect((await actorFromSession(t.db, token))?.user?.id).toBe(claireId);
		const replay = await refusal(completeOidcLogin(ctx(), callbackUrl, transaction, settings));
		expect(replay.reason).toBe('exchangeFailed');
		expect(replay.detail).toContain('invalid_grant');
	});

	it('refuses an expired transaction and one from another issuer', async () => {
		const { callbackUrl, transaction } = await signInThroughProvider(CLAIRE);
		const later = new Date(transaction.createdAt + OIDC_TRANSACTION_TTL_MS + 1000);
		expect(
			(await refusal(completeOidcLogin({ ...ctx(), now: () => later }, callbackUrl, transaction, settings)))
				.reason
		).toBe('transactionInvalid');
		const elsewhere = { ...transaction, issuer: 'https://idp.example.fr' };
		expect((await refusal(completeOidcLogin(ctx(), callbackUrl, elsewhere, settings))).reason).toBe(
			'transactionInvalid'
		);
	});

	it('seals the transaction cookie so that it cannot be altered', async () => {
		const { transaction } = await beginOidcLogin(settings);
		const secret = 'secret-de-test-suffisamment-long-pour-hmac';
		const sealed = sealTransaction(transaction, secret);
		expect(openTransaction(sealed, secret)).toEqual(transaction);
		const [payload, mac] = sealed.split('.');
		const altered = Buffer.from(JSON.stringify({ ...transaction, state: 'autre' })).toString('base64url');
		expect(openTransaction(`${altered}.${mac}`, secret)).toBeNull();
		expect(openTransaction(`${payload}.${mac}x`, secret)).toBeNull();
		expect(openTransaction(sealed, 'un-autre-secret')).toBeNull();
		expect(openTransaction(undefined, secret)).toBeNull();
		expect(openTransaction('nimporte-quoi', secret)).toBeNull();
	});

	it('reports an unreachable provider as such', async () => {
		const closed = createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as AddressInfo).port;
		await new Promise<void>((resolve) => closed.close(() => resolve()));
		const error = await refusal(beginOidcLogin({ ...settings, issuer: `http://127.0.0.1:${port}` }));
		expect(error.reason).toBe('providerUnavailable');
	});
});
