import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { actorWith } from '../testing/actors';
import { rows } from '../db/client';
import { ANONYMOUS } from '../policy/actor';
import { ForbiddenError } from '../policy/policy';
import { setMailer, type Mail } from '../mail';
import { actorFromSession, createUser, InvalidCredentialsError } from '../auth/service';
import { acceptInvitation, inspectInvitation, INVITATION_TTL_MS, inviteMember } from './service';
import { insertOrganisation, upsertMembership } from './repository';

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

	it('joining with an existing account needs that account’s password', async () => {
		const invitation = await inviteMember(
			{ db: t.db, actor: admin() },
			ccas,
			{ email: 'directrice@ccas-cahors.fr', role: 'coordinator' },
			'https://maillage.lot.fr'
		);
		const token = tokenOf(invitation.acceptUrl);
		await expect(
			acceptInvitation({ db: t.db, actor: ANONYMOUS }, token, { password: 'pas-le-bon-mot-de-passe' })
		).rejects.toBeInstanceOf(InvalidCredentialsError);
		// the failed attempt rolled back: the link still works with the right password
		const ok = await acceptInvitation({ db: t.db, actor: ANONYMOUS }, token, {
			password: 'Quercy-Blanc-2026!'
		});
		expect(ok.state).toBe('valid');
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
