import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { actorWith } from '../testing/actors';
import { rows } from '../db/client';
import { ANONYMOUS } from '../policy/actor';
import { ForbiddenError } from '../policy/policy';
import { setMailer, type Mail } from '../mail';
import {
	actorFromSession,
	createUser,
	InvalidCredentialsError,
	MAX_FAILURES_PER_ACCOUNT_AND_IP,
	signIn
} from '../auth/service';
import { RateLimitError } from '../errors';
import {
	acceptInvitation,
	addMember,
	authorizeRoleGrant,
	inspectInvitation,
	INVITATION_TTL_MS,
	inviteMember,
	revokeInvitation
} from './service';
import { invitationInputSchema } from './validation';
import { consumeInvitation, insertOrganisation, upsertMembership } from './repository';

let t: TestDatabase;
let ccas: string;
let association: string;
let adminId: string;
const sent: Mail[] = [];

beforeAll(async () => {
	t = await createTestDatabase();
	ccas = (
		await insertOrganisation(t.db, {
			name: 'CCAS de Cahors',
			slug: 'ccas-cahors',
			kind: 'ccas',
			territoryType: 'commune',
			territoryCode: '46042'
		})
	).id;
	association = (
		await insertOrganisation(t.db, {
			name: 'Secours populaire Lot',
			slug: 'sp-lot',
			kind: 'association',
			territoryType: 'departement',
			territoryCode: '46'
		})
	).id;
	adminId = (
		await createUser(t.db, {
			email: 'directrice@ccas-cahors.fr',
			displayName: 'Léa Roux',
			password: 'Quercy-Blanc-2026!'
		})
	).id;
	await upsertMembership(t.db, adminId, ccas, 'admin');
	setMailer({ send: async (mail) => void sent.push(mail) });
});
beforeEach(() => void (sent.length = 0));
afterAll(() => t.drop());

const admin = () =>
	actorWith([{ organisationId: ccas, role: 'admin', territory: { type: 'commune', code: '46042' } }], {
		id: adminId
	});
const tokenOf = (url: string) => url.split('/invitation/')[1]!;
const auditCount = async (action: string) =>
	(
		await rows<{ n: number }>(t.db, sql`select count(*)::int as n from audit_events where action = ${action}`)
	)[0]!.n;
const count = async (table: 'users' | 'memberships') =>
	(await rows<{ n: number }>(t.db, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n;

describe('invitations', () => {
	it('an organisation admin invites by e-mail; the link creates the account, the membership and a session, once', async () => {
		const invitation = await inviteMember(
			{ db: t.db, actor: admin() },
			ccas,
			{ email: 'Theo.Garcia@ccas-cahors.fr', role: 'member' },
			'https://maillage.lot.fr'
		);
		expect(sent).toHaveLength(1);
		expect(sent[0]!.to).toBe('theo.garcia@ccas-cahors.fr');
		expect(sent[0]!.text).toContain(invitation.acceptUrl);
		const token = tokenOf(invitation.acceptUrl);

		expect(await inspectInvitation({ db: t.db, actor: ANONYMOUS }, token)).toMatchObject({
			state: 'valid',
			organisationName: 'CCAS de Cahors',
			role: 'member'
		});
		const accepted = await acceptInvitation({ db: t.db, actor: ANONYMOUS }, token, {
			displayName: 'Théo Garcia',
			password: 'Lalbenque-truffes-46'
		});
		expect(accepted.state).toBe('valid');
		const actor = await actorFromSession(t.db, accepted.sessionToken);
		expect(actor?.user?.displayName).toBe('Théo Garcia');
		expect(actor?.memberships.map((m) => [m.organisationId, m.role])).toEqual([[ccas, 'member']]);

		const users = await count('users');
		const again = await acceptInvitation({ db: t.db, actor: ANONYMOUS }, token, {
			displayName: 'Intrus',
			password: 'Lalbenque-truffes-46'
		});
		expect(again).toEqual({ state: 'used' });
		expect(await count('users')).toBe(users);
	});

	it('an expired link shows its state and creates nothing', async () => {
		const invitation = await inviteMember(
			{ db: t.db, actor: admin() },
			ccas,
			{ email: 'ines.moreau@ccas-cahors.fr', role: 'reader' },
			'https://maillage.lot.fr'
		);
		const later = () => new Date(Date.now() + INVITATION_TTL_MS + 1000);
		const token = tokenOf(invitation.acceptUrl);
		expect((await inspectInvitation({ db: t.db, actor: ANONYMOUS, now: later }, token)).state).toBe(
			'expired'
		);
		const [users, memberships] = [await count('users'), await count('memberships')];
		expect(
			await acceptInvitation({ db: t.db, actor: ANONYMOUS, now: later }, token, {
				displayName: 'Inès Moreau',
				password: 'Rocamadour-2026-ok'
			})
		).toEqual({ state: 'expired' });
		expect([await count('users'), await count('memberships')]).toEqual([users, memberships]);
	});

	it('an unknown token is reported as such', async () => {
		expect((await inspectInvitation({ db: t.db, actor: ANONYMOUS }, 'pas-un-vrai-jeton')).state).toBe(
			'unknown'
		);
	});

	it('joining with an existing account checks its password through the sign-in path: throttled, recorded, audited', async () => {
		const invitation = await inviteMember(
			{ db: t.db, actor: admin() },
			ccas,
			{ email: 'directrice@ccas-cahors.fr', role: 'member' },
			'https://maillage.lot.fr'
		);
		const token = tokenOf(invitation.acceptUrl);
		const from = (ip: string) => ({ db: t.db, actor: ANONYMOUS, ip });
		const failedBefore = await auditCount('auth.login.failed');
		for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_AND_IP; i++)
			await expect(
				acceptInvitation(from('198.51.100.15'), token, { password: `pas-le-bon-${i}-mot-de-passe` })
			).rejects.toBeInstanceOf(InvalidCredentialsError);
		expect(await auditCount('auth.login.failed')).toBe(failedBefore + MAX_FAILURES_PER_ACCOUNT_AND_IP);
		// the right password, from the same address, is refused like a sign-in would be
		await expect(
			acceptInvitation(from('198.51.100.15'), token, { password: 'Quercy-Blanc-2026!' })
		).rejects.toBeInstanceOf(RateLimitError);
		await expect(
			signIn(from('198.51.100.15'), 'directrice@ccas-cahors.fr', 'Quercy-Blanc-2026!')
		).rejects.toBeInstanceOf(RateLimitError);
		// the failed attempts consumed nothing: from elsewhere the right password joins
		const ok = await acceptInvitation(from('203.0.113.20'), token, { password: 'Quercy-Blanc-2026!' });
		expect(ok.state).toBe('valid');
	});

	it('never tells whoever holds the link whether an account exists for the address', async () => {
		const invite = async (email: string) =>
			tokenOf(
				(
					await inviteMember(
						{ db: t.db, actor: admin() },
						ccas,
						{ email, role: 'reader' },
						'https://maillage.lot.fr'
					)
				).acceptUrl
			);
		const existing = await invite('directrice@ccas-cahors.fr');
		const unknown = await invite('nouvelle.personne@ccas-cahors.fr');
		const shown = async (token: string) => {
			const shownState = await inspectInvitation({ db: t.db, actor: ANONYMOUS }, token);
			return { ...shownState, email: 'the invited address' };
		};
		expect(await shown(existing)).toEqual(await shown(unknown));
		// without a name, a new address answers exactly as a wrong password does, and creates nothing
		const users = await count('users');
		const ctx = { db: t.db, actor: ANONYMOUS, ip: '192.0.2.77' };
		const noAccount = await acceptInvitation(ctx, unknown, { password: 'Un-mot-de-passe-46' }).catch(
			(e) => e
		);
		const wrongPassword = await acceptInvitation(ctx, existing, { password: 'Un-mot-de-passe-46' }).catch(
			(e) => e
		);
		expect(noAccount).toBeInstanceOf(InvalidCredentialsError);
		expect(wrongPassword).toBeInstanceOf(InvalidCredentialsError);
		expect(noAccount.message).toBe(wrongPassword.message);
		expect(await count('users')).toBe(users);
	});

	it('an admin revokes a pending invitation: the link then creates nothing, and the revocation is audited', async () => {
		const invitation = await inviteMember(
			{ db: t.db, actor: admin() },
			ccas,
			{ email: 'paul.blanc@ccas-cahors.fr', role: 'member' },
			'https://maillage.lot.fr'
		);
		const member = actorWith([{ organisationId: ccas, role: 'member' }]);
		await expect(revokeInvitation({ db: t.db, actor: member }, invitation.id)).rejects.toBeInstanceOf(
			ForbiddenError
		);
		const revokesBefore = await auditCount('invitation.revoke');
		await revokeInvitation({ db: t.db, actor: admin() }, invitation.id);
		expect(await auditCount('invitation.revoke')).toBe(revokesBefore + 1);
		const token = tokenOf(invitation.acceptUrl);
		expect((await inspectInvitation({ db: t.db, actor: ANONYMOUS }, token)).state).toBe('revoked');
		const users = await count('users');
		expect(
			await acceptInvitation({ db: t.db, actor: ANONYMOUS }, token, {
				displayName: 'Paul Blanc',
				password: 'Figeac-Capdenac-46'
			})
		).toEqual({ state: 'revoked' });
		expect(await count('users')).toBe(users);
	});

	it('a link is consumed once, even by two accepts at the same moment', async () => {
		const invitation = await inviteMember(
			{ db: t.db, actor: admin() },
			ccas,
			{ email: 'zoe.laval@ccas-cahors.fr', role: 'member' },
			'https://maillage.lot.fr'
		);
		// the repository's conditional update is what guarantees it, whatever the service checked before
		const [row] = await rows<{ id: string }>(
			t.db,
			sql`select id from invitations where email = 'zoe.laval@ccas-cahors.fr'`
		);
		const now = new Date();
		const both = await Promise.all([
			consumeInvitation(t.db, row!.id, now),
			consumeInvitation(t.db, row!.id, now)
		]);
		expect(both.filter(Boolean)).toHaveLength(1);
		expect(
			await acceptInvitation({ db: t.db, actor: ANONYMOUS }, tokenOf(invitation.acceptUrl), {
				displayName: 'Zoé Laval',
				password: 'Saint-Cirq-Lapopie'
			})
		).toEqual({ state: 'used' });
	});

	it('an organisation admin grants roles of that organisation only, never above their own', async () => {
		const member = actorWith([{ organisationId: ccas, role: 'member' }]);
		await expect(addMember({ db: t.db, actor: member }, ccas, adminId, 'admin')).rejects.toBeInstanceOf(
			ForbiddenError
		);
		for (const role of ['coordinator', 'owner', 'instance-admin'])
			expect(invitationInputSchema.safeParse({ email: 'x@ccas-cahors.fr', role }).success).toBe(false);
		expect(() => authorizeRoleGrant(member, ccas, 'admin')).toThrow(ForbiddenError);
		expect(() => authorizeRoleGrant(member, ccas, 'member')).not.toThrow();
		expect(() => authorizeRoleGrant(admin(), association, 'reader')).toThrow(ForbiddenError);
	});

	it('only an admin of the organisation may invite', async () => {
		const member = actorWith([{ organisationId: ccas, role: 'member' }]);
		const otherAdmin = actorWith([{ organisationId: association, role: 'admin' }]);
		for (const actor of [member, otherAdmin, ANONYMOUS]) {
			await expect(
				inviteMember(
					{ db: t.db, actor },
					ccas,
					{ email: 'x@ccas-cahors.fr', role: 'admin' },
					'https://maillage.lot.fr'
				)
			).rejects.toBeInstanceOf(ForbiddenError);
		}
		expect(sent).toHaveLength(0);
	});
});
